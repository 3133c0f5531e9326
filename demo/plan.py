"""The demo's shape, decided before anything is written: sizes, networks, cohorts, coordinators, days.

Every choice comes from `rng_for(...)`, a generator seeded by a fixed number and a stable key (never
Python's global generator), so the same size on the same day gives the same data on any database.
"""

import datetime
import math
import random
import unicodedata
from dataclasses import dataclass, field

from . import data, places


def rng_for(*parts) -> random.Random:
    """A generator of its own for one part of the demo: stable whatever is generated before it."""
    # Seeding with a string is deterministic (it is hashed with SHA-512, not with hash()).
    return random.Random(":".join(str(p) for p in (data.DEMO_SEED, *parts)))  # noqa: S311 (demo data, not secrets)


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())


@dataclass(frozen=True)
class Size:
    networks: int
    schools: int
    visits: int


def size_for(*, schools: int | None, visits: int | None) -> Size:
    """Default: four networks per program region, about ten schools each, thirty visits per school."""
    region_count = len(places.PLACES)
    if schools is None:
        networks, schools = data.DEFAULT_NETWORKS, data.DEFAULT_SCHOOLS
    else:
        networks = max(region_count, round(schools / 10))
    if visits is None:
        visits = schools * data.VISITS_PER_SCHOOL
    return Size(networks=networks, schools=schools, visits=visits)


def network_sizes(count: int, total: int) -> list[int]:
    """About ten schools per network adding up to `total`; two networks outside 6-15 show the flag."""
    rng = rng_for("network-sizes", count, total)
    sizes = [rng.randint(8, 12) for _ in range(count)]
    flagged = {7: 5, 12: 16} if count > 12 and total >= count * 8 else {}
    free = [i for i in range(count) if i not in flagged]
    remaining = total - sum(flagged.values())
    scale = remaining / sum(sizes[i] for i in free)
    for i in free:
        sizes[i] = max(1, round(sizes[i] * scale))
    for i, size in flagged.items():
        sizes[i] = size
    diff = total - sum(sizes)
    step = 1 if diff > 0 else -1
    position = 0
    while diff:
        i = free[position % len(free)]
        if step > 0 or sizes[i] > 1:
            sizes[i] += step
            diff -= step
        position += 1
    return sizes


@dataclass
class Stint:
    """A coordinator in charge of a network from `starts_on` to `ends_on` (None: still in charge)."""

    coordinator: tuple[str, int]  # (region code, coordinator number in that region)
    starts_on: datetime.date
    ends_on: datetime.date | None


@dataclass
class NetworkPlan:
    index: int
    region_code: str
    number_in_region: int
    name: str
    cohort: int
    size: int
    district: int  # index into the region's districts
    stints: list[Stint]
    sponsors: list[str]  # sponsor keys: the first is the main one
    id: int | None = None
    school_indexes: list[int] = field(default_factory=list)

    def coordinator_on(self, day: datetime.date) -> tuple[str, int] | None:
        for stint in self.stints:
            if stint.starts_on <= day and (stint.ends_on is None or day <= stint.ends_on):
                return stint.coordinator
        return None

    def program_year(self, year: int) -> int:
        return year - self.cohort + 1

    def in_program(self, year: int) -> bool:
        return 1 <= self.program_year(year) <= 5


HANDOVER = (7, 15)  # month, day in the previous year when one network per region changed coordinator


def cohort_for(region_index: int, number_in_region: int, this_year: int) -> int:
    """Every program year (1..5) and graduated networks appear; the second network is never brand new."""
    even = [this_year - 3, this_year - 1, this_year, this_year - 5]  # years 4, 2, 1 and graduated
    odd = [this_year - 2, this_year - 4, this_year, this_year - 1]  # years 3, 5, 1, 2
    pattern = even if (region_index + number_in_region // 4) % 2 == 0 else odd
    return pattern[number_in_region % 4]


def plan_networks(size: Size, today: datetime.date) -> list[NetworkPlan]:
    codes = sorted(places.PLACES)
    sizes = network_sizes(size.networks, size.schools)
    per_region = dict.fromkeys(codes, 0)
    for k in range(size.networks):
        per_region[codes[k % len(codes)]] += 1
    sponsors_by_region = {code: [spec.key for spec in data.SPONSORS if code in spec.regions] for code in codes}
    plans, names = [], set()
    for k in range(size.networks):
        region_index = k % len(codes)
        code, number = codes[region_index], k // len(codes)
        place = places.PLACES[code]
        cohort = cohort_for(region_index, number, today.year)
        district = (1 + number) % len(place.districts)
        name = network_name(place, district, number, names)
        coordinators = math.ceil(per_region[code] / 2)
        regular = (code, number // 2)
        start = datetime.date(cohort, 2, 1)
        end = datetime.date(cohort + 4, 12, 31) if cohort + 4 < today.year else None
        stints = [Stint(regular, start, end)]
        handover = datetime.date(today.year - 1, *HANDOVER)
        if number % 4 == 1 and coordinators > 1 and start < handover and (end is None or handover < end):
            previous = (code, (number // 2 + 1) % coordinators)
            stints = [
                Stint(previous, start, handover - datetime.timedelta(days=1)),
                Stint(regular, handover, end),
            ]
        options = sponsors_by_region[code]
        sponsors = [options[number % len(options)]]
        if number % 3 == 2 and len(options) > 1:
            sponsors.append(options[(number + 1) % len(options)])
        plans.append(
            NetworkPlan(
                index=k,
                region_code=code,
                number_in_region=number,
                name=name,
                cohort=cohort,
                size=sizes[k],
                district=district,
                stints=stints,
                sponsors=sponsors,
            )
        )
    return plans


def network_name(place: places.Place, district: int, number: int, taken: set[str]) -> str:
    """ "Red Educativa Catacaos", then "Red Educativa Catacaos Norte", "... Sur" as a district gets more."""
    name = f"Red Educativa {place.districts[district][1]}"
    rounds = number // len(place.districts)
    if rounds:
        suffixes = data.NETWORK_SUFFIXES
        name = f"{name} {suffixes[(rounds - 1) % len(suffixes)]}"
        if rounds > len(suffixes):
            name = f"{name} {(rounds - 1) // len(suffixes) + 1}"
    while name in taken:
        name = f"{name} ({place.province})"
    taken.add(name)
    return name


def coordinator_username(region_name: str, number: int) -> str:
    """coord.piura, coord.piura.2, ... from the region's name as the data migration loaded it."""
    slug = ascii_slug(region_name)
    return f"coord.{slug}" if number == 0 else f"coord.{slug}.{number + 1}"


# --- Calendar -------------------------------------------------------------------------
def is_school_day(day: datetime.date) -> bool:
    """Monday to Friday, March to mid-December, outside the mid-year break (late July)."""
    if day.weekday() >= 5 or day.month < 3 or (day.month == 12 and day.day > 15):
        return False
    return not (day.month == 7 and day.day >= 20) and not (day.month == 8 and day.day <= 2)


def school_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days, day = [], start
    while day <= end:
        if is_school_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def window_start(today: datetime.date) -> datetime.date:
    """Two years of field work end today."""
    return today - datetime.timedelta(days=730)


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights`, whole numbers that add up exactly."""
    weight_sum = sum(weights)
    if not weight_sum:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    shares = [math.floor(r) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (shares[i] - raw[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares
