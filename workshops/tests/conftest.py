"""Fixtures for the workshop tests, on top of the root conftest's `world`.

The world has a workshop today for network A (Piura, `coordinator`) and one for network B (Cusco,
`other_coordinator`), both for directors and teachers; a regional one for Piura and one for Lima.
Network A has three schools, each with a director and two teachers.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from workshops.tests.factories import WorkshopFactory

pytest.register_assert_rewrite("workshops.tests.helpers")


def people_of(world, school) -> tuple:
    """(the director, the two teachers) of one of the world's schools."""
    director = school.teachers.get(position="director")
    return director, *world.teachers_a.get(school.pk, world.teachers_b.get(school.pk, []))


@pytest.fixture
def extra(world):
    """The world plus a parents' workshop of network A a week ago and a workshop of A next week."""
    today = timezone.localdate()
    parents = WorkshopFactory(
        network=world.network_a,
        title="Escuela de padres · Red Chulucanas",
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today - datetime.timedelta(days=7),
        for_directors=False,
        for_teachers=False,
        for_parents=True,
        duration_hours=2,
    )
    future = WorkshopFactory(
        network=world.network_a,
        title="Taller de cierre · Red Chulucanas",
        starts_on=today + datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=7),
    )
    return SimpleNamespace(parents_workshop=parents, future_workshop=future)


def attendance_post(workshop, *, attended=(), parents=None, version=None) -> dict:
    """The attendance form's POST: the ticked people's ids, the parents per school id."""
    data = {
        "version": str(workshop.attendance_version if version is None else version),
        "attended": [str(getattr(person, "pk", person)) for person in attended],
    }
    for school, count in (parents or {}).items():
        data[f"parents_{getattr(school, 'pk', school)}"] = str(count)
    return data
