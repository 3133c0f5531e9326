"""The networks list and the reassignment of a network (`networks.views.networks`), IPAE staff only.

Gates: anonymous → login, wrong role → 403, allowed → 200 (checks in `helpers.py`); one happy POST,
its refusals, and malformed input. The world (root conftest): network A (Piura, `coordinator`) and
network B (Cusco, `other_coordinator`); a graduated network in Piura whose former coordinator has none.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import CoordinatorFactory
from networks.models import CoordinatorAssignment
from networks.tests.factories import CoordinatorAssignmentFactory, NetworkFactory
from networks.tests.helpers import (
    MALFORMED_LIST_QUERIES,
    NOT_STAFF,
    Page,
    assert_allowed_people_get_the_page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_forbidden_roles_get_403,
    days_ago,
    page_id,
    today,
)
from schools.tests.factories import SchoolFactory

PAGES = [
    Page("network-list", allowed=("staff",), forbidden=NOT_STAFF),
    Page("network-reassign", lambda o: [o.network_a.pk], allowed=("staff",), forbidden=NOT_STAFF),
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


# --- network-list -------------------------------------------------------------------------
def test_the_network_list_shows_each_networks_current_coordinator(world, client_for, staff_user):
    extra = NetworkFactory()
    CoordinatorAssignmentFactory(network=extra, ends_on=days_ago(30))
    SchoolFactory(network=extra)
    page = client_for(staff_user).get(reverse("networks:network-list")).context["page"]
    current = {n.pk: n.current for n in page}
    assert current[world.network_a.pk].coordinator == world.coordinator
    assert current[extra.pk] is None


# --- network-reassign ---------------------------------------------------------------------
def test_network_reassign_hands_the_network_to_another_coordinator(world, client_for, staff_user, coordinator):
    successor = CoordinatorFactory()
    response = client_for(staff_user).post(
        reverse("networks:network-reassign", args=[world.network_a.pk]),
        {"coordinator": successor.pk, "starts_on": today().isoformat()},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:network-list")
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.ends_on == days_ago(1)
    current = CoordinatorAssignment.objects.get(network=world.network_a, ends_on__isnull=True)
    assert current.coordinator == successor
    school_url = reverse("networks:school-detail", args=[world.schools_a[0].pk])
    assert client_for(successor).get(school_url).status_code == 200
    assert client_for(coordinator).get(school_url).status_code == 404


def test_network_reassign_with_a_start_too_early_answers_400(world, client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("networks:network-reassign", args=[world.network_a.pk]),
        {"coordinator": CoordinatorFactory().pk, "starts_on": world.assignment_a.starts_on.isoformat()},
    )
    assert response.status_code == 400
    assert "La nueva asignación debe empezar después del" in response.content.decode()


# A short list, or a search. Found by crawling the seeded demo; each failed on the code before the fix.
def test_the_reassignment_offers_the_regions_coordinators_and_the_free_ones(world, client_for, staff_user):
    busy_elsewhere = world.other_coordinator  # coordinates network B in Cusco, never in Piura
    stranger = CoordinatorFactory(last_name="Zegarra")
    url = reverse("networks:network-reassign", args=[world.network_a.pk])

    offered = set(client_for(staff_user).get(url).context["form"].fields["coordinator"].queryset)
    searched = set(client_for(staff_user).get(url, {"buscar": "zegar"}).context["form"].fields["coordinator"].queryset)

    assert {world.coordinator, world.former_coordinator, stranger} <= offered  # Piura's, and those without a network
    assert busy_elsewhere not in offered
    assert searched == {stranger}


def test_a_coordinator_found_by_a_search_can_be_given_the_network(world, client_for, staff_user):
    url = reverse("networks:network-reassign", args=[world.network_a.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client_for(staff_user).post(
        f"{url}?buscar=Mamani", {"coordinator": world.other_coordinator.pk, "starts_on": tomorrow.isoformat()}
    )

    assert response.status_code == 302
    assert world.network_a.coordinator_assignments.get(ends_on__isnull=True).coordinator == world.other_coordinator


# --- Malformed input (outside review: each test failed on the code before the fix) ------------
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts_on": "9999-12-31"}, "starts_on"),
        ({"starts_on": "1800-01-01"}, "starts_on"),
        ({"coordinator": "abc"}, "coordinator"),
        ({"coordinator": "1.5"}, "coordinator"),
    ],
)
def test_a_reassignment_far_in_the_future_or_malformed_is_refused(world, client_for, staff_user, data, field):
    before = list(CoordinatorAssignment.objects.values_list("pk", "ends_on"))
    post = {"coordinator": world.former_coordinator.pk, "starts_on": today().isoformat()} | data

    response = client_for(staff_user).post(reverse("networks:network-reassign", args=[world.network_a.pk]), post)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert list(CoordinatorAssignment.objects.values_list("pk", "ends_on")) == before


def test_the_reassignment_form_says_how_far_ahead_it_reaches(world, client_for, staff_user):
    html = client_for(staff_user).get(reverse("networks:network-reassign", args=[world.network_a.pk])).content
    assert "Hasta un año después de hoy." in html.decode()


@pytest.mark.parametrize("query", MALFORMED_LIST_QUERIES)
@pytest.mark.parametrize("page", [lambda w: reverse("networks:network-list")], ids=["network-list"])
def test_malformed_list_parameters_never_break_a_page(world, client_for, staff_user, page, query):
    assert client_for(staff_user).get(page(world), query).status_code == 200


@pytest.mark.parametrize("region", ["abc", "9" * 300, "20' OR 1=1 --", "%00"])
def test_a_malformed_region_filter_lists_no_network(client_for, staff_user, region):
    response = client_for(staff_user).get(reverse("networks:network-list"), {"region": region})
    assert response.status_code == 200
    assert list(response.context["page"]) == []
