"""The report's charts, drawn on the server as SVG: WeasyPrint runs no JavaScript, so the dashboards'
charts (drawn in the browser) cannot come along.

Each function takes the dashboards' own figures and returns SVG markup, marked safe only because every
piece of text in it went through `escape` (a network may be called "Red <Norte> & Sur"). Each chart has a
`<title>` and an `aria-label`, and the document prints its table right after it. Colours step in
lightness, so a report copied in grey still tells the series apart, and every series also has words (a
legend, a label on the bar): colour is never the only clue. An empty figure gives "" (the template says
in words what is missing).
"""

from decimal import Decimal

from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.templatetags.cee_format import number
from evaluations.models import GoalStatus
from evaluations.templatetags.school_tier import percent

WIDTH = 680  # the viewBox's width: about the width of A4's text block at 96 px per inch, so 1 unit ~ 1 px
FONT = "DejaVu Sans, sans-serif"
INK, MUTED, GRID, TRACK = "#1f2933", "#52606d", "#d9dee4", "#eef1f5"
ACCENT = "#1d4e89"  # visits, reached: the same colour for the same thing on every chart
PLAN = "#1f2933"
# Achievement levels, satisfactorio first (dark) to previo al inicio (palest): one hue, four lightnesses.
LEVELS = (
    ("satisfactorio", "#1d4e89", "#ffffff"),
    ("en_proceso", "#5b8fc9", "#ffffff"),
    ("en_inicio", "#a9c5e6", INK),
    ("previo_inicio", "#dde6f1", INK),
)
# Goal statuses: dark, mid, light, white (outlined), with their words and icons.
GOAL_LOOK = {
    GoalStatus.ON_TRACK: ("#1b5e36", "#ffffff", "✓"),
    GoalStatus.OFF_TRACK: ("#d9735a", INK, "✗"),
    GoalStatus.AT_RISK: ("#f2c45a", INK, "⚠"),
    GoalStatus.NO_MEASURE: ("#ffffff", INK, "—"),
}
GOAL_ORDER = (GoalStatus.ON_TRACK, GoalStatus.AT_RISK, GoalStatus.OFF_TRACK, GoalStatus.NO_MEASURE)


def _attrs(**values) -> str:
    return " ".join(f'{name.replace("_", "-")}="{escape(value)}"' for name, value in values.items())


def _text(x, y, text, *, size=11, anchor="start", fill=INK, weight="normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}">{escape(text)}</text>'
    )


def _rect(x, y, w, h, fill, stroke=None) -> str:
    line = f' stroke="{stroke}" stroke-width="0.8"' if stroke else ""
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" fill="{fill}"{line}/>'


def _line(x1, y1, x2, y2, stroke, width=1.0, dash=None) -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
        f'stroke-width="{width}"{dashes}/>'
    )


