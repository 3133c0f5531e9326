"""The school and teacher pages (`networks.views.schools`): who may open them, and a school's visit history.

Gates: anonymous → login, wrong role → 403, out of scope → 404, allowed → 200 (checks in `helpers.py`).
The world (root conftest): network A (Piura, `coordinator`) and network B (Cusco, `other_coordinator`);
sponsor A funds two schools of A (among them the school of `visit_a`), sponsor B two of B.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import Visit
from networks.tests.factories import VisitFactory
from networks.tests.helpers import (
    MALFORMED_LIST_QUERIES,
    SPONSORS,
    Page,
    Scope,
    assert_allowed_people_get_the_page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_forbidden_roles_get_403,
    assert_out_of_scope_answers_404,
    days_ago,
    page_id,
    scope_ids,
)

PAGES = [
    Page("school-detail", lambda o: [o.schools_a[0].pk], allowed=("staff", "coordinator"), forbidden=SPONSORS),
    Page("teacher-detail", lambda o: [o.visit_a.teacher_id], allowed=("staff", "coordinator"), forbidden=SPONSORS),
]

SCOPE: list[Scope] = [
    ("school-detail", "other_coordinator", lambda o: [o.schools_a[0].pk]),
    ("teacher-detail", "other_coordinator", lambda o: [o.visit_a.teacher_id]),
    ("teacher-detail", "coordinator", lambda o: [o.teachers_b[o.schools_b[1].pk][0].pk]),
]


# --- GET: the four answers --------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_anonymous_people_are_sent_to_the_login_page(db, client, page):
    assert_anonymous_is_sent_to_the_login_page(client, page)


@pytest.mark.parametrize("page", [p for p in PAGES if p.forbidden], ids=page_id)
def test_a_role_that_may_not_use_the_page_gets_403(objects, client_for, user_of, page):
    assert_forbidden_roles_get_403(objects, client_for, user_of, page)


@pytest.mark.parametrize(("name", "persona", "args"), SCOPE, ids=scope_ids(SCOPE))
def test_an_object_out_of_scope_answers_404(objects, client_for, user_of, name, persona, args):
    assert_out_of_scope_answers_404(objects, client_for, user_of, name, persona, args)


@pytest.mark.parametrize("page", [p for p in PAGES if p.allowed], ids=page_id)
def test_allowed_people_get_the_page(objects, client_for, user_of, page):
    assert_allowed_people_get_the_page(objects, client_for, user_of, page)


# --- school-detail: the visit history -------------------------------------------------------
def test_the_school_page_filters_its_history_by_kind_and_period(world, client_for, coordinator):
    school = world.schools_a[1]
    home = VisitFactory(coordinator=coordinator, school=school, kind=Visit.Kind.HOME, date=days_ago(3))
    VisitFactory(coordinator=coordinator, school=school, kind=Visit.Kind.DIRECTOR, date=days_ago(5))
    old_home = VisitFactory(coordinator=coordinator, school=school, kind=Visit.Kind.HOME, date=days_ago(200))
    url = reverse("networks:school-detail", args=[school.pk])
    client = client_for(coordinator)

    by_kind = client.get(url, {"kind": "home"}).context["page"].object_list
    assert [v.pk for v in by_kind] == [home.pk, old_home.pk]
    by_period = client.get(url, {"kind": "home", "date_from": days_ago(30).isoformat()}).context["page"].object_list
    assert [v.pk for v in by_period] == [home.pk]


def test_the_last_page_of_a_visit_history_holds_the_oldest_visits(world, client_for):
    school = world.schools_a[1]
    today = timezone.localdate()
    for days in range(30):
        VisitFactory(coordinator=world.coordinator, school=school, date=today - datetime.timedelta(days=days))
    url = reverse("networks:school-detail", args=[school.pk])
    client = client_for(world.staff)
    first = client.get(url).context["page"]
    assert first.newer is None

    older = client.get(url, {"cursor": first.older}).context["page"]

    assert [v.date for v in older.object_list] == [today - datetime.timedelta(days=d) for d in range(25, 30)]
    assert older.older is None  # nothing older: no "Anteriores" link
    html = client.get(url, {"cursor": first.older}).content.decode()
    assert "Más recientes" in html
    assert "Anteriores" not in html


def test_the_older_link_of_a_school_history_keeps_the_filters(world, client_for):
    school = world.schools_a[1]
    for days in range(30):
        VisitFactory(coordinator=world.coordinator, school=school, kind=Visit.Kind.HOME, date=days_ago(days))
    VisitFactory(coordinator=world.coordinator, school=school, kind=Visit.Kind.DIRECTOR, date=days_ago(40))
    url = reverse("networks:school-detail", args=[school.pk])
    client = client_for(world.staff)
    first = client.get(url, {"kind": "home"}).context["page"]

    html = client.get(url, {"kind": "home"}).content.decode()
    assert f"?kind=home&amp;cursor={first.older}" in html.replace("%3A", ":")
    older = client.get(url, {"kind": "home", "cursor": first.older}).context["page"]
    assert {v.kind for v in older.object_list} == {Visit.Kind.HOME}
    assert len(older.object_list) == 5


# --- Malformed input (outside review: each test failed on the code before the fix) ------------
@pytest.mark.parametrize("query", MALFORMED_LIST_QUERIES)
@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("networks:school-detail", args=[w.schools_a[0].pk]),
        lambda w: reverse("networks:teacher-detail", args=[w.visit_a.teacher_id]),
    ],
    ids=["school-detail", "teacher-detail"],
)
def test_malformed_list_parameters_never_break_a_page(world, client_for, staff_user, page, query):
    assert client_for(staff_user).get(page(world), query).status_code == 200
