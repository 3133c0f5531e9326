"""Keeping `SchoolYearSummary` current: the rows of a year in one statement, one school's on a goal write.

The staff dashboards read people, workshop reach, enrolment, goals and reading results per school and
year from this table (20,000 rows a year at national scale) instead of grouping 90,000 teachers, their
attendance, 100,000 goals and 130,000 results per request. Each figure's rule is written once, below, as
a queryset grouped per school (`_parts`); PostgreSQL runs them all as one upsert per year, and the
embedded SQLite of `make run` evaluates the same querysets through the ORM.

The scheduled refresh (Celery beat, `manage.py summaries_refresh`) rebuilds this year and the last, and
any year of the period menu or with data that has no rows yet; the nightly one rebuilds every year (so
a teacher made inactive, or results loaded for an old year, reach the older rows by the next morning).
"""

import datetime
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Min, Q, Sum
from django.db.models.functions import Cast, Coalesce, ExtractYear, Greatest, Least
from django.utils import timezone

from networks.models import SchoolMembership
from schools.models import Enrollment, School, Teacher
from workshops.models import Attendance, ParentAttendance, Workshop

from ..models import AssessmentResult, GoalStatus, SchoolGoal, SchoolYearResult, SchoolYearSummary
from ..models.summaries import LEVELS, SUBJECTS

# Every school gets a row for the years of the dashboards' period menu (this one and the four before).
YEARS_BACK = 4
# Two refreshes of the same table never run at once: the second returns at once.
_REFRESH_LOCK = 0x5CEE_0019
GOAL_COLUMNS = {
    "goals_on_track": GoalStatus.ON_TRACK,
    "goals_at_risk": GoalStatus.AT_RISK,
    "goals_off_track": GoalStatus.OFF_TRACK,
    "goals_no_measure": GoalStatus.NO_MEASURE,
}
FIGURES = (
    "directors",
    "teachers",
    "directors_trained",
    "teachers_trained",
    "parents",
    "students",
    *GOAL_COLUMNS,
)
NULLABLE = {"students"}  # no enrolment that year
RESULT_FIGURES = tuple(f"{subject}_{name}" for subject in SUBJECTS for name in ("results", *LEVELS))


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def first_program_years():
    """Each school's first program year: the earliest year inside both a membership and that network's
    five program years (the rule of `evaluations.selectors.results.school_first_program_year`)."""
    last = settings.CEE_PROGRAM_YEARS - 1
    return (
        SchoolMembership.objects.alias(
            start=Greatest("network__cohort_start_year", Cast(ExtractYear("joined_on"), IntegerField())),
            end=Least(
                F("network__cohort_start_year") + last,
                Coalesce(Cast(ExtractYear("left_on"), IntegerField()), F("network__cohort_start_year") + last),
            ),
        )
        .filter(start__lte=F("end"))
        .values("school_id")
        .annotate(first_program_year=Min("start"))
        .order_by()
    )


def _parts(year: int, schools) -> dict:
    """Each figure of a school's year as a queryset of (school_id, figures...), one row per school that
    has any; `schools` narrows them (a queryset of ids, or None for all)."""

    def of(queryset, field="school_id"):
        return queryset if schools is None else queryset.filter(**{f"{field}__in": schools})

    bounds = _year_bounds(year)
    went = of(Attendance.objects.filter(attended=True, workshop__starts_on__range=bounds), "teacher__school_id")
    went = went.values("teacher_id")
    director, trained = Q(position=Teacher.Position.DIRECTOR), Q(pk__in=went)
    return {
        "people": of(Teacher.objects.filter(is_active=True))
        .values("school_id")
        .annotate(
            directors=Count("pk", filter=director),
            teachers=Count("pk", filter=~director),
            directors_trained=Count("pk", filter=director & trained),
            teachers_trained=Count("pk", filter=~director & trained),
        )
        .order_by(),
        "parents": of(ParentAttendance.objects.filter(workshop__starts_on__range=bounds))
        .values("school_id")
        .annotate(parents=Sum("count"))
        .order_by(),
        "students": of(Enrollment.objects.filter(school_year=year))
        .values("school_id")
        .annotate(students=Sum("students"))
        .order_by(),
        "goals": of(SchoolGoal.objects.filter(school_year=year))
        .values("school_id")
        .annotate(**{column: Count("pk", filter=Q(status=status)) for column, status in GOAL_COLUMNS.items()})
        .order_by(),
    }


def _schools(schools):
    rows = School.objects.values(school_id=F("pk"), region_id=F("district__province__region_id")).order_by()
    return rows if schools is None else rows.filter(pk__in=schools)


def _columns(part) -> list[str]:
    return [name for name in part.query.annotations if name in FIGURES]