def _svg(height: float, label: str, body: list[str]) -> SafeString:
    """The chart's frame: its accessible name, a title for readers that show one, the drawing."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'{_attrs(aria_label=label)} viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'font-family="{FONT}"><title>{escape(label)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 -- every text above went through escape()


def _nice_step(top: float) -> int:
    """A round gridline step (1, 2, 2.5 or 5 times a power of ten) giving at most five lines up to `top`."""
    power = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            step = factor * power
            if step == int(step) and top / step <= 5:
                return int(step)
        power *= 10


def _legend(x: float, y: float, items: list[tuple[str, str, str | None]]) -> tuple[list[str], float]:
    """Swatches with their words in a row (wrapping): (kind "box" or "dash", colour, label)."""
    parts, cursor = [], x
    for kind, colour, label in items:
        width = 22 + len(label) * 6.3
        if cursor + width > WIDTH and cursor > x:
            cursor, y = x, y + 16
        if kind == "box":
            parts.append(_rect(cursor, y - 9, 11, 11, colour, stroke=MUTED))
        else:
            parts.append(_line(cursor, y - 3.5, cursor + 14, y - 3.5, colour, 2.2, dash="4 2"))
        parts.append(_text(cursor + 17, y, label, size=10, fill=INK))
        cursor += width
    return parts, y + 16


# --- (a) visits against plan, per month ---------------------------------------------------------------
def visits_chart(months) -> SafeString:
    """Visits made per month (bars, with their number) against the plan (a dashed tick per month)."""
    if not months:
        return mark_safe("")
    label = _("Visitas por mes frente a lo planificado")
    top = max([m.visits for m in months] + [m.plan for m in months] + [1])
    step = _nice_step(top)
    top = step * -(-top // step)
    left, right, plot_top = 48, 12, 34
    plot_h = 150 if len(months) > 1 else 96  # one month's bar needs no tall frame
    plot_w = WIDTH - left - right
    slot = plot_w / len(months)
    bar = min(slot * 0.56, 56)
    body, legend_end = _legend(
        left, 14, [("box", ACCENT, _("Visitas realizadas")), ("dash", PLAN, _("Visitas planificadas"))]
    )
    plot_top = max(plot_top, legend_end + 4)
    base = plot_top + plot_h

    def y_of(value):
        return base - plot_h * value / top

    for tick in range(0, top + 1, step):
        y = y_of(tick)
        body.append(_line(left, y, WIDTH - right, y, GRID, 0.8))
        body.append(_text(left - 6, y + 3.5, number(tick), size=9.5, anchor="end", fill=MUTED))
    for index, month in enumerate(months):
        centre = left + slot * (index + 0.5)
        height = base - y_of(month.visits)
        body.append(_rect(centre - bar / 2, base - height, bar, height, ACCENT))
        # The count sits inside the foot of its bar, where the plan's tick (near the top) never covers it;
        # a bar too short to hold it has it on top.
        if height >= 16:
            body.append(_text(centre, base - 5, number(month.visits), size=8.5, anchor="middle", fill="#ffffff"))
        else:
            body.append(_text(centre, base - height - 4, number(month.visits), size=8.5, anchor="middle"))
        plan_y = y_of(month.plan)
        body.append(_line(centre - bar / 2 - 5, plan_y, centre + bar / 2 + 5, plan_y, PLAN, 2.2, dash="4 2"))
        name = formats.date_format(month.month, "b" if len(months) > 1 else "F Y")
        body.append(_text(centre, base + 14, name.capitalize(), size=9.5, anchor="middle", fill=MUTED))
    body.append(_line(left, base, WIDTH - right, base, MUTED, 1))
    mid = plot_top + plot_h / 2
    body.append(
        f'<text x="12" y="{mid:.1f}" font-size="9.5" text-anchor="middle" fill="{MUTED}" '
        f'transform="rotate(-90 12 {mid:.1f})">{escape(_("Visitas"))}</text>'
    )
    return _svg(base + 24, label, body)


# --- (b) results by level, per year, 100 % stacked -----------------------------------------------------
def results_chart(rows, *, subject_label: str, grade: int, level_labels: dict[str, str]) -> SafeString:
    """One horizontal bar per year, split by achievement level (satisfactorio first, from the left), with
    the national % satisfactorio of that year marked as a black tick: a bar whose dark part reaches past
    the tick did better than the country. Its legend is `levels_legend`, printed once above the charts."""
    rows = [row for row in rows if row.evaluated]
    if not rows:
        return mark_safe("")
    label = _("%(subject)s, %(grade)s.° grado: niveles de logro por año") % {"subject": subject_label, "grade": grade}
    left, right, row_h, bar_h = 48, 14, 30, 18
    body, top = [], 4
    plot_w = WIDTH - left - right
    for index, row in enumerate(rows):
        y = top + 4 + index * row_h
        body.append(_text(left - 8, y + bar_h / 2 + 4, str(row.year), size=10.5, anchor="end"))
        cursor = left
        for code, colour, ink in LEVELS:
            share = row.levels.get(code) or Decimal(0)
            width = plot_w * float(share) / 100
            if width <= 0:
                continue
            body.append(_rect(cursor, y, width, bar_h, colour, stroke="#ffffff"))
            if code == "satisfactorio" and width >= 34:  # the one share a reader looks for; the table has all
                body.append(
                    _text(cursor + width / 2, y + bar_h / 2 + 3.8, percent(share), size=9, anchor="middle", fill=ink)
                )
            cursor += width
        body.append(_rect(left, y, cursor - left, bar_h, "none", stroke=MUTED))  # the palest level's edge
        if row.national is not None:
            x = left + plot_w * float(row.national) / 100
            body.append(_line(x, y - 4, x, y + bar_h + 4, INK, 2.4))
    axis_y = top + 4 + len(rows) * row_h
    for tick in range(0, 101, 50):
        x = left + plot_w * tick / 100
        body.append(_line(x, axis_y - 6, x, axis_y - 2, MUTED, 0.8))
        body.append(_text(x, axis_y + 8, f"{tick}\u00a0%", size=9, anchor="middle", fill=MUTED))
    return _svg(axis_y + 14, label, body)


def levels_legend(level_labels: dict[str, str]) -> SafeString:
    """The results charts' legend, as HTML under the section's title (one for every chart of the section:
    text in HTML costs WeasyPrint a fraction of text in SVG)."""
    items = [
        format_html('<span class="swatch" style="background:{}"></span>{}', colour, level_labels[code])
        for code, colour, _ink in LEVELS
    ]
    items.append(format_html('<span class="tick"></span>{}', _("Nacional (% satisfactorio)")))
    return format_html(
        '<p class="legend" aria-hidden="true">{}</p>',
        mark_safe("".join(f"<span>{item}</span>" for item in items)),  # noqa: S308
    )


# --- (c) goals by status, one stacked bar --------------------------------------------------------------
def goals_chart(goals) -> SafeString:
    """The year's goals as one bar split by status, each part with its icon and count."""
    total = goals.total
    if not total:
        return mark_safe("")
    label = _("Metas del año %(year)s por estado") % {"year": goals.year}
    counts = {
        GoalStatus.ON_TRACK: goals.on_track,
        GoalStatus.AT_RISK: goals.at_risk,
        GoalStatus.OFF_TRACK: goals.off_track,
        GoalStatus.NO_MEASURE: goals.no_measure,
    }
    left, right, y, bar_h = 4, 4, 6, 26
    plot_w = WIDTH - left - right
    body, cursor = [], left
    for status in GOAL_ORDER:
        count = counts[status]
        if not count:
            continue
        fill, ink, icon = GOAL_LOOK[status]
        width = plot_w * count / total
        body.append(_rect(cursor, y, width, bar_h, fill, stroke=MUTED))
        if width >= 40:
            body.append(
                _text(
                    cursor + width / 2,
                    y + bar_h / 2 + 4,
                    f"{icon} {number(count)}",
                    size=10.5,
                    anchor="middle",
                    fill=ink,
                )
            )
        cursor += width
    legend = [
        ("box", GOAL_LOOK[status][0], f"{GOAL_LOOK[status][2]} {status.label}: {number(counts[status])}")
        for status in GOAL_ORDER
    ]
    parts, end = _legend(left, y + bar_h + 18, legend)
    return _svg(end, label, body + parts)


