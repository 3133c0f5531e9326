"""The dashboards' figures as the pages render them (the contract between the figures and the pages).

Computed by `evaluations.dashboard.figures.dashboard_figures`."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


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
