"""Who sees which schools, teachers and sponsors: persona x object, on the world of the root conftest.

The world: network A (Piura, coordinator) and network B (Cusco, other coordinator), three schools each;
sponsor A funds schools A0 and A1, sponsor B funds B0 and B1; A2 and B2 have no sponsor. G is the one
school of the network that graduated; its former coordinator no longer sees any school.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import AdminUserFactory, CoordinatorFactory
from networks.tests.factories import CoordinatorAssignmentFactory, NetworkFactory
from schools.models import Sponsor
from schools.selectors import (
    schools_visible_to,
    sponsor_money_summary,
    sponsors_visible_to,
    teachers_visible_to,
)
from schools.tests.factories import SchoolFactory, SponsorshipFactory, TeacherFactory

EXPECTED_SCHOOLS = {
    "anonymous": set(),
    "staff": {"A0", "A1", "A2", "B0", "B1", "B2", "G"},
    "admin": {"A0", "A1", "A2", "B0", "B1", "B2", "G"},
    "coordinator": {"A0", "A1", "A2"},
    "other_coordinator": {"B0", "B1", "B2"},
    "former_coordinator": set(),
    "sponsor": {"A0", "A1"},
    "other_sponsor": {"B0", "B1"},
}


@pytest.fixture
def label(world):
    """Objects to the short labels the tables above use (A0..B2)."""
    names = (
        {s.pk: f"A{i}" for i, s in enumerate(world.schools_a)}
        | {s.pk: f"B{i}" for i, s in enumerate(world.schools_b)}
        | {world.graduated_school.pk: "G"}
    )

    def of(schools) -> set[str]:
        return {names[s.pk] for s in schools}

    return of


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


# --- schools_visible_to ---------------------------------------------------------------
@pytest.mark.parametrize(("persona", "expected"), EXPECTED_SCHOOLS.items())
def test_schools_visible_to_each_persona(user_of, label, persona, expected):
    schools = list(schools_visible_to(user_of(persona)))
    assert label(schools) == expected
    assert len(schools) == len(expected), "no school twice"


def test_staff_see_schools_outside_every_network(world, staff_user):
    loose = SchoolFactory(network=None)
    assert schools_visible_to(staff_user).filter(pk=loose.pk).exists()


def test_admin_role_sees_every_school(world):
    assert schools_visible_to(AdminUserFactory()).count() == 7


def test_coordinator_never_sees_the_other_coordinators_schools(world, coordinator):
    assert not schools_visible_to(coordinator).filter(pk__in=[s.pk for s in world.schools_b]).exists()


def test_a_coordinator_without_an_assignment_sees_no_school(world):
    assert not schools_visible_to(CoordinatorFactory()).exists()


def test_an_ended_assignment_removes_the_network_from_the_coordinators_scope(world, coordinator):
    world.assignment_a.ends_on = yesterday()
    world.assignment_a.save()
    assert not schools_visible_to(coordinator).exists()


def test_an_assignment_ending_today_still_counts(world, coordinator, label):
    world.assignment_a.ends_on = timezone.localdate()
    world.assignment_a.save()
    assert label(schools_visible_to(coordinator)) == {"A0", "A1", "A2"}


def test_an_assignment_starting_tomorrow_does_not_count_yet(world):
    newcomer = CoordinatorFactory()
    CoordinatorAssignmentFactory(coordinator=newcomer, starts_on=timezone.localdate() + datetime.timedelta(days=1))
    assert not schools_visible_to(newcomer).exists()


def test_a_handover_moves_the_schools_to_the_new_coordinator(world, coordinator, label):
    world.assignment_a.ends_on = yesterday()
    world.assignment_a.save()
    successor = CoordinatorFactory()
    CoordinatorAssignmentFactory(coordinator=successor, network=world.network_a, starts_on=timezone.localdate())
    assert not schools_visible_to(coordinator).exists()
    assert label(schools_visible_to(successor)) == {"A0", "A1", "A2"}


def test_a_coordinator_of_two_networks_sees_each_school_once(world, coordinator, label):
    # An earlier, ended spell on network A as well as the current one must not duplicate rows.
    world.assignment_a.starts_on = datetime.date(timezone.localdate().year, 1, 1)
    world.assignment_a.save()
    CoordinatorAssignmentFactory(
        coordinator=coordinator,
        network=world.network_a,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
    )
    third = NetworkFactory()
    CoordinatorAssignmentFactory(coordinator=coordinator, network=third)
    SchoolFactory(network=third, name="I.E. de la tercera red")
    schools = list(schools_visible_to(coordinator))
    assert len(schools) == len({s.pk for s in schools}) == 4


def test_sponsor_never_sees_other_sponsors_schools(world, sponsor_user):
    assert not schools_visible_to(sponsor_user).filter(pk__in=[s.pk for s in world.schools_b]).exists()


def test_sponsor_keeps_seeing_a_school_after_the_sponsorship_ended(world, sponsor_user):
    """The documented rule: a sponsor sees the schools it sponsors in any year, past ones included."""
    school = SchoolFactory(network=world.network_b)
    SponsorshipFactory(sponsor=world.sponsor_a, school=school, start_year=2015, end_year=2019)
    assert schools_visible_to(sponsor_user).filter(pk=school.pk).exists()


def test_a_school_funded_by_both_sponsors_is_seen_by_both_once(world, sponsor_user, other_sponsor_user):
    shared = world.schools_a[2]
    SponsorshipFactory(sponsor=world.sponsor_a, school=shared, start_year=2020, end_year=2024)
    SponsorshipFactory(sponsor=world.sponsor_a, school=shared)
    SponsorshipFactory(sponsor=world.sponsor_b, school=shared)
    assert list(schools_visible_to(sponsor_user)).count(shared) == 1
    assert list(schools_visible_to(other_sponsor_user)).count(shared) == 1


# --- teachers_visible_to --------------------------------------------------------------
@pytest.mark.parametrize(("persona", "schools"), EXPECTED_SCHOOLS.items())
def test_teachers_visible_to_each_persona_are_those_of_their_schools(user_of, label, persona, schools):
    teachers = list(teachers_visible_to(user_of(persona)))
    assert label(t.school for t in teachers) == schools
    assert len(teachers) == 3 * len(schools)  # a director and two teachers per school


def test_coordinator_never_sees_a_teacher_of_the_other_network(world, coordinator):
    stranger = TeacherFactory(school=world.schools_b[2])
    assert not teachers_visible_to(coordinator).filter(pk=stranger.pk).exists()


# --- sponsors_visible_to --------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", set()),
        ("staff", {"A", "B"}),
        ("admin", {"A", "B"}),
        ("coordinator", set()),
        ("other_coordinator", set()),
        ("former_coordinator", set()),
        ("sponsor", {"A"}),
        ("other_sponsor", {"B"}),
    ],
)
def test_sponsors_visible_to_each_persona(world, user_of, persona, expected):
    names = {world.sponsor_a.pk: "A", world.sponsor_b.pk: "B"}
    assert {names[s.pk] for s in sponsors_visible_to(user_of(persona))} == expected


def test_sponsor_money_summary_totals_only_the_sponsors_own_money(world, sponsor_user):
    summary = sponsor_money_summary(user=sponsor_user, sponsor=world.sponsor_a)
    assert [(row["currency"], row["total"], row["schools"]) for row in summary["committed"]] == [("PEN", 100000, 2)]
    assert [(row["currency"], row["total"], row["count"]) for row in summary["contributed"]] == [("PEN", 10000, 1)]


def test_sponsor_money_summary_refuses_another_sponsors_money(world, sponsor_user):
    with pytest.raises(Sponsor.DoesNotExist):
        sponsor_money_summary(user=sponsor_user, sponsor=world.sponsor_b)


def test_sponsor_money_summary_refuses_a_coordinator(world, coordinator):
    with pytest.raises(Sponsor.DoesNotExist):
        sponsor_money_summary(user=coordinator, sponsor=world.sponsor_a)