def _refresh_year_postgresql(cursor, year: int, schools, *, every_school: bool) -> None:
    """One statement: the parts joined onto the schools (`fresh`), upserted where a figure changed (an idle
    refresh writes nothing), and the year's rows no longer in `fresh` deleted. `every_school`: a row for
    every school (a year of the period menu); otherwise only for schools with some figure that year."""
    parts, sql, params = _parts(year, schools), [], []
    for name, part in parts.items():
        part_sql, part_params = part.query.sql_with_params()
        sql.append(f"p_{name} AS ({part_sql})")
        params.extend(part_params)
    school_sql, school_params = _schools(schools).query.sql_with_params()
    params.extend(school_params)
    owner = {column: name for name, part in parts.items() for column in _columns(part)}
    picked = ", ".join(
        (f"p_{owner[c]}.{c}" if c in NULLABLE else f"COALESCE(p_{owner[c]}.{c}, 0)") + f" AS {c}" for c in FIGURES
    )
    joins = " ".join(f"LEFT JOIN p_{name} ON p_{name}.school_id = s.school_id" for name in parts)
    some = " OR ".join(f"p_{name}.school_id IS NOT NULL" for name in parts if name != "people")
    some += " OR p_people.directors_trained + p_people.teachers_trained > 0"
    summary = SchoolYearSummary._meta.db_table
    columns = ", ".join(FIGURES)
    changed = " OR ".join(f"t.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in ("region_id", *FIGURES))
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in ("region_id", *FIGURES))
    narrowed = ""
    if schools is not None:
        ids_sql, ids_params = schools.query.sql_with_params()
        narrowed = f"AND t.school_id IN ({ids_sql})"
        tail = list(ids_params)
    else:
        tail = []
    cursor.execute(
        f"""
        WITH {", ".join(sql)},
        s AS ({school_sql}),
        fresh AS MATERIALIZED (
            SELECT s.school_id, %s::smallint AS year, s.region_id, {picked}
            FROM s {joins}
            WHERE %s OR {some}
        ), upserted AS (
            INSERT INTO {summary} AS t (school_id, year, region_id, {columns}, created_at, updated_at)
            SELECT school_id, year, region_id, {columns}, now(), now() FROM fresh
            ON CONFLICT (school_id, year) DO UPDATE SET {updates}, updated_at = now()
            WHERE {changed}
        )
        DELETE FROM {summary} t
        WHERE t.year = %s {narrowed}
          AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.school_id = t.school_id)
        """,  # noqa: S608 -- names come from the models; values are parameters
        [*params, year, every_school, year, *tail],
    )


def _refresh_year_portable(year: int, schools, *, every_school: bool) -> None:
    """The same rows through the ORM, for the embedded SQLite database of `make run` (small data)."""
    fresh: dict[int, dict] = {}
    regions = {row["school_id"]: row["region_id"] for row in _schools(schools)}
    parts = _parts(year, schools)
    every = {name: {row.pop("school_id"): row for row in part} for name, part in parts.items()}
    # Outside the menu, a school's people alone do not make a row: its year's data does.
    people = every["people"]
    trained = {pk for pk, row in people.items() if row["directors_trained"] or row["teachers_trained"]}
    keep = set(regions) if every_school else trained.union(*(every[n] for n in every if n != "people"))
    for rows_of in every.values():
        for school_id, row in rows_of.items():
            if school_id in keep:
                fresh.setdefault(school_id, {}).update(row)
    for school_id in keep:
        fresh.setdefault(school_id, {})
    rows = [
        SchoolYearSummary(
            school_id=school_id,
            year=year,
            region_id=regions[school_id],
            **{c: row.get(c, None if c in NULLABLE else 0) for c in FIGURES},
        )
        for school_id, row in fresh.items()
        if school_id in regions
    ]
    SchoolYearSummary.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["school", "year"], update_fields=["region", *FIGURES, "updated_at"]
    )
    stale = SchoolYearSummary.objects.filter(year=year).exclude(school_id__in=[row.school_id for row in rows])
    (stale if schools is None else stale.filter(school_id__in=schools)).delete()


def _year_results(year: int):
    """A year's results per school and grade, both subjects side by side, with the school's region and
    whether the year is its first program year."""
    sums = {}
    for subject in SUBJECTS:
        of_subject = Q(subject=subject)
        sums[f"{subject}_results"] = Count("pk", filter=of_subject)
        for name in LEVELS:
            column = "students_evaluated" if name == "evaluated" else f"level_{name}"
            sums[f"{subject}_{name}"] = Coalesce(Sum(column, filter=of_subject), 0)
    return (
        AssessmentResult.objects.filter(year=year)
        .values("school_id", "grade", region_id=F("school__district__province__region_id"))
        .annotate(**sums)
        .order_by()
    )


