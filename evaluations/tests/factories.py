"""Goals, assessment results (levels always add up to the students evaluated) and monitoring reports."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from evaluations.models import AssessmentResult, MonitoringReport, SchoolGoal
from schools.tests.factories import SchoolFactory


class SchoolGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolGoal

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.LazyFunction(lambda: timezone.localdate().year)
    area = SchoolGoal.Area.LEARNING
    indicator = factory.Sequence(lambda n: f"% de estudiantes de 2.° en nivel satisfactorio en lectura ({n})")
    baseline = Decimal("20.00")
    target = Decimal("40.00")
    latest_value = Decimal("30.00")
    latest_measured_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))


class AssessmentResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentResult

    school = factory.SubFactory(SchoolFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    grade = 2
    subject = AssessmentResult.Subject.READING
    students_programmed = 30
    level_previo_inicio = 2
    level_en_inicio = 8
    level_en_proceso = 10
    level_satisfactorio = 7
    students_evaluated = factory.LazyAttribute(
        lambda o: o.level_previo_inicio + o.level_en_inicio + o.level_en_proceso + o.level_satisfactorio
    )
    mean_score = Decimal("512.4")


class MonitoringReportFactory(factory.django.DjangoModelFactory):
    """A queued nation-wide report; pass scope and its target for the other scopes."""

    class Meta:
        model = MonitoringReport

    scope = MonitoringReport.Scope.NATION
    period_start = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year, 1, 1))
    period_end = factory.LazyFunction(timezone.localdate)
    format = MonitoringReport.Format.PDF
    status = MonitoringReport.Status.QUEUED
    requested_by = factory.SubFactory("accounts.tests.factories.StaffFactory")
