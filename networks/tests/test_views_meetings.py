"""The network meetings pages (`networks.views.meetings`): the list and the form coordinators log a meeting with.

Gates: anonymous → login, wrong role → 403, allowed → 200 (checks in `helpers.py`); one happy POST (posted
twice), its refusals, and malformed input. The world (root conftest): network A (Piura, `coordinator`)
and network B (Cusco, `other_coordinator`).
"""

import uuid

import pytest
from django.urls import reverse

from networks.models import NetworkMeeting
from networks.tests.helpers import (
    COORDINATORS,
    MALFORMED_LIST_QUERIES,
    SPONSORS,
    Page,
    assert_allowed_people_get_the_page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_forbidden_roles_get_403,
    days_ago,
    page_id,
)

PAGES = [
    Page("meeting-list", allowed=("staff", *COORDINATORS), forbidden=SPONSORS),
    Page("meeting-create", allowed=COORDINATORS, forbidden=("staff", *SPONSORS)),
]


# --- GET: the answers -----------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_anonymous_people_are_sent_to_the_login_page(db, client, page):
    assert_anonymous_is_sent_to_the_login_page(client, page)


@pytest.mark.parametrize("page", [p for p in PAGES if p.forbidden], ids=page_id)
def test_a_role_that_may_not_use_the_page_gets_403(objects, client_for, user_of, page):
    assert_forbidden_roles_get_403(objects, client_for, user_of, page)


@pytest.mark.parametrize("page", [p for p in PAGES if p.allowed], ids=page_id)
def test_allowed_people_get_the_page(objects, client_for, user_of, page):
    assert_allowed_people_get_the_page(objects, client_for, user_of, page)


# --- meeting-create -----------------------------------------------------------------------
@pytest.fixture
def meeting_data(world):
    return {
        "client_uuid": str(uuid.uuid4()),
        "network": world.network_a.pk,
        "date": days_ago(1).isoformat(),
        "directors": "5",
        "teachers": "14",
        "parents": "22",
        "community_leaders": "2",
        "local_organizations": "1",
        "decisions": "Feria de lectura de la red en junio.",
        "agreements": "Cada escuela lleva un cuento.",
    }


def test_meeting_create_logs_a_meeting_once_even_if_posted_twice(world, client_for, coordinator, meeting_data):
    client = client_for(coordinator)
    url = reverse("networks:meeting-create")
    first = client.post(url, meeting_data)
    again = client.post(url, meeting_data)

    for response in (first, again):
        assert response.status_code == 302
        assert response["Location"] == reverse("networks:meeting-list")
    meeting = NetworkMeeting.objects.get(client_uuid=meeting_data["client_uuid"])
    assert (meeting.network, meeting.coordinator, meeting.participant_count) == (world.network_a, coordinator, 44)


def test_meeting_create_refuses_another_coordinators_network(world, client_for, coordinator, meeting_data):
    response = client_for(coordinator).post(
        reverse("networks:meeting-create"), {**meeting_data, "network": world.network_b.pk}
    )
    assert response.status_code == 400
    assert not NetworkMeeting.objects.filter(client_uuid=meeting_data["client_uuid"]).exists()


def test_meeting_create_without_participants_answers_400_in_spanish(world, client_for, coordinator, meeting_data):
    empty = dict.fromkeys(("directors", "teachers", "parents", "community_leaders", "local_organizations"), "0")
    response = client_for(coordinator).post(reverse("networks:meeting-create"), {**meeting_data, **empty})
    assert response.status_code == 400
    assert "Registre cuántas personas participaron, al menos una." in response.content.decode()
    assert "Feria de lectura de la red en junio." in response.content.decode()


# --- Malformed input (outside review: each test failed on the code before the fix) ------------
@pytest.mark.parametrize("value", ["abc", "1.5", ""])
def test_a_malformed_network_in_the_meeting_url_is_ignored(client_for, coordinator, value):
    response = client_for(coordinator).get(reverse("networks:meeting-create"), {"network": value})

    assert response.status_code == 200


def test_the_meeting_form_bounds_its_text_and_date(world, client_for, coordinator):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "network": world.network_a.pk,
        "date": "9999-01-01",
        "directors": "2",
        "teachers": "99999999999",
        "parents": "0",
        "community_leaders": "0",
        "local_organizations": "0",
        "decisions": "x" * 10_001,
    }

    response = client_for(coordinator).post(reverse("networks:meeting-create"), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"date", "teachers", "decisions"}
    assert not NetworkMeeting.objects.filter(client_uuid=data["client_uuid"]).exists()


@pytest.mark.parametrize("query", MALFORMED_LIST_QUERIES)
@pytest.mark.parametrize("page", [lambda w: reverse("networks:meeting-list")], ids=["meeting-list"])
def test_malformed_list_parameters_never_break_a_page(world, client_for, staff_user, page, query):
    assert client_for(staff_user).get(page(world), query).status_code == 200
