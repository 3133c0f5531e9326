"""The figures of a dashboard, one function each, over the summary tables and indexed columns.

Every figure starts from `scope.schools(filterset)` (used as a subquery, never listed), reads the summary
tables (`networks.SchoolVisitMonth` per school and month, `evaluations.SchoolYearSummary` per school and
year) or indexed columns, and groups in the database; the nation's are grouped by region in SQL, a
region's or a network's per school (a few hundred rows). The number of queries depends only on the kind
of scope, never on the data.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from networks.models import SchoolMembership, SchoolVisitMonth
from networks.selectors import focus_by_year
from workshops.selectors.coverage import SchoolsReach, Share

from ...models import AssessmentResult, SchoolYearResult, SchoolYearSummary
from ...models.goals import SCHOOL_YEAR_FIRST_MONTH
from ...models.summaries import LEVELS, SUBJECTS
from ...national import national_satisfactorio
from ...services.summaries import GOAL_COLUMNS
from .contract import (
    AudienceCoverage,
    Coverage,
    GoalStatusCounts,
    MonthVisits,
    ProgramYearRow,
    Reach,
    ResultYear,
    VisitsAgainstPlan,
)

ONE_DECIMAL = Decimal("0.1")
LEVEL_CODES = ("previo_inicio", "en_inicio", "en_proceso", "satisfactorio")
GRADUATED = 6  # the program-year row of networks past their five years
# Every summary table repeats its school's region: the nation groups by it without joins.
REGION = "region_id"


def _percent(part, whole) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _month_weights(period) -> list[tuple[datetime.date, Decimal]]:
    """(month, share of it planned by `period.until`) for each month of the period begun by then: the
    current month is planned on its elapsed days, so it is not judged against visits still to come, and
    the summer holidays before the school year (January and February: it runs from 1 March) plan none."""
    weights = []
    for month in period.months:
        if month.month < SCHOOL_YEAR_FIRST_MONTH:
            weights.append((month, Decimal(0)))
            continue
        days = calendar.monthrange(month.year, month.month)[1]
        last = min(period.until, month.replace(day=days))
        weights.append((month, Decimal(last.day) / Decimal(days)))
    return weights


def _plan(schools: int, weight: Decimal) -> int:
    per_month = Decimal(settings.CEE_VISITS_PER_SCHOOL_MONTH)
    return int((schools * per_month * weight).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _plan_over(schools: int, weights) -> int:
    return sum(_plan(schools, weight) for _month, weight in weights)


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _reach(ids, year: int, by_region: dict[int, int], cohorts: list[dict], people: SchoolsReach) -> Reach:
    # Students per school year on record (one row per school and year with an enrolment); the latest up
    # to the period's year counts.
    by_year = dict(
        SchoolYearSummary.objects.filter(school_id__in=ids, year__lte=year, students__isnull=False)
        .values_list("year")
        .annotate(total=Sum("students"))
        .order_by()
    )
    return Reach(
        regions=len(by_region),
        networks=sum(row["networks"] for row in cohorts),
        schools=sum(by_region.values()),
        teachers=people.directors.total + people.teachers.total,
        students=by_year[max(by_year)] if by_year else 0,
    )


def _cohorts(ids, on: datetime.date) -> list[dict]:
    """Networks and schools of the scope on `on`, per network cohort (one row per start year)."""
    return list(
        SchoolMembership.objects.in_force_on(on)
        .filter(school_id__in=ids)
        .values(cohort=F("network__cohort_start_year"))
        .annotate(networks=Count("network", distinct=True), schools=Count("school", distinct=True))
        .order_by("cohort")
    )


def _program_years(cohorts: list[dict], on: datetime.date) -> list[ProgramYearRow]:
    """Years 1-5 always (a year without networks shows 0), then graduated networks if any."""
    focus = focus_by_year()
    rows = {year: ProgramYearRow(year=year, focus=focus.get(year, ""), networks=0, schools=0) for year in range(1, 6)}
    for cohort in cohorts:
        year = on.year - cohort["cohort"] + 1
        if year < 1:
            continue  # a network whose year 1 has not come
        if year > settings.CEE_PROGRAM_YEARS:
            year = GRADUATED
            rows.setdefault(year, ProgramYearRow(year=year, focus="", networks=0, schools=0))
        rows[year].networks += cohort["networks"]
        rows[year].schools += cohort["schools"]
    return [rows[year] for year in sorted(rows)]


def _visited_rows(ids, on: datetime.date):
    """School-months with a visit in the `CEE_VISIT_OVERDUE_DAYS` days up to `on`. A month's latest visit
    is in that window exactly when one of its visits is (visits are never after `on`: it is today or a
    month's last day)."""
    since = on - datetime.timedelta(days=settings.CEE_VISIT_OVERDUE_DAYS - 1)
    return SchoolVisitMonth.objects.filter(
        school_id__in=ids,
        month__gte=since.replace(day=1),
        month__lte=on,
        last_visit_on__gte=since,
        last_visit_on__lte=on,
    )


def _grouped(queryset, fields: tuple[str, ...], by: str | None, **aggregates) -> list[dict]:
    """`aggregates` of the queryset per `fields`, and per child (`child_key`) when `by` names its path."""
    extra = {"child_key": F(by)} if by else {}
    if not fields and not extra:
        return [queryset.aggregate(**aggregates)]
    return list(queryset.values(*fields, **extra).annotate(**aggregates).order_by())


FIRST = Q(first_program_year=True)
RESULT_SUMS = {
    **{f"all_{subject}_{name}": Sum(f"{subject}_{name}") for subject in SUBJECTS for name in ("results", *LEVELS)},
    **{
        f"first_{subject}_{name}": Sum(f"{subject}_{name}", filter=FIRST)
        for subject in SUBJECTS
        for name in ("evaluated", "satisfactorio")
    },
}
YEAR_SUMS = ("directors", "teachers", "directors_trained", "teachers_trained", "parents", *GOAL_COLUMNS)


@dataclass
class _Rows:
    """The figures over many rows, grouped in the database (by child too, when asked)."""

    visits: list[dict]  # month, n
    visited: list[dict]  # n (schools)
    year: list[dict]  # the period's year from the summary: people, those a workshop reached, goals by status
    results: list[dict]  # grade, year: per subject the results, evaluated, each level; first-year sums


def _rows(ids, period, *, by: str | None = None) -> _Rows:
    """`by` names the summaries' column that groups them per child (`region_id`, `school_id`)."""
    on, year = period.until, period.year
    visits = SchoolVisitMonth.objects.filter(school_id__in=ids, month__gte=period.start, month__lte=on)
    summary = SchoolYearSummary.objects.filter(school_id__in=ids, year=year)
    results = SchoolYearResult.objects.filter(school_id__in=ids, year__lte=year)
    return _Rows(
        visits=_grouped(visits, ("month",), by, n=Sum("visits")),
        visited=_grouped(_visited_rows(ids, on), (), by, n=Count("school", distinct=True)),
        year=_grouped(summary, (), by, **{name: Sum(name) for name in YEAR_SUMS}),
        results=_grouped(results, ("grade", "year"), by, **RESULT_SUMS),
    )


def _people(rows: _Rows, year: int) -> SchoolsReach:
    """Active directors and teachers of the schools, those a workshop of the year reached, and the parents
    counted at the year's workshops (the rule of `workshops.selectors.schools_workshop_reach`)."""
    sums = {name: sum(row[name] or 0 for row in rows.year) for name in YEAR_SUMS}
    return SchoolsReach(
        year=year,
        directors=Share(sums["directors_trained"], sums["directors"]),
        teachers=Share(sums["teachers_trained"], sums["teachers"]),
        parents=sums["parents"],
    )


def _total(rows: list[dict], key, value: str = "n") -> dict:
    """Sum `value` over rows per `key(row)` (children folded together)."""
    totals = {}
    for row in rows:
        totals[key(row)] = totals.get(key(row), 0) + (row[value] or 0)
    return totals


def _visits(rows: _Rows, schools: int, weights) -> VisitsAgainstPlan:
    by_month = _total(rows.visits, lambda row: row["month"])
    months = [MonthVisits(month=month, visits=by_month.get(month, 0), plan=_plan(schools, w)) for month, w in weights]
    visits, plan = sum(m.visits for m in months), sum(m.plan for m in months)
    return VisitsAgainstPlan(
        visits=visits,
        plan=plan,
        share=_percent(visits, plan),
        per_school_month=Decimal(settings.CEE_VISITS_PER_SCHOOL_MONTH),
        months=months,
    )


def _coverage(rows: _Rows, schools: int) -> Coverage:
    visited = sum(row["n"] or 0 for row in rows.visited)
    return Coverage(
        visited=visited, schools=schools, share=_percent(visited, schools), days=settings.CEE_VISIT_OVERDUE_DAYS
    )


def _workshops(people) -> list[AudienceCoverage]:
    return [
        AudienceCoverage(
            audience="directors",
            label=_("Directores"),
            reached=people.directors.attended,
            of=people.directors.total,
            share=people.directors.percent,
        ),
        AudienceCoverage(
            audience="teachers",
            label=_("Docentes"),
            reached=people.teachers.attended,
            of=people.teachers.total,
            share=people.teachers.percent,
        ),
        AudienceCoverage(audience="parents", label=_("Padres de familia"), reached=people.parents, of=None, share=None),
    ]


def _goals(rows: _Rows, year: int) -> GoalStatusCounts:
    counts = {name: sum(row[name] or 0 for row in rows.year) for name in GOAL_COLUMNS}
    return GoalStatusCounts(
        year=year,
        on_track=counts["goals_on_track"],
        at_risk=counts["goals_at_risk"],
        off_track=counts["goals_off_track"],
        no_measure=counts["goals_no_measure"],
    )


def _first_program_year_results(ids, year: int):
    """The schools' results that the figures count as their own first program year's (stored on the
    summary by the rule of `evaluations.selectors.school_first_program_year`): for checks and lists."""
    first = SchoolYearResult.objects.filter(
        school_id=OuterRef("school_id"), year=OuterRef("year"), grade=OuterRef("grade"), first_program_year=True
    )
    return AssessmentResult.objects.filter(school_id__in=ids, year__lte=year).filter(Exists(first))


def _results(rows: _Rows) -> list[ResultYear]:
    """Share of evaluated students at each level per grade, subject and year (up to the period's year),
    against the national % satisfactorio and the same schools' own first program year."""
    totals: dict[tuple, dict] = {}
    for row in rows.results:
        total = totals.setdefault((row["grade"], row["year"]), dict.fromkeys(RESULT_SUMS, 0))
        for name in RESULT_SUMS:
            total[name] += row[name] or 0
    first: dict[tuple, list] = {}
    for (grade, _year), total in totals.items():
        for subject in SUBJECTS:
            sums = first.setdefault((grade, subject), [0, 0])
            sums[0] += total[f"first_{subject}_satisfactorio"]
            sums[1] += total[f"first_{subject}_evaluated"]
    order = {value: index for index, value in enumerate(AssessmentResult.Subject.values)}
    results = [
        ResultYear(
            subject=subject,
            year=year,
            evaluated=total[f"all_{subject}_evaluated"],
            levels={
                code: _percent(total[f"all_{subject}_{code}"], total[f"all_{subject}_evaluated"])
                for code in LEVEL_CODES
            },
            national=national_satisfactorio(year=year, grade=grade, subject=subject),
            first_year=_percent(*first[(grade, subject)]),
            grade=grade,
        )
        for (grade, year), total in totals.items()
        for subject in SUBJECTS
        if total[f"all_{subject}_results"]  # a subject without a result that year has no row
    ]
    return sorted(results, key=lambda r: (order.get(r.subject, 99), r.grade, r.year))
