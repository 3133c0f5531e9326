"""The school-year summaries (`evaluations.services.summaries`) hold what the raw rows say, on the hand-built
world of `test_dashboard_figures` (results 2024-2026, goals 2024-2025, workshops 2024-2025, enrolment
2024-2026); a refresh is idempotent, drops what is gone, and a goal write refreshes its school's row."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluations.models import AssessmentResult, SchoolGoal, SchoolYearResult, SchoolYearSummary
from evaluations.selectors.results import school_first_program_year
from evaluations.services import goal_create
from evaluations.services.summaries import (
    FIGURES,
    GOAL_COLUMNS,
    RESULT_FIGURES,
    _refresh_results_year,
    _refresh_year_portable,
    menu_years,
    school_year_summaries_refresh,
)
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory
from evaluations.tests.test_dashboard_figures import World
from schools.models import Enrollment, School
from schools.tests.factories import DirectorFactory, SchoolFactory
from workshops.selectors.coverage import schools_workshop_reach

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return World()  # refreshes the summaries, as the scheduled task does


def raw_year(school: School, year: int) -> dict:
    """A school's figures of a year computed from the raw rows by the rules the dashboards had before."""
    reach = schools_workshop_reach(schools=School.objects.filter(pk=school.pk), year=year)
    goals = SchoolGoal.objects.filter(school=school, school_year=year)
    enrolled = Enrollment.objects.filter(school=school, school_year=year)
    return {
        "region_id": school.district.province.region_id,
        "directors": reach.directors.total,
        "teachers": reach.teachers.total,
        "directors_trained": reach.directors.attended,
        "teachers_trained": reach.teachers.attended,
        "parents": reach.parents,
        "students": sum(enrolled.values_list("students", flat=True)) if enrolled.exists() else None,
        **{column: goals.filter(status=status).count() for column, status in GOAL_COLUMNS.items()},
    }


def stored_year(school: School, year: int) -> dict:
    return SchoolYearSummary.objects.filter(school=school, year=year).values("region_id", *FIGURES).get()


def raw_results(school: School, year: int) -> dict:
    rows = {}
    for result in AssessmentResult.objects.filter(school=school, year=year):
        row = rows.setdefault(result.grade, dict.fromkeys(RESULT_FIGURES, 0))
        row["first_program_year"] = school_first_program_year(school) == year
        row[f"{result.subject}_results"] += 1
        row[f"{result.subject}_evaluated"] += result.students_evaluated
        for level in ("previo_inicio", "en_inicio", "en_proceso", "satisfactorio"):
            row[f"{result.subject}_{level}"] += getattr(result, f"level_{level}")
    return rows


def stored_results(school: School, year: int) -> dict:
    return {
        row.pop("grade"): row
        for row in SchoolYearResult.objects.filter(school=school, year=year).values(
            "grade", "first_program_year", *RESULT_FIGURES
        )
    }


def snapshot() -> dict:
    years = {
        (row.pop("school_id"), row.pop("year")): row
        for row in SchoolYearSummary.objects.values("school_id", "year", "region_id", "updated_at", *FIGURES)
    }
    results = {
        (row.pop("school_id"), row.pop("year"), row.pop("grade")): row
        for row in SchoolYearResult.objects.values("school_id", "year", "grade", "updated_at", *RESULT_FIGURES)
    }
    return {"years": years, "results": results}


def test_every_row_holds_what_the_raw_rows_say(w):
    this_year = timezone.localdate().year
    assert SchoolYearSummary.objects.filter(year=this_year).count() == School.objects.count()  # the menu's years
    for school in School.objects.all():
        for year in (2024, 2025, 2026):
            if SchoolYearSummary.objects.filter(school=school, year=year).exists():
                assert stored_year(school, year) == raw_year(school, year), (school.name, year)
            assert stored_results(school, year) == raw_results(school, year), (school.name, year)
    # The hand-built answers: A1's 2025 (a director and a teacher reached, 55 students, two goals).
    a1 = stored_year(w.a1, 2025)
    assert (a1["directors"], a1["teachers"], a1["directors_trained"], a1["teachers_trained"]) == (1, 2, 1, 1)
    assert (a1["students"], a1["goals_on_track"] + a1["goals_at_risk"]) == (55, 2)
    assert stored_results(w.a1, 2024)[2]["first_program_year"] is True
    assert stored_results(w.c1, 2024)[2]["first_program_year"] is False  # C1's first year is 2023


