"""The attendance page (`workshops.views.attendance`): big tick boxes grouped by school, parents per school.

Gates, the roster shown, the happy POST (sent twice: one save), a later correction, a stale form (409,
the person's ticks kept), a workshop still ahead, and malformed input (letters for ids, a damaged
version, parents out of range, a megabyte of text).
"""

import pytest
from django.urls import reverse

from workshops.models import Attendance, ParentAttendance
from workshops.tests.conftest import attendance_post, people_of
from workshops.tests.helpers import (
    COORDINATORS,
    SPONSORS,
    STAFF,
    Page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_answers,
)

PAGE = Page(
    "attendance",
    args=lambda w: [w.workshop_a.pk],
    allowed=(*STAFF, "coordinator"),
    forbidden=(*SPONSORS, "former_coordinator"),
    out_of_scope=("other_coordinator",),
)


def resent(form) -> dict:
    """What the page sends back as it stands (every tick of a multiple field, not just the last)."""
    return {key: form.data.getlist(key) for key in form.data}


def url(workshop) -> str:
    return reverse("workshops:attendance", args=[workshop.pk])


def came(workshop) -> set[int]:
    return set(Attendance.objects.filter(workshop=workshop, attended=True).values_list("teacher_id", flat=True))


def test_anonymous_people_are_sent_to_the_login_page(world, client):
    assert_anonymous_is_sent_to_the_login_page(client, world, PAGE)


def test_the_page_answers_each_persona(world, client_for, user_of):
    assert_answers(world, client_for, user_of, PAGE)


@pytest.mark.parametrize("persona", [*STAFF])
def test_staff_record_a_regional_workshop_and_a_coordinator_is_refused(world, client_for, user_of, persona):
    assert client_for(user_of(persona)).get(url(world.workshop_piura)).status_code == 200
    assert client_for(user_of("coordinator")).get(url(world.workshop_piura)).status_code == 403
    assert client_for(user_of("other_coordinator")).get(url(world.workshop_piura)).status_code == 404


def test_the_roster_is_a_tick_per_invited_person_grouped_by_school(world, client_for, coordinator):
    html = client_for(coordinator).get(url(world.workshop_a)).content.decode()
    for school in world.schools_a:
        assert school.name in html
        for person in people_of(world, school):
            assert f'id="attended-{person.pk}"' in html
            assert f"{person.first_name} {person.last_name}" in html
    assert 'name="parents_' not in html  # not a workshop for parents
    assert "Guardar asistencia" in html


def test_ticks_are_saved_once_even_if_sent_twice_and_shown_again_on_reopening(world, client_for, coordinator):
    client = client_for(coordinator)
    teachers = world.teachers_a[world.schools_a[0].pk]
    data = attendance_post(world.workshop_a, attended=teachers)
    first = client.post(url(world.workshop_a), data)
    again = client.post(url(world.workshop_a), data)
    for response in (first, again):
        assert response.status_code == 302
        assert response["Location"] == reverse("workshops:workshop-detail", args=[world.workshop_a.pk])
    assert came(world.workshop_a) == {t.pk for t in teachers}
    assert Attendance.history.count() == 2
    html = client.get(url(world.workshop_a)).content.decode()
    for teacher in teachers:
        assert f'value="{teacher.pk}" id="attended-{teacher.pk}" checked' in html


def test_a_correction_later_unticks_one(world, client_for, coordinator):
    client = client_for(coordinator)
    teachers = world.teachers_a[world.schools_a[0].pk]
    client.post(url(world.workshop_a), attendance_post(world.workshop_a, attended=teachers))
    world.workshop_a.refresh_from_db()
    response = client.post(url(world.workshop_a), attendance_post(world.workshop_a, attended=teachers[:1]))
    assert response.status_code == 302
    assert came(world.workshop_a) == {teachers[0].pk}


