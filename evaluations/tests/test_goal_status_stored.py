"""A goal's status is stored (the dashboards count it with a GROUP BY) and kept by every goal service,
always by the one rule, `goal_status`.

The world (root conftest): `goal_a` is a goal (20 → 40) of network A's first school for last school year.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from evaluations.models import GoalStatus, SchoolGoal
from evaluations.selectors.goals import goal_changes
from evaluations.services import goal_create, goal_progress_record, goal_statuses_refresh, goal_update
from evaluations.tests.factories import SchoolGoalFactory

pytestmark = pytest.mark.django_db


def stored(goal) -> str:
    return SchoolGoal.objects.values_list("status", flat=True).get(pk=goal.pk)


def measure(user, goal, value, measured_on):
    return goal_progress_record(
        user=user, goal=goal, client_uuid=uuid.uuid4(), measured_on=measured_on, value=Decimal(value)
    )


def test_a_new_goal_is_stored_without_a_measure(world, coordinator):
    goal = goal_create(
        user=coordinator,
        school=world.schools_a[0],
        school_year=timezone.localdate().year,
        area=SchoolGoal.Area.LEARNING,
        indicator="Lectura",
        baseline=Decimal(20),
        target=Decimal(40),
    )
    assert stored(goal) == GoalStatus.NO_MEASURE


def test_recording_a_measure_stores_the_status_the_rule_gives(world, coordinator, goal_a):
    year = goal_a.school_year
    measure(coordinator, goal_a, 40, datetime.date(year, 12, 31))  # at the target on the last day
    assert stored(goal_a) == GoalStatus.ON_TRACK
    measure(coordinator, goal_a, 20, datetime.date(year, 12, 31))  # the later entry of that day wins
    assert stored(goal_a) == GoalStatus.OFF_TRACK
    goal_a.refresh_from_db()
    assert goal_a.status == goal_a.measured_status


def test_moving_the_target_moves_the_stored_status(world, coordinator, goal_a):
    year = goal_a.school_year
    measure(coordinator, goal_a, 36, datetime.date(year, 12, 31))  # 80 points of 100 expected
    assert stored(goal_a) == GoalStatus.AT_RISK
    goal_update(user=coordinator, goal=goal_a, target=Decimal(36), change_reason="Meta ajustada con la UGEL")
    assert stored(goal_a) == GoalStatus.ON_TRACK


def test_the_status_is_not_a_change_in_the_goals_history(world, coordinator, goal_a):
    goal_update(user=coordinator, goal=goal_a, target=Decimal(45), change_reason="Más ambiciosa")
    labels = [change["label"] for entry in goal_changes(goal_a) for change in entry["changes"]]
    assert "estado" not in labels


def test_the_refresh_recomputes_goals_written_outside_the_services_and_twice_changes_nothing(world):
    year = 2025
    on_track = SchoolGoalFactory(
        school=world.schools_a[0], school_year=year, latest_value=40, latest_measured_on=datetime.date(year, 12, 31)
    )
    stale = SchoolGoalFactory(school=world.schools_a[1], school_year=year)
    SchoolGoal.objects.filter(pk=on_track.pk).update(status=GoalStatus.NO_MEASURE)  # as a bulk load leaves it
    SchoolGoal.objects.filter(pk=stale.pk).update(status=GoalStatus.OFF_TRACK)

    assert goal_statuses_refresh() == 2
    assert (stored(on_track), stored(stale)) == (GoalStatus.ON_TRACK, GoalStatus.NO_MEASURE)
    assert goal_statuses_refresh() == 0


def test_the_refresh_command_recomputes_goal_statuses_too(world, capsys):
    goal = SchoolGoalFactory(
        school=world.schools_a[0], school_year=2025, latest_value=40, latest_measured_on=datetime.date(2025, 12, 31)
    )
    SchoolGoal.objects.filter(pk=goal.pk).update(status=GoalStatus.NO_MEASURE)
    call_command("summaries_refresh")
    assert stored(goal) == GoalStatus.ON_TRACK
    out = capsys.readouterr().out
    assert "Visitas por institución y mes:" in out
    assert "Estado de las metas: 1 cambiaron" in out
    assert "Listo en" in out