def _refresh_results_year(year: int, *, portable: bool = False) -> None:
    """Rebuild the year's `SchoolYearResult` rows: one statement on PostgreSQL (upserted where changed,
    stale rows deleted), the ORM elsewhere."""
    fresh, first = _year_results(year), first_program_years()
    figures = ("region_id", "first_program_year", *RESULT_FIGURES)
    table = SchoolYearResult._meta.db_table
    if portable or connection.vendor != "postgresql":
        firsts = {row["school_id"]: row["first_program_year"] for row in first}
        rows = [
            SchoolYearResult(year=year, first_program_year=firsts.get(row["school_id"]) == year, **row) for row in fresh
        ]
        SchoolYearResult.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["school", "year", "grade"],
            update_fields=["region", "first_program_year", *RESULT_FIGURES, "updated_at"],
        )
        keep = {(row.school_id, row.grade) for row in rows}
        existing = SchoolYearResult.objects.filter(year=year).values_list("pk", "school_id", "grade")
        stale = [pk for pk, school_id, grade in existing if (school_id, grade) not in keep]
        SchoolYearResult.objects.filter(pk__in=stale).delete()
        return
    fresh_sql, params = fresh.query.sql_with_params()
    first_sql, first_params = first.query.sql_with_params()
    columns = ", ".join(figures)
    picked = ", ".join(RESULT_FIGURES)
    changed = " OR ".join(f"t.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in figures)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in figures)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH first AS ({first_sql}), fresh AS MATERIALIZED ({fresh_sql}), upserted AS (
                INSERT INTO {table} AS t (school_id, year, grade, {columns}, created_at, updated_at)
                SELECT r.school_id, %s, r.grade, r.region_id, f.first_program_year IS NOT DISTINCT FROM %s, {picked},
                       now(), now()
                FROM fresh r LEFT JOIN first f ON f.school_id = r.school_id
                ON CONFLICT (school_id, year, grade) DO UPDATE SET {updates}, updated_at = now()
                WHERE {changed}
            )
            DELETE FROM {table} t
            WHERE t.year = %s
              AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.school_id = t.school_id AND f.grade = t.grade)
            """,  # noqa: S608 -- names come from the models; values are parameters
            [*first_params, *params, year, year, year],
        )


def _refresh_year(year: int, schools=None, *, every_school: bool) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            _refresh_year_postgresql(cursor, year, schools, every_school=every_school)
    else:
        _refresh_year_portable(year, schools, every_school=every_school)


def menu_years(today: datetime.date) -> range:
    """The years every school has a row for: the dashboards' period menu."""
    return range(today.year - YEARS_BACK, today.year + 1)


def data_years() -> set[int]:
    """Every year with any figure of the summary on record (a handful of distinct values)."""
    years = set(AssessmentResult.objects.values_list("year", flat=True).distinct().order_by())
    years |= set(Enrollment.objects.values_list("school_year", flat=True).distinct().order_by())
    years |= set(SchoolGoal.objects.values_list("school_year", flat=True).distinct().order_by())
    starts = Workshop.objects.annotate(y=ExtractYear("starts_on")).values_list("y", flat=True).distinct().order_by()
    return years | {int(year) for year in starts}


def school_year_summaries_refresh(*, every_year: bool = False, today: datetime.date | None = None) -> list | None:
    """Rebuild the summary rows of this year and the last, and of every year of the menu or with data
    that has no rows yet (`every_year`: of every such year). Rows of years with no data any more are
    deleted. Idempotent; returns the years rebuilt, or None when another refresh holds the lock."""
    today = today or timezone.localdate()
    menu = set(menu_years(today))
    wanted = menu | data_years()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_REFRESH_LOCK])
                if not cursor.fetchone()[0]:
                    return None
        present = set(SchoolYearSummary.objects.values_list("year", flat=True).distinct().order_by())
        present |= set(SchoolYearResult.objects.values_list("year", flat=True).distinct().order_by())
        years = wanted if every_year else {today.year, today.year - 1} | (wanted - present)
        for year in sorted(years):
            _refresh_year(year, every_school=year in menu)
            _refresh_results_year(year)
        SchoolYearSummary.objects.filter(year__in=present - wanted).delete()
        SchoolYearResult.objects.exclude(year__in=wanted).delete()
    return sorted(years)


def school_year_summary_refresh(*, school_id: int, year: int, today: datetime.date | None = None) -> None:
    """Recompute one school's row of one year (a goal of that school and year was written)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _refresh_year(year, School.objects.filter(pk=school_id).values("pk"), every_school=year in menu_years(today))


def school_year_summary_refresh_on_commit(*, school_id: int, year: int) -> None:
    """After the current transaction commits, refresh that school's row of that year (so a rolled-back
    write leaves the table alone, and the refresh sees the committed rows)."""
    transaction.on_commit(lambda: school_year_summary_refresh(school_id=school_id, year=year))


def timed_refresh(*, every_year: bool = False) -> tuple[list | None, int]:
    """The scheduled refresh and how long it took (ms), for the command and the task to report."""
    clock = time.monotonic()
    years = school_year_summaries_refresh(every_year=every_year)
    return years, round((time.monotonic() - clock) * 1000)
