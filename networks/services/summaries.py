"""Keeping the summary tables current: one school-month on each visit write, everything on a schedule.

The staff dashboards count visits from `SchoolVisitMonth` (a few thousand rows a month at national
scale) instead of grouping hundreds of thousands of visits per request. A visit write refreshes its
school-month when its transaction commits; the full refresh (Celery beat, `manage.py summaries_refresh`)
rebuilds every row in one statement and catches whatever a write path missed (bulk loads, the shell).
"""

import datetime
import time

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q
from django.db.models.functions import ExtractYear, Trim, TruncMonth
from django.utils import timezone

from schools.models import School

from ..models import SchoolLastVisit, SchoolVisitMonth, SummaryRefresh, TeacherClassroomYear, Visit

FIGURES = ("visits", "classroom_visits", "classroom_without_observations", "last_visit_on")
REGION_PATH = "district__province__region_id"
# Two full refreshes never run at once (beat plus a command, say): the second returns at once.
_REFRESH_LOCK = 0x5CEE_0009
REFRESHES_KEPT = datetime.timedelta(days=31)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _figures() -> dict:
    """The summary's figures over a set of visits (an aggregate, or per group after values())."""
    classroom = Q(kind=Visit.Kind.CLASSROOM)
    return {
        "visits": Count("pk"),
        "classroom_visits": Count("pk", filter=classroom),
        "classroom_without_observations": Count("pk", filter=classroom & Q(trimmed_observations="")),
        "last_visit_on": Max("date"),
    }


def _with_trimmed(visits):
    return visits.annotate(trimmed_observations=Trim("observations"))


def school_month_refresh(*, school_id: int, month: datetime.date) -> SchoolVisitMonth | None:
    """Recompute one school's row for one month from its visits; remove the row when it has none."""
    month = month_of(month)
    visits = Visit.objects.filter(school_id=school_id, date__gte=month, date__lt=_next_month(month))
    figures = _with_trimmed(visits).aggregate(**_figures())
    if not figures["visits"]:
        SchoolVisitMonth.objects.filter(school_id=school_id, month=month).delete()
        school_last_visit_refresh(school_id=school_id)
        teacher_years_refresh(school_id=school_id, year=month.year)
        return None
    figures["region_id"] = School.objects.filter(pk=school_id).values_list(REGION_PATH, flat=True).first()
    row, _created = SchoolVisitMonth.objects.update_or_create(school_id=school_id, month=month, defaults=figures)
    school_last_visit_refresh(school_id=school_id)
    teacher_years_refresh(school_id=school_id, year=month.year)
    return row


def school_last_visit_refresh(*, school_id: int) -> SchoolLastVisit | None:
    """Recompute a school's latest visit from its school-months (its latest month, through the unique
    (school, month) index); remove the row when it has none left."""
    latest = (
        SchoolVisitMonth.objects.filter(school_id=school_id)
        .order_by("-month")
        .values_list("last_visit_on", flat=True)
        .first()
    )
    if latest is None:
        SchoolLastVisit.objects.filter(school_id=school_id).delete()
        return None
    row, _created = SchoolLastVisit.objects.update_or_create(school_id=school_id, defaults={"last_visit_on": latest})
    return row


def _classroom_visits():
    return Visit.objects.filter(kind=Visit.Kind.CLASSROOM, teacher__isnull=False)


def teacher_years_refresh(*, school_id: int, year: int) -> None:
    """Recompute the first classroom visit of the year of the teachers a change to the school's visits
    may concern: its own teachers and those observed in it that year (a visit moved to another teacher
    of the school, or away from the classroom, leaves its old teacher here). The full refresh catches the
    rest (a teacher who has since moved to another school and lost a visit of this one)."""
    teachers = set(
        _classroom_visits().filter(school_id=school_id, date__year=year).values_list("teacher_id", flat=True)
    )
    teachers |= set(
        TeacherClassroomYear.objects.filter(teacher__school_id=school_id, year=year).values_list(
            "teacher_id", flat=True
        )
    )
    if not teachers:
        return
    fresh = dict(
        _classroom_visits()
        .filter(teacher_id__in=teachers, date__year=year)
        .order_by()
        .values("teacher_id")
        .annotate(first=Min("date"))
        .values_list("teacher_id", "first")
    )
    TeacherClassroomYear.objects.filter(teacher_id__in=teachers - set(fresh), year=year).delete()
    for teacher_id, first in fresh.items():
        TeacherClassroomYear.objects.update_or_create(
            teacher_id=teacher_id, year=year, defaults={"first_observed_on": first}
        )


