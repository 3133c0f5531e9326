"""Workshops and attendance: single-row rules and DB constraints."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from networks.tests.factories import NetworkFactory
from schools.models import Region
from schools.tests.factories import DirectorFactory, SchoolFactory, TeacherFactory
from workshops.models import Workshop
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory, WorkshopFactory

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


@pytest.mark.parametrize("venue", ["Aula virtual de IPAE", "Zoom", "https://", "javascript:alert(1)"])
def test_a_virtual_workshop_needs_a_link(venue):
    workshop = WorkshopFactory.build(network=NetworkFactory(), modality=Workshop.Modality.VIRTUAL, venue=venue)
    message = "Un taller virtual necesita el enlace de la reunión (que empiece con https://)."
    assert errors_of(workshop)["venue"] == [message]


def test_a_workshop_needs_a_place_or_a_link():
    assert "venue" in errors_of(WorkshopFactory.build(network=NetworkFactory(), venue=""))


@pytest.mark.parametrize("venue", ["https://meet.example/abc", "www.zoom.us/j/1", "http://aula.example"])
def test_an_on_site_workshop_needs_a_place_not_a_link(venue):
    workshop = WorkshopFactory.build(network=NetworkFactory(), modality=Workshop.Modality.ON_SITE, venue=venue)
    assert errors_of(workshop)["venue"] == [
        "Un taller presencial necesita el lugar (por ejemplo, «Auditorio de la UGEL Piura»), no un enlace."
    ]


def test_a_virtual_workshop_with_a_link_and_an_on_site_one_with_a_place_are_valid():
    WorkshopFactory.build(network=NetworkFactory(), virtual=True).full_clean()
    WorkshopFactory.build(network=NetworkFactory(), venue="I.E. N.° 14001, aula de innovación").full_clean()


def test_a_workshop_lasts_at_most_a_month():
    start = datetime.date(2025, 5, 1)
    workshop = WorkshopFactory.build(network=NetworkFactory(), starts_on=start, ends_on=start + datetime.timedelta(31))
    assert errors_of(workshop)["ends_on"] == ["Un taller dura como máximo 31 días: revise las fechas."]


def test_a_workshop_has_at_most_twelve_hours_a_day():
    start = datetime.date(2025, 5, 1)
    workshop = WorkshopFactory.build(
        network=NetworkFactory(), starts_on=start, ends_on=start + datetime.timedelta(1), duration_hours=Decimal("25")
    )
    assert errors_of(workshop)["duration_hours"] == ["25 horas no caben en 2 día(s): como máximo 12 horas por día."]


@pytest.mark.parametrize(
    ("hours", "message"),
    [("0", "La duración debe ser de al menos media hora."), ("0.4", "La duración debe ser de al menos media hora.")],
)
def test_a_workshop_lasts_at_least_half_an_hour(hours, message):
    workshop = WorkshopFactory.build(network=NetworkFactory(), duration_hours=Decimal(hours))
    assert message in errors_of(workshop)["duration_hours"]


def test_database_refuses_a_workshop_without_duration():
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(duration_hours=0)


def test_a_workshop_date_more_than_a_year_ahead_or_before_2000_is_refused():
    far = timezone.localdate() + datetime.timedelta(days=400)
    errors = errors_of(WorkshopFactory.build(network=NetworkFactory(), starts_on=far, ends_on=far))
    assert "starts_on" in errors
    old = datetime.date(1999, 12, 31)
    errors = errors_of(WorkshopFactory.build(network=NetworkFactory(), starts_on=old, ends_on=old))
    assert errors["starts_on"] == ["La fecha no puede ser anterior al año 2000."]


def test_a_workshop_knows_its_audiences_and_whether_it_is_still_ahead():
    workshop = WorkshopFactory.build(for_directors=True, for_teachers=False, for_parents=True)
    assert workshop.audience_positions == ["director"]
    assert workshop.audience_labels == ["Directores", "Padres de familia"]
    today = timezone.localdate()
    assert WorkshopFactory.build(starts_on=today + datetime.timedelta(1)).is_future(today)
    assert not WorkshopFactory.build(starts_on=today).is_future(today)


# --- Parents per school -----------------------------------------------------------------
def test_parents_are_counted_only_at_a_workshop_for_parents():
    workshop = WorkshopFactory(for_parents=False)
    row = ParentAttendanceFactory.build(workshop=workshop, school=SchoolFactory(), count=5)
    assert errors_of(row)["count"] == ["Solo se registran padres de familia si el taller es para padres."]
    ParentAttendanceFactory.build(workshop=workshop, school=SchoolFactory(), count=0).full_clean()


def test_parents_of_one_school_are_at_most_a_thousand():
    row = ParentAttendanceFactory.build(workshop=WorkshopFactory(for_parents=True), school=SchoolFactory(), count=1001)
    assert errors_of(row)["count"] == ["Como máximo 1000 padres de familia por institución: revise el número."]


def test_database_refuses_two_counts_for_one_school_at_one_workshop():
    row = ParentAttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParentAttendanceFactory(workshop=row.workshop, school=row.school)


def test_database_refuses_more_than_a_thousand_parents_of_one_school():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParentAttendanceFactory(count=1001)


def test_parent_counts_keep_their_history():
    row = ParentAttendanceFactory(count=5)
    row.count = 8
    row.save()
    assert list(row.history.values_list("count", flat=True)) == [8, 5]


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
    parents = ParentAttendanceFactory(
        workshop=WorkshopFactory(for_parents=True, title="Escuela de padres", starts_on=datetime.date(2025, 5, 2)),
        count=7,
    )
    assert str(parents) == f"{parents.school} · Escuela de padres (02/05/2025): 7"
    assert Workshop.objects.get(pk=workshop.pk).attendances.count() == 1
