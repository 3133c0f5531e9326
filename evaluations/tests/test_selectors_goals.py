"""Goals' reads: who sees which school's goals (persona x school), the list, the years, the history in words."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from evaluations.models import GoalStatus
from evaluations.selectors import (
    goal_changes,
    goal_get,
    goal_list,
    goal_status_counts,
    goal_years,
    goals_visible_to,
    school_tier_school_get,
    school_tier_schools,
)
from evaluations.services import goal_update
from evaluations.tests.factories import GoalProgressFactory, SchoolGoalFactory

SEES_A = {"staff", "admin", "coordinator"}


@pytest.mark.parametrize(
    "persona", ["anonymous", "staff", "admin", "coordinator", "other_coordinator", "former_coordinator", "sponsor"]
)
def test_a_schools_goals_are_seen_by_staff_and_its_coordinator_only(goal_a, goal_b, user_of, persona):
    user = user_of(persona)
    visible = set(goals_visible_to(user))
    assert (goal_a in visible) == (persona in SEES_A)
    if persona in SEES_A:
        assert goal_get(user=user, pk=goal_a.pk) == goal_a
    else:
        with pytest.raises(Http404):
            goal_get(user=user, pk=goal_a.pk)


def test_sponsors_see_no_school_of_the_school_tier_yet(world, sponsor_user):
    """A sponsor funds network A's first school, yet its goals and results are not theirs to read (yet)."""
    assert not school_tier_schools(sponsor_user).exists()
    with pytest.raises(Http404):
        school_tier_school_get(user=sponsor_user, pk=world.sponsored_a[0].pk)


def test_the_other_coordinators_goals_are_theirs(goal_a, goal_b, other_coordinator):
    assert list(goals_visible_to(other_coordinator)) == [goal_b]


def test_goal_list_gives_one_school_year_in_area_order(world, goal_a):
    school = world.schools_a[0]
    families = SchoolGoalFactory(school=school, school_year=goal_a.school_year, area="families", indicator="Padres")
    SchoolGoalFactory(school=school, school_year=goal_a.school_year + 1, indicator="Otro año")
    assert goal_list(school=school, year=goal_a.school_year) == [families, goal_a]


def test_goal_years_offer_the_years_with_goals_and_this_and_next_year(world, goal_a):
    today = timezone.localdate()
    SchoolGoalFactory(school=world.schools_a[0], school_year=2019)
    assert goal_years(world.schools_a[0], today) == [today.year + 1, today.year, today.year - 1, 2019]


def test_goal_status_counts_count_each_status(world, goal_a, in_last_year):
    GoalProgressFactory(goal=goal_a, measured_on=in_last_year(12, 31), value=Decimal(40))
    off = SchoolGoalFactory(school=world.schools_a[0], school_year=goal_a.school_year)
    GoalProgressFactory(goal=off, measured_on=in_last_year(12, 31), value=Decimal(20))
    unmeasured = SchoolGoalFactory(school=world.schools_a[0], school_year=goal_a.school_year)
    goals = goal_list(school=world.schools_a[0], year=goal_a.school_year)
    goal_a.refresh_from_db()
    assert goal_a.status == GoalStatus.ON_TRACK
    assert unmeasured.status == GoalStatus.NO_MEASURE
    assert goal_status_counts(goals) == {"on_track": 1, "at_risk": 0, "off_track": 1, "no_measure": 1}


def test_goal_changes_say_who_changed_what_and_why_in_words(goal_a, coordinator):
    goal_update(
        user=coordinator, goal=goal_a, target=Decimal("45"), area="families", change_reason="Nueva prueba de la UGEL"
    )
    newest, created = goal_changes(goal_a)

    assert newest["person"] == "Rosa Chávez"
    assert newest["reason"] == "Nueva prueba de la UGEL"
    assert {(c["label"], c["old"], c["new"]) for c in newest["changes"]} == {
        ("área", "Aprendizajes", "Participación de las familias"),
        ("meta", "40.00", "45.00"),
    }
    assert created["record"].history_type == "+"
    assert [(c["label"], c["new"]) for c in created["changes"]] == [("línea de base", "20.00"), ("meta", "40.00")]


def test_a_measure_does_not_count_as_a_change_of_the_goal(goal_a, in_last_year):
    GoalProgressFactory(goal=goal_a, measured_on=in_last_year(6, 1))
    assert len(goal_changes(goal_a)) == 1


def test_a_goal_loaded_without_history_shows_its_first_change_against_how_it_was_loaded(goal_a, staff_user):
    goal_a.history.all().delete()
    assert goal_changes(goal_a) == []
    goal_update(user=staff_user, goal=goal_a, target=Decimal("44"), change_reason="Ajuste")

    change, loaded = goal_changes(goal_a)
    assert (change["person"], change["reason"]) == ("Ana Salas", "Ajuste")
    assert [(c["old"], c["new"]) for c in change["changes"]] == [("40.00", "44.00")]
    assert (loaded["person"], loaded["reason"]) == (None, "Cargada en bloque, sin historial")
    assert loaded["record"].history_date == goal_a.created_at


def test_goal_dates_in_the_history_read_as_peruvian_dates(goal_a, coordinator):
    goal_update(user=coordinator, goal=goal_a, agreed_on=datetime.date(goal_a.school_year, 3, 2))
    change = goal_changes(goal_a)[0]["changes"][0]
    assert change["new"] == f"02/03/{goal_a.school_year}"
