"""Workshops and attendance. CurriculumYear and Competency come from a data migration: no factory."""

import datetime

import factory
from django.utils import timezone

from networks.tests.factories import NetworkFactory
from schools.tests.factories import RegionFactory, TeacherFactory
from workshops.models import Attendance, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    """An on-site workshop for one network's teachers; the `regional` trait makes it a region's."""

    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Taller de lectura {n}")
    program_year = 1
    modality = Workshop.Modality.ON_SITE
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=1))
    network = factory.SubFactory(NetworkFactory)
    region = None
    for_directors = True
    for_teachers = True
    for_parents = False
    parents_attended = 0
    venue = "Local comunal"

    class Params:
        regional = factory.Trait(network=None, region=factory.SubFactory(RegionFactory))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    workshop = factory.SubFactory(WorkshopFactory)
    teacher = factory.SubFactory(TeacherFactory)
    attended = True
