"""The report as a PDF: its HTML (templates/reports/monitoring_report.html) laid out by WeasyPrint on A4.

WeasyPrint is imported inside `write_pdf`, so importing this module (or the reports' service) never needs
pango: only the worker that writes a PDF does. The document fetches nothing: its CSS is inline, its
charts are inline SVG, its font is DejaVu Sans from the system (fontconfig), and the URL fetcher refuses
every scheme but `data:` and stops the rendering if anything asks, so a template that one day links an
image from the network fails in the tests instead of making a worker wait on the network.
"""

import datetime
import functools
import gc
import hashlib
import pathlib
import re

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import strip_spaces_between_tags
from django.utils.translation import gettext as _

from core.templatetags.cee_format import money, number
from evaluations.dashboard.attention import ROWS_SHOWN
from evaluations.national import SOURCE
from evaluations.selectors import LEVELS

from . import svg
from .attention import DATE, DECIMAL, MONEY, NUMBER
from .content import share

TEMPLATE = "reports/monitoring_report.html"
# Tables of the report in the order of the chart beside them: satisfactorio first.
LEVEL_ORDER = ("satisfactorio", "en_proceso", "en_inicio", "previo_inicio")


def css_string(text: str) -> str:
    """`text` as the inside of a CSS string in a <style> element: quotes, backslashes, line breaks and
    `<` (which could close the element) escaped."""
    out = []
    for char in str(text):
        if char in '"\\<>':
            out.append(f"\\{ord(char):X} ")
        elif char in "\n\r\f":
            out.append("\\A ")
        else:
            out.append(char)
    return "".join(out)


def _page_counter_css() -> str:
    """The footer's "Página 3 de 8" as a CSS `content` value, from one translatable sentence (so another
    language may put the numbers in another order)."""
    sentence = _("Página %(page)s de %(pages)s") % {"page": "\x00", "pages": "\x01"}
    out = []
    for piece in re.split("([\x00\x01])", sentence):
        if piece == "\x00":
            out.append("counter(page)")
        elif piece == "\x01":
            out.append("counter(pages)")
        elif piece:
            out.append(f'"{css_string(piece)}"')
    return " ".join(out)


def cell_text(value, kind: str) -> str:
    """One cell of the attention list as the PDF prints it (Peruvian numbers and dates)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if kind == MONEY:
        amount, currency = value
        return money(amount, currency)
    if kind == DATE and isinstance(value, datetime.date):
        return formats.date_format(value, "d/m/Y")
    if kind == DECIMAL:
        return number(value, 2)
    if kind == NUMBER:
        return number(value)
    return str(value)


def _attention(content) -> list[dict]:
    return [
        {
            "section": section,
            "columns": section.columns,
            "rows": [
                [
                    {"text": cell_text(value, column.kind), "numeric": column.numeric and not isinstance(value, str)}
                    for value, column in zip(row, section.columns, strict=True)
                ]
                for row in section.rows
            ],
        }
        for section in content.attention
    ]


def _results(content, level_labels: dict[str, str]) -> list[dict]:
    return [
        {
            "table": table,
            "chart": svg.results_chart(
                [row.result for row in table.rows],
                subject_label=table.label,
                grade=table.grade,
                level_labels=level_labels,
            ),
            "rows": [
                {"item": row, "shares": [row.result.levels.get(code) for code in LEVEL_ORDER]} for row in table.rows
            ],
        }
        for table in content.results
    ]


def _schools_by_network(content) -> list[dict]:
    """A sponsor's schools grouped by network (one paragraph each): a company funding two thousand
    schools reads its list in a dozen pages instead of sixty."""
    groups: dict[tuple, list[str]] = {}
    for school in content.schools:
        groups.setdefault((school.network, school.region, school.program_year), []).append(school.name)
    return [
        {"network": network, "region": region, "program_year": year, "schools": names}
        for (network, region, year), names in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def report_context(content) -> dict:
    """What the template reads: the content, its charts, and its cells already written out."""
    labels = {code.removeprefix("level_"): str(label) for code, label in LEVELS}
    level_labels = {code: labels[code] for code in LEVEL_ORDER}
    figures = content.figures
    return {
        "report": content,
        "figures": figures,
        "level_labels": list(level_labels.values()),
        "charts": {
            "visits": svg.visits_chart(figures.visits.months),
            "workshops": svg.workshops_chart(figures.workshops),
            "goals": svg.goals_chart(figures.goals),
        },
        "results": _results(content, level_labels),
        "levels_legend": svg.levels_legend(level_labels),
        "school_groups": _schools_by_network(content),
        "attention": _attention(content),
        "page_counter_css": _page_counter_css(),
        "running_css": css_string(content.title),
        "visit_rows": [
            {"month": m.month, "visits": m.visits, "plan": m.plan, "share": share(m.visits, m.plan)}
            for m in figures.visits.months
        ],
        "national_source": SOURCE,
        "rows_shown": ROWS_SHOWN,
        "program_css": css_string(_("IPAE · Construyendo Escuelas Exitosas")),
    }


def render_html(content) -> str:
    """The report's HTML, as WeasyPrint lays it out (also handy to preview it in a browser). The blanks
    between tags (the template's indentation) go: fewer text nodes for WeasyPrint to parse and lay out."""
    return strip_spaces_between_tags(render_to_string(TEMPLATE, report_context(content)))


@functools.cache
def _fetcher():
    """One fetcher per process that refuses every scheme but `data:` and stops the rendering if asked
    for anything else. Made once: building one sets up an SSL context (tens of milliseconds)."""
    import weasyprint

    return weasyprint.URLFetcher(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=True)


def write_pdf(content, path: pathlib.Path) -> int:
    """Write the report's PDF to exactly `path` and return its number of pages.

    Fonts are embedded as subsets (only the glyphs used). The PDF's identifier is a hash of the HTML, and
    its dates are the content's, so the same content gives the same file.
    """
    import weasyprint  # here: only the worker that writes PDFs needs pango

    html = render_html(content)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    # WeasyPrint makes hundreds of thousands of small objects; in a process that holds Django's, each
    # cyclic collection walks them all (a fifth of the time at national scale). Reference counting still
    # frees them as they go; the cycles wait for the next collection after the PDF is written.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = weasyprint.HTML(string=html, url_fetcher=_fetcher(), media_type="print").render()
        document.write_pdf(target=str(path), pdf_identifier=identifier)
    finally:
        if collecting:
            gc.enable()
    return len(document.pages)
