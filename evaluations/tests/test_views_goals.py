"""A school's goals pages (`evaluations.views.goals`): the list, setting and changing a goal, its page,
and recording a measure on a phone.

Gates: anonymous -> login, sponsors -> 403, a coordinator with no network today -> 403 on the forms
(404 on the pages: no school is theirs), another network's coordinator -> 404; staff and the school's
coordinator -> 200. Then the happy paths, the refusals in Spanish next to their field, malformed input
(letters for ids, year 9999, a megabyte of text, negative numbers, a damaged submission id) and query
counts that do not grow with the goals. `goal_a` (conftest.py): a goal of network A's first school for
last school year, whose year has started.
"""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import GoalProgress, SchoolGoal
from evaluations.tests.factories import GoalProgressFactory, SchoolGoalFactory
from evaluations.tests.helpers import (
    MEGABYTE,
    SPONSORS,
    Page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_answers,
    count_queries,
    page_id,
)


class Objects:
    def __init__(self, world, goal):
        self.world, self.goal = world, goal


@pytest.fixture
def objects(world, goal_a):
    return Objects(world, goal_a)


def school_a(o):
    return {"pk": o.world.schools_a[0].pk}


def goal_of_a(o):
    return {"pk": o.goal.pk}


READ = ("staff", "admin", "coordinator")
PAGES = [
    Page(
        "goal-list",
        school_a,
        allowed=READ,
        forbidden=SPONSORS,
        out_of_scope=("other_coordinator", "former_coordinator"),
    ),
    Page(
        "goal-detail",
        goal_of_a,
        allowed=READ,
        forbidden=SPONSORS,
        out_of_scope=("other_coordinator", "former_coordinator"),
    ),
    Page(
        "goal-create",
        school_a,
        allowed=READ,
        forbidden=(*SPONSORS, "former_coordinator"),
        out_of_scope=("other_coordinator",),
    ),
    Page(
        "goal-edit",
        goal_of_a,
        allowed=READ,
        forbidden=(*SPONSORS, "former_coordinator"),
        out_of_scope=("other_coordinator",),
    ),
    Page(
        "goal-progress-create",
        goal_of_a,
        allowed=READ,
        forbidden=(*SPONSORS, "former_coordinator"),
        out_of_scope=("other_coordinator",),
    ),
]
FORMS = {"goal-create", "goal-edit", "goal-progress-create"}


# --- The gates ------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_anonymous_people_are_sent_to_the_login_page(objects, client, page):
    assert_anonymous_is_sent_to_the_login_page(client, page.url(objects))


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_who_may_not_use_the_page_gets_403(objects, client_for, user_of, page):
    assert_answers(client_for, user_of, page.url(objects), page.forbidden, 403)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_a_school_out_of_scope_answers_404(objects, client_for, user_of, page):
    assert_answers(client_for, user_of, page.url(objects), page.out_of_scope, 404, post=page.name in FORMS)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_staff_and_the_schools_coordinator_get_the_page(objects, client_for, user_of, page):
    assert_answers(client_for, user_of, page.url(objects), page.allowed, 200, post=False)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_a_missing_object_answers_404(objects, client_for, staff_user, page):
    key = next(iter(page.kwargs(objects)))
    url = reverse(f"evaluations:{page.name}", kwargs={key: 2_000_000_000})
    assert client_for(staff_user).get(url).status_code == 404


@pytest.mark.parametrize("path", ["/instituciones/abc/metas/", "/metas/1x/", "/metas/-1/avance/", "/metas/%20/editar/"])
def test_letters_where_an_id_goes_answer_404(client_for, staff_user, path):
    assert client_for(staff_user).get(path).status_code == 404


# --- The list -------------------------------------------------------------------------------------
def test_the_list_shows_each_goal_with_its_status_in_words(world, client_for, coordinator, goal_a, in_last_year):
    GoalProgressFactory(goal=goal_a, measured_on=in_last_year(12, 31), value=Decimal("32"))  # 60 of 100 points
    url = reverse("evaluations:goal-list", args=[world.schools_a[0].pk])
    response = client_for(coordinator).get(url, {"year": goal_a.school_year})

    html = response.content.decode()
    assert response.context["goals"] == [goal_a]
    assert "Rezagada" in html
    assert "✗" in html
    assert reverse("evaluations:goal-progress-create", args=[goal_a.pk]) in html
    assert reverse("evaluations:goal-create", args=[world.schools_a[0].pk]) in html


def test_the_list_of_a_year_without_goals_says_what_to_do(world, client_for, coordinator):
    response = client_for(coordinator).get(reverse("evaluations:goal-list", args=[world.schools_a[0].pk]))
    html = response.content.decode()
    assert f"Aún no hay metas para {timezone.localdate().year}." in html
    assert "Registre las metas que acordaron" in html


