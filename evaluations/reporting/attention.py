"""The attention list as a report shows it: each section's count, and the rows its reader may see.

The sections come from the attention page's own rules (`evaluations.dashboard.attention`); this module
only decides which of their rows a report carries, and turns them into plain cells (text, numbers,
dates, money) that the PDF and the spreadsheet write alike.

Staff reports (nation, region, network) carry what the attention page shows: each section's count and
its first `ROWS_SHOWN` rows. A sponsor's report goes to a company: Ley 29733 keeps teachers' names, DNI
and phones from it, and coordinators' work (their visits, their notes, which networks lack one) is the
program's internal business. So it keeps every section's count, but rows only of the sections whose rows
are schools (not visited lately, no results), and of those only the school's own public data: name,
código modular, region, network. No visit dates either: they are about individual visits.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from evaluations.dashboard.attention import (
    GOALS_OFF_TRACK,
    NO_COORDINATOR,
    NO_OBSERVATIONS,
    NO_RESULTS,
    SPONSORSHIPS_ENDING,
    UNOBSERVED,
    UNVISITED,
    Section,
    sponsorship_end,
)

TEXT, NUMBER, DECIMAL, DATE, MONEY = "text", "number", "decimal", "date", "money"
# The sections whose rows are schools: the only rows a sponsor's report carries.
SPONSOR_ROWS = (UNVISITED, NO_RESULTS)


# The printed width (% of the table) of the narrow columns; text columns share what is left.
NARROW = {DATE: 12, NUMBER: 11, DECIMAL: 11, MONEY: 16}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT  # how a cell is written: TEXT, NUMBER (integer), DECIMAL, DATE, MONEY ((amount, currency))
    fixed: int | None = None  # a printed width for a short text column (a code, a region)

    @property
    def width(self) -> int | None:
        return self.fixed or NARROW.get(self.kind)

    @property
    def numeric(self) -> bool:
        return self.kind in (NUMBER, DECIMAL, MONEY)


@dataclass
class ReportSection:
    """One section of the attention list in a report: `rows` are lists of cells in `columns`' order."""

    key: str
    title: str
    rule: str  # the rule in words, as the attention page states it
    count: int
    columns: list[Column] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    rows_withheld: bool = False  # a sponsor's report: the count only, by rule (not "nothing to show")

    @property
    def more(self) -> int:
        """How many rows the report leaves out (the attention page lists them all)."""
        return max(self.count - len(self.rows), 0) if not self.rows_withheld else 0


def _network_name(school) -> str:
    network = getattr(school, "network", None)
    return network.name if network else _("Sin red")


def _region_name(school) -> str:
    return school.district.province.region.name


def _unvisited(rows, *, staff: bool):
    columns = [
        Column(_("Institución")),
        Column(_("Código modular"), fixed=13),
        Column(_("Región"), fixed=13),
        Column(_("Red")),
    ]
    if not staff:
        return columns, [[s.name, s.codigo_modular, _region_name(s), _network_name(s)] for s in rows]
    columns += [Column(_("Última visita"), DATE), Column(_("Días sin visita"), NUMBER)]
    return columns, [
        [
            s.name,
            s.codigo_modular,
            _region_name(s),
            _network_name(s),
            s.last_visit_on or _("Nunca visitada"),
            s.days_since,
        ]
        for s in rows
    ]


def _no_results(rows, *, staff: bool):
    columns = [Column(_("Institución")), Column(_("Código modular"), fixed=13), Column(_("Región"), fixed=13)]
    return columns, [[s.name, s.codigo_modular, _region_name(s)] for s in rows]


def _no_coordinator(rows, *, staff: bool):
    columns = [
        Column(_("Red")),
        Column(_("Región"), fixed=13),
        Column(_("Año del programa"), NUMBER, fixed=14),
        Column(_("Último coordinador(a) hasta"), DATE),
    ]
    return columns, [
        [n.name, n.region.name, n.program_year, n.last_coordinated_on or _("Nunca tuvo coordinador(a)")] for n in rows
    ]


def _no_observations(rows, *, staff: bool):
    columns = [Column(_("Fecha"), DATE), Column(_("Institución")), Column(_("Docente")), Column(_("Coordinador(a)"))]
    return columns, [
        [
            v.date,
            v.school.name,
            str(v.teacher) if v.teacher_id else "—",
            v.coordinator.get_full_name() or v.coordinator.username,
        ]
        for v in rows
    ]


def _unobserved(rows, *, staff: bool):
    columns = [Column(_("Docente")), Column(_("Institución")), Column(_("Grados"), fixed=14)]
    return columns, [
        [
            f"{t.last_name}, {t.first_name}",
            t.school.name,
            ", ".join(f"{grade}.°" for grade in t.grades or []) or "—",
        ]
        for t in rows
    ]


def _sponsorships_ending(rows, *, staff: bool):
    columns = [
        Column(_("Empresa auspiciadora")),
        Column(_("Institución")),
        Column(_("Vence"), DATE),
        Column(_("Monto comprometido"), MONEY),
    ]
    return columns, [
        [s.sponsor.name, s.school.name, sponsorship_end(s.end_year), (s.committed_amount, s.currency)] for s in rows
    ]


def _goals_off_track(rows, *, staff: bool):
    columns = [
        Column(_("Meta")),
        Column(_("Institución")),
        Column(_("Último valor"), DECIMAL),
        Column(_("Valor meta"), DECIMAL),
        Column(_("Medida el"), DATE),
    ]
    return columns, [
        [
            g.indicator,
            g.school.name,
            g.latest_value if g.latest_value is None else Decimal(g.latest_value),
            Decimal(g.target),
            g.latest_measured_on,
        ]
        for g in rows
    ]


ROW_BUILDERS = {
    UNVISITED: _unvisited,
    NO_COORDINATOR: _no_coordinator,
    NO_OBSERVATIONS: _no_observations,
    UNOBSERVED: _unobserved,
    SPONSORSHIPS_ENDING: _sponsorships_ending,
    NO_RESULTS: _no_results,
    GOALS_OFF_TRACK: _goals_off_track,
}


def report_sections(sections: list[Section], *, staff: bool) -> list[ReportSection]:
    """The attention page's sections with the cells a report may carry (`staff=False`: a sponsor's)."""
    out = []
    for section in sections:
        withheld = not staff and section.key not in SPONSOR_ROWS
        columns, rows = ([], []) if withheld else ROW_BUILDERS[section.key](list(section.rows), staff=staff)
        out.append(
            ReportSection(
                key=section.key,
                title=str(section.title),
                rule=str(section.rule),
                count=section.count,
                columns=columns,
                rows=rows,
                rows_withheld=withheld,
            )
        )
    return out
