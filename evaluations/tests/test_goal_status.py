"""The status rule of a goal (`evaluations.models.goal_status`), at its boundaries.

Expected progress is the share of the school year (1 March to 31 December) elapsed on the date of the
latest measure; on track from expected - 10 points, at risk from expected - 25, off track below.
"""

import datetime
from decimal import Decimal

import pytest

from evaluations.models import GoalStatus, elapsed_share, expected_progress, goal_status, progress_points
from evaluations.tests.factories import SchoolGoalFactory

YEAR = 2025
START, END = datetime.date(YEAR, 3, 1), datetime.date(YEAR, 12, 31)


def status(value, on, *, baseline="0", target="100"):
    return goal_status(
        baseline=Decimal(baseline), target=Decimal(target), value=Decimal(value), measured_on=on, school_year=YEAR
    )


# --- The share of the school year elapsed -------------------------------------------------
@pytest.mark.parametrize(
    ("on", "share"),
    [
        (datetime.date(YEAR, 1, 15), Decimal(0)),  # summer holidays: the year has not started
        (START, Decimal(0)),
        (END, Decimal(1)),
        (datetime.date(YEAR + 1, 2, 1), Decimal(1)),  # after the year: all of it
    ],
)
def test_elapsed_share_is_0_until_1_march_and_1_from_31_december(on, share):
    assert elapsed_share(YEAR, on) == share


def test_elapsed_share_grows_with_the_days_of_the_school_year():
    assert (END - START).days == 305
    assert elapsed_share(YEAR, START + datetime.timedelta(days=61)) == Decimal("0.2")
    assert expected_progress(YEAR, START + datetime.timedelta(days=183)) == Decimal(60)


# --- On track / at risk / off track at the boundaries ------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-10", GoalStatus.ON_TRACK),  # exactly expected (0) - 10
        ("-10.01", GoalStatus.AT_RISK),
        ("-25", GoalStatus.AT_RISK),  # exactly expected - 25
        ("-25.01", GoalStatus.OFF_TRACK),
        ("0", GoalStatus.ON_TRACK),
    ],
)
def test_on_1_march_nothing_is_expected_yet(value, expected):
    assert status(value, START) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100", GoalStatus.ON_TRACK),
        ("90", GoalStatus.ON_TRACK),  # exactly 100 - 10
        ("89.99", GoalStatus.AT_RISK),
        ("75", GoalStatus.AT_RISK),  # exactly 100 - 25
        ("74.99", GoalStatus.OFF_TRACK),
        ("120", GoalStatus.ON_TRACK),  # past the target
    ],
)
def test_on_31_december_the_whole_way_is_expected(value, expected):
    assert status(value, END) == expected


def test_a_goal_that_goes_down_is_judged_the_same_way():
    """Absences from 20 % to 10 %: at 14 % it has gone 60 of the 100 points."""
    assert progress_points(baseline=Decimal(20), target=Decimal(10), value=Decimal(14)) == Decimal(60)
    assert status("14", END, baseline="20", target="10") == GoalStatus.OFF_TRACK
    assert status("12", END, baseline="20", target="10") == GoalStatus.AT_RISK
    assert status("11", END, baseline="20", target="10") == GoalStatus.ON_TRACK
    assert status("21", END, baseline="20", target="10") == GoalStatus.OFF_TRACK


def test_a_measure_is_judged_by_the_day_it_was_taken():
    on = START + datetime.timedelta(days=183)  # 60 % of the school year: 60 points expected
    assert status("50", on) == GoalStatus.ON_TRACK
    assert status("49.99", on) == GoalStatus.AT_RISK
    assert status("35", on) == GoalStatus.AT_RISK
    assert status("34.99", on) == GoalStatus.OFF_TRACK


def test_a_goal_without_a_measure_has_no_status_but_says_so():
    no_value = goal_status(baseline=Decimal(0), target=Decimal(10), value=None, measured_on=None, school_year=YEAR)
    assert no_value == GoalStatus.NO_MEASURE
    assert GoalStatus.NO_MEASURE.label == "Sin medición"


def test_the_goal_model_asks_the_same_rule():
    goal = SchoolGoalFactory.build(
        school_year=YEAR,
        baseline=Decimal(20),
        target=Decimal(40),
        latest_value=Decimal(36),
        latest_measured_on=END,
    )
    assert goal.progress_points == Decimal(80)
    assert goal.expected_points == Decimal(100)
    assert goal.status == GoalStatus.AT_RISK
    assert SchoolGoalFactory.build(latest_value=None, latest_measured_on=None).status == GoalStatus.NO_MEASURE


def test_a_legacy_goal_whose_target_equals_its_baseline_is_on_track_only_at_the_target():
    assert status("50", END, baseline="50", target="50") == GoalStatus.ON_TRACK
    assert status("49", END, baseline="50", target="50") == GoalStatus.OFF_TRACK