@pytest.mark.parametrize("year", ["abc", "9999", "-1", "1999", "2025.5", MEGABYTE[:5000]])
def test_a_malformed_year_shows_this_years_goals_with_a_warning(world, client_for, staff_user, year):
    url = reverse("evaluations:goal-list", args=[world.schools_a[0].pk])
    response = client_for(staff_user).get(url, {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert "El año indicado no es válido" in response.content.decode()


def test_the_goals_list_runs_the_same_queries_for_2_goals_or_12(world, client_for, coordinator, goal_a, in_last_year):
    url = reverse("evaluations:goal-list", args=[world.schools_a[0].pk]) + f"?year={goal_a.school_year}"
    client = client_for(coordinator)
    SchoolGoalFactory(school=world.schools_a[0], school_year=goal_a.school_year)
    client.get(url)  # warm the session
    small = count_queries(client, url)
    for _ in range(10):
        goal = SchoolGoalFactory(school=world.schools_a[0], school_year=goal_a.school_year)
        GoalProgressFactory(goal=goal, measured_on=in_last_year(6, 1))
        GoalProgressFactory(goal=goal, measured_on=in_last_year(9, 1))
    assert count_queries(client, url) == small


# --- Setting a goal -------------------------------------------------------------------------------
def goal_data(**overrides) -> dict:
    return {
        "school_year": str(timezone.localdate().year),
        "area": "families",
        "indicator": "% de padres que asisten a las reuniones de aula",
        "baseline": "40",
        "target": "60",
        "agreed_by_director": "Carmen Rojas Vílchez",
        "agreed_teachers": "6",
        "agreed_parents": "25",
        "agreed_on": "",
    } | overrides


def test_a_coordinator_sets_a_goal_and_lands_on_its_page(world, client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("evaluations:goal-create", args=[world.schools_a[0].pk]), goal_data()
    )
    goal = SchoolGoal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:goal-detail", args=[goal.pk])
    assert (goal.school, goal.agreed_parents, goal.target) == (world.schools_a[0], 25, Decimal("60.00"))


def test_the_create_form_proposes_the_year_of_the_list(world, client_for, coordinator):
    url = reverse("evaluations:goal-create", args=[world.schools_a[0].pk])
    next_year = timezone.localdate().year + 1
    assert client_for(coordinator).get(url, {"year": next_year}).context["form"].initial["school_year"] == next_year
    assert client_for(coordinator).get(url, {"year": "9999"}).status_code == 200


def test_a_refused_goal_keeps_what_was_typed_and_says_why_next_to_the_field(world, client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("evaluations:goal-create", args=[world.schools_a[0].pk]), goal_data(target="40.00")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["target"] == [
        "La meta debe ser distinta de la línea de base: indique el valor al que se quiere llegar."
    ]
    assert "Carmen Rojas Vílchez" in response.content.decode()
    assert not SchoolGoal.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("school_year", "9999"),
        ("school_year", "abc"),
        ("school_year", str(timezone.localdate().year + 2)),
        ("indicator", MEGABYTE),
        ("agreed_by_director", MEGABYTE),
        ("baseline", "-5"),
        ("baseline", "1e400"),
        ("target", "abc"),
        ("target", "123456789012"),
        ("agreed_teachers", "-3"),
        ("agreed_parents", "99999999999"),
        ("agreed_on", "9999-12-31"),
        ("agreed_on", "2026-02-30"),
        ("area", "robotics"),
    ],
)
def test_the_goal_form_refuses_malformed_values_in_spanish(world, client_for, staff_user, field, value):
    response = client_for(staff_user).post(
        reverse("evaluations:goal-create", args=[world.schools_a[0].pk]), goal_data(**{field: value})
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not SchoolGoal.objects.exists()


def test_the_year_bounds_are_said_in_words(world, client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("evaluations:goal-create", args=[world.schools_a[0].pk]), goal_data(school_year="9999")
    )
    last = timezone.localdate().year + 1
    assert response.context["form"].errors["school_year"] == [f"Indique un año entre 2000 y {last}."]


# --- Changing a goal ------------------------------------------------------------------------------
def edit_data(goal, **overrides) -> dict:
    return {
        "area": goal.area,
        "indicator": goal.indicator,
        "baseline": str(goal.baseline),
        "target": str(goal.target),
        "agreed_by_director": goal.agreed_by_director,
        "agreed_teachers": str(goal.agreed_teachers),
        "agreed_parents": str(goal.agreed_parents),
        "agreed_on": goal.agreed_on.isoformat(),
        "change_reason": "",
    } | overrides


def test_a_new_target_without_a_reason_is_refused_next_to_the_reason(goal_a, client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("evaluations:goal-edit", args=[goal_a.pk]), edit_data(goal_a, target="45")
    )

    assert response.status_code == 400
    [message] = response.context["form"].errors["change_reason"]
    assert message.startswith(f"El año escolar {goal_a.school_year} ya empezó")
    goal_a.refresh_from_db()
    assert goal_a.target == Decimal("40.00")


def test_the_edit_form_warns_that_the_year_has_started(goal_a, client_for, coordinator):
    html = client_for(coordinator).get(reverse("evaluations:goal-edit", args=[goal_a.pk])).content.decode()
    assert f"El año escolar {goal_a.school_year} ya empezó" in html
    assert 'name="change_reason"' in html


def test_with_a_reason_the_goal_changes_and_its_page_shows_who_why_and_what(goal_a, client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        reverse("evaluations:goal-edit", args=[goal_a.pk]),
        edit_data(goal_a, target="45", change_reason="La UGEL cambió la prueba de entrada."),
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "La UGEL cambió la prueba de entrada." in html
    assert "Rosa Chávez" in html
    assert "40.00 → 45.00" in html


@pytest.mark.parametrize(("field", "value"), [("change_reason", MEGABYTE), ("indicator", MEGABYTE), ("target", "-1")])
def test_the_edit_form_refuses_malformed_values(goal_a, client_for, staff_user, field, value):
    response = client_for(staff_user).post(
        reverse("evaluations:goal-edit", args=[goal_a.pk]), edit_data(goal_a, **{field: value})
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors


# --- The goal's page ------------------------------------------------------------------------------
def test_the_goals_page_shows_who_agreed_it_and_its_measures(goal_a, client_for, staff_user, coordinator, in_last_year):
    GoalProgressFactory(goal=goal_a, measured_on=in_last_year(7, 15), value=Decimal("33"), recorded_by=coordinator)
    html = client_for(staff_user).get(reverse("evaluations:goal-detail", args=[goal_a.pk])).content.decode()
    assert "Director(a): Carmen Rojas Vílchez" in html
    assert "6 docentes" in html
    assert "18 padres de familia" in html
    assert f"15/07/{goal_a.school_year}" in html
    assert "Rosa Chávez" in html  # who recorded the measure, by name
    assert "En camino" in html


def test_the_goals_page_runs_the_same_queries_for_1_measure_or_8(goal_a, client_for, coordinator, in_last_year):
    url = reverse("evaluations:goal-detail", args=[goal_a.pk])
    client = client_for(coordinator)
    GoalProgressFactory(goal=goal_a, measured_on=in_last_year(4, 1), recorded_by=coordinator)
    client.get(url)
    small = count_queries(client, url)
    for month in range(5, 12):
        GoalProgressFactory(goal=goal_a, measured_on=in_last_year(month, 1))
    assert count_queries(client, url) == small


# --- Recording a measure ----------------------------------------------------------------------------
def progress_data(goal, **overrides) -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "measured_on": f"{goal.school_year}-07-15",
        "value": "31.5",
        "note": "Prueba de comprensión lectora de julio.",
    } | overrides


def test_a_measure_sent_twice_is_recorded_once(goal_a, client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("evaluations:goal-progress-create", args=[goal_a.pk])
    data = progress_data(goal_a)
    first, again = client.post(url, data), client.post(url, data)

    for response in (first, again):
        assert response.status_code == 302
        assert response["Location"] == reverse("evaluations:goal-detail", args=[goal_a.pk])
    assert GoalProgress.objects.count() == 1
    goal_a.refresh_from_db()
    assert goal_a.latest_value == Decimal("31.50")


def test_the_progress_form_offers_today_and_a_fresh_submission_id(goal_a, client_for, coordinator):
    form = client_for(coordinator).get(reverse("evaluations:goal-progress-create", args=[goal_a.pk])).context["form"]
    assert form.fields["measured_on"].initial == timezone.localdate()
    assert form.fields["client_uuid"].initial


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("measured_on", "9999-01-01", "La fecha no puede ser posterior a hoy."),
        ("measured_on", "abc", None),
        ("value", "-2", "El número no puede ser negativo."),
        ("value", "treinta", None),
        ("note", MEGABYTE, None),
    ],
)
def test_the_progress_form_refuses_malformed_values(goal_a, client_for, coordinator, field, value, message):
    response = client_for(coordinator).post(
        reverse("evaluations:goal-progress-create", args=[goal_a.pk]), progress_data(goal_a, **{field: value})
    )
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    if message:
        assert errors == [message]
    assert not GoalProgress.objects.exists()


def test_a_measure_from_another_year_is_refused_next_to_its_date(goal_a, client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("evaluations:goal-progress-create", args=[goal_a.pk]),
        progress_data(goal_a, measured_on=f"{goal_a.school_year - 1}-11-02"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["measured_on"] == [
        f"La medición debe ser del año escolar de la meta ({goal_a.school_year})."
    ]


def test_a_damaged_submission_id_is_explained_and_replaced(goal_a, client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("evaluations:goal-progress-create", args=[goal_a.pk]), progress_data(goal_a, client_uuid="roto")
    )
    assert response.status_code == 400
    assert "El formulario llegó incompleto" in response.content.decode()
    uuid.UUID(response.context["form"].data["client_uuid"])  # a fresh, valid id for the next save