def test_a_refresh_is_idempotent_and_writes_nothing_when_nothing_changed(w):
    before = snapshot()
    assert school_year_summaries_refresh(every_year=True) is not None
    assert school_year_summaries_refresh() is not None
    assert snapshot() == before  # same rows, and `updated_at` untouched: no row was rewritten


def test_a_refresh_drops_what_is_gone_and_counts_what_came(w):
    AssessmentResult.objects.filter(school=w.c2).delete()
    SchoolGoal.objects.filter(school=w.a1, school_year=2025).delete()
    AssessmentResultFactory(school=w.b1, year=2025, grade=4, subject="math")
    school_year_summaries_refresh(every_year=True)
    assert not SchoolYearResult.objects.filter(school=w.c2).exists()
    assert stored_year(w.a1, 2025) == raw_year(w.a1, 2025)
    assert stored_results(w.b1, 2025) == raw_results(w.b1, 2025)
    assert list(stored_results(w.b1, 2025)) == [4]


def test_the_scheduled_refresh_rebuilds_this_year_and_the_last_and_the_missing_ones(w):
    today = timezone.localdate()
    SchoolYearSummary.objects.filter(year=today.year - 3).delete()
    years = school_year_summaries_refresh(today=today)
    assert set(years) == {today.year, today.year - 1, today.year - 3}
    assert SchoolYearSummary.objects.filter(year=today.year - 3).count() == School.objects.count()


def test_a_goal_written_through_its_service_refreshes_its_schools_row_on_commit(w, django_capture_on_commit_callbacks):
    year = timezone.localdate().year
    before = stored_year(w.b2, year)["goals_no_measure"]
    with django_capture_on_commit_callbacks(execute=True):
        goal_create(
            user=w.staff,
            school=w.b2,
            school_year=year,
            area=SchoolGoal.Area.LEARNING,
            indicator="Lectura",
            baseline=Decimal(20),
            target=Decimal(40),
        )
    assert stored_year(w.b2, year)["goals_no_measure"] == before + 1
    assert stored_year(w.b2, year) == raw_year(w.b2, year)


def test_the_embedded_databases_path_leaves_the_same_rows(w):
    before = snapshot()
    SchoolYearSummary.objects.all().delete()
    SchoolYearResult.objects.all().delete()
    today = timezone.localdate()
    for year in sorted({*range(today.year - 4, today.year + 1), 2024, 2025, 2026}):
        _refresh_year_portable(year, None, every_school=year in menu_years(today))
        _refresh_results_year(year, portable=True)
    after = snapshot()
    for table in ("years", "results"):
        for row in (*before[table].values(), *after[table].values()):
            row.pop("updated_at")
    assert after == before


def test_the_refresh_costs_the_same_queries_whatever_the_data(w):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            school_year_summaries_refresh(every_year=True)
        return len(captured)

    small = queries()
    for _ in range(5):
        school = SchoolFactory(district=w.a1.district, network=w.alfa)
        DirectorFactory(school=school)
        SchoolGoalFactory(school=school, school_year=2025)
        AssessmentResultFactory(school=school, year=2025)
    assert queries() == small


def test_the_refresh_command_rebuilds_the_summaries_and_says_how_long(w, capsys):
    SchoolYearSummary.objects.all().delete()
    call_command("summaries_refresh", "--every-year")
    out = capsys.readouterr().out
    assert "Cifras por institución y año (" in out
    assert SchoolYearSummary.objects.filter(school=w.a1, year=2025).exists()