def school_months_refresh_on_commit(keys) -> None:
    """After the current transaction commits, refresh the school-month of each (school_id, date) pair.

    On commit, so a rolled-back write leaves the table alone and the refresh sees the committed visit."""
    months = {(school_id, month_of(day)) for school_id, day in keys if school_id and day}

    def refresh():
        for school_id, month in sorted(months):
            school_month_refresh(school_id=school_id, month=month)

    if months:
        transaction.on_commit(refresh)


def _upsert_all_postgresql(cursor) -> None:
    """Every school-month in one statement: the visits grouped once (`fresh`), upserted (a row is
    rewritten only when a figure changed, so an idle refresh writes nothing and leaves no dead rows every
    15 minutes), and the rows no longer in `fresh` deleted (an anti-join on the table's own key)."""
    summary, visit = SchoolVisitMonth._meta.db_table, Visit._meta.db_table
    changed = " OR ".join(f"s.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in (*FIGURES, "region_id"))
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*FIGURES, "region_id"))
    columns = ", ".join(FIGURES)
    regions_sql, regions_params = (
        School.objects.values(sid=F("pk"), region_id=F(REGION_PATH)).order_by().query.sql_with_params()
    )
    cursor.execute(
        f"""
        WITH fresh AS MATERIALIZED (
            SELECT v.school_id,
                   (v.date - (EXTRACT(DAY FROM v.date)::int - 1)) AS month,
                   count(*) AS visits,
                   count(*) FILTER (WHERE v.kind = %s) AS classroom_visits,
                   count(*) FILTER (WHERE v.kind = %s AND btrim(v.observations) = '')
                       AS classroom_without_observations,
                   max(v.date) AS last_visit_on
            FROM {visit} v
            GROUP BY 1, 2
        ), upserted AS (
            INSERT INTO {summary} AS s (school_id, month, region_id, {columns}, created_at, updated_at)
            SELECT f.school_id, f.month, r.region_id, {columns}, now(), now()
            FROM fresh f LEFT JOIN ({regions_sql}) r ON r.sid = f.school_id
            ON CONFLICT (school_id, month) DO UPDATE SET {updates}, updated_at = now()
            WHERE {changed}
        )
        DELETE FROM {summary} s
        WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.school_id = s.school_id AND f.month = s.month)
        """,  # noqa: S608 -- table and column names come from the models; values are parameters
        [Visit.Kind.CLASSROOM.value, Visit.Kind.CLASSROOM.value, *regions_params],
    )


def _last_visits_all_postgresql(cursor) -> None:
    """Every school's latest visit from the school-months just rebuilt, the same way: upserted when it
    changed, and the rows of schools with no school-month left deleted."""
    summary, months = SchoolLastVisit._meta.db_table, SchoolVisitMonth._meta.db_table
    cursor.execute(
        f"""
        WITH fresh AS MATERIALIZED (
            SELECT school_id, max(last_visit_on) AS last_visit_on FROM {months} GROUP BY school_id
        ), upserted AS (
            INSERT INTO {summary} AS s (school_id, last_visit_on)
            SELECT school_id, last_visit_on FROM fresh
            ON CONFLICT (school_id) DO UPDATE SET last_visit_on = EXCLUDED.last_visit_on
            WHERE s.last_visit_on IS DISTINCT FROM EXCLUDED.last_visit_on
        )
        DELETE FROM {summary} s WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.school_id = s.school_id)
        """  # noqa: S608 -- table names come from the models
    )


