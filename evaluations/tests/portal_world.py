"""The root conftest's world, filled in for the sponsor portal's tests: every figure below is worked out by
hand in `Expected`.

Sponsor A funds schools A0 and A1 of network A (Piura); sponsor B funds B0 and B1 of network B (Cusco); A2
and B2 are nobody's (world). Added here, this school year unless said otherwise:
- enrolment: A0 30 students, A1 20; B0 99 and A2 77 (never in A's figures);
- workshops (world: network A's and Piura's today; B's and Lima's): A0's director at A's, one of A1's
  teachers at Piura's, one of B0's teachers at B's; a parents' workshop of network A today, where A0 counted
  12 parents, and one of B where B0 counted 40;
- goals: A0 two (one measured on track, one not measured yet), A2 one, B0 one; A0's agreed by a named
  director (never shown to a sponsor);
- results: A0 reading last year (2, 8, 10, 7 of 27: 25.9 % satisfactorio; A0's first program year);
  B0 reading last year (0, 0, 0, 30);
- photos: visit A's approved with a note, visit A's pending, visit B's approved with a note;
- people: every teacher and director gets a distinctive name, a DNI and a phone, so a page that shows
  any of them is caught.
"""

import dataclasses
import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from evaluations.services.summaries import school_year_summaries_refresh
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory
from networks.models import VisitPhoto
from networks.services.summaries import summaries_refresh_all
from networks.tests.images import image_bytes
from schools.models import Teacher
from schools.tests.factories import EnrollmentFactory
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory, WorkshopFactory

NOTE_A = "Feria de lectura con las familias de la escuela."
NOTE_B = "Asamblea de aula en la escuela de la otra empresa."
DIRECTOR_WHO_AGREED = "Casimira Huatay Lloclla"
PORTAL_PHOTO = "visits/portal-tests/photo.jpg"


@dataclasses.dataclass(frozen=True)
class Expected:
    """Sponsor A's figures this school year, by hand."""

    schools: int = 2
    networks: int = 1
    regions: int = 1
    teachers: int = 6  # A0 and A1: a director and two teachers each
    students: int = 50  # 30 + 20
    visits: int = 1  # the world's classroom visit to A0, today
    visited: int = 1  # A0 of the two, in the last 30 days
    teachers_trained: int = 1  # A1's teacher, of 4
    directors_trained: int = 1  # A0's director, of 2
    parents: int = 12
    workshops_held: int = 3  # network A's, Piura's and A's parents' workshop
    attendances: int = 2
    goals_on_track: int = 1
    goals_no_measure: int = 1
    committed_pen: Decimal = Decimal("100000.00")  # two agreements of S/ 50,000 in force
    reading_satisfactorio: Decimal = Decimal("25.9")  # 7 of 27, last year


def stored_photo() -> tuple[str, int]:
    storage = VisitPhoto._meta.get_field("image").storage
    if not storage.exists(PORTAL_PHOTO):
        storage.save(PORTAL_PHOTO, ContentFile(image_bytes("JPEG")))
    return PORTAL_PHOTO, storage.size(PORTAL_PHOTO)


def photo(world, visit, *, approved: bool, note: str = "") -> VisitPhoto:
    name, size = stored_photo()
    return VisitPhoto.objects.create(
        visit=visit,
        image=name,
        width=64,
        height=48,
        size_bytes=size,
        consent_recorded=approved,
        approved_at=timezone.now() if approved else None,
        approved_by=world.staff if approved else None,
        story_note=note,
    )


@pytest.fixture
def portal_world(world):
    return fill(world)


def fill(world) -> SimpleNamespace:
    """The additions of the module docstring to the root conftest's world (the browser journey's too)."""
    today = timezone.localdate()
    year = today.year
    a0, a1, a2 = world.schools_a
    b0 = world.schools_b[0]
    for school, students in ((a0, 30), (a1, 20), (b0, 99), (a2, 77)):
        EnrollmentFactory(school=school, school_year=year, grade=1, students=students)

    for number, teacher in enumerate(Teacher.objects.order_by("pk")):
        teacher.first_name = f"Zenobio{number}"
        teacher.last_name = f"Tapullima{number}"
        teacher.dni = f"{45_000_000 + number:08d}"
        teacher.phone = f"9{87_600_000 + number:08d}"
        teacher.save()

    def first(school, position):
        return school.teachers.filter(position=position).order_by("pk").first()

    AttendanceFactory(workshop=world.workshop_a, teacher=first(a0, Teacher.Position.DIRECTOR))
    AttendanceFactory(workshop=world.workshop_piura, teacher=first(a1, Teacher.Position.TEACHER))
    AttendanceFactory(workshop=world.workshop_b, teacher=first(b0, Teacher.Position.TEACHER))
    on = {"starts_on": today, "ends_on": today, "for_parents": True}
    parents_a = WorkshopFactory(network=world.network_a, title="Escuela de padres A", **on)
    parents_b = WorkshopFactory(network=world.network_b, title="Escuela de padres B", **on)
    ParentAttendanceFactory(workshop=parents_a, school=a0, count=12)
    ParentAttendanceFactory(workshop=parents_b, school=b0, count=40)

    measured = min(today, datetime.date(year, 12, 31))
    on_track = SchoolGoalFactory(
        school=a0,
        indicator="Familias que leen en casa",
        agreed_by_director=DIRECTOR_WHO_AGREED,
        baseline=Decimal(20),
        target=Decimal(40),
        latest_value=Decimal(40),
        latest_measured_on=measured,
    )
    not_measured = SchoolGoalFactory(school=a0, indicator="Asistencia diaria", agreed_by_director=DIRECTOR_WHO_AGREED)
    SchoolGoalFactory(school=a2, indicator="Meta de la escuela sin auspicio")
    SchoolGoalFactory(school=b0, indicator="Meta de la escuela de la otra empresa")

    AssessmentResultFactory(school=a0, year=year - 1)
    AssessmentResultFactory(
        school=b0, year=year - 1, level_previo_inicio=0, level_en_inicio=0, level_en_proceso=0, level_satisfactorio=30
    )

    story_a = photo(world, world.visit_a, approved=True, note=NOTE_A)
    pending_a = photo(world, world.visit_a, approved=False)
    story_b = photo(world, world.visit_b, approved=True, note=NOTE_B)

    summaries_refresh_all()
    school_year_summaries_refresh()
    return SimpleNamespace(
        world=world,
        year=year,
        today=today,
        expected=Expected(),
        on_track=on_track,
        not_measured=not_measured,
        story_a=story_a,
        pending_a=pending_a,
        story_b=story_b,
    )


def forbidden_words(world) -> list[str]:
    """What no page of sponsor A's portal may hold: any person's name, DNI or phone, any visit's notes,
    who agreed a goal, and everything of sponsor B (its company, its schools and their codes, its
    network, its story)."""
    words = [DIRECTOR_WHO_AGREED, world.coordinator.get_full_name(), world.coordinator.last_name]
    for teacher in Teacher.objects.all():
        words += [teacher.first_name, teacher.last_name, teacher.dni, teacher.phone]
    words += [world.visit_a.observations, world.visit_a.agreements]
    return [word for word in words if word]


def other_sponsor_words(world) -> list[str]:
    words = [world.sponsor_b.name, world.network_b.name, NOTE_B, "Meta de la escuela de la otra empresa"]
    for school in world.sponsored_b:
        words += [school.name, school.codigo_modular]
    return words
