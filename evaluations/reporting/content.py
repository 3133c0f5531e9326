"""What a monitoring report says: the dashboards' figures and attention list for one target and period.

A report is a dashboard page frozen on paper, so it never computes a figure of its own: it asks
`dashboard_figures` with the dashboards' scope and filters, and `attention_sections` with the attention
page's context, both as IPAE reads the program (`PROGRAM_READER`). The four kinds of report map onto them:

- nation: the national scope;
- region: the region's scope;
- network: the network's scope (its member schools at the period's last elapsed day);
- sponsor: the national scope narrowed by the sponsor filter (the schools the company funds in the
  period's year), exactly what a staff member sees choosing that company on the national dashboard.

Everything a report shows in words is translated here or in its templates (Spanish msgids); the cells of
the attention list follow what its reader may see (`reporting.attention`).
"""

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.templatetags.cee_format import number
from evaluations.dashboard.attention import Context, attention_sections
from evaluations.dashboard.figures import ChildRow, DashboardFigures, ResultYear, dashboard_figures
from evaluations.dashboard.filters import DashboardFilter
from evaluations.dashboard.period import Period
from evaluations.dashboard.scope import NATION, NETWORK, REGION, Scope
from evaluations.models import AssessmentResult, GoalStatus
from evaluations.templatetags.school_tier import percent
from networks.models import CurriculumYear
from networks.selectors import attach_networks

from .attention import ReportSection, report_sections
from .reader import PROGRAM_READER

SPONSOR = "sponsor"
KINDS = (NATION, REGION, NETWORK, SPONSOR)
ONE_DECIMAL = Decimal("0.1")


class ReportFilter(DashboardFilter):
    """The dashboards' filters for a period a report names outright.

    The dashboards' period menu offers this year's and last year's months and the last five years; a
    report may be built (or rebuilt) for any month or year, so its period joins the menu and is the one
    the filters select. Everything else (the schools kept, the sponsor filter) is the dashboards' own.
    """

    def __init__(self, data=None, *, user, today, period: Period, **kwargs):
        self.report_period = period
        super().__init__(data, user=user, today=today, **kwargs)
        choices = self.filters["period"].extra["choices"]
        if period.value not in dict(choices):
            self.filters["period"].extra["choices"] = [*choices, (period.value, period.label)]

    @property
    def selected_period(self) -> Period:
        return self.report_period


# --- what the report holds, besides the figures themselves -----------------------------------------
@dataclass(frozen=True)
class SummaryItem:
    """One headline figure: a stat card in the PDF, a row of the spreadsheet's summary."""

    key: str
    label: str
    value: int | Decimal | None
    unit: str  # "number", "percent", "pen", "usd", "rate"
    note: str = ""  # the base the figure is measured on, in words


@dataclass(frozen=True)
class FocusRow:
    """A program year of the period with its curriculum focus (meta pedagógica anual)."""

    year: int  # 1-5; 6 for networks past their five years
    focus: str  # "" for graduated networks
    description: str
    networks: int
    schools: int


@dataclass(frozen=True)
class GoalRow:
    status: str  # a GoalStatus value
    label: str
    count: int
    share: Decimal | None  # of the year's goals


@dataclass(frozen=True)
class ResultRow:
    result: ResultYear
    change: Decimal | None  # points of % satisfactorio against the previous year on record


@dataclass(frozen=True)
class ResultTable:
    """One subject and grade, its years in order (the trend)."""

    subject: str
    label: str
    grade: int
    rows: list[ResultRow]


@dataclass(frozen=True)
class ChildLine:
    """A row of the level below, with its visits as a share of plan (as the dashboard's table shows)."""

    row: ChildRow
    visit_share: Decimal | None


@dataclass(frozen=True)
class SchoolLine:
    """A school a sponsor funds in the period's year: public data only."""

    name: str
    codigo_modular: str
    region: str
    network: str
    program_year: int | None


