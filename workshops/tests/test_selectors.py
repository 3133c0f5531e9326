"""Who sees which workshops: those of their networks, and the regional ones of those networks' regions.

The world (root conftest) has one workshop per network (A in Piura, B in Cusco), a regional one for Piura
and a regional one for Lima, where nobody but staff works.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks.tests.factories import NetworkFactory
from schools.tests.factories import SchoolFactory, TeacherFactory
from workshops.selectors import (
    attendance_roster,
    networks_for_planning,
    regions_for_planning,
    regions_visible_to,
    workshop_list,
    workshops_visible_to,
)
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory, WorkshopFactory


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


# --- The list, the planning choices, the regions --------------------------------------------
def test_workshop_list_filters_by_year_network_and_region(world, extra, staff_user):
    def titles(**filters) -> set[int]:
        return {w.pk for w in workshop_list(user=staff_user, **filters)}

    this_year = timezone.localdate().year
    network_a = {world.workshop_a.pk, extra.parents_workshop.pk, extra.future_workshop.pk}
    assert titles(network=world.network_a) == {*network_a, world.workshop_piura.pk}
    assert titles(region=world.piura) == {*network_a, world.workshop_piura.pk}
    assert titles(region=world.lima) == {world.workshop_lima.pk}
    for year in (this_year - 1, this_year, this_year + 1):
        listed = workshop_list(user=staff_user, year=year)
        assert {w.starts_on.year for w in listed} <= {year}
    assert world.workshop_b.pk in titles(year=this_year)


def test_workshop_list_counts_who_came_and_the_parents(world, extra, staff_user):
    school = world.schools_a[0]
    AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[school.pk][0])
    AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[school.pk][1], attended=False)
    ParentAttendanceFactory(workshop=extra.parents_workshop, school=school, count=7)
    ParentAttendanceFactory(workshop=extra.parents_workshop, school=world.schools_a[1], count=3)
    rows = {w.pk: w for w in workshop_list(user=staff_user, network=world.network_a)}
    assert (rows[world.workshop_a.pk].people_attended, rows[world.workshop_a.pk].recorded) == (1, True)
    assert (rows[extra.parents_workshop.pk].parents_attended, rows[extra.parents_workshop.pk].recorded) == (10, True)
    assert (rows[extra.future_workshop.pk].people_attended, rows[extra.future_workshop.pk].recorded) == (0, False)


def test_a_coordinators_list_holds_only_their_workshops(world, coordinator):
    assert {w.pk for w in workshop_list(user=coordinator)} == {world.workshop_a.pk, world.workshop_piura.pk}
    assert not workshop_list(user=coordinator, network=world.network_b).exists()


@pytest.mark.parametrize(
    ("persona", "networks", "regions"),
    [
        ("staff", {"Red Chulucanas", "Red Urubamba", "Red Ayabaca"}, None),
        ("coordinator", {"Red Chulucanas"}, set()),
        ("other_coordinator", {"Red Urubamba"}, set()),
        ("former_coordinator", set(), set()),
        ("sponsor", set(), set()),
    ],
)
def test_whom_a_person_may_plan_workshops_for(world, user_of, persona, networks, regions):
    user = user_of(persona)
    assert {n.name for n in networks_for_planning(user)} >= networks
    assert not ({n.name for n in networks_for_planning(user)} - networks) or persona == "staff"
    planned_regions = set(regions_for_planning(user).values_list("code", flat=True))
    if regions is None:
        assert {"20", "08", "15"} <= planned_regions
        assert "01" not in planned_regions  # Amazonas: not a program region
    else:
        assert planned_regions == regions


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("coordinator", {"20"}), ("other_coordinator", {"08"}), ("former_coordinator", set()), ("anonymous", set())],
)
def test_regions_visible_to_a_person_are_their_networks_regions(user_of, persona, expected):
    assert set(regions_visible_to(user_of(persona)).values_list("code", flat=True)) == expected


def test_staff_see_every_region(user_of):
    assert regions_visible_to(user_of("staff")).count() == 25


# --- The roster ---------------------------------------------------------------------------
def test_the_roster_of_a_network_workshop_is_its_schools_active_people_by_audience(world):
    inactive = TeacherFactory(school=world.schools_a[0], is_active=False)
    roster = attendance_roster(world.workshop_a)
    assert [row.school for row in roster.schools] == sorted(world.schools_a, key=lambda s: s.name)
    for row in roster.schools:
        assert len(row.directors) == 1
        assert {t.pk for t in row.teachers} == {t.pk for t in world.teachers_a[row.school.pk]}
    assert inactive.pk not in roster.person_ids
    assert roster.summary == {
        "schools": 3,
        "directors_invited": 3,
        "directors_attended": 0,
        "teachers_invited": 6,
        "teachers_attended": 0,
        "parents": 0,
        "schools_with_parents": 0,
    }
    assert not roster.recorded


def test_the_roster_follows_the_audiences(world):
    world.workshop_a.for_directors = False
    roster = attendance_roster(world.workshop_a)
    assert all(not row.directors for row in roster.schools)
    world.workshop_a.for_directors, world.workshop_a.for_teachers = True, False
    assert all(not row.teachers and row.directors for row in attendance_roster(world.workshop_a).schools)


def test_the_roster_shows_who_came_and_the_parents(world, extra):
    school = world.schools_a[0]
    teacher = world.teachers_a[school.pk][0]
    AttendanceFactory(workshop=world.workshop_a, teacher=teacher)
    roster = attendance_roster(world.workshop_a)
    assert roster.attended_ids == {teacher.pk}
    assert roster.summary["teachers_attended"] == 1
    assert roster.recorded
    ParentAttendanceFactory(workshop=extra.parents_workshop, school=school, count=9)
    parents = attendance_roster(extra.parents_workshop)
    assert parents.parents == {s.pk: (9 if s == school else 0) for s in world.schools_a}
    assert (parents.summary["parents"], parents.summary["schools_with_parents"]) == (9, 1)
    assert parents.people == []


def test_a_regional_roster_has_the_schools_of_the_regions_networks_in_the_program(world):
    schools = {row.school.pk for row in attendance_roster(world.workshop_piura).schools}
    assert schools == {s.pk for s in world.schools_a}  # not the graduated Red Ayabaca's school


def test_the_roster_takes_the_same_number_of_queries_for_3_schools_or_30(world, django_assert_max_num_queries):
    small = WorkshopFactory(network=world.network_a)
    big_network = NetworkFactory(region=world.piura)
    for _ in range(30):
        school = SchoolFactory(network=big_network)
        TeacherFactory.create_batch(3, school=school)
    big = WorkshopFactory(network=big_network)
    with CaptureQueriesContext(connection) as few:
        attendance_roster(small)
    with CaptureQueriesContext(connection) as many:
        roster = attendance_roster(big)
    assert len(roster.people) == 90
    assert len(many) == len(few) <= 3
