"""A dashboard's figures for one scope, period and set of filters: the one place each is computed.

The pages (national, region, network, school) and the monitoring reports read `dashboard_figures`.
Figures over many rows (visits, goals, attendance) come from the summary tables, never from a GROUP BY
over the raw rows at request time; `as_of` says how fresh they are.

CONTRACT (written first so pages and figures can be built at once): the dataclasses below are what the
pages render. Their computation is `dashboard_figures` at the end of this module.
"""

import calendar
import datetime
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear, Greatest, Least
from django.utils.translation import gettext as _

from networks.models import SchoolMembership, SchoolVisitMonth
from networks.selectors import focus_by_year, summaries_as_of
from schools.models import Contribution, Currency, Enrollment, Region, Sponsorship
from workshops.selectors import schools_workshop_reach

from ..models import AssessmentResult, GoalStatus, SchoolGoal
from ..national import national_satisfactorio
from .scope import NATION, NETWORK, REGION, SCHOOL


@dataclass
class Money:
    pen: Decimal
    usd: Decimal


@dataclass
class Reach:
    regions: int
    networks: int
    schools: int
    teachers: int  # active teachers and directors of the schools
    students: int  # enrolment of the schools' latest school year on record


@dataclass
class Funding:
    sponsors: int
    committed: Money  # sponsorships in force in the period's year, both currencies converted
    received: Money  # contributions dated in the period's year
    usd_to_pen: Decimal  # the exchange rate used (settings.CEE_USD_TO_PEN), stated on the page


@dataclass
class ProgramYearRow:
    year: int  # 1-5; 6 for graduated networks
    focus: str  # the curriculum's focus of that year ("" for graduated)
    networks: int
    schools: int


@dataclass
class MonthVisits:
    month: datetime.date  # first day of the month
    visits: int
    plan: int


@dataclass
class VisitsAgainstPlan:
    visits: int
    plan: int  # schools x months elapsed x settings.CEE_VISITS_PER_SCHOOL_MONTH
    share: Decimal | None  # visits / plan in percent; None when plan is 0
    per_school_month: Decimal  # the target from settings, stated on the page
    months: list[MonthVisits] = field(default_factory=list)  # for the chart (one per elapsed month)


@dataclass
class Coverage:
    visited: int  # schools with a visit in the last `days` days up to the period's last elapsed day
    schools: int
    share: Decimal | None
    days: int


@dataclass
class AudienceCoverage:
    audience: str  # "directors", "teachers", "parents"
    label: str
    reached: int  # people who attended a workshop in the period's year (parents: the count recorded)
    of: int | None  # invited population (directors/teachers of the schools); None for parents
    share: Decimal | None


@dataclass
class GoalStatusCounts:
    year: int  # the school year of the goals
    on_track: int
    at_risk: int
    off_track: int
    no_measure: int

    @property
    def total(self) -> int:
        return self.on_track + self.at_risk + self.off_track + self.no_measure


@dataclass
class ResultYear:
    subject: str  # "reading" / "math"
    year: int
    evaluated: int
    levels: dict[
        str, Decimal | None
    ]  # level code -> % of evaluated (previo_inicio, en_inicio, en_proceso, satisfactorio)
    national: Decimal | None  # national % satisfactorio that year (evaluations.national)
    first_year: Decimal | None  # % satisfactorio of the same schools in their own first program year
    grade: int = 2  # the ECE's grade (2.°); another grade on record gets rows of its own


@dataclass
class ChildRow:
    """One row of the next level down (regions of the nation, networks of a region...), linked."""

    kind: str  # "region", "network", "school"
    pk: int | str  # the id (region: its INEI code)
    name: str
    schools: int
    visits: int
    plan: int
    coverage: Decimal | None  # share of its schools visited in the last 30 days
    goals_on_track: Decimal | None
    satisfactorio: Decimal | None  # reading, latest year with results
    program_year: int | None = None  # networks and schools


@dataclass
class DashboardFigures:
    period: object  # evaluations.dashboard.period.Period
    as_of: datetime.datetime | None  # when the summary tables were last refreshed (None: never)
    reach: Reach
    funding: Funding
    program_years: list[ProgramYearRow]
    visits: VisitsAgainstPlan
    coverage: Coverage
    workshops: list[AudienceCoverage]
    goals: GoalStatusCounts
    results: list[ResultYear]
    children: list[ChildRow]  # regions (nation), networks (region), schools (network); [] for a school