@dataclass
class ReportContent:
    kind: str  # "nation", "region", "network", "sponsor"
    title: str  # "Informe de monitoreo · Red Educativa X · octubre 2026"
    target_name: str  # "Red Educativa X", "Piura", "Minera Sol S.A.C.", "Nacional"
    target_label: str  # what the target is: "Red educativa", "Región", "Empresa auspiciadora", "Alcance"
    scope_line: str  # the target in a sentence, under the title
    period: Period
    period_label: str
    today: datetime.date  # the day the report reads the program as of
    generated_at: datetime.datetime
    figures: DashboardFigures  # the dashboards' own object, untouched
    summary: list[SummaryItem]
    show_funding: bool  # nation, region and sponsor reports show money; a network's does not
    focus: list[FocusRow]
    network_program_year: int | None  # a network report: the network's program year in the period
    goals: list[GoalRow]
    results: list[ResultTable]
    attention: list[ReportSection]
    children_heading: str
    children_kind: str  # "region", "network", "school"
    children: list[ChildLine]
    schools: list[SchoolLine] = field(default_factory=list)  # a sponsor report: the schools it funds
    narrative: str = ""
    region_name: str = ""  # the network's region, for a network report

    @property
    def as_of(self) -> datetime.datetime | None:
        return self.figures.as_of

    @property
    def for_sponsor(self) -> bool:
        return self.kind == SPONSOR

    @property
    def attention_total(self) -> int:
        return sum(section.count for section in self.attention)

    @property
    def slug(self) -> str:
        """A file name stem: "informe-red-educativa-x-2026-10"."""
        return slugify(f"informe {self.target_name} {self.period.value}")[:120]


# --- building it -----------------------------------------------------------------------------------
def report_content(
    *, kind: str, region=None, network=None, sponsor=None, period: Period, narrative: str = "", today=None
) -> ReportContent:
    """Everything a monitoring report of `kind` says about its target for `period`.

    `today` is the day the program is read as of (visits against plan run to the earlier of the period's
    end and today; "in force today" rules of the attention list use it); by default the period's own.
    Raises ValueError for an unknown kind or a missing target.
    """
    scope, data, target_sponsor = _scope(kind, region=region, network=network, sponsor=sponsor)
    today = today or period.today
    if period.today != today:
        period = dataclasses.replace(period, today=today)
    filterset = ReportFilter({"period": period.value, **data}, user=PROGRAM_READER, today=today, period=period)
    if target_sponsor is not None and filterset.applied.get("sponsor") != target_sponsor:
        # The filters drop a value they do not accept instead of failing: a company's report without its
        # sponsor filter would show the whole country. Never write that one.
        raise ValueError("The sponsor filter did not take the report's sponsor.")
    figures = dashboard_figures(scope=scope, filterset=filterset)
    schools = scope.schools(filterset)
    sections = attention_sections(
        Context(
            user=PROGRAM_READER,
            schools=schools,
            period=period,
            today=today,
            days=settings.CEE_VISIT_OVERDUE_DAYS,
            sponsor=target_sponsor,
        )
    )
    target_name, target_label, scope_line = _target_words(kind, scope, target_sponsor, figures)
    network_year = network.program_year_on(period.until) if kind == NETWORK else None
    return ReportContent(
        kind=kind,
        title=_("Informe de monitoreo · %(target)s · %(period)s") % {"target": target_name, "period": period.label},
        target_name=target_name,
        target_label=target_label,
        scope_line=scope_line,
        period=period,
        period_label=str(period.label),
        today=today,
        generated_at=timezone.now(),
        figures=figures,
        summary=_summary(kind, figures),
        show_funding=kind != NETWORK,
        focus=_focus(figures, network_year, kind == NETWORK),
        network_program_year=network_year,
        goals=_goals(figures),
        results=_results(figures.results),
        attention=report_sections(sections, staff=kind != SPONSOR),
        children_heading=_children_heading(kind),
        children_kind={NATION: "region", REGION: "network", NETWORK: "school", SPONSOR: "region"}[kind],
        children=[ChildLine(row=row, visit_share=share(row.visits, row.plan)) for row in figures.children],
        schools=_sponsored_schools(schools, period) if kind == SPONSOR else [],
        narrative=(narrative or "").strip(),
        region_name=network.region.name if kind == NETWORK else "",
    )


def _scope(kind: str, *, region, network, sponsor) -> tuple[Scope, dict, object]:
    """The dashboards' scope of a report, the filter data it adds, and the sponsor it is for."""
    if kind == NATION:
        return Scope(NATION), {}, None
    if kind == REGION:
        if region is None:
            raise ValueError("A region report needs its region.")
        return Scope(REGION, region=region), {}, None
    if kind == NETWORK:
        if network is None:
            raise ValueError("A network report needs its network.")
        return Scope(NETWORK, region=network.region, network=network), {}, None
    if kind == SPONSOR:
        if sponsor is None:
            raise ValueError("A sponsor report needs its sponsor.")
        return Scope(NATION), {"sponsor": str(sponsor.pk)}, sponsor
    raise ValueError(f"Unknown report kind: {kind!r}")


