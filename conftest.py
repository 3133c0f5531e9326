"""Personas and the small world they live in.

Two networks in two regions, each with its coordinator, three schools and their teachers; two sponsors
that fund disjoint schools; a visit, a meeting and a workshop in each network; a third network that
graduated, whose former coordinator keeps only their past visit. Every persona fixture is a person in
this one world, so a test that takes `coordinator` and `other_coordinator` gets the two coordinators of
the two networks. The list of personas is `accounts.tests.personas.PERSONAS`.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import AdminUserFactory, CoordinatorFactory, SponsorUserFactory, StaffFactory
from accounts.tests.personas import PERSONAS
from networks.models import VisitPhoto
from networks.tests.factories import (
    CoordinatorAssignmentFactory,
    NetworkFactory,
    NetworkMeetingFactory,
    VisitFactory,
)
from schools.models import Region
from schools.tests.factories import (
    ContributionFactory,
    DirectorFactory,
    DistrictFactory,
    SchoolFactory,
    SponsorFactory,
    SponsorshipFactory,
    TeacherFactory,
)
from workshops.tests.factories import WorkshopFactory

SCHOOLS_PER_NETWORK = 3


def _network_with_schools(*, name: str, region: Region, ubigeo: str, coordinator):
    district = DistrictFactory(province__region=region, province__code=ubigeo[:4], ubigeo=ubigeo)
    network = NetworkFactory(name=name, region=region)
    assignment = CoordinatorAssignmentFactory(coordinator=coordinator, network=network)
    schools = SchoolFactory.create_batch(SCHOOLS_PER_NETWORK, district=district, network=network)
    teachers = {}
    for school in schools:
        DirectorFactory(school=school)
        teachers[school.pk] = TeacherFactory.create_batch(2, school=school)
    return SimpleNamespace(network=network, assignment=assignment, schools=schools, teachers=teachers)


@pytest.fixture
def world(db):
    """Build the two-network world; return a namespace with every object a test may want."""
    today = timezone.localdate()
    piura = Region.objects.get(code="20")
    cusco = Region.objects.get(code="08")
    lima = Region.objects.get(code="15")

    staff = StaffFactory(username="ipae", first_name="Ana", last_name="Salas")
    admin = AdminUserFactory(username="admin", first_name="Marta", last_name="Quispe")
    coordinator = CoordinatorFactory(username="coord.piura", first_name="Rosa", last_name="Chávez")
    other_coordinator = CoordinatorFactory(username="coord.cusco", first_name="Luis", last_name="Mamani")

    a = _network_with_schools(name="Red Chulucanas", region=piura, ubigeo="200401", coordinator=coordinator)
    b = _network_with_schools(name="Red Urubamba", region=cusco, ubigeo="081301", coordinator=other_coordinator)

    # Sponsor A funds the first two schools of network A; sponsor B the first two of network B.
    # The third school of each network has no sponsor.
    sponsor_a = SponsorFactory(name="Minera Andina del Norte S.A.C.")
    sponsor_b = SponsorFactory(name="Agroexportadora Valle Sagrado S.A.")
    for school in a.schools[:2]:
        SponsorshipFactory(sponsor=sponsor_a, school=school)
    for school in b.schools[:2]:
        SponsorshipFactory(sponsor=sponsor_b, school=school)
    ContributionFactory(sponsor=sponsor_a, school=a.schools[0])
    ContributionFactory(sponsor=sponsor_b)  # to the company's work in general, no school named
    sponsor_user = SponsorUserFactory(username="sponsor.a", sponsor=sponsor_a)
    other_sponsor_user = SponsorUserFactory(username="sponsor.b", sponsor=sponsor_b)

    def classroom_visit(coord, school):
        return VisitFactory(
            coordinator=coord,
            school=school,
            kind="classroom",
            teacher=school.teachers.filter(position="docente").first(),
            date=today,  # today, so "this year" counts hold on the 1st of January too
        )

    # A network that graduated last year: its coordinator kept no network, only their past visits.
    former_coordinator = CoordinatorFactory(username="coord.ayabaca", first_name="Julia", last_name="Ramos")
    graduated = NetworkFactory(name="Red Ayabaca", region=piura, cohort_start_year=today.year - 6)
    CoordinatorAssignmentFactory(
        coordinator=former_coordinator,
        network=graduated,
        ends_on=datetime.date(today.year - 2, 12, 31),
    )
    graduated_school = SchoolFactory(district=a.schools[0].district, network=graduated)
    DirectorFactory(school=graduated_school)
    graduated_teachers = TeacherFactory.create_batch(2, school=graduated_school)
    former_visit = VisitFactory(
        coordinator=former_coordinator,
        school=graduated_school,
        kind="classroom",
        teacher=graduated_teachers[0],
        date=datetime.date(today.year - 2, 11, 16),
    )

    visit_a = classroom_visit(coordinator, a.schools[0])
    visit_b = classroom_visit(other_coordinator, b.schools[0])
    meeting_a = NetworkMeetingFactory(network=a.network, coordinator=coordinator)
    meeting_b = NetworkMeetingFactory(network=b.network, coordinator=other_coordinator)
    on = {"starts_on": today, "ends_on": today}
    workshop_a = WorkshopFactory(network=a.network, title="Taller de lectura · Red Chulucanas", **on)
    workshop_b = WorkshopFactory(network=b.network, title="Taller de lectura · Red Urubamba", **on)
    workshop_piura = WorkshopFactory(regional=True, region=piura, title="Taller regional Piura", **on)
    workshop_lima = WorkshopFactory(regional=True, region=lima, title="Taller regional Lima", **on)

    return SimpleNamespace(
        piura=piura,
        cusco=cusco,
        lima=lima,
        staff=staff,
        admin=admin,
        coordinator=coordinator,
        former_coordinator=former_coordinator,
        graduated_network=graduated,
        graduated_school=graduated_school,
        former_visit=former_visit,
        other_coordinator=other_coordinator,
        sponsor_user=sponsor_user,
        other_sponsor_user=other_sponsor_user,
        network_a=a.network,
        network_b=b.network,
        assignment_a=a.assignment,
        assignment_b=b.assignment,
        schools_a=a.schools,
        schools_b=b.schools,
        teachers_a=a.teachers,
        teachers_b=b.teachers,
        sponsor_a=sponsor_a,
        sponsor_b=sponsor_b,
        sponsored_a=a.schools[:2],
        sponsored_b=b.schools[:2],
        visit_a=visit_a,
        visit_b=visit_b,
        meeting_a=meeting_a,
        meeting_b=meeting_b,
        workshop_a=workshop_a,
        workshop_b=workshop_b,
        workshop_piura=workshop_piura,
        workshop_lima=workshop_lima,
    )


@pytest.fixture
def staff_user(world):
    """IPAE staff with admin access: sees everything."""
    return world.staff


@pytest.fixture
def coordinator(world):
    """Coordinator of network A (Piura) since its program start, still in charge."""
    return world.coordinator


@pytest.fixture
def other_coordinator(world):
    """Coordinator of network B (Cusco)."""
    return world.other_coordinator


@pytest.fixture
def administrator(world):
    """The administrator (role admin, superuser): manages staff and every account."""
    return world.admin


@pytest.fixture
def former_coordinator(world):
    """Coordinated the graduated network until it graduated; no network today."""
    return world.former_coordinator


@pytest.fixture
def sponsor_user(world):
    """User of sponsor A, which funds two schools of network A."""
    return world.sponsor_user


@pytest.fixture
def other_sponsor_user(world):
    """User of sponsor B, which funds two schools of network B."""
    return world.other_sponsor_user


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def user_of(world):
    """`user_of("other_sponsor")`: the persona's user (an AnonymousUser for "anonymous")."""
    users = {
        "anonymous": AnonymousUser(),
        "staff": world.staff,
        "admin": world.admin,
        "coordinator": world.coordinator,
        "other_coordinator": world.other_coordinator,
        "former_coordinator": world.former_coordinator,
        "sponsor": world.sponsor_user,
        "other_sponsor": world.other_sponsor_user,
    }
    assert set(users) == set(PERSONAS)
    return users.__getitem__


@pytest.fixture
def client_for(db):
    """`client_for(user)`: a test client logged in as that user (anonymous users get a fresh client)."""

    def make(user) -> Client:
        client = Client()
        if getattr(user, "is_authenticated", False):
            client.force_login(user)
        return client

    return make


@pytest.fixture
def photo_files(db):
    """Delete the stored files of every photo a test made (the rows go with the test's transaction)."""
    yield
    for photo in VisitPhoto.objects.all():
        photo.image.delete(save=False)
