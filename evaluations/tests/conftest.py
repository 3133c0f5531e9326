"""Fixtures for the school tier's tests: goals and results of the root conftest's world.

`goal_a`: a goal of network A's first school for last school year (so its year has started: changing
its baseline or target needs a reason). `goal_b`: the same at network B's first school.
"""

import datetime

import pytest
from django.utils import timezone

from evaluations.tests.factories import SchoolGoalFactory
from evaluations.tests.portal_world import portal_world  # noqa: F401 (the sponsor portal's tests' world)

# The gate checks of the view tests live in helpers.py: let pytest explain their failed asserts.
pytest.register_assert_rewrite("evaluations.tests.helpers")


def last_year() -> int:
    return timezone.localdate().year - 1


@pytest.fixture
def goal_a(world):
    return SchoolGoalFactory(school=world.schools_a[0], school_year=last_year(), indicator="Lectura 2.° grado")


@pytest.fixture
def goal_b(world):
    return SchoolGoalFactory(school=world.schools_b[0], school_year=last_year(), indicator="Lectura 2.° grado")


@pytest.fixture
def in_last_year():
    """`in_last_year(month, day)`: a date of last school year."""
    return lambda month, day: datetime.date(last_year(), month, day)