def _target_words(kind: str, scope: Scope, sponsor, figures) -> tuple[str, str, str]:
    reach = figures.reach
    schools = ngettext("%(n)s institución educativa", "%(n)s instituciones educativas", reach.schools) % {
        "n": number(reach.schools)
    }
    if kind == NATION:
        regions = ngettext("%(n)s región", "%(n)s regiones", reach.regions) % {"n": number(reach.regions)}
        return (
            _("Nacional"),
            _("Alcance"),
            _("Todo el programa: %(schools)s en %(regions)s.")
            % {
                "schools": schools,
                "regions": regions,
            },
        )
    if kind == REGION:
        return (
            scope.region.name,
            _("Región"),
            _("Región %(name)s: %(schools)s.")
            % {
                "name": scope.region.name,
                "schools": schools,
            },
        )
    if kind == NETWORK:
        return (
            scope.network.name,
            _("Red educativa"),
            _("Red educativa de la región %(region)s: %(schools)s.")
            % {
                "region": scope.network.region.name,
                "schools": schools,
            },
        )
    return (
        sponsor.name,
        _("Empresa auspiciadora"),
        _("Instituciones que auspicia en %(year)s: %(schools)s.")
        % {
            "year": figures.period.year,
            "schools": schools,
        },
    )


def _children_heading(kind: str) -> str:
    return {
        NATION: _("Por región"),
        REGION: _("Por red educativa"),
        NETWORK: _("Por institución educativa"),
        SPONSOR: _("Por región"),
    }[kind]


def share(part, whole) -> Decimal | None:
    """A share in percent to one decimal, as the figures give theirs (None without a base)."""
    if not whole or part is None:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def latest_reading(results: list[ResultYear]) -> ResultYear | None:
    """Reading in the lowest grade on record (the ECE's 2.°), its latest year with anyone evaluated: the
    headline figure, as the dashboard's card picks it."""
    rows = [row for row in results if row.subject == "reading" and row.evaluated]
    if not rows:
        return None
    grade = min(row.grade for row in rows)
    return max((row for row in rows if row.grade == grade), key=lambda row: row.year)


def _summary(kind: str, figures) -> list[SummaryItem]:
    """The headline figures, each with its base in words (never a percentage without what it is of)."""
    reach, visits, coverage, goals = figures.reach, figures.visits, figures.coverage, figures.goals
    teachers = next((row for row in figures.workshops if row.audience == "teachers"), None)
    if kind == NETWORK:
        schools_note = _("miembros de la red al cierre del periodo")
    else:
        schools_note = ngettext("en %(n)s red", "en %(n)s redes", reach.networks) % {"n": number(reach.networks)}
        if kind != REGION:
            schools_note += " · " + ngettext("%(n)s región", "%(n)s regiones", reach.regions) % {
                "n": number(reach.regions)
            }
    reading = latest_reading(figures.results)
    items = [
        SummaryItem("schools", _("Instituciones educativas"), reach.schools, "number", schools_note),
        SummaryItem(
            "teachers",
            _("Docentes y directores activos"),
            reach.teachers,
            "number",
            ngettext("de %(n)s institución", "de %(n)s instituciones", reach.schools) % {"n": number(reach.schools)},
        ),
        SummaryItem("students", _("Estudiantes"), reach.students, "number", _("matrícula más reciente registrada")),
        SummaryItem(
            "visits",
            _("Visitas en el periodo"),
            visits.visits,
            "number",
            _("de %(plan)s planificadas (%(share)s)") % {"plan": number(visits.plan), "share": percent(visits.share)},
        ),
        SummaryItem(
            "coverage",
            ngettext(
                "Cobertura: visitadas en el último día",
                "Cobertura: visitadas en los últimos %(d)s días",
                coverage.days,
            )
            % {"d": coverage.days},
            coverage.share,
            "percent",
            ngettext("%(v)s de %(t)s institución", "%(v)s de %(t)s instituciones", coverage.schools)
            % {"v": number(coverage.visited), "t": number(coverage.schools)},
        ),
        SummaryItem(
            "trained",
            _("Docentes que asistieron a un taller"),
            teachers.share if teachers else None,
            "percent",
            _("%(r)s de %(n)s docentes") % {"r": number(teachers.reached), "n": number(teachers.of)}
            if teachers
            else "",
        ),
        SummaryItem(
            "goals",
            _("Metas en camino"),
            goals.on_track,
            "number",
            ngettext("de %(t)s meta del año %(y)s (%(s)s)", "de %(t)s metas del año %(y)s (%(s)s)", goals.total)
            % {"t": number(goals.total), "y": goals.year, "s": percent(share(goals.on_track, goals.total))},
        ),
        SummaryItem(
            "reading",
            _("Lectura: nivel satisfactorio"),
            reading.levels.get("satisfactorio") if reading else None,
            "percent",
            _("%(g)s.° grado, %(y)s · de %(n)s evaluados · nacional %(nat)s")
            % {"g": reading.grade, "y": reading.year, "n": number(reading.evaluated), "nat": percent(reading.national)}
            if reading
            else _("aún no hay resultados registrados"),
        ),
    ]
    return items