# --- (d) workshop coverage by audience ----------------------------------------------------------------
def workshops_chart(rows) -> SafeString:
    """The share of each invited population that came to a workshop of the year (directors, teachers);
    parents have no roll to measure against, so their line states the count recorded."""
    if not rows:
        return mark_safe("")
    label = _("Talleres: cobertura por público")
    left, right, row_h, bar_h = 150, 60, 28, 16
    plot_w = WIDTH - left - right
    body, y = [], 6
    for row in rows:
        body.append(_text(left - 8, y + bar_h / 2 + 4, row.label, size=10.5, anchor="end"))
        if row.share is None:
            if row.of is None:
                words = _("%(n)s asistentes registrados (sin padrón para comparar)") % {"n": number(row.reached)}
            else:
                words = _("Nadie a quien invitar en estas instituciones")
            body.append(_text(left, y + bar_h / 2 + 4, words, size=10, fill=MUTED))
        else:
            body.append(_rect(left, y, plot_w, bar_h, TRACK))
            width = plot_w * float(min(row.share, Decimal(100))) / 100
            body.append(_rect(left, y, width, bar_h, ACCENT))
            body.append(_text(left + width + 5, y + bar_h / 2 + 4, percent(row.share), size=10, weight="bold"))
        y += row_h
    for tick in range(0, 101, 50):
        x = left + plot_w * tick / 100
        body.append(_line(x, y - 6, x, y - 2, MUTED, 0.8))
        body.append(_text(x, y + 8, f"{tick}\u00a0%", size=9, anchor="middle", fill=MUTED))
    return _svg(y + 14, label, body)
