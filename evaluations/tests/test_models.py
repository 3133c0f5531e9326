"""Goals, assessment results and monitoring reports: single-row rules and DB constraints."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluations.models import AssessmentResult, MonitoringReport
from evaluations.tests.factories import (
    AssessmentResultFactory,
    GoalProgressFactory,
    MonitoringReportFactory,
    SchoolGoalFactory,
)
from networks.tests.factories import NetworkFactory
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

LEVELS_MESSAGE = "La suma de estudiantes por nivel debe ser igual a los evaluados."


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


# --- Assessment results ---------------------------------------------------------------
def test_an_assessment_result_from_the_factory_adds_up_and_is_valid():
    result = AssessmentResultFactory()
    result.full_clean()
    levels = result.level_previo_inicio + result.level_en_inicio + result.level_en_proceso
    assert levels + result.level_satisfactorio == result.students_evaluated


def test_assessment_result_rejects_levels_that_do_not_add_up():
    result = AssessmentResultFactory.build(school=SchoolFactory(), students_evaluated=29)
    assert errors_of(result)["__all__"] == [LEVELS_MESSAGE]


def test_database_refuses_levels_that_do_not_add_up():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentResultFactory(students_evaluated=20)


def test_assessment_result_rejects_more_evaluated_than_programmed():
    result = AssessmentResultFactory.build(school=SchoolFactory(), students_programmed=20)
    assert errors_of(result)["__all__"] == ["Los evaluados no pueden ser más que los programados."]


def test_assessment_result_rejects_grade_seven():
    result = AssessmentResultFactory.build(school=SchoolFactory(), grade=7)
    assert "grade" in errors_of(result)


def test_database_refuses_two_results_for_one_school_year_grade_and_subject():
    result = AssessmentResultFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentResultFactory(school=result.school, year=result.year, grade=result.grade, subject=result.subject)


def test_satisfactorio_share_is_the_share_of_evaluated_students():
    result = AssessmentResultFactory.build(
        level_previo_inicio=0, level_en_inicio=5, level_en_proceso=10, level_satisfactorio=5
    )
    assert result.satisfactorio_share == Decimal("0.25")


def test_satisfactorio_share_is_none_when_nobody_was_evaluated():
    result = AssessmentResultFactory.build(
        level_previo_inicio=0, level_en_inicio=0, level_en_proceso=0, level_satisfactorio=0
    )
    assert result.satisfactorio_share is None


# --- School goals ---------------------------------------------------------------------
def test_goal_progress_is_the_share_of_the_way_from_baseline_to_target():
    goal = SchoolGoalFactory.build(baseline=Decimal("20"), target=Decimal("40"), latest_value=Decimal("30"))
    assert goal.progress == Decimal("0.5")


def test_goal_progress_is_none_without_a_measure_or_when_target_equals_baseline():
    assert SchoolGoalFactory.build(latest_value=None).progress is None
    assert SchoolGoalFactory.build(baseline=Decimal("20"), target=Decimal("20")).progress is None


def test_database_refuses_the_same_indicator_twice_in_one_school_year():
    goal = SchoolGoalFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolGoalFactory(school=goal.school, school_year=goal.school_year, indicator=goal.indicator)


def test_a_goal_from_the_factory_is_valid():
    SchoolGoalFactory().full_clean()


def test_goal_rejects_a_target_equal_to_its_baseline_and_the_database_too():
    goal = SchoolGoalFactory.build(school=SchoolFactory(), target=Decimal("20.00"))
    assert errors_of(goal)["target"] == [
        "La meta debe ser distinta de la línea de base: indique el valor al que se quiere llegar."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolGoalFactory(target=Decimal("20"))


def test_goal_rejects_an_agreement_two_years_before_its_school_year():
    goal = SchoolGoalFactory.build(school=SchoolFactory(), school_year=2025, agreed_on=datetime.date(2023, 12, 31))
    assert errors_of(goal)["agreed_on"] == [
        "La fecha del acuerdo debe estar entre el 01/01/2024 y el 31/12/2025 (el año escolar de la meta o el anterior)."
    ]


def test_database_refuses_negative_baselines_and_measures():
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolGoalFactory(baseline=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalProgressFactory(value=Decimal("-1"))


def test_a_measure_must_be_of_its_goals_school_year():
    entry = GoalProgressFactory.build(
        goal=SchoolGoalFactory(school_year=2024), measured_on=datetime.date(2025, 3, 1), recorded_by=None
    )
    assert errors_of(entry)["measured_on"] == ["La medición debe ser del año escolar de la meta (2024)."]


# --- Monitoring reports ---------------------------------------------------------------
def test_a_nation_report_from_the_factory_is_valid():
    MonitoringReportFactory().full_clean()


@pytest.mark.parametrize("scope", ["region", "network", "sponsor"])
def test_the_report_factory_makes_the_target_of_the_scope_it_is_given(scope):
    report = MonitoringReportFactory(scope=scope)
    report.full_clean()
    assert report.target is not None
    assert report.key.startswith(f"{scope}:{report.target.pk}:")
    assert MonitoringReportFactory(scope=scope).key != report.key


def test_report_rejects_a_network_scope_without_its_network():
    report = MonitoringReportFactory.build(scope=MonitoringReport.Scope.NETWORK, network=None, requested_by=None)
    assert errors_of(report)["network"] == ["Indique a qué corresponde el informe."]


def test_database_refuses_a_report_whose_scope_does_not_match_its_target():
    with pytest.raises(IntegrityError), transaction.atomic():
        MonitoringReportFactory(scope=MonitoringReport.Scope.NATION, network=NetworkFactory())


def test_report_rejects_a_period_that_ends_before_it_starts():
    report = MonitoringReportFactory.build(
        requested_by=None, period_start=datetime.date(2025, 6, 1), period_end=datetime.date(2025, 5, 1)
    )
    assert errors_of(report)["__all__"] == ["El fin del periodo no puede ser anterior a su inicio."]


# --- __str__ --------------------------------------------------------------------------
def test_every_evaluation_model_has_a_readable_str():
    school = SchoolFactory(name="I.E. N.° 14001")
    goal = SchoolGoalFactory(school=school, school_year=2025, indicator="Lectura 2.°")
    result = AssessmentResultFactory(school=school, year=2024, grade=2, subject=AssessmentResult.Subject.MATH)
    nation = MonitoringReportFactory(period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31))
    for_network = MonitoringReportFactory(
        scope=MonitoringReport.Scope.NETWORK,
        network=NetworkFactory(name="Red Chulucanas"),
        period_start=datetime.date(2025, 10, 1),
        period_end=datetime.date(2025, 10, 31),
        format=MonitoringReport.Format.XLSX,
    )
    assert str(goal) == "I.E. N.° 14001 · 2025 · Lectura 2.°"
    entry = GoalProgressFactory.build(goal=goal, measured_on=datetime.date(2025, 7, 15), value=Decimal("31.50"))
    assert str(entry) == "Lectura 2.° · 15/07/2025 · 31.50"
    assert goal.get_absolute_url() == f"/metas/{goal.pk}/"
    assert str(result) == "I.E. N.° 14001 · 2024 · 2.° · Matemática"
    assert str(nation) == "Nacional · Perú · Año 2025 · PDF"
    assert str(for_network) == "Red educativa · Red Chulucanas · octubre 2025 · XLSX"
    assert for_network.get_absolute_url() == f"/informes/{for_network.pk}/"
