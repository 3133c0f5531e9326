"""Coverage of the workshops in a school year: who was reached, and who missed every workshop.

A network's people are the active directors and teachers of the schools that belong to it on the
reference day: today for this year, 31 December for a past year. (A teacher's being active is known only
as it stands today.) Someone was reached if they attended at least one workshop that started in the
year, of any network or region. Parents are counted per school: the sum of every workshop's count.
Every read here makes the same number of queries for a network of 3 schools or of 300.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from networks.models import Network, SchoolMembership
from schools.models import Region, School, Teacher
from schools.selectors import schools_visible_to

from ..models import Attendance, ParentAttendance, Workshop


@dataclass(frozen=True)
class Share:
    """`attended` of `total` people, with the percentage (None when there is nobody to count)."""

    attended: int = 0
    total: int = 0

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(100 * self.attended) / self.total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __add__(self, other: "Share") -> "Share":
        return Share(self.attended + other.attended, self.total + other.total)


def coverage_reference_date(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day whose schools and networks a year's coverage counts: today, or the year's last day."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _went_in(year: int) -> Exists:
    """Did the person (OuterRef pk) attend at least one workshop that started in the year?"""
    return Exists(
        Attendance.objects.filter(teacher=OuterRef("pk"), attended=True, workshop__starts_on__range=_year_bounds(year))
    )


def _parents_by_school(school_ids: list[int], year: int) -> dict[int, int]:
    rows = (
        ParentAttendance.objects.filter(school_id__in=school_ids, workshop__starts_on__range=_year_bounds(year))
        .values("school_id")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return {row["school_id"]: row["total"] for row in rows}


@dataclass
class NetworkCoverage:
    network: Network
    year: int
    on: datetime.date
    schools: list[School]  # each with `parents` (sum of the year's counts)
    teachers: Share
    directors: Share
    parents: int
    missed: list[Teacher]  # each with `school` and `linkable` (the person asking may open their page)
    workshops: list[Workshop] = field(default_factory=list)

    @property
    def people(self) -> Share:
        return self.teachers + self.directors


def network_coverage(*, user, network: Network, year: int) -> NetworkCoverage:
    """The network's coverage in the year (see the module's docstring); six queries."""
    on = coverage_reference_date(year)
    memberships = (
        SchoolMembership.objects.in_force_on(on)
        .filter(network=network)
        .select_related("school")
        .order_by("school__name", "school__pk")
    )
    schools = [membership.school for membership in memberships]
    by_id = {school.pk: school for school in schools}
    people = list(
        Teacher.objects.filter(school_id__in=list(by_id), is_active=True)
        .annotate(went=_went_in(year))
        .order_by("last_name", "first_name", "pk")
    )
    parents = _parents_by_school(list(by_id), year)
    for school in schools:
        school.parents = parents.get(school.pk, 0)
    visible = set(schools_visible_to(user).filter(pk__in=list(by_id)).values_list("pk", flat=True))
    shares = {"director": Share(), "docente": Share()}
    missed = []
    for person in people:
        person.school = by_id[person.school_id]
        shares[person.position] += Share(int(person.went), 1)
        if not person.went:
            person.linkable = person.school_id in visible
            missed.append(person)
    missed.sort(key=lambda p: (p.school.name, p.school.pk, p.last_name, p.first_name, p.pk))
    start, end = _year_bounds(year)
    workshops = Workshop.objects.filter(
        Q(network=network) | Q(region_id=network.region_id), starts_on__range=(start, end)
    ).order_by("starts_on", "pk")
    return NetworkCoverage(
        network=network,
        year=year,
        on=on,
        schools=schools,
        teachers=shares["docente"],
        directors=shares["director"],
        parents=sum(parents.values()),
        missed=missed,
        workshops=list(workshops),
    )


@dataclass
class NetworkRow:
    network: Network
    program_year: int | None
    schools: int = 0
    teachers: Share = field(default_factory=Share)
    directors: Share = field(default_factory=Share)
    parents: int = 0

    @property
    def people(self) -> Share:
        return self.teachers + self.directors

    @property
    def missed(self) -> int:
        return self.teachers.total - self.teachers.attended + self.directors.total - self.directors.attended


@dataclass
class RegionCoverage:
    region: Region
    year: int
    on: datetime.date
    rows: list[NetworkRow]

    @property
    def teachers(self) -> Share:
        return sum((row.teachers for row in self.rows), Share())

    @property
    def directors(self) -> Share:
        return sum((row.directors for row in self.rows), Share())

    @property
    def people(self) -> Share:
        return self.teachers + self.directors

    @property
    def parents(self) -> int:
        return sum(row.parents for row in self.rows)

    @property
    def schools(self) -> int:
        return sum(row.schools for row in self.rows)

    @property
    def missed(self) -> int:
        return sum(row.missed for row in self.rows)


def region_coverage(*, region: Region, year: int) -> RegionCoverage:
    """One row per network of the region in the program that year (the same figures as each network's
    page); a network before its year 1 or after its year 5 is left out, as regional workshops leave it
    out. Four queries."""
    on = coverage_reference_date(year)
    first_cohort = on.year - settings.CEE_PROGRAM_YEARS + 1
    networks = list(
        Network.objects.filter(
            region=region, cohort_start_year__gte=first_cohort, cohort_start_year__lte=on.year
        ).order_by("name")
    )
    rows = {network.pk: NetworkRow(network=network, program_year=network.program_year_on(on)) for network in networks}
    network_of_school = dict(
        SchoolMembership.objects.in_force_on(on).filter(network__in=list(rows)).values_list("school_id", "network_id")
    )
    for network_id in network_of_school.values():
        rows[network_id].schools += 1
    people = (
        Teacher.objects.filter(school_id__in=list(network_of_school), is_active=True)
        .annotate(went=_went_in(year))
        .values("school_id", "position")
        .annotate(total=Count("pk"), attended=Count("pk", filter=Q(went=True)))
        .order_by()
    )
    for group in people:
        row = rows[network_of_school[group["school_id"]]]
        share = Share(group["attended"], group["total"])
        if group["position"] == "director":
            row.directors += share
        else:
            row.teachers += share
    for school_id, parents in _parents_by_school(list(network_of_school), year).items():
        rows[network_of_school[school_id]].parents += parents
    return RegionCoverage(region=region, year=year, on=on, rows=list(rows.values()))


@dataclass
class SchoolsReach:
    """Workshop coverage of a set of schools in a year (the staff dashboards' figure)."""

    year: int
    directors: Share
    teachers: Share
    parents: int


def schools_workshop_reach(*, schools, year: int) -> SchoolsReach:
    """The same rule as a network's coverage, for any (already scoped) set of schools: their active
    directors and teachers, reached if they attended a workshop that started in the year; parents as the
    sum of the year's counts for those schools. Two queries, whatever the number of schools or people."""
    ids = schools.values("pk")
    # The year's attendees are read once and hashed (not one EXISTS per teacher): at national scale that
    # is tens of milliseconds instead of a second.
    went = Attendance.objects.filter(attended=True, workshop__starts_on__range=_year_bounds(year)).values("teacher_id")
    people = (
        Teacher.objects.filter(school_id__in=ids, is_active=True)
        .values("position")
        .annotate(total=Count("pk"), attended=Count("pk", filter=Q(pk__in=went)))
        .order_by()
    )
    shares = {row["position"]: Share(row["attended"], row["total"]) for row in people}
    parents = ParentAttendance.objects.filter(
        school_id__in=ids, workshop__starts_on__range=_year_bounds(year)
    ).aggregate(total=Sum("count"))["total"]
    return SchoolsReach(
        year=year,
        directors=shares.get(Teacher.Position.DIRECTOR, Share()),
        teachers=shares.get(Teacher.Position.TEACHER, Share()),
        parents=parents or 0,
    )


def workshops_of_schools(workshops: QuerySet[Workshop], *, schools, on: datetime.date) -> QuerySet[Workshop]:
    """The workshops (of the given queryset) that are for a set of schools: those of the networks the
    schools belong to on `on`, and those of the schools' regions. The one home of that rule (the
    dashboards' list of workshops and the sponsor portal's count read it)."""
    ids = schools.values("pk")
    networks = SchoolMembership.objects.in_force_on(on).filter(school__in=ids).values("network_id")
    regions = schools.values("district__province__region_id")
    return workshops.filter(Q(network_id__in=networks) | Q(region_id__in=regions))


@dataclass(frozen=True)
class WorkshopsHeld:
    """The workshops a set of schools was offered in a year, and who of theirs came."""

    year: int
    held: int  # workshops for the schools (`workshops_of_schools`) that started in the year, up to `on`
    attendances: int  # directors' and teachers' attendances of the schools (at two workshops: counted twice)
    people: int  # directors and teachers of the schools who attended at least one of the year's workshops
    parents: int  # parents of the schools counted at the year's workshops


def schools_workshops_held(*, schools, year: int, on: datetime.date) -> WorkshopsHeld:
    """Workshops held for an (already scoped) set of schools in a year, up to `on`, and their attendance
    from those schools only (never another school's people). Three queries, whatever the data."""
    start, end = _year_bounds(year)
    until = min(end, on)
    ids = schools.values("pk")
    held = workshops_of_schools(
        Workshop.objects.filter(starts_on__gte=start, starts_on__lte=until), schools=schools, on=until
    ).count()
    present = Attendance.objects.filter(
        attended=True, teacher__school_id__in=ids, workshop__starts_on__gte=start, workshop__starts_on__lte=until
    ).aggregate(attendances=Count("pk"), people=Count("teacher", distinct=True))
    parents = ParentAttendance.objects.filter(
        school_id__in=ids, workshop__starts_on__gte=start, workshop__starts_on__lte=until
    ).aggregate(total=Sum("count"))["total"]
    return WorkshopsHeld(
        year=year,
        held=held,
        attendances=present["attendances"],
        people=present["people"],
        parents=parents or 0,
    )
