"""The data admin plans and corrects workshops through the services, and only shows attendance.

Attendance (people and parents) is written by the app's attendance page, whose save sets the whole
roster and refuses a stale form; here it is read-only, with a link to that page.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from workshops.models import Attendance, ParentAttendance, Workshop
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory


def url(name: str, *args) -> str:
    return reverse(f"admin:workshops_{name}", args=args)


def admin_form(workshop=None, **overrides) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=5)
    data = {
        "title": "Taller de lectura en voz alta",
        "program_year": "",
        "modality": "on_site",
        "starts_on": day.isoformat(),
        "ends_on": day.isoformat(),
        "duration_hours": "3",
        "region": "",
        "network": "",
        "for_teachers": "on",
        "venue": "Local comunal",
        "facilitator": "",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
        "parent_attendances-TOTAL_FORMS": "0",
        "parent_attendances-INITIAL_FORMS": "0",
    }
    if workshop is not None:
        data |= {
            "title": workshop.title,
            "program_year": str(workshop.program_year),
            "starts_on": workshop.starts_on.isoformat(),
            "ends_on": workshop.ends_on.isoformat(),
            "network": str(workshop.network_id or ""),
            "region": str(workshop.region_id or ""),
            "for_directors": "on",
            "venue": workshop.venue,
        }
    return data | overrides


def test_staff_plan_a_workshop_in_the_admin_through_the_service(world, client_for, staff_user):
    data = admin_form(network=str(world.network_a.pk), program_year="2")
    response = client_for(staff_user).post(url("workshop_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    workshop = Workshop.objects.get(title="Taller de lectura en voz alta")
    assert workshop.history.get().history_change_reason == f"Planificado por {world.staff}"


def test_the_admin_refuses_what_the_service_refuses(world, client_for, staff_user):
    data = admin_form(network=str(world.network_a.pk), program_year="4")
    response = client_for(staff_user).post(url("workshop_add"), data)
    assert response.status_code == 200
    assert "la red está en el año 2 del programa" in response.content.decode()
    assert not Workshop.objects.filter(title="Taller de lectura en voz alta").exists()


def test_the_admin_keeps_recorded_attendance_true(world, client_for, staff_user):
    AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[world.schools_a[0].pk][0])
    data = admin_form(world.workshop_a)  # for directors only: the teacher who came would be orphaned
    data.pop("for_teachers")
    response = client_for(staff_user).post(url("workshop_change", world.workshop_a.pk), data)
    assert response.status_code == 200
    assert "Ya hay docentes registrados como asistentes" in response.content.decode()


def test_staff_correct_a_workshop_in_the_admin_with_history(world, client_for, staff_user):
    data = admin_form(world.workshop_a, title="Taller corregido")
    response = client_for(staff_user).post(url("workshop_change", world.workshop_a.pk), data)
    assert response.status_code == 302
    world.workshop_a.refresh_from_db()
    assert world.workshop_a.title == "Taller corregido"
    assert world.workshop_a.history.first().history_change_reason == f"Cambios de {world.staff}"


@pytest.mark.parametrize("model", ["attendance", "parentattendance"])
def test_attendance_has_no_add_page_and_its_change_page_links_to_the_app(world, client_for, staff_user, model):
    client = client_for(staff_user)
    assert client.get(url(f"{model}_add")).status_code == 403
    if model == "attendance":
        row = AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[world.schools_a[0].pk][0])
    else:
        row = ParentAttendanceFactory(workshop__network=world.network_a, school=world.schools_a[0])
    response = client.get(url(f"{model}_change", row.pk))
    assert response.status_code == 200
    assert reverse("workshops:attendance", args=[row.workshop_id]) in response.content.decode()
    posted = client.post(url(f"{model}_change", row.pk), {"attended": "", "count": "999"})
    assert posted.status_code == 403
    assert Attendance.objects.filter(attended=False).count() == 0
    assert not ParentAttendance.objects.filter(count=999).exists()


def test_the_workshop_change_page_links_to_its_attendance(world, client_for, staff_user):
    html = client_for(staff_user).get(url("workshop_change", world.workshop_a.pk)).content.decode()
    assert reverse("workshops:attendance", args=[world.workshop_a.pk]) in html
