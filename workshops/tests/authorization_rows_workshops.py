"""Authorization rows of the workshops app. Workshop pages are for staff and coordinators (sponsors: 403);
a coordinator sees their networks' workshops and their region's (another network's: 404), plans and
records attendance only for their networks (a regional workshop: 403), and sees their networks' coverage;
regional coverage is staff's. A former coordinator gets the list and nothing in it."""

import datetime

from django.utils import timezone

from accounts.tests.authorization import READ_ONLY_POST, STAFF, Effect, Redirect, Row, field_work
from workshops.models import Attendance, Workshop

DETAIL = Redirect("workshops:workshop-detail")
WORKSHOP_A_PEOPLE = frozenset({*STAFF, "coordinator"})


def workshop_a(world) -> dict:
    return {"pk": world.workshop_a.pk}


def workshop_piura(world) -> dict:
    return {"pk": world.workshop_piura.pk}


def new_workshop_of_network_a(world) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=10)
    return {
        "title": "Taller de producción de textos",
        "network": world.network_a.pk,
        "program_year": "",
        "modality": Workshop.Modality.ON_SITE,
        "starts_on": day.isoformat(),
        "ends_on": "",
        "duration_hours": "3.5",
        "venue": "Local comunal de Chulucanas",
        "audiences": ["teachers", "directors"],
        "facilitator": "Carmen Rojas",
    }


def edit_of_workshop_a(world) -> dict:
    workshop = world.workshop_a
    return {
        "title": "Taller de lectura (corregido)",
        "network": world.network_a.pk,
        "program_year": str(workshop.program_year),
        "modality": workshop.modality,
        "starts_on": workshop.starts_on.isoformat(),
        "ends_on": workshop.ends_on.isoformat(),
        "duration_hours": "6",
        "venue": workshop.venue,
        "audiences": ["directors", "teachers"],
        "facilitator": "Jorge Ccama",
    }


def two_teachers_of_network_a(world) -> dict:
    school = world.schools_a[0]
    return {
        "version": str(world.workshop_a.attendance_version),
        "attended": [str(teacher.pk) for teacher in world.teachers_a[school.pk]],
    }


def workshop_count(world):
    return Workshop.objects.count()


def workshop_a_title(world):
    return Workshop.objects.get(pk=world.workshop_a.pk).title


def attended_at_workshop_a(world):
    return tuple(
        Attendance.objects.filter(workshop=world.workshop_a, attended=True)
        .order_by("teacher_id")
        .values_list("teacher_id", flat=True)
    )


def network_a(world) -> dict:
    return {"pk": world.network_a.pk}


ROWS = {
    "workshops:workshop-list": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=200, former_coordinator=200)),
        Row(
            field_work(
                staff=READ_ONLY_POST,
                coordinator=READ_ONLY_POST,
                other_coordinator=READ_ONLY_POST,
                former_coordinator=READ_ONLY_POST,
            ),
            method="post",
        ),
    ),
    "workshops:workshop-create": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=200, former_coordinator=403)),
        Row(
            # The other coordinator's form does not offer network A: 400, nothing saved.
            field_work(staff=DETAIL, coordinator=DETAIL, other_coordinator=400, former_coordinator=403),
            method="post",
            data=new_workshop_of_network_a,
            effect=Effect(workshop_count, by=WORKSHOP_A_PEOPLE),
        ),
    ),
    "workshops:workshop-detail": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=workshop_a),
        # A regional workshop of Piura: network A's coordinator sees it, the Cusco one does not.
        Row(
            field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404),
            kwargs=workshop_piura,
        ),
        Row(
            field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=workshop_a,
        ),
    ),
    "workshops:workshop-edit": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=403), kwargs=workshop_a),
        # Regional workshops are staff's: network A's coordinator sees it but may not change it.
        Row(
            field_work(staff=200, coordinator=403, other_coordinator=404, former_coordinator=403),
            kwargs=workshop_piura,
        ),
        Row(
            field_work(staff=DETAIL, coordinator=DETAIL, other_coordinator=404, former_coordinator=403),
            method="post",
            kwargs=workshop_a,
            data=edit_of_workshop_a,
            effect=Effect(workshop_a_title, by=WORKSHOP_A_PEOPLE),
        ),
    ),
    "workshops:attendance": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=403), kwargs=workshop_a),
        Row(
            field_work(staff=200, coordinator=403, other_coordinator=404, former_coordinator=403),
            kwargs=workshop_piura,
        ),
        Row(
            field_work(staff=DETAIL, coordinator=DETAIL, other_coordinator=404, former_coordinator=403),
            method="post",
            kwargs=workshop_a,
            data=two_teachers_of_network_a,
            effect=Effect(attended_at_workshop_a, by=WORKSHOP_A_PEOPLE),
        ),
    ),
    "workshops:coverage-network": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=network_a),
        Row(
            field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=network_a,
        ),
    ),
    "workshops:coverage-region": (
        Row(
            field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403),
            kwargs=lambda w: {"pk": w.piura.pk},
        ),
        Row(
            field_work(staff=405, coordinator=403, other_coordinator=403, former_coordinator=403),
            method="post",
            kwargs=lambda w: {"pk": w.piura.pk},
        ),
    ),
}
