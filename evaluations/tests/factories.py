"""Goals, assessment results (levels always add up to the students evaluated), monitoring reports and list
exports."""

import calendar
import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import StaffFactory
from evaluations.models import AssessmentResult, ExportJob, GoalProgress, MonitoringReport, SchoolGoal, goal_status
from evaluations.services.goals import goal_refresh_latest
from schools.tests.factories import SchoolFactory


class SchoolGoalFactory(factory.django.DjangoModelFactory):
    """A goal of this school year, agreed in February, not measured yet (add `GoalProgressFactory` entries)."""

    class Meta:
        model = SchoolGoal

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.LazyFunction(lambda: timezone.localdate().year)
    area = SchoolGoal.Area.LEARNING
    indicator = factory.Sequence(lambda n: f"% de estudiantes de 2.° en nivel satisfactorio en lectura ({n})")
    baseline = Decimal("20.00")
    target = Decimal("40.00")
    agreed_by_director = "Carmen Rojas Vílchez"
    agreed_teachers = 6
    agreed_parents = 18
    agreed_on = factory.LazyAttribute(lambda o: min(timezone.localdate(), datetime.date(o.school_year, 2, 20)))
    latest_value = None
    latest_measured_on = None
    # As the goal services store it: the rule applied to the fields above.
    status = factory.LazyAttribute(
        lambda o: goal_status(
            baseline=o.baseline,
            target=o.target,
            value=o.latest_value,
            measured_on=o.latest_measured_on,
            school_year=o.school_year,
        )
    )


class GoalProgressFactory(factory.django.DjangoModelFactory):
    """A measure of the goal; the goal's latest value follows its entries, as the service keeps it."""

    class Meta:
        model = GoalProgress
        skip_postgeneration_save = True

    goal = factory.SubFactory(SchoolGoalFactory)
    measured_on = factory.LazyAttribute(lambda o: min(timezone.localdate(), datetime.date(o.goal.school_year, 7, 15)))
    value = Decimal("30.00")
    note = ""
    recorded_by = factory.SubFactory(StaffFactory)

    @factory.post_generation
    def refresh_goal(self, create, extracted, **kwargs):
        if create:
            goal_refresh_latest(self.goal)


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


def _this_month_start() -> datetime.date:
    return timezone.localdate().replace(day=1)


def _this_month_end() -> datetime.date:
    start = _this_month_start()
    return datetime.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])


def _scope_is(scope: str) -> factory.LazyAttribute:
    return factory.LazyAttribute(lambda report: report.scope == scope)


class MonitoringReportFactory(factory.django.DjangoModelFactory):
    """A queued nation-wide report of this month, asked for by a staff member.

    Pass `scope` alone and its target is made too (a program region, a new network, a new sponsor), or pass
    the target. The key has the service's shape (scope:target:period:format) plus the factory's sequence,
    so two factory reports never collide on (key, version); a test of versions passes its own `key`.
    """

    class Meta:
        model = MonitoringReport

    class Params:
        period_value = factory.LazyAttribute(
            lambda report: (
                f"{report.period_start:%Y-%m}"
                if report.period_start.day == 1 and report.period_start.month == report.period_end.month
                else f"{report.period_start:%Y}"
            )
        )

    scope = MonitoringReport.Scope.NATION
    region = factory.Maybe(
        _scope_is(MonitoringReport.Scope.REGION),
        yes_declaration=factory.SubFactory("schools.tests.factories.RegionFactory", code="20"),
        no_declaration=None,
    )
    network = factory.Maybe(
        _scope_is(MonitoringReport.Scope.NETWORK),
        yes_declaration=factory.SubFactory("networks.tests.factories.NetworkFactory"),
        no_declaration=None,
    )
    sponsor = factory.Maybe(
        _scope_is(MonitoringReport.Scope.SPONSOR),
        yes_declaration=factory.SubFactory("schools.tests.factories.SponsorFactory"),
        no_declaration=None,
    )
    period_start = factory.LazyFunction(_this_month_start)
    period_end = factory.LazyFunction(_this_month_end)
    format = MonitoringReport.Format.PDF
    key = factory.LazyAttributeSequence(
        lambda report, n: (
            f"{report.scope}:{getattr(report.region or report.network or report.sponsor, 'pk', None) or '-'}:"
            f"{report.period_value}:{report.format}:f{n}"
        )
    )
    status = MonitoringReport.Status.QUEUED
    requested_by = factory.SubFactory("accounts.tests.factories.StaffFactory")


class ExportJobFactory(factory.django.DjangoModelFactory):
    """A queued CSV export of this year's visits in the whole country, asked for by a staff member."""

    class Meta:
        model = ExportJob

    requested_by = factory.SubFactory("accounts.tests.factories.StaffFactory")
    kind = "visitas"
    format = ExportJob.Format.CSV
    # Two jobs queued or running for one person differ in their kind, format or query (export_active_once).
    query = factory.LazyFunction(lambda: f"period={timezone.localdate().year}")
    title = factory.LazyFunction(lambda: f"Visitas · Todo el país · Año {timezone.localdate().year}")
    filename = factory.LazyAttribute(lambda job: f"visitas_nacional_{timezone.localdate().year}.{job.format}")
    status = ExportJob.Status.QUEUED
