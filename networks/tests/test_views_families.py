"""Meetings of parents and teachers (networks/views/families.py): recording one on a phone, following it up,
and where it shows (the school's page, the coordinator's caseload)."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import FamilyMeeting
from networks.tests.factories import FamilyMeetingFactory

CREATE = reverse("networks:family-meeting-create")


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def meeting_data(world):
    return {
        "client_uuid": str(uuid.uuid4()),
        "school": world.schools_a[1].pk,
        "kind": FamilyMeeting.Kind.PARENTS_TEACHERS,
        "date": today().isoformat(),
        "problem": "Los niños de 2.° no practican lectura en casa.",
        "agreed_at_home": "Leer quince minutos cada noche.",
        "agreed_at_school": "Préstamo semanal de libros.",
        "parents": "14",
        "teachers": "2",
        "follow_up_by": "Docente de 2.°",
        "follow_up_on": (today() + datetime.timedelta(days=14)).isoformat(),
    }


def edit_data(meeting, **changes) -> dict:
    return {
        "client_uuid": str(meeting.client_uuid),
        "version": str(meeting.version),
        "kind": meeting.kind,
        "date": meeting.date.isoformat(),
        "problem": meeting.problem,
        "agreed_at_home": meeting.agreed_at_home,
        "agreed_at_school": meeting.agreed_at_school,
        "parents": str(meeting.parents),
        "teachers": str(meeting.teachers),
        "follow_up_by": meeting.follow_up_by,
        "follow_up_on": meeting.follow_up_on.isoformat() if meeting.follow_up_on else "",
        "resolved_on": "",
        "resolution": "",
    } | changes


def test_a_coordinator_records_a_meeting_and_it_shows_on_the_school_page(world, client_for, coordinator, meeting_data):
    client = client_for(coordinator)

    response = client.post(CREATE, meeting_data)

    meeting = FamilyMeeting.objects.get(client_uuid=meeting_data["client_uuid"])
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:family-meeting-detail", args=[meeting.pk])
    assert (meeting.school, meeting.coordinator, meeting.parents) == (world.schools_a[1], coordinator, 14)
    school_page = client.get(reverse("networks:school-detail", args=[world.schools_a[1].pk])).content.decode()
    assert "Los niños de 2.° no practican lectura en casa." in school_page
    assert "Abierto" in school_page


def test_a_meeting_sent_twice_is_saved_once(world, client_for, coordinator, meeting_data):
    client = client_for(coordinator)
    first = client.post(CREATE, meeting_data)
    second = client.post(CREATE, meeting_data)
    assert first["Location"] == second["Location"]
    assert FamilyMeeting.objects.filter(client_uuid=meeting_data["client_uuid"]).count() == 1


def test_a_school_of_another_network_is_not_offered(world, client_for, other_coordinator, meeting_data):
    response = client_for(other_coordinator).post(CREATE, meeting_data)
    assert response.status_code == 400
    assert response.context["form"].errors["school"]
    assert not FamilyMeeting.objects.exists()


def test_a_meeting_needs_the_problem(client_for, coordinator, meeting_data):
    response = client_for(coordinator).post(CREATE, meeting_data | {"problem": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["problem"]
    assert not FamilyMeeting.objects.exists()


def test_a_meeting_needs_someone_present(client_for, coordinator, meeting_data):
    response = client_for(coordinator).post(CREATE, meeting_data | {"parents": "0", "teachers": "0"})
    assert response.status_code == 400
    assert "al menos una" in response.content.decode()
    assert not FamilyMeeting.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("school", "abc"),
        ("school", "1.5"),
        ("date", "9999-12-31"),
        ("date", "1900-01-01"),
        ("follow_up_on", "9999-12-31"),
        ("parents", "-1"),
        ("parents", "999999"),
        ("problem", "x" * 1_000_000),
        ("kind", "otro"),
        ("client_uuid", "abc"),
    ],
)
def test_malformed_input_is_refused_in_spanish_and_saves_nothing(client_for, coordinator, meeting_data, field, value):
    response = client_for(coordinator).post(CREATE, meeting_data | {field: value})
    assert response.status_code == 400
    assert not FamilyMeeting.objects.exists()


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999"])
def test_a_malformed_school_in_the_url_opens_the_form_without_a_school(client_for, coordinator, value):
    assert client_for(coordinator).get(CREATE, {"school": value}).status_code == 200


def test_a_follow_up_that_is_due_appears_in_the_caseload_until_resolved(world, client_for, coordinator):
    meeting = FamilyMeetingFactory(
        school=world.schools_a[0], coordinator=coordinator, follow_up_on=today() - datetime.timedelta(days=1)
    )
    client = client_for(coordinator)
    home = client.get(reverse("evaluations:home"))
    assert meeting in home.context["caseload"]["family_follow_ups_due"]

    response = client.post(
        reverse("networks:family-meeting-edit", args=[meeting.pk]),
        edit_data(meeting, resolved_on=today().isoformat(), resolution="Las familias cumplieron."),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.resolved_on, meeting.version) == (today(), 2)
    assert meeting.history.latest().history_user == coordinator
    assert meeting not in client.get(reverse("evaluations:home")).context["caseload"]["family_follow_ups_due"]


def test_a_resolution_without_its_date_is_refused(world, client_for, coordinator):
    meeting = FamilyMeetingFactory(school=world.schools_a[0], coordinator=coordinator)
    response = client_for(coordinator).post(
        reverse("networks:family-meeting-edit", args=[meeting.pk]), edit_data(meeting, resolution="Resuelto.")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["resolved_on"]


def test_a_follow_up_saved_meanwhile_by_someone_else_is_reported_not_overwritten(world, client_for, coordinator):
    meeting = FamilyMeetingFactory(school=world.schools_a[0], coordinator=coordinator)
    opened = edit_data(meeting, agreed_at_school="Mi versión.")
    FamilyMeeting.objects.filter(pk=meeting.pk).update(version=2, agreed_at_school="Versión de IPAE.")

    response = client_for(coordinator).post(reverse("networks:family-meeting-edit", args=[meeting.pk]), opened)

    assert response.status_code == 409
    assert "Versión de IPAE." in response.content.decode()
    assert "Mi versión." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.agreed_at_school == "Versión de IPAE."


def test_staff_follow_up_any_meeting_but_log_none(world, client_for, staff_user, meeting_data):
    meeting = FamilyMeetingFactory(school=world.schools_b[0], coordinator=world.other_coordinator)
    client = client_for(staff_user)
    assert client.get(reverse("networks:family-meeting-edit", args=[meeting.pk])).status_code == 200
    assert client.post(CREATE, meeting_data).status_code == 403


def test_another_coordinator_gets_404_on_a_meeting_of_another_network(world, client_for, other_coordinator):
    meeting = FamilyMeetingFactory(school=world.schools_a[0], coordinator=world.coordinator)
    for name in ("networks:family-meeting-detail", "networks:family-meeting-edit"):
        assert client_for(other_coordinator).get(reverse(name, args=[meeting.pk])).status_code == 404
