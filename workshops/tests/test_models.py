"""Workshops and attendance: single-row rules and DB constraints."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from networks.tests.factories import NetworkFactory
from schools.models import Region
from schools.tests.factories import DirectorFactory, TeacherFactory
from workshops.models import Workshop
from workshops.tests.factories import AttendanceFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

REGION_XOR_NETWORK_MESSAGE = "Un taller es para una región o para una red: elija solo una."


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


# --- Workshops ------------------------------------------------------------------------
def test_a_workshop_from_the_factory_is_valid():
    WorkshopFactory().full_clean()
    WorkshopFactory(regional=True).full_clean()


@pytest.mark.parametrize("program_year", [0, 6])
def test_workshop_rejects_a_program_year_outside_1_to_5(program_year):
    workshop = WorkshopFactory.build(network=NetworkFactory(), program_year=program_year)
    assert errors_of(workshop)["program_year"] == ["El año del programa debe estar entre 1 y 5."]


@pytest.mark.parametrize("program_year", [0, 6])
def test_database_refuses_a_workshop_program_year_outside_1_to_5(program_year):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(program_year=program_year)


def test_workshop_rejects_both_a_region_and_a_network():
    workshop = WorkshopFactory.build(network=NetworkFactory(), region=Region.objects.get(code="20"))
    assert REGION_XOR_NETWORK_MESSAGE in errors_of(workshop)["__all__"]


def test_workshop_rejects_neither_a_region_nor_a_network():
    workshop = WorkshopFactory.build(network=None, region=None)
    assert errors_of(workshop)["__all__"] == [REGION_XOR_NETWORK_MESSAGE]


def test_database_refuses_a_workshop_for_both_a_region_and_a_network():
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(network=NetworkFactory(), region=Region.objects.get(code="20"))


def test_database_refuses_a_workshop_for_neither_a_region_nor_a_network():
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(network=None, region=None)


def test_workshop_rejects_an_end_before_its_start():
    workshop = WorkshopFactory.build(
        network=NetworkFactory(), starts_on=datetime.date(2025, 5, 2), ends_on=datetime.date(2025, 5, 1)
    )
    assert errors_of(workshop)["__all__"] == ["La fecha de fin no puede ser anterior a la de inicio."]


def test_workshop_rejects_having_no_audience():
    workshop = WorkshopFactory.build(
        network=NetworkFactory(), for_directors=False, for_teachers=False, for_parents=False
    )
    assert errors_of(workshop)["__all__"] == ["Elija al menos un público: directores, docentes o padres de familia."]


def test_workshop_rejects_parents_attending_a_workshop_not_for_parents():
    workshop = WorkshopFactory.build(network=NetworkFactory(), for_parents=False, parents_attended=12)
    assert errors_of(workshop)["__all__"] == ["Solo se registran padres asistentes si el taller es para padres."]


def test_workshop_for_parents_counts_them():
    WorkshopFactory.build(network=NetworkFactory(), for_parents=True, parents_attended=12).full_clean()


# --- Attendance -----------------------------------------------------------------------
def test_attendance_rejects_a_director_at_a_workshop_not_for_directors():
    workshop = WorkshopFactory(for_directors=False, for_teachers=True)
    attendance = AttendanceFactory.build(workshop=workshop, teacher=DirectorFactory())
    assert errors_of(attendance)["teacher"] == ["Este taller no es para directores."]


def test_attendance_rejects_a_teacher_at_a_workshop_not_for_teachers():
    workshop = WorkshopFactory(for_directors=True, for_teachers=False)
    attendance = AttendanceFactory.build(workshop=workshop, teacher=TeacherFactory())
    assert errors_of(attendance)["teacher"] == ["Este taller no es para docentes."]


def test_database_refuses_the_same_person_twice_at_one_workshop():
    attendance = AttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(workshop=attendance.workshop, teacher=attendance.teacher)


# --- __str__ --------------------------------------------------------------------------
def test_every_workshop_model_has_a_readable_str():
    workshop = WorkshopFactory(title="Taller de lectura", starts_on=datetime.date(2025, 4, 10))
    teacher = TeacherFactory(first_name="Rosa", last_name="Quispe")
    attendance = AttendanceFactory(workshop=workshop, teacher=teacher)
    assert str(workshop) == "Taller de lectura (10/04/2025)"
    assert str(attendance) == "Rosa Quispe · Taller de lectura (10/04/2025)"
    assert Workshop.objects.get(pk=workshop.pk).attendances.count() == 1
