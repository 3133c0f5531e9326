"""Server-drawn SVG charts: coordinates computed here, the template draws them; no JavaScript library.

A chart always has its table twin on the page (the same figures, for screen readers and for print).
"""

from dataclasses import dataclass, field
from decimal import Decimal

# Two sizes of one chart: a wide one for laptops and a narrow one for a 360 px phone, both with text at
# about 12 px on screen (an SVG scales its text with it).
WIDE, NARROW = (720, 260), (340, 220)
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 36  # margins around the plot, for the axes' labels
Y_TICKS = (0, 25, 50, 75, 100)
LABEL_GAP = 36  # the least room a year's label needs on the x axis; closer years go unlabelled


@dataclass
class Point:
    x: float
    y: float
    value: Decimal
    year: int


@dataclass
class TrendChart:
    width: int
    height: int
    left: int = LEFT
    top: int = TOP
    x_ticks: list[tuple[float, int]] = field(default_factory=list)  # (x, year) of the labelled years
    y_ticks: list[tuple[float, int]] = field(default_factory=list)  # (y, percent)
    school: list[Point] = field(default_factory=list)
    national: list[Point] = field(default_factory=list)
    first_year_y: float | None = None
    first_year_value: Decimal | None = None

    @property
    def right_edge(self) -> int:
        return self.width - RIGHT

    @property
    def bottom_edge(self) -> int:
        return self.height - BOTTOM

    @property
    def school_polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.school)


def _labelled(ticks: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """The years whose labels fit: the first and the last always, the others where they leave room."""
    if len(ticks) < 2:
        return ticks
    kept, last = [ticks[0]], ticks[-1]
    for tick in ticks[1:-1]:
        if tick[0] - kept[-1][0] >= LABEL_GAP and last[0] - tick[0] >= LABEL_GAP:
            kept.append(tick)
    return [*kept, last]


def trend_chart(trend, size: tuple[int, int] = WIDE) -> TrendChart | None:
    """The % satisfactorio of a trend by year: the school's line, the national figures, the first year's level.

    None when no year has anyone evaluated (nothing to draw; the table says so).
    """
    rows = [row for row in trend.rows if row.satisfactorio is not None]
    if not rows:
        return None
    width, height = size
    years = sorted({row.year for row in trend.rows})
    first, last = years[0], years[-1]
    plot_width, plot_height = width - RIGHT - LEFT, height - BOTTOM - TOP

    def x(year: int) -> float:
        if first == last:
            return LEFT + plot_width / 2
        return LEFT + plot_width * (year - first) / (last - first)

    def y(percent: Decimal) -> float:
        return height - BOTTOM - plot_height * float(percent) / 100

    chart = TrendChart(
        width=width,
        height=height,
        x_ticks=_labelled([(x(year), year) for year in years]),
        y_ticks=[(y(Decimal(tick)), tick) for tick in Y_TICKS],
        school=[Point(x(row.year), y(row.satisfactorio), row.satisfactorio, row.year) for row in rows],
        national=[Point(x(row.year), y(row.national), row.national, row.year) for row in trend.rows if row.national],
    )
    if trend.first_year_share is not None:
        chart.first_year_y, chart.first_year_value = y(trend.first_year_share), trend.first_year_share
    return chart