# --- The computation ----------------------------------------------------------------------------
# Every figure starts from `scope.schools(filterset)` (used as a subquery, never listed), reads the
# summary tables or indexed columns, and groups in the database; the level below is grouped by region in
# SQL for the nation and per school (a region's or a network's few hundred) otherwise. The number of
# queries depends only on the kind of scope, never on the data.

ONE_DECIMAL = Decimal("0.1")
CENTS = Decimal("0.01")
LEVEL_CODES = ("previo_inicio", "en_inicio", "en_proceso", "satisfactorio")
READING = "reading"
GRADUATED = 6  # the program-year row of networks past their five years
REGION_PATH = "school__district__province__region_id"


def _percent(part, whole) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _applied(filterset) -> dict:
    """The filter values the page applied (bad values were dropped by the form, never an error)."""
    filterset.errors  # noqa: B018 -- validates, so cleaned_data holds only the good values
    return filterset.form.cleaned_data if filterset.is_bound else {}


def _month_weights(period) -> list[tuple[datetime.date, Decimal]]:
    """(month, share of it elapsed by `period.until`) for each month of the period begun by then: the
    current month is planned on its elapsed days, so it is not judged against visits still to come."""
    weights = []
    for month in period.months:
        days = calendar.monthrange(month.year, month.month)[1]
        last = min(period.until, month.replace(day=days))
        weights.append((month, Decimal(last.day) / Decimal(days)))
    return weights


