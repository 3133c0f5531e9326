"""Geography, schools, people and sponsors. Deterministic: sequences, never random values.

Regions are loaded by a data migration: RegionFactory reuses them (get-or-create by INEI code) and
cycles through the 15 program regions.
"""

import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from schools.models import (
    Candidate,
    CandidateGroup,
    Contribution,
    Currency,
    District,
    Enrollment,
    Province,
    Region,
    School,
    SchoolRequest,
    SchoolRequestItem,
    Sponsor,
    Sponsorship,
    Teacher,
)
from schools.validators import ruc_check_digit

PROGRAM_REGION_CODES = (
    "20",
    "08",
    "06",
    "02",
    "13",
    "10",
    "15",
    "19",
    "12",
    "09",
    "05",
    "11",
    "04",
    "21",
    "03",
)


def valid_ruc(n: int, prefix: str = "20") -> str:
    """An 11-digit RUC with SUNAT's check digit, unique per n."""
    first_ten = f"{prefix}{n:08d}"
    return f"{first_ten}{ruc_check_digit(first_ten)}"


class RegionFactory(factory.django.DjangoModelFactory):
    """One of the migrated program regions (get-or-create by code: never a new region)."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Iterator(PROGRAM_REGION_CODES)


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    region = factory.SubFactory(RegionFactory)
    # DDPP: the code starts with the region's, so a get-or-create hit is always in the same region.
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.region.code}{n % 99 + 1:02d}")
    name = factory.Sequence(lambda n: f"Provincia {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("ubigeo",)

    province = factory.SubFactory(ProvinceFactory)
    ubigeo = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}{n % 99 + 1:02d}")
    name = factory.Sequence(lambda n: f"Distrito {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        skip_postgeneration_save = True  # the hook writes a membership, not the school

    codigo_modular = factory.Sequence(lambda n: f"{400000 + n:07d}")  # zero-padded, like MINEDU's
    anexo = 0
    name = factory.Sequence(lambda n: f"I.E. N.° {10000 + n}")
    district = factory.SubFactory(DistrictFactory)
    minedu_area = School.MineduArea.RURAL
    area_type = School.AreaType.RURAL
    caracteristica = School.Caracteristica.MULTIGRADO

    @factory.post_generation
    def network(self, create, network, **kwargs):
        """`SchoolFactory(network=n)`: the school belongs to n since the network's first school year."""
        if create and network is not None:
            from networks.models import SchoolMembership

            SchoolMembership.objects.create(school=self, network=network, joined_on=network.program_start)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.LazyFunction(lambda: timezone.localdate().year)
    grade = factory.Sequence(lambda n: n % 6 + 1)
    students = 25


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    school = factory.SubFactory(SchoolFactory)
    position = Teacher.Position.TEACHER
    first_name = factory.Sequence(lambda n: f"Docente{n}")
    last_name = "Quispe"
    dni = ""
    grades = factory.List([1, 2])
    is_active = True

    class Params:
        with_dni = factory.Trait(dni=factory.Sequence(lambda n: f"{40000000 + n:08d}"))


class DirectorFactory(TeacherFactory):
    position = Teacher.Position.DIRECTOR
    first_name = factory.Sequence(lambda n: f"Director{n}")
    grades = factory.List([])


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    name = factory.Sequence(lambda n: f"Empresa Auspiciadora {n} S.A.C.")
    ruc = factory.Sequence(valid_ruc)
    sector = Sponsor.Sector.MINING
    contact_name = "María Torres"
    contact_email = factory.Sequence(lambda n: f"contacto{n}@example.com")


class SponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsorship

    sponsor = factory.SubFactory(SponsorFactory)
    school = factory.SubFactory(SchoolFactory)
    start_year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    end_year = factory.LazyAttribute(lambda o: o.start_year + 4)
    committed_amount = Decimal("50000.00")
    currency = Currency.PEN


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    sponsor = factory.SubFactory(SponsorFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    amount = Decimal("10000.00")
    currency = Currency.PEN
    school = None


# --- Choosing schools ---------------------------------------------------------------------------
class CandidateGroupFactory(factory.django.DjangoModelFactory):
    """A would-be network of one region, published unless `published_at=None`."""

    class Meta:
        model = CandidateGroup

    name = factory.Sequence(lambda n: f"Red propuesta {n}")
    region = factory.SubFactory(RegionFactory)
    description = "Escuelas rurales multigrado cercanas entre sí."
    published_at = factory.LazyFunction(timezone.now)


class CandidateFactory(factory.django.DjangoModelFactory):
    """A padrón school (no network, no sponsor) of the group's region, offered with a full set of facts."""

    class Meta:
        model = Candidate

    group = factory.SubFactory(CandidateGroupFactory)
    school = factory.LazyAttribute(
        lambda o: SchoolFactory(
            district=DistrictFactory(province__region=o.group.region),
            latitude=o.group.region.latitude + Decimal("0.2"),
            longitude=o.group.region.longitude - Decimal("0.2"),
        )
    )
    poverty_quintile = 1
    poverty_rate = Decimal("48.5")
    distance_km = Decimal("35.2")
    distance_is_straight_line = True
    students = 84
    students_year = factory.LazyFunction(lambda: timezone.localdate().year)
    reading_satisfactory = Decimal("21.4")
    math_satisfactory = Decimal("12.5")
    results_year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    results_grade = 2


class SchoolRequestFactory(factory.django.DjangoModelFactory):
    """A pending request of a company; `SchoolRequestFactory(candidates=[...])` names its schools."""

    class Meta:
        model = SchoolRequest
        skip_postgeneration_save = True

    sponsor = factory.SubFactory(SponsorFactory)
    client_uuid = factory.LazyFunction(uuid.uuid4)
    message = "Nos interesan escuelas cerca de nuestra planta."

    @factory.post_generation
    def candidates(self, create, candidates, **kwargs):
        if create and candidates:
            for candidate in candidates:
                SchoolRequestItem.objects.create(request=self, candidate=candidate, school=candidate.school)
