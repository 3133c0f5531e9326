"""The period a dashboard looks at: one month or one calendar year, named in the URL as 2026-11 or 2026."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

YEARS_BACK = 4  # the period menu offers this year and the four before it (a network's five years)
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?$")


@dataclass(frozen=True)
class Period:
    """[start, end] inclusive. `until` is the end or today, whichever is earlier: figures that grow with
    time (visits against plan) are measured to it, so this month is judged on its elapsed days."""

    start: datetime.date
    end: datetime.date
    today: datetime.date

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end.month == self.start.month and self.start.year == self.end.year

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def until(self) -> datetime.date:
        return min(self.end, self.today)

    @property
    def is_current(self) -> bool:
        return self.start <= self.today <= self.end

    @property
    def value(self) -> str:
        return f"{self.start:%Y-%m}" if self.is_month else f"{self.start:%Y}"

    @property
    def months(self) -> list[datetime.date]:
        """The first day of every month of the period that has begun by `today`."""
        months, month = [], self.start
        while month <= self.until:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    @property
    def label(self) -> str:
        if self.is_month:
            return formats.date_format(self.start, "F Y")
        return _("Año %(year)s") % {"year": self.start.year}


def month_period(year: int, month: int, today: datetime.date) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(datetime.date(year, month, 1), datetime.date(year, month, last), today)


def year_period(year: int, today: datetime.date) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), today)


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    """This year's months up to this one (newest first), last year's months, then whole years."""
    choices = []
    for year in (today.year, today.year - 1):
        for month in range(12 if year < today.year else today.month, 0, -1):
            period = month_period(year, month, today)
            choices.append((period.value, period.label))
    for year in range(today.year, today.year - YEARS_BACK - 1, -1):
        period = year_period(year, today)
        choices.append((period.value, period.label))
    return choices


def parse_period(value: str | None, today: datetime.date) -> Period | None:
    """The period a URL value names, or None for a value the menu does not offer."""
    if not value or value not in dict(period_choices(today)):
        return None
    match = _PERIOD.match(value)
    year = int(match["year"])
    if match["month"]:
        return month_period(year, int(match["month"]), today)
    return year_period(year, today)


def default_period(today: datetime.date) -> Period:
    """This month: what a staff member asks first ("who has nobody visited this month?")."""
    return month_period(today.year, today.month, today)
