"""The workshop predicates, persona by persona (the world of the root conftest)."""

import pytest

from workshops import permissions

ALL = (
    "anonymous",
    "staff",
    "admin",
    "coordinator",
    "other_coordinator",
    "former_coordinator",
    "sponsor",
    "other_sponsor",
)


def allowed(user_of, predicate, *args) -> set[str]:
    return {persona for persona in ALL if predicate(user_of(persona), *args)}


def test_workshop_pages_are_for_staff_and_coordinators(user_of):
    assert allowed(user_of, permissions.can_see_workshops) == {
        "staff",
        "admin",
        "coordinator",
        "other_coordinator",
        "former_coordinator",
    }


def test_staff_and_coordinators_with_a_network_today_plan_workshops_and_record_attendance(user_of):
    expected = {"staff", "admin", "coordinator", "other_coordinator"}
    assert allowed(user_of, permissions.can_plan_workshops) == expected
    assert allowed(user_of, permissions.can_record_attendances) == expected


def test_a_coordinator_plans_workshops_for_their_own_network_only(world, user_of):
    assert allowed(user_of, permissions.can_plan_workshop, world.network_a) == {"staff", "admin", "coordinator"}
    assert allowed(user_of, permissions.can_plan_workshop, world.network_b) == {"staff", "admin", "other_coordinator"}


def test_regional_workshops_are_staffs(world, user_of):
    assert allowed(user_of, permissions.can_plan_workshop, world.piura) == {"staff", "admin"}
    assert allowed(user_of, permissions.can_update_workshop, world.workshop_piura) == {"staff", "admin"}
    assert allowed(user_of, permissions.can_record_attendance, world.workshop_piura) == {"staff", "admin"}


def test_planning_for_something_that_is_neither_a_network_nor_a_region_is_refused(world, user_of):
    assert not permissions.can_plan_workshop(user_of("staff"), world.schools_a[0])
    assert not permissions.can_plan_workshop(user_of("coordinator"), None)


def test_a_network_workshop_is_changed_and_its_attendance_recorded_by_staff_and_its_coordinator(world, user_of):
    assert allowed(user_of, permissions.can_update_workshop, world.workshop_a) == {"staff", "admin", "coordinator"}
    assert allowed(user_of, permissions.can_record_attendance, world.workshop_a) == {"staff", "admin", "coordinator"}


def test_a_coordinator_whose_assignment_ended_no_longer_records_its_attendance(world, user_of):
    world.assignment_a.ends_on = world.assignment_a.starts_on
    world.assignment_a.save()
    assert not permissions.can_record_attendance(user_of("coordinator"), world.workshop_a)
    assert not permissions.can_plan_workshops(user_of("coordinator"))


def test_region_coverage_is_for_staff(user_of):
    assert allowed(user_of, permissions.can_see_region_coverage) == {"staff", "admin"}


@pytest.mark.parametrize(
    "predicate",
    [permissions.can_see_workshops, permissions.can_plan_workshops, permissions.can_see_region_coverage],
)
def test_an_inactive_or_anonymous_person_gets_nothing(predicate, anonymous):
    assert not predicate(anonymous)