def _teacher_years_all_postgresql(cursor) -> None:
    """Every teacher's first classroom visit of each year, from the visits, the same way."""
    summary, visit = TeacherClassroomYear._meta.db_table, Visit._meta.db_table
    cursor.execute(
        f"""
        WITH fresh AS MATERIALIZED (
            SELECT teacher_id, EXTRACT(YEAR FROM date)::int AS year, min(date) AS first_observed_on
            FROM {visit} WHERE kind = %(classroom)s AND teacher_id IS NOT NULL
            GROUP BY 1, 2
        ), upserted AS (
            INSERT INTO {summary} AS s (teacher_id, year, first_observed_on)
            SELECT teacher_id, year, first_observed_on FROM fresh
            ON CONFLICT (teacher_id, year) DO UPDATE SET first_observed_on = EXCLUDED.first_observed_on
            WHERE s.first_observed_on IS DISTINCT FROM EXCLUDED.first_observed_on
        )
        DELETE FROM {summary} s
        WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.teacher_id = s.teacher_id AND f.year = s.year)
        """,  # noqa: S608 -- table names come from the models; values are parameters
        {"classroom": Visit.Kind.CLASSROOM.value},
    )


def _teacher_years_all_portable() -> None:
    rows = (
        _classroom_visits()
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values("teacher_id", "year")
        .annotate(first=Min("date"))
    )
    fresh = [
        TeacherClassroomYear(teacher_id=r["teacher_id"], year=r["year"], first_observed_on=r["first"]) for r in rows
    ]
    TeacherClassroomYear.objects.bulk_create(
        fresh, update_conflicts=True, unique_fields=["teacher", "year"], update_fields=["first_observed_on"]
    )
    keep = {(row.teacher_id, row.year) for row in fresh}
    stale = [pk for pk, teacher_id, year in TeacherClassroomYear.objects.values_list("pk", "teacher_id", "year")
             if (teacher_id, year) not in keep]  # fmt: skip
    TeacherClassroomYear.objects.filter(pk__in=stale).delete()


def _last_visits_all_portable() -> None:
    fresh = [
        SchoolLastVisit(school_id=row["school_id"], last_visit_on=row["latest"])
        for row in SchoolVisitMonth.objects.order_by().values("school_id").annotate(latest=Max("last_visit_on"))
    ]
    SchoolLastVisit.objects.bulk_create(
        fresh, update_conflicts=True, unique_fields=["school"], update_fields=["last_visit_on"]
    )
    SchoolLastVisit.objects.exclude(school_id__in=SchoolVisitMonth.objects.values("school_id")).delete()


def _upsert_all_portable() -> None:
    """The same rebuild through the ORM, for the embedded SQLite database of `make run` (small data)."""
    rows = (
        _with_trimmed(Visit.objects.all())
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("school_id", "month", region_id=F(f"school__{REGION_PATH}"))
        .annotate(**_figures())
    )
    fresh = [SchoolVisitMonth(**row) for row in rows]
    SchoolVisitMonth.objects.bulk_create(
        fresh,
        update_conflicts=True,
        unique_fields=["school", "month"],
        update_fields=[*FIGURES, "region", "updated_at"],
    )
    keep = {(row.school_id, row.month) for row in fresh}
    stale = [pk for pk, school_id, month in SchoolVisitMonth.objects.values_list("pk", "school_id", "month")
             if (school_id, month) not in keep]  # fmt: skip
    SchoolVisitMonth.objects.filter(pk__in=stale).delete()


def summaries_refresh_all() -> SummaryRefresh | None:
    """Rebuild every school-month, every school's latest visit and every teacher's first classroom visit
    of each year from the visits, drop rows whose visits are gone, and record when, how long and how many
    school-months (pages say "Cifras al ..."). Idempotent; returns None without doing anything when
    another refresh holds the lock (it will leave the same rows)."""
    started_at, clock = timezone.now(), time.monotonic()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_REFRESH_LOCK])
                if not cursor.fetchone()[0]:
                    return None
                _upsert_all_postgresql(cursor)
                _last_visits_all_postgresql(cursor)
                _teacher_years_all_postgresql(cursor)
        else:
            _upsert_all_portable()
            _last_visits_all_portable()
            _teacher_years_all_portable()
        # Only the latest matters to the pages; a month of them is kept to see how long refreshes take.
        SummaryRefresh.objects.filter(finished_at__lt=started_at - REFRESHES_KEPT).delete()
        return SummaryRefresh.objects.create(
            started_at=started_at,
            finished_at=timezone.now(),
            duration_ms=round((time.monotonic() - clock) * 1000),
            rows=SchoolVisitMonth.objects.count(),
        )
