"""Workshops and attendance. CurriculumYear and Competency come from a data migration: no factory."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from networks.tests.factories import NetworkFactory
from schools.tests.factories import RegionFactory, SchoolFactory, TeacherFactory
from workshops.models import Attendance, ParentAttendance, Workshop


def _program_year(workshop) -> int:
    """The network's program year on the first day (1 for a regional workshop, or outside the program)."""
    if workshop.network is None:
        return 1
    year = workshop.network.program_year_on(workshop.starts_on)
    return year if year and 1 <= year <= 5 else 1


class WorkshopFactory(factory.django.DjangoModelFactory):
    """An on-site workshop for one network's directors and teachers; `regional` makes it a region's."""

    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Taller de lectura {n}")
    modality = Workshop.Modality.ON_SITE
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=1))
    duration_hours = Decimal("8")
    network = factory.SubFactory(NetworkFactory)
    region = None
    program_year = factory.LazyAttribute(_program_year)
    for_directors = True
    for_teachers = True
    for_parents = False
    venue = "Local comunal"
    facilitator = "Carmen Rojas"

    class Params:
        regional = factory.Trait(network=None, region=factory.SubFactory(RegionFactory))
        virtual = factory.Trait(modality=Workshop.Modality.VIRTUAL, venue="https://aula.ipae.example/cee/taller")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    workshop = factory.SubFactory(WorkshopFactory)
    teacher = factory.SubFactory(TeacherFactory)
    attended = True


class ParentAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentAttendance

    workshop = factory.SubFactory(WorkshopFactory, for_parents=True)
    school = factory.SubFactory(SchoolFactory)
    count = 12
