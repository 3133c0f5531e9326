"""Who sees which workshops: those of their networks, and the regional ones of those networks' regions.

The world (root conftest) has one workshop per network (A in Piura, B in Cusco), a regional one for Piura
and a regional one for Lima, where nobody but staff works.
"""

import pytest

from workshops.selectors import workshops_visible_to


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", set()),
        ("staff", {"A", "B", "Piura", "Lima"}),
        ("coordinator", {"A", "Piura"}),
        ("other_coordinator", {"B"}),
        ("sponsor", {"A", "Piura"}),
        ("other_sponsor", {"B"}),
    ],
)
def test_workshops_visible_to_each_persona(world, user_of, persona, expected):
    names = {
        world.workshop_a.pk: "A",
        world.workshop_b.pk: "B",
        world.workshop_piura.pk: "Piura",
        world.workshop_lima.pk: "Lima",
    }
    workshops = list(workshops_visible_to(user_of(persona)))
    assert {names[w.pk] for w in workshops} == expected
    assert len(workshops) == len(expected)


def test_an_ended_assignment_hides_the_networks_workshops(world, coordinator):
    world.assignment_a.ends_on = world.assignment_a.starts_on
    world.assignment_a.save()
    assert not workshops_visible_to(coordinator).exists()
