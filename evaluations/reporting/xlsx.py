"""The report as a spreadsheet: the same content as the PDF, one sheet per part, for staff who want the
numbers themselves (to sort, to chart, to paste into a board's deck).

Numbers are numbers and dates are dates; a percentage is written as its fraction with a "0.0 %" format,
so Excel shows 45.2 % and adds it up right. Texts that a spreadsheet would run as formulas are defused the
way the dashboards' exports defuse them. openpyxl's write-only mode keeps memory flat.
"""

import datetime
import pathlib
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from evaluations.dashboard.exports import DATE_FORMAT, safe_text
from evaluations.selectors import LEVELS

from .attention import DATE, DECIMAL, MONEY, NUMBER
from .content import share

PERCENT_FORMAT = "0.0%"  # the cell holds 0.452, Excel shows 45.2%
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
MONEY_FORMATS = {"PEN": '"S/ "#,##0.00', "USD": '"US$ "#,##0.00'}
LEVEL_ORDER = ("satisfactorio", "en_proceso", "en_inicio", "previo_inicio")


class _Sheet:
    """A write-only sheet with typed cells: bold headers, numbers, percentages, money, dates."""

    def __init__(self, workbook: Workbook, title: str, widths: list[int] | None = None):
        self.sheet = workbook.create_sheet(title=title[:31])
        for index, width in enumerate(widths or []):
            self.sheet.column_dimensions[chr(ord("A") + index)].width = width
        self.bold = Font(bold=True)

    def _cell(self, value, fmt: str | None = None, *, bold: bool = False):
        if isinstance(value, str):
            value = safe_text(value)
        elif isinstance(value, Decimal):
            value = float(value)
        cell = WriteOnlyCell(self.sheet, value=value)
        if fmt and value is not None:
            cell.number_format = fmt
        if bold:
            cell.font = self.bold
        return cell

    def headers(self, *names):
        self.sheet.append([self._cell(str(name), bold=True) for name in names])

    def title(self, text):
        self.sheet.append([self._cell(str(text), bold=True)])

    def blank(self):
        self.sheet.append([])

    def row(self, *cells):
        """Each cell a value, or (value, format)."""
        self.sheet.append([self._cell(*cell) if isinstance(cell, tuple) else self._cell(cell) for cell in cells])


def pct(value) -> tuple:
    """A percentage (45.2) as Excel's fraction (0.452) with a percent format; None stays empty."""
    return (None if value is None else float(Decimal(value) / 100), PERCENT_FORMAT)


def n(value) -> tuple:
    return (value, INTEGER_FORMAT)


def write_xlsx(content, path: pathlib.Path) -> None:
    """Write the report's workbook to exactly `path`."""
    workbook = Workbook(write_only=True)
    _summary(workbook, content)
    _visits(workbook, content)
    _workshops(workbook, content)
    _goals(workbook, content)
    _results(workbook, content)
    _attention(workbook, content)
    _children(workbook, content)
    if content.for_sponsor:
        _schools(workbook, content)
    workbook.save(str(path))


def _local(moment) -> str:
    """A moment as the PDF prints it: in Peru's time, dd/mm/yyyy hh:mm."""
    return formats.date_format(timezone.localtime(moment), "d/m/Y H:i") if moment else "—"


def _summary(workbook, content):
    sheet = _Sheet(workbook, _("Resumen"), [46, 18, 60])
    figures = content.figures
    sheet.title(content.title)
    sheet.row(_("Periodo"), str(content.period_label))
    sheet.row(str(content.target_label), content.target_name)
    sheet.row(_("Alcance"), content.scope_line)
    sheet.row(_("Cifras al"), _local(content.as_of))
    sheet.row(_("Generado el"), _local(content.generated_at))
    sheet.blank()
    sheet.headers(_("Indicador"), _("Valor"), _("Base"))
    for item in content.summary:
        value = pct(item.value) if item.unit == "percent" else n(item.value)
        sheet.row(item.label, value, item.note)
    if content.show_funding:
        funding = figures.funding
        sheet.blank()
        sheet.headers(_("Financiamiento"), _("Valor"), _("Base"))
        year = figures.period.year
        sheet.row(_("Empresas auspiciadoras con convenio vigente"), n(funding.sponsors), str(year))
        sheet.row(_("Comprometido en soles"), (funding.committed.pen, MONEY_FORMATS["PEN"]), _("convenios vigentes"))
        sheet.row(_("Comprometido en dólares"), (funding.committed.usd, MONEY_FORMATS["USD"]), _("convenios vigentes"))
        sheet.row(_("Recibido en soles"), (funding.received.pen, MONEY_FORMATS["PEN"]), _("aportes del año"))
        sheet.row(_("Recibido en dólares"), (funding.received.usd, MONEY_FORMATS["USD"]), _("aportes del año"))
        sheet.row(_("Tipo de cambio (soles por dólar)"), (funding.usd_to_pen, "0.00"))
    sheet.blank()
    sheet.headers(_("Año del programa"), _("Enfoque"), _("Redes"), _("Instituciones"))
    for row in content.focus:
        sheet.row(n(row.year), row.focus or _("Egresadas"), n(row.networks), n(row.schools))


