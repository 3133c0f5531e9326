"""A dashboard's figures for one scope, period and set of filters: the one place each is computed.

The pages (national, region, network, school) and the monitoring reports read `dashboard_figures`.
Figures over many rows (visits, people, workshops, goals, enrolment, reading) come from the summary tables
(`networks.SchoolVisitMonth`, `evaluations.SchoolYearSummary`), never from a GROUP BY over the raw rows at
request time; `as_of` says how fresh they are.

`contract` holds the dataclasses the pages render; `parts` one function per figure; `children` the level
below the scope.
"""

from django.db.models import Count

from networks.selectors import summaries_as_of

from ..scope import NATION, SCHOOL
from .children import _children
from .contract import (
    AudienceCoverage,
    ChildRow,
    Coverage,
    DashboardFigures,
    Funding,
    GoalStatusCounts,
    Money,
    MonthVisits,
    ProgramYearRow,
    Reach,
    ResultYear,
    VisitsAgainstPlan,
)
from .funding import funding
from .parts import (
    REGION,
    _cohorts,
    _coverage,
    _first_program_year_results,
    _goals,
    _month_weights,
    _people,
    _program_years,
    _reach,
    _results,
    _rows,
    _visits,
    _workshops,
)

__all__ = [
    "AudienceCoverage",
    "ChildRow",
    "Coverage",
    "DashboardFigures",
    "Funding",
    "GoalStatusCounts",
    "Money",
    "MonthVisits",
    "ProgramYearRow",
    "Reach",
    "ResultYear",
    "VisitsAgainstPlan",
    "_first_program_year_results",
    "dashboard_figures",
]


def dashboard_figures(*, scope, filterset) -> DashboardFigures:
    """Every figure of a dashboard page for its scope, period and filters (see `contract`).

    The schools are `scope.schools(filterset)`: the user's, kept by the filters, within the scope. The
    period's year is the school year of goals, workshops, funding and results; visits and coverage run
    to the period's last elapsed day. A fixed number of queries (a dozen or fewer, by the kind of scope),
    whatever the data.
    """
    period = filterset.selected_period
    on, year = period.until, period.year
    applied = filterset.applied
    schools = scope.schools(filterset)
    ids = schools.order_by().values("pk")
    weights = _month_weights(period)
    by_region = dict(schools.order_by().values_list("district__province__region_id").annotate(n=Count("pk")).order_by())
    cohorts = _cohorts(ids, on)
    # The figures over many rows are grouped once per child of the level below (the nation's by region, a
    # region's or a network's per school, a school's not at all): the totals add the children up.
    rows = _rows(ids, period, by={NATION: REGION, SCHOOL: None}.get(scope.kind, "school_id"))
    people = _people(rows, year)
    reach = _reach(ids, year, by_region, cohorts, people)
    return DashboardFigures(
        period=period,
        as_of=summaries_as_of(),
        reach=reach,
        funding=funding(
            ids=ids, year=year, sponsor=applied.get("sponsor"), general=scope.kind == NATION and not filterset.narrowed
        ),
        program_years=_program_years(cohorts, on),
        visits=_visits(rows, reach.schools, weights),
        coverage=_coverage(rows, reach.schools),
        workshops=_workshops(people),
        goals=_goals(rows, year),
        results=_results(rows),
        children=_children(scope, schools, ids, period, weights, by_region=by_region, rows=rows),
    )