def _focus(figures, network_year: int | None, is_network: bool) -> list[FocusRow]:
    """The program years the scope's networks are in during the period, each with its focus and what the
    curriculum says of it (both from the figures' program years and the curriculum table, in the
    report's language); a network report, only the network's own year."""
    known = {row.year: row for row in figures.program_years}
    if is_network:
        if network_year is None:
            return []  # the network's year 1 has not come
        year = min(network_year, settings.CEE_PROGRAM_YEARS + 1)
        row = known.get(year)
        rows = [(year, row.focus if row else "", 1, figures.reach.schools)]
    else:
        rows = [(row.year, row.focus, row.networks, row.schools) for row in figures.program_years if row.networks]
    in_program = [year for year, *_rest in rows if year <= settings.CEE_PROGRAM_YEARS]
    descriptions = {c.number: c.description for c in CurriculumYear.objects.filter(number__in=in_program)}
    return [
        FocusRow(year=year, focus=focus, description=descriptions.get(year, ""), networks=networks, schools=schools)
        for year, focus, networks, schools in rows
    ]


def _goals(figures) -> list[GoalRow]:
    goals = figures.goals
    counts = {
        GoalStatus.ON_TRACK: goals.on_track,
        GoalStatus.AT_RISK: goals.at_risk,
        GoalStatus.OFF_TRACK: goals.off_track,
        GoalStatus.NO_MEASURE: goals.no_measure,
    }
    return [
        GoalRow(status=status.value, label=str(status.label), count=count, share=share(count, goals.total))
        for status, count in counts.items()
    ]


def _results(results: list[ResultYear]) -> list[ResultTable]:
    """The results by subject and grade (reading first), each year with its change in % satisfactorio
    against the previous year on record: the trend a board asks about."""
    labels = dict(AssessmentResult.Subject.choices)
    order = {value: index for index, value in enumerate(AssessmentResult.Subject.values)}
    groups: dict[tuple[str, int], list[ResultYear]] = {}
    for row in results:
        groups.setdefault((row.subject, row.grade), []).append(row)
    tables = []
    for subject, grade in sorted(groups, key=lambda key: (order.get(key[0], 99), key[1])):
        rows, previous = [], None
        for row in sorted(groups[subject, grade], key=lambda r: r.year):
            current = row.levels.get("satisfactorio")
            change = current - previous if current is not None and previous is not None else None
            rows.append(ResultRow(result=row, change=change))
            previous = current if current is not None else previous
        tables.append(ResultTable(subject=subject, label=str(labels.get(subject, subject)), grade=grade, rows=rows))
    return tables


def _sponsored_schools(schools, period: Period) -> list[SchoolLine]:
    """The schools a sponsor funds in the period's year, with their network at its last elapsed day."""
    on = period.until
    listed = attach_networks(schools.select_related("district__province__region").order_by("name", "pk"), on)
    return [
        SchoolLine(
            name=school.name,
            codigo_modular=school.codigo_modular,
            region=school.district.province.region.name,
            network=school.network.name if school.network else _("Sin red"),
            program_year=school.network.program_year_on(on) if school.network else None,
        )
        for school in listed
    ]
