"""Who a workshop invites and who came: the attendance roster, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery

from networks.models import Network, SchoolMembership
from schools.models import School, Teacher

from ..models import Attendance, ParentAttendance, Workshop


def invited_memberships(workshop: Workshop) -> QuerySet[SchoolMembership]:
    """The schools a workshop invites, as their memberships in force on its first day.

    A network's workshop: the network's schools that day. A regional workshop: the schools of the
    region's networks that are in the program (years 1..5) that day.
    """
    on = workshop.starts_on
    memberships = SchoolMembership.objects.in_force_on(on).select_related("school", "network")
    if workshop.network_id:
        memberships = memberships.filter(network_id=workshop.network_id)
    else:
        first_cohort = on.year - settings.CEE_PROGRAM_YEARS + 1
        memberships = memberships.filter(
            network__region_id=workshop.region_id,
            network__cohort_start_year__gte=first_cohort,
            network__cohort_start_year__lte=on.year,
        )
    return memberships.order_by("network__name", "school__name", "school__pk")


@dataclass
class RosterSchool:
    """One invited school: its directors and teachers (each with `attended`), and its parents' count."""

    school: School
    network: Network
    directors: list[Teacher] = field(default_factory=list)
    teachers: list[Teacher] = field(default_factory=list)
    parents: int | None = None  # None: not recorded

    @property
    def people(self) -> list[Teacher]:
        return [*self.directors, *self.teachers]

    @property
    def attended_directors(self) -> int:
        return sum(1 for person in self.directors if person.attended)

    @property
    def attended_teachers(self) -> int:
        return sum(1 for person in self.teachers if person.attended)


@dataclass
class Roster:
    """The invited schools of a workshop with their people, filtered by the workshop's audiences.

    The people are the school's active directors and teachers, plus anyone already marked for this
    workshop who has since become inactive (so a record can still be corrected).
    """

    workshop: Workshop
    schools: list[RosterSchool]

    @property
    def people(self) -> list[Teacher]:
        return [person for school in self.schools for person in school.people]

    @property
    def person_ids(self) -> set[int]:
        return {person.pk for person in self.people}

    @property
    def attended_ids(self) -> set[int]:
        return {person.pk for person in self.people if person.attended}

    @property
    def school_ids(self) -> set[int]:
        return {row.school.pk for row in self.schools}

    @property
    def parents(self) -> dict[int, int]:
        """Recorded parents per school id (schools without a record: 0)."""
        return {row.school.pk: row.parents or 0 for row in self.schools}

    def _count(self, position: str, *, attended: bool | None = None) -> int:
        group = "directors" if position == "director" else "teachers"
        people = [p for row in self.schools for p in getattr(row, group)]
        return len([p for p in people if attended is None or p.attended == attended])

    @property
    def summary(self) -> dict:
        """Directors and teachers who came out of those invited, parents and the schools they came from."""
        parents = [row.parents for row in self.schools if row.parents]
        return {
            "schools": len(self.schools),
            "directors_invited": self._count("director"),
            "directors_attended": self._count("director", attended=True),
            "teachers_invited": self._count("docente"),
            "teachers_attended": self._count("docente", attended=True),
            "parents": sum(parents),
            "schools_with_parents": len(parents),
        }

    @property
    def recorded(self) -> bool:
        return bool(self.attended_ids) or any(row.parents is not None for row in self.schools)


def attendance_roster(workshop: Workshop) -> Roster:
    """The workshop's roster in three queries, whatever the number of schools and people."""
    rows = [RosterSchool(school=m.school, network=m.network) for m in invited_memberships(workshop)]
    by_school = {row.school.pk: row for row in rows}
    positions = workshop.audience_positions
    if rows and positions:
        marked = Attendance.objects.filter(workshop=workshop, teacher=OuterRef("pk")).values("attended")[:1]
        people = (
            Teacher.objects.filter(school_id__in=list(by_school), position__in=positions)
            .annotate(marked=Subquery(marked))
            .filter(Q(is_active=True) | Q(marked__isnull=False))
            .order_by("last_name", "first_name", "pk")
        )
        for person in people:
            person.attended = bool(person.marked)
            row = by_school[person.school_id]
            person.school = row.school
            (row.directors if person.is_director else row.teachers).append(person)
    if rows and workshop.for_parents:
        counts = ParentAttendance.objects.filter(workshop=workshop, school_id__in=list(by_school))
        for school_id, count in counts.values_list("school_id", "count"):
            by_school[school_id].parents = count
    return Roster(workshop=workshop, schools=rows)
