"""Who sees which networks, visits and meetings; the network list with its progress.

The world (root conftest): network A (Piura, coordinator) and network B (Cusco, other coordinator);
sponsor A funds two schools of A, sponsor B two schools of B; one classroom visit and one meeting in each.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import CoordinatorFactory
from networks.selectors import (
    meetings_visible_to,
    network_list_with_progress,
    networks_visible_to,
    program_year_focus,
    visits_visible_to,
)
from networks.tests.factories import CoordinatorAssignmentFactory, NetworkFactory, VisitFactory
from schools.tests.factories import SchoolFactory

VISIBILITY = {
    "anonymous": set(),
    "staff": {"A", "B"},
    "admin": {"A", "B"},
    "coordinator": {"A"},
    "other_coordinator": {"B"},
    "former_coordinator": set(),
    "sponsor": {"A"},
    "other_sponsor": {"B"},
}
# The graduated network G and the former coordinator's visit F there: staff see both; the former
# coordinator keeps only the visit.
NETWORK_VISIBILITY = VISIBILITY | {"staff": {"A", "B", "G"}, "admin": {"A", "B", "G"}}
VISIT_VISIBILITY = VISIBILITY | {"staff": {"A", "B", "F"}, "admin": {"A", "B", "F"}, "former_coordinator": {"F"}}


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def network_label(world):
    names = {world.network_a.pk: "A", world.network_b.pk: "B", world.graduated_network.pk: "G"}
    return lambda networks: {names[n.pk] for n in networks}


# --- networks_visible_to --------------------------------------------------------------
@pytest.mark.parametrize(("persona", "expected"), NETWORK_VISIBILITY.items())
def test_networks_visible_to_each_persona(user_of, network_label, persona, expected):
    networks = list(networks_visible_to(user_of(persona)))
    assert network_label(networks) == expected
    assert len(networks) == len(expected)


def test_staff_see_a_network_nobody_coordinates(world, staff_user):
    orphan = NetworkFactory()
    assert networks_visible_to(staff_user).filter(pk=orphan.pk).exists()


def test_an_ended_assignment_removes_the_network_from_scope(world, coordinator):
    world.assignment_a.ends_on = yesterday()
    world.assignment_a.save()
    assert not networks_visible_to(coordinator).exists()


def test_a_sponsor_sees_a_network_only_through_a_funded_school(world, sponsor_user, network_label):
    SchoolFactory(network=NetworkFactory())  # unfunded school of a third network
    assert network_label(networks_visible_to(sponsor_user)) == {"A"}


# --- visits_visible_to ----------------------------------------------------------------
@pytest.mark.parametrize(("persona", "expected"), VISIT_VISIBILITY.items())
def test_visits_visible_to_each_persona(world, user_of, persona, expected):
    names = {world.visit_a.pk: "A", world.visit_b.pk: "B", world.former_visit.pk: "F"}
    assert {names[v.pk] for v in visits_visible_to(user_of(persona))} == expected


def test_a_sponsor_does_not_see_visits_to_unfunded_schools_of_the_same_network(world, sponsor_user):
    unfunded = VisitFactory(coordinator=world.coordinator, school=world.schools_a[2])
    assert not visits_visible_to(sponsor_user).filter(pk=unfunded.pk).exists()
    assert visits_visible_to(world.coordinator).filter(pk=unfunded.pk).exists()


def test_a_coordinator_keeps_their_own_visits_after_leaving_a_network(world, coordinator):
    world.assignment_a.ends_on = yesterday()
    world.assignment_a.save()
    successor = CoordinatorFactory()
    CoordinatorAssignmentFactory(coordinator=successor, network=world.network_a, starts_on=timezone.localdate())
    successors_visit = VisitFactory(coordinator=successor, school=world.schools_a[1])

    mine = visits_visible_to(coordinator)
    assert list(mine) == [world.visit_a]
    assert set(visits_visible_to(successor)) == {world.visit_a, successors_visit}


def test_a_coordinator_never_sees_the_other_coordinators_visits(world, coordinator):
    assert not visits_visible_to(coordinator).filter(coordinator=world.other_coordinator).exists()


# --- meetings_visible_to --------------------------------------------------------------
@pytest.mark.parametrize(("persona", "expected"), VISIBILITY.items())
def test_meetings_visible_to_each_persona(world, user_of, persona, expected):
    names = {world.meeting_a.pk: "A", world.meeting_b.pk: "B"}
    assert {names[m.pk] for m in meetings_visible_to(user_of(persona))} == expected


# --- network_list_with_progress -------------------------------------------------------
def test_network_list_gives_the_coordinator_their_network_with_its_progress(world, coordinator):
    today = timezone.localdate()
    [network] = network_list_with_progress(user=coordinator, on=today)
    assert network == world.network_a
    assert network.school_count == 3
    assert network.visits_this_year == 1
    assert network.last_visit_on == today
    assert network.program_year == 2
    assert network.focus == "Pensamiento crítico y lógico"
    assert network.size_flagged is True  # three schools: below the usual six


def test_network_list_shows_no_focus_before_the_start_or_after_graduation(world, staff_user):
    year = timezone.localdate().year
    NetworkFactory(name="Red futura", cohort_start_year=year + 1)
    NetworkFactory(name="Red egresada", cohort_start_year=year - 5)
    rows = {n.name: n for n in network_list_with_progress(user=staff_user)}
    assert (rows["Red futura"].program_year, rows["Red futura"].focus) == (None, None)
    assert (rows["Red egresada"].program_year, rows["Red egresada"].focus) == (6, None)


def test_network_list_is_empty_for_anonymous(world, anonymous):
    assert network_list_with_progress(user=anonymous) == []


@pytest.mark.parametrize(("program_year", "focus"), [(None, None), (0, None), (1, "Lectura y escritura"), (6, None)])
def test_program_year_focus_names_the_focus_of_years_1_to_5_only(db, program_year, focus):
    assert program_year_focus(program_year) == focus