def _plan(schools: int, weight: Decimal) -> int:
    per_month = Decimal(settings.CEE_VISITS_PER_SCHOOL_MONTH)
    return int((schools * per_month * weight).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _plan_over(schools: int, weights) -> int:
    return sum(_plan(schools, weight) for _month, weight in weights)


def _money(totals: dict[str, Decimal], rate: Decimal) -> Money:
    """Both currencies added up, each way at the stated rate (soles per dollar)."""
    pen, usd = totals.get(Currency.PEN, Decimal(0)), totals.get(Currency.USD, Decimal(0))
    return Money(
        pen=(pen + usd * rate).quantize(CENTS, rounding=ROUND_HALF_UP),
        usd=(usd + pen / rate).quantize(CENTS, rounding=ROUND_HALF_UP),
    )


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _reach(ids, year: int, by_region: dict[int, int], cohorts: list[dict], people) -> Reach:
    # Students per school year on record (a handful of rows); the latest up to the period's year counts.
    by_year = dict(
        Enrollment.objects.filter(school_id__in=ids, school_year__lte=year)
        .values_list("school_year")
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


def _funding(ids, year: int, *, sponsor, general: bool) -> Funding:
    """Sponsorships of the schools in force in the year (committed) and contributions dated in the year
    (received). `general`: the whole country unfiltered, so contributions to a company's work in general
    (no school named) count too. With a sponsor filter, only that company's money."""
    rate = settings.CEE_USD_TO_PEN
    sponsorships = Sponsorship.objects.filter(
        Q(end_year__isnull=True) | Q(end_year__gte=year), start_year__lte=year, school_id__in=ids
    )
    in_schools = Q(school_id__in=ids) | Q(school__isnull=True) if general else Q(school_id__in=ids)
    contributions = Contribution.objects.filter(in_schools, date__range=_year_bounds(year))
    if sponsor is not None:
        sponsorships, contributions = sponsorships.filter(sponsor=sponsor), contributions.filter(sponsor=sponsor)
    sponsors, committed = set(), {}
    for row in sponsorships.values("sponsor_id", "currency").annotate(total=Sum("committed_amount")).order_by():
        sponsors.add(row["sponsor_id"])
        committed[row["currency"]] = committed.get(row["currency"], Decimal(0)) + row["total"]
    received = {
        row["currency"]: row["total"]
        for row in contributions.values("currency").annotate(total=Sum("amount")).order_by()
    }
    return Funding(
        sponsors=len(sponsors), committed=_money(committed, rate), received=_money(received, rate), usd_to_pen=rate
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


@dataclass
class _Rows:
    """The figures over many rows, grouped in the database (by child too, when asked): four queries."""

    visits: list[dict]  # month, n
    visited: list[dict]  # n (schools)
    goals: list[dict]  # status, n
    results: list[dict]  # grade, subject, year, evaluated, one sum per level


def _rows(ids, period, *, by: str | None = None, reading_only: bool = False) -> _Rows:
    on, year = period.until, period.year
    visits = SchoolVisitMonth.objects.filter(school_id__in=ids, month__gte=period.start, month__lte=on)
    goals = SchoolGoal.objects.filter(school_id__in=ids, school_year=year)
    results = AssessmentResult.objects.filter(school_id__in=ids, year__lte=year)
    if reading_only:
        results = results.filter(subject=READING)
    return _Rows(
        visits=_grouped(visits, ("month",), by, n=Sum("visits")),
        visited=_grouped(_visited_rows(ids, on), (), by, n=Count("school", distinct=True)),
        goals=_grouped(goals, ("status",), by, n=Count("pk")),
        results=_grouped(
            results, ("grade", "subject", "year"), by, evaluated=Sum("students_evaluated"), **_level_sums()
        ),
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
    counts = _total(rows.goals, lambda row: row["status"])
    return GoalStatusCounts(
        year=year,
        on_track=counts.get(GoalStatus.ON_TRACK, 0),
        at_risk=counts.get(GoalStatus.AT_RISK, 0),
        off_track=counts.get(GoalStatus.OFF_TRACK, 0),
        no_measure=counts.get(GoalStatus.NO_MEASURE, 0),
    )


def _level_sums() -> dict:
    return {code: Sum(f"level_{code}") for code in LEVEL_CODES}


def _first_program_year_results(ids, year: int):
    """The schools' results in each school's own first program year (the rule of
    `evaluations.selectors.school_first_program_year`: the earliest year inside both a membership and
    that network's five program years), as two semi-joins the database answers in one pass."""
    last = settings.CEE_PROGRAM_YEARS - 1
    spans = SchoolMembership.objects.alias(
        start=Greatest("network__cohort_start_year", ExtractYear("joined_on")),
        end=Least(
            F("network__cohort_start_year") + last,
            Coalesce(ExtractYear("left_on"), F("network__cohort_start_year") + last),
        ),
    )
    starts_that_year = spans.filter(school=OuterRef("school"), start=OuterRef("year"), end__gte=OuterRef("year"))
    starts_earlier = spans.filter(school=OuterRef("school"), start__lt=OuterRef("year"), start__lte=F("end"))
    return AssessmentResult.objects.filter(school_id__in=ids, year__lte=year).filter(
        Exists(starts_that_year), ~Exists(starts_earlier)
    )


def _results(ids, year: int, rows: _Rows) -> list[ResultYear]:
    """Share of evaluated students at each level per grade, subject and year (up to the period's year),
    against the national % satisfactorio and the same schools' own first program year."""
    sums = ("evaluated", *LEVEL_CODES)
    by_key: dict[tuple, dict] = {}
    for row in rows.results:
        total = by_key.setdefault((row["grade"], row["subject"], row["year"]), dict.fromkeys(sums, 0))
        for name in sums:
            total[name] += row[name] or 0
    rows = [{"grade": g, "subject": s, "year": y, **total} for (g, s, y), total in by_key.items()]
    first = {
        (row["grade"], row["subject"]): _percent(row["satisfactorio"], row["evaluated"])
        for row in _first_program_year_results(ids, year)
        .values("grade", "subject")
        .annotate(evaluated=Sum("students_evaluated"), satisfactorio=Sum("level_satisfactorio"))
        .order_by()
    }
    order = {value: index for index, value in enumerate(AssessmentResult.Subject.values)}
    results = [
        ResultYear(
            subject=row["subject"],
            year=row["year"],
            evaluated=row["evaluated"] or 0,
            levels={code: _percent(row[code], row["evaluated"]) for code in LEVEL_CODES},
            national=national_satisfactorio(year=row["year"], grade=row["grade"], subject=row["subject"]),
            first_year=first.get((row["grade"], row["subject"])),
            grade=row["grade"],
        )
        for row in rows
    ]
    return sorted(results, key=lambda r: (order.get(r.subject, 99), r.grade, r.year))


# --- The level below ----------------------------------------------------------------------------
@dataclass
class _Child:
    pk: int | str
    name: str
    program_year: int | None = None
    schools: int = 0
    visits: int = 0
    visited: int = 0
    goals: int = 0
    on_track: int = 0
    reading: dict = field(default_factory=dict)  # year -> (satisfactorio, evaluated)


def _children(scope, schools, ids, period, weights, *, by_region: dict[int, int], rows: _Rows | None) -> list[ChildRow]:
    """Regions of the nation, networks of a region, schools of a network (those holding any of the
    scope's schools), each with the page's own figures. The nation's come grouped by region with the
    page's own figures (`rows`); a region's or a network's are grouped per school (a few hundred rows) in
    five more queries. So the count never depends on the number of children."""
    if scope.kind == SCHOOL:
        return []
    on = period.until
    if scope.kind == NATION:
        fold = None
        children = {
            region.pk: _Child(pk=region.code, name=region.name, schools=by_region[region.pk])
            for region in Region.objects.filter(pk__in=list(by_region)).order_by()
        }
    elif scope.kind == REGION:
        # A region's schools, grouped into their networks on `on` here.
        fold, children = {}, {}
        memberships = SchoolMembership.objects.in_force_on(on).filter(school_id__in=ids).order_by("joined_on")
        for school_id, network_id, name, cohort in memberships.values_list(
            "school_id", "network_id", "network__name", "network__cohort_start_year"
        ):
            fold[school_id] = network_id
            children.setdefault(network_id, _Child(pk=network_id, name=name, program_year=on.year - cohort + 1))
        for network_id in fold.values():
            children[network_id].schools += 1
    else:
        fold = None
        program_year = scope.network.program_year_on(on)
        children = {
            pk: _Child(pk=pk, name=name, program_year=program_year, schools=1)
            for pk, name in schools.order_by().values_list("pk", "name")
        }
    if rows is None:
        rows = _rows(ids, period, by="school_id", reading_only=True)

    def each(group: list[dict]):
        for row in group:
            child = row["child_key"] if fold is None else fold.get(row["child_key"])
            if child in children:
                yield children[child], row

    for child, row in each(rows.visits):
        child.visits += row["n"] or 0
    for child, row in each(rows.visited):
        child.visited += row["n"] or 0
    for child, row in each(rows.goals):
        child.goals += row["n"]
        child.on_track += row["n"] if row["status"] == GoalStatus.ON_TRACK else 0
    for child, row in each(rows.results):
        if row["subject"] == READING:
            satisfactorio, evaluated = child.reading.get(row["year"], (0, 0))
            child.reading[row["year"]] = (
                satisfactorio + (row["satisfactorio"] or 0),
                evaluated + (row["evaluated"] or 0),
            )

    kind = {NATION: "region", REGION: "network", NETWORK: "school"}[scope.kind]
    rows_out = []
    for child in children.values():
        latest = max((y for y, (_s, n) in child.reading.items() if n), default=None)
        rows_out.append(
            ChildRow(
                kind=kind,
                pk=child.pk,
                name=child.name,
                schools=child.schools,
                visits=child.visits,
                plan=_plan_over(child.schools, weights),
                coverage=_percent(child.visited, child.schools),
                goals_on_track=_percent(child.on_track, child.goals),
                satisfactorio=_percent(*child.reading[latest]) if latest else None,
                program_year=child.program_year,
            )
        )
    return sorted(rows_out, key=lambda row: (_collation_key(row.name), str(row.pk)))


def _collation_key(text: str) -> str:
    """Spanish names in the order people expect (Áncash next to Apurímac)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def dashboard_figures(*, scope, filterset) -> DashboardFigures:
    """Every figure of a dashboard page for its scope, period and filters (see the dataclasses above).

    The schools are `scope.schools(filterset)`: the user's, kept by the filters, within the scope. The
    period's year is the school year of goals, workshops, funding and results; visits and coverage run
    to the period's last elapsed day. A fixed number of queries (fifteen to twenty by scope), whatever the data.
    """
    period = filterset.selected_period
    on, year = period.until, period.year
    applied = _applied(filterset)
    schools = scope.schools(filterset)
    ids = schools.order_by().values("pk")
    weights = _month_weights(period)
    by_region = dict(schools.order_by().values_list("district__province__region_id").annotate(n=Count("pk")).order_by())
    cohorts = _cohorts(ids, on)
    people = schools_workshop_reach(schools=schools, year=year)
    reach = _reach(ids, year, by_region, cohorts, people)
    narrowed = any(applied.get(name) for name in ("region", "area", "program_year"))
    # The nation's figures are grouped by region once: the totals add the regions up.
    rows = _rows(ids, period, by=REGION_PATH if scope.kind == NATION else None)
    return DashboardFigures(
        period=period,
        as_of=summaries_as_of(),
        reach=reach,
        funding=_funding(ids, year, sponsor=applied.get("sponsor"), general=scope.kind == NATION and not narrowed),
        program_years=_program_years(cohorts, on),
        visits=_visits(rows, reach.schools, weights),
        coverage=_coverage(rows, reach.schools),
        workshops=_workshops(people),
        goals=_goals(rows, year),
        results=_results(ids, year, rows),
        children=_children(
            scope, schools, ids, period, weights, by_region=by_region, rows=rows if scope.kind == NATION else None
        ),
    )
