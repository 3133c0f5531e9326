"""The map's points: every school of a dashboard's scope that has coordinates, coloured by the days since
its last visit or by its network's program year, and the schools without coordinates counted apart.

The rules:
- days since the last visit are counted on the period's last elapsed day (`Period.until`: the end of
  the period, or today), from the latest visit up to that day (the summary table
  `networks.SchoolVisitMonth`, read through `networks.selectors.last_visit_dates`);
- the visit buckets are 0-30 days, 31-60, 61-90, more than 90, and never visited;
- the program year is that of the school's network on the same day (1-5), "egresada" once the network
  has finished its five years, and "sin red" for a school in no network that day;
- a school without latitude and longitude is never drawn: it is counted and listed "sin coordenadas".

The points travel as arrays (`POINT_FIELDS` names the columns), not one GeoJSON object per school: at
20,000 schools 1.4 MB instead of 3.9 MB to parse in the browser (341 KB against 377 KB gzipped on the
wire; measured, see evaluations/tests/test_dashboard_map.py).
"""

import datetime
from bisect import bisect_left
from dataclasses import dataclass, field

from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _

from networks.models import SchoolMembership
from networks.selectors import attach_networks, last_visit_dates
from schools.models import Region, School

VISIT, PROGRAM_YEAR = "visita", "anio"
COLOR_CHOICES = [(VISIT, _("Días desde la última visita")), (PROGRAM_YEAR, _("Año del programa"))]

# Point columns, in order. `bucket` indexes the legend of the chosen colouring; `days` is None for a
# school never visited; `year` is the network's program year (6 and more: graduated; None: no network).
POINT_FIELDS = ("id", "lat", "lon", "name", "bucket", "days", "year")
COORDINATE_DECIMALS = 5  # about one metre: more is noise on a map of the country, and bytes


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str  # the words that go with the colour in the legend, the popup and the table
    color: str


# Days since the last visit: green to red, never visited in dark grey (the legend and popup say it in words).
VISIT_BUCKETS = (
    Bucket("0-30", _("Visitada en los últimos 30 días"), "#1e7a3c"),
    Bucket("31-60", _("Última visita hace 31 a 60 días"), "#7a9a01"),
    Bucket("61-90", _("Última visita hace 61 a 90 días"), "#c77700"),
    Bucket("90+", _("Última visita hace más de 90 días"), "#b3261e"),
    Bucket("nunca", _("Nunca visitada"), "#3d4850"),
)
VISIT_LIMITS = (30, 60, 90)  # upper bound (inclusive) of the first three buckets

YEAR_BUCKETS = (
    Bucket("1", _("Año 1"), "#0b5c8a"),
    Bucket("2", _("Año 2"), "#2a9d8f"),
    Bucket("3", _("Año 3"), "#8a5a00"),
    Bucket("4", _("Año 4"), "#7b3fa0"),
    Bucket("5", _("Año 5"), "#c2185b"),
    Bucket("egresada", _("Red egresada"), "#5d6d7a"),
    Bucket("sin-red", _("Sin red"), "#1b2730"),
)


def visit_bucket(days: int | None) -> int:
    """The index in VISIT_BUCKETS of a school last visited `days` ago (None: never visited)."""
    if days is None:
        return len(VISIT_BUCKETS) - 1
    return bisect_left(VISIT_LIMITS, days)  # the first limit at or over `days`; past the last: len(VISIT_LIMITS)


def year_bucket(year: int | None) -> int:
    """The index in YEAR_BUCKETS of a school whose network is in program year `year` (None: no network)."""
    if year is None:
        return len(YEAR_BUCKETS) - 1
    if year > 5:
        return len(YEAR_BUCKETS) - 2
    return year - 1


def buckets_for(color: str) -> tuple[Bucket, ...]:
    return YEAR_BUCKETS if color == PROGRAM_YEAR else VISIT_BUCKETS