def test_a_form_opened_before_someone_elses_save_is_a_conflict_that_keeps_the_ticks(
    world, client_for, coordinator, staff_user
):
    teachers = world.teachers_a[world.schools_a[0].pk]
    stale = attendance_post(world.workshop_a, attended=teachers[:1])
    client_for(staff_user).post(url(world.workshop_a), attendance_post(world.workshop_a, attended=teachers))
    response = client_for(coordinator).post(url(world.workshop_a), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Alguien guardó la asistencia de este taller después de que usted abrió este formulario" in html
    assert f'id="attended-{teachers[0].pk}" checked' in html
    assert f'id="attended-{teachers[1].pk}" checked' not in html
    assert response.context["form"].data["version"] == "1"
    assert came(world.workshop_a) == {t.pk for t in teachers}
    # Saving again (the page now carries the current version) goes through.
    again = client_for(coordinator).post(url(world.workshop_a), resent(response.context["form"]))
    assert again.status_code == 302
    assert came(world.workshop_a) == {teachers[0].pk}


def test_parents_are_entered_per_school(world, extra, client_for, coordinator):
    client = client_for(coordinator)
    html = client.get(url(extra.parents_workshop)).content.decode()
    for school in world.schools_a:
        assert f'name="parents_{school.pk}"' in html
    assert 'name="attended"' not in html
    first, second, _ = world.schools_a
    response = client.post(
        url(extra.parents_workshop), attendance_post(extra.parents_workshop, parents={first: 14, second: ""})
    )
    assert response.status_code == 302
    assert dict(ParentAttendance.objects.values_list("school", "count")) == {first.pk: 14}
    assert 'value="14"' in client.get(url(extra.parents_workshop)).content.decode()


def test_a_future_workshop_says_when_attendance_opens_and_refuses_a_post(world, extra, client_for, coordinator):
    client = client_for(coordinator)
    day = extra.future_workshop.starts_on.strftime("%d/%m/%Y")
    message = f"Este taller aún no se realiza: la asistencia se registra desde el {day}, su primer día."
    response = client.get(url(extra.future_workshop))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Guardar asistencia" not in response.content.decode()
    teachers = world.teachers_a[world.schools_a[0].pk]
    refused = client.post(url(extra.future_workshop), attendance_post(extra.future_workshop, attended=teachers))
    assert refused.status_code == 400
    assert message in refused.content.decode()
    assert not Attendance.objects.exists()


DAMAGED = "El formulario llegó incompleto o la lista cambió mientras lo llenaba."


@pytest.mark.parametrize(
    "data",
    [
        {"version": "0", "attended": ["abc"]},
        {"version": "0", "attended": ["9" * 30]},
        {"version": "0", "attended": ["-1"]},
        {"version": "abc", "attended": []},
        {"version": "9" * 30, "attended": []},
        {"version": "-3", "attended": []},
        {"attended": []},
        {"version": "0", "attended": ["x" * 1_000_000]},
    ],
)
def test_a_damaged_form_is_reported_in_spanish_and_saves_nothing(world, client_for, coordinator, data):
    response = client_for(coordinator).post(url(world.workshop_a), data)
    assert response.status_code == 400
    assert DAMAGED in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_damaged_version_is_replaced_so_the_next_save_goes_through(world, client_for, coordinator):
    teachers = world.teachers_a[world.schools_a[0].pk]
    data = {"version": "abc", "attended": [str(t.pk) for t in teachers]}
    response = client_for(coordinator).post(url(world.workshop_a), data)
    assert response.context["form"].data["version"] == "0"
    again = client_for(coordinator).post(url(world.workshop_a), resent(response.context["form"]))
    assert again.status_code == 302
    assert came(world.workshop_a) == {t.pk for t in teachers}


def test_someone_from_another_network_posted_is_refused(world, client_for, coordinator):
    outsider = world.teachers_b[world.schools_b[0].pk][0]
    response = client_for(coordinator).post(
        url(world.workshop_a), attendance_post(world.workshop_a, attended=[outsider])
    )
    assert response.status_code == 400
    assert DAMAGED in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("count", ["abc", "-1", "1001", "1.5", "9" * 30, "x" * 1_000_000])
def test_a_bad_parents_count_is_answered_next_to_the_school(world, extra, client_for, coordinator, count):
    school = world.schools_a[0]
    response = client_for(coordinator).post(
        url(extra.parents_workshop), attendance_post(extra.parents_workshop, parents={school: count})
    )
    assert response.status_code == 400
    assert "Escriba un número de 0 a 1000." in response.content.decode()
    assert not ParentAttendance.objects.exists()


def test_parents_posted_to_a_workshop_not_for_parents_are_ignored(world, client_for, coordinator):
    school = world.schools_a[0]
    response = client_for(coordinator).post(
        url(world.workshop_a), attendance_post(world.workshop_a, parents={school: 5})
    )
    assert response.status_code == 302
    assert not ParentAttendance.objects.exists()


@pytest.mark.parametrize("persona", COORDINATORS)
def test_a_coordinator_gets_the_attendance_of_a_missing_workshop_as_404(world, client_for, user_of, persona):
    assert client_for(user_of(persona)).get("/talleres/999999/asistencia/").status_code == 404