def _visits(workbook, content):
    sheet = _Sheet(workbook, _("Visitas"), [14, 12, 14, 18])
    visits = content.figures.visits
    sheet.headers(_("Mes"), _("Visitas"), _("Planificadas"), _("% de lo planificado"))
    for month in visits.months:
        sheet.row((month.month, "MM/YYYY"), n(month.visits), n(month.plan), pct(share(month.visits, month.plan)))
    sheet.row(_("Total"), n(visits.visits), n(visits.plan), pct(visits.share))
    coverage = content.figures.coverage
    sheet.blank()
    sheet.headers(_("Cobertura"), _("Visitadas"), _("Instituciones"), _("%"))
    sheet.row(
        _("Visitadas en los últimos %(d)s días") % {"d": coverage.days},
        n(coverage.visited),
        n(coverage.schools),
        pct(coverage.share),
    )


def _workshops(workbook, content):
    sheet = _Sheet(workbook, _("Talleres"), [22, 12, 12, 12])
    sheet.headers(_("Público"), _("Asistieron"), _("De"), _("Cobertura"))
    for row in content.figures.workshops:
        sheet.row(row.label, n(row.reached), n(row.of), pct(row.share))


def _goals(workbook, content):
    sheet = _Sheet(workbook, _("Metas"), [20, 10, 12])
    sheet.headers(_("Estado"), _("Metas"), _("Del total"))
    for row in content.goals:
        sheet.row(row.label, n(row.count), pct(row.share))
    sheet.row(_("Total"), n(content.figures.goals.total), None)


def _results(workbook, content):
    labels = {code.removeprefix("level_"): str(label) for code, label in LEVELS}
    sheet = _Sheet(workbook, _("Resultados"), [14, 8, 8, 11] + [14] * 7)
    sheet.headers(
        _("Materia"),
        _("Grado"),
        _("Año"),
        _("Evaluados"),
        *[labels[code] for code in LEVEL_ORDER],
        _("Nacional (% satisfactorio)"),
        _("Su primer año (% satisfactorio)"),
        _("Cambio (puntos)"),
    )
    for table in content.results:
        for row in table.rows:
            result = row.result
            sheet.row(
                table.label,
                n(table.grade),
                result.year,
                n(result.evaluated),
                *[pct(result.levels.get(code)) for code in LEVEL_ORDER],
                pct(result.national),
                pct(result.first_year),
                (row.change, "+0.0;-0.0;0.0"),
            )


def _typed(value, kind: str):
    if value is None or isinstance(value, str):
        return value
    if kind == MONEY:
        amount, currency = value
        return (amount, MONEY_FORMATS.get(currency, DECIMAL_FORMAT))
    if kind == DATE and isinstance(value, datetime.date):
        return (value, DATE_FORMAT)
    if kind == DECIMAL:
        return (value, DECIMAL_FORMAT)
    if kind == NUMBER:
        return n(value)
    return str(value)


def _attention(workbook, content):
    sheet = _Sheet(workbook, _("Atención"), [44, 30, 22, 22, 16, 14])
    sheet.headers(_("Tema"), _("Casos"))
    for section in content.attention:
        sheet.row(section.title, n(section.count))
    for section in content.attention:
        if section.rows_withheld or not section.rows:
            continue
        sheet.blank()
        sheet.title(f"{section.title} ({section.count})")
        sheet.headers(*[column.header for column in section.columns])
        for row in section.rows:
            sheet.row(*[_typed(value, column.kind) for value, column in zip(row, section.columns, strict=True)])
        if section.more:
            sheet.row(_("Y %(n)s más en la lista de atención del panel.") % {"n": section.more})


def _children(workbook, content):
    sheet = _Sheet(workbook, _("Nivel inferior"), [40, 12, 12, 10, 12, 12, 14, 14, 14])
    kind = content.children_kind
    name = {"region": _("Región"), "network": _("Red educativa"), "school": _("Institución educativa")}[kind]
    sheet.headers(
        name,
        _("Año del programa"),
        _("Instituciones"),
        _("Visitas"),
        _("Planificadas"),
        _("% del plan"),
        _("Visitadas en %(d)s días") % {"d": content.figures.coverage.days},
        _("Metas en camino"),
        _("Lectura: satisfactorio"),
    )
    for line in content.children:
        row = line.row
        sheet.row(
            row.name,
            n(row.program_year),
            n(row.schools),
            n(row.visits),
            n(row.plan),
            pct(line.visit_share),
            pct(row.coverage),
            pct(row.goals_on_track),
            pct(row.satisfactorio),
        )


def _schools(workbook, content):
    sheet = _Sheet(workbook, _("Instituciones"), [44, 14, 16, 30, 10])
    sheet.headers(_("Institución educativa"), _("Código modular"), _("Región"), _("Red educativa"), _("Año"))
    for school in content.schools:
        sheet.row(school.name, school.codigo_modular, school.region, school.network, n(school.program_year))