@dataclass
class MapData:
    color: str
    on: datetime.date  # the day the days and program years are counted on
    buckets: tuple[Bucket, ...]
    counts: list[int]  # schools per bucket, with or without coordinates
    points: list[list] = field(default_factory=list)
    without_coordinates: int = 0
    total: int = 0
    # With `collect`: (sort key, id, days, year) of that bucket's schools, longest without a visit first.
    members: list[tuple] = field(default_factory=list)

    @property
    def legend(self) -> list[dict]:
        return [
            {"key": b.key, "label": str(b.label), "color": b.color, "count": n}
            for b, n in zip(self.buckets, self.counts, strict=True)
        ]

    @property
    def rows(self) -> list[tuple[Bucket, int]]:
        return list(zip(self.buckets, self.counts, strict=True))


def program_years(schools: QuerySet[School], on: datetime.date) -> dict[int, int]:
    """{school id: its network's program year on the date} for the schools in a network that day."""
    rows = (
        SchoolMembership.objects.in_force_on(on)
        .filter(school__in=schools.values("pk"))
        .order_by()  # the model's ordering would join and sort the schools for nothing
        .values_list("school_id", "network__cohort_start_year")
    )
    return {school_id: on.year - cohort + 1 for school_id, cohort in rows if on.year - cohort + 1 >= 1}


NEVER = 10**6  # sorts a school never visited before any number of days


def map_data(
    schools: QuerySet[School],
    *,
    on: datetime.date,
    color: str = VISIT,
    collect: int | None = None,
    with_points: bool = True,
) -> MapData:
    """The map of the given (already scoped and filtered) schools, on a date: three queries, whatever
    the number of schools or visits (the schools, their last visits, their networks' program years).
    `collect`: also list the schools of that bucket (for the list behind the legend's count);
    `with_points=False`: only the counts (the page; its script fetches the points)."""
    buckets = buckets_for(color)
    last = last_visit_dates(schools, until=on)
    years = program_years(schools, on)
    # Coordinates rounded and made floats by the database: converting and rounding 40,000 Decimals in
    # Python was a fifth of the whole country's points.
    rows = schools.order_by("pk").values_list(
        "pk",
        Cast(Round("latitude", COORDINATE_DECIMALS), FloatField()),
        Cast(Round("longitude", COORDINATE_DECIMALS), FloatField()),
        "name",
    )
    counts = [0] * len(buckets)
    data = MapData(color=color, on=on, buckets=buckets, counts=counts)
    by_year = color == PROGRAM_YEAR
    # The loop runs once per school (20,000 for the whole country): names bound locally.
    points, members, get_last, get_year = data.points, data.members, last.get, years.get
    total = without = 0
    for pk, latitude, longitude, name in rows:
        visited = get_last(pk)
        days = (on - visited).days if visited is not None else None
        year = get_year(pk)
        bucket = year_bucket(year) if by_year else visit_bucket(days)
        counts[bucket] += 1
        total += 1
        if bucket == collect:
            members.append(((-(days if days is not None else NEVER), pk), pk, days, year))
        if latitude is None or longitude is None:
            without += 1
            continue
        if with_points:
            points.append([pk, latitude, longitude, name, bucket, days, year])
    data.total, data.without_coordinates = total, without
    data.members.sort()
    return data


def member_rows(members: list[tuple], on: datetime.date) -> list[School]:
    """The schools of some `members` entries, in their order, with `days_since`, `last_visit_on`,
    `program_year` and `network` (on the date) set: two queries."""
    by_pk = School.objects.select_related("district__province__region").in_bulk([member[1] for member in members])
    schools = []
    for _key, pk, days, year in members:
        school = by_pk[pk]
        school.days_since = days
        school.last_visit_on = on - datetime.timedelta(days=days) if days is not None else None
        school.program_year = year
        schools.append(school)
    return attach_networks(schools, on)


def without_coordinates(schools: QuerySet[School]) -> QuerySet[School]:
    """The schools the map cannot draw (no latitude and longitude), with their region."""
    return schools.filter(latitude__isnull=True).select_related("district__province__region")


def region_labels() -> list[list]:
    """[code, name, latitude, longitude] of the program regions, placed at their capitals (no tiles needed)."""
    regions = Region.objects.filter(is_program_region=True, latitude__isnull=False).order_by("name")
    return [[r.code, r.name, float(r.latitude), float(r.longitude)] for r in regions]
