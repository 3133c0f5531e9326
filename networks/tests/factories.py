"""Networks, coordinator assignments and field work. Dates are relative to today (Lima)."""

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import CoordinatorFactory
from networks.models import (
    Competency,
    CoordinatorAssignment,
    FamilyMeeting,
    Network,
    NetworkMeeting,
    SchoolMembership,
    Visit,
    VisitPhoto,
    VisitScore,
)
from schools.tests.factories import RegionFactory, SchoolFactory, TeacherFactory


def _today() -> datetime.date:
    return timezone.localdate()


class NetworkFactory(factory.django.DjangoModelFactory):
    """A network in its second program year (cohort started last school year)."""

    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Red Educativa {n}")
    region = factory.SubFactory(RegionFactory)
    cohort_start_year = factory.LazyFunction(lambda: _today().year - 1)


class CoordinatorAssignmentFactory(factory.django.DjangoModelFactory):
    """An open assignment (no end date) since the network's program start."""

    class Meta:
        model = CoordinatorAssignment

    coordinator = factory.SubFactory(CoordinatorFactory)
    network = factory.SubFactory(NetworkFactory)
    starts_on = factory.LazyAttribute(lambda o: o.network.program_start)
    ends_on = None


def _program_year(visit) -> int:
    """The program year of the school's network on the visit's date (1 when it had none)."""
    membership = SchoolMembership.objects.in_force_on(visit.date).filter(school=visit.school).first()
    year = membership.network.program_year_on(visit.date) if membership else None
    return min(max(year or 1, 1), 5)


class VisitFactory(factory.django.DjangoModelFactory):
    """A director visit a week ago; the `classroom` trait adds a teacher of the same school."""

    class Meta:
        model = Visit

    coordinator = factory.SubFactory(CoordinatorFactory)
    school = factory.SubFactory(SchoolFactory)
    teacher = None
    date = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=7))
    kind = Visit.Kind.DIRECTOR
    program_year = factory.LazyAttribute(_program_year)
    observations = "Se observó la sesión de lectura."
    agreements = "Preparar material para la próxima visita."

    class Params:
        classroom = factory.Trait(
            kind=Visit.Kind.CLASSROOM,
            teacher=factory.SubFactory(TeacherFactory, school=factory.SelfAttribute("..school")),
        )


class VisitScoreFactory(factory.django.DjangoModelFactory):
    """A rubric score for the first migrated competency of the visit's program year."""

    class Meta:
        model = VisitScore

    visit = factory.SubFactory(VisitFactory)
    competency = factory.LazyAttribute(
        lambda o: Competency.objects.filter(year__number=o.visit.program_year).order_by("order").first()
    )
    score = 3


# The smallest JPEG-shaped bytes: the model stores the file, it does not decode it.
TINY_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


class VisitPhotoFactory(factory.django.DjangoModelFactory):
    """An unapproved photo; the `approved` trait records consent and a staff approval."""

    class Meta:
        model = VisitPhoto

    visit = factory.SubFactory(VisitFactory)
    image = factory.django.FileField(filename="foto.jpg", data=TINY_JPEG)
    width = 1600
    height = 1200
    size_bytes = len(TINY_JPEG)
    consent_recorded = False
    approved_at = None
    approved_by = None

    class Params:
        approved = factory.Trait(
            consent_recorded=True,
            approved_at=factory.LazyFunction(timezone.now),
            approved_by=factory.SubFactory("accounts.tests.factories.StaffFactory"),
        )


class NetworkMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMeeting

    network = factory.SubFactory(NetworkFactory)
    coordinator = factory.SubFactory(CoordinatorFactory)
    date = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=14))
    directors = 5
    teachers = 12
    parents = 20
    community_leaders = 2
    local_organizations = 1
    decisions = "Organizar una feria de lectura en la red."


class SchoolMembershipFactory(factory.django.DjangoModelFactory):
    """A school in a network since the network's first school year, still there."""

    class Meta:
        model = SchoolMembership

    school = factory.SubFactory(SchoolFactory)
    network = factory.SubFactory(NetworkFactory)
    joined_on = factory.LazyAttribute(lambda o: o.network.program_start)
    left_on = None


class FamilyMeetingFactory(factory.django.DjangoModelFactory):
    """A meeting of parents and teachers two weeks ago, still open, with a follow-up next week."""

    class Meta:
        model = FamilyMeeting

    school = factory.SubFactory(SchoolFactory)
    coordinator = factory.SubFactory(CoordinatorFactory)
    kind = FamilyMeeting.Kind.PARENTS_TEACHERS
    date = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=14))
    problem = "Varios estudiantes de 3.° llegan tarde y sin tareas."
    agreed_at_home = "Las familias revisan el cuaderno cada noche."
    agreed_at_school = "La docente envía una nota semanal."
    parents = 12
    teachers = 2
    follow_up_by = "La directora"
    follow_up_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=7))
