"""Coverage of a school year on a small world: who was reached, parents per school, who missed everything;
and the same number of queries for a network (or region) of any size."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks.models import SchoolMembership
from networks.tests.factories import NetworkFactory
from schools.models import School
from schools.tests.factories import DirectorFactory, SchoolFactory, TeacherFactory
from workshops.selectors import (
    Share,
    coverage_reference_date,
    network_coverage,
    region_coverage,
    schools_workshops_held,
)
from workshops.tests.conftest import people_of
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory, WorkshopFactory


@pytest.fixture
def year_of_a(world, extra):
    """Network A this year: 2 of 6 teachers and 2 of 3 directors came to something; 15 parents.

    Also a workshop last year (a teacher who came then does not count this year) and an inactive teacher.
    """
    today = timezone.localdate()
    s0, s1, s2 = world.schools_a
    d0, t0a, t0b = people_of(world, s0)
    d1, t1a, _t1b = people_of(world, s1)
    d2, t2a, _t2b = people_of(world, s2)
    AttendanceFactory(workshop=world.workshop_a, teacher=t0a)
    AttendanceFactory(workshop=world.workshop_a, teacher=t0b)
    AttendanceFactory(workshop=world.workshop_a, teacher=d1)
    AttendanceFactory(workshop=world.workshop_a, teacher=t1a, attended=False)
    AttendanceFactory(workshop=world.workshop_piura, teacher=d2)
    ParentAttendanceFactory(workshop=extra.parents_workshop, school=s0, count=12)
    ParentAttendanceFactory(workshop=extra.parents_workshop, school=s1, count=3)
    last_year = datetime.date(today.year - 1, 6, 10)
    old = WorkshopFactory(network=world.network_a, starts_on=last_year, ends_on=last_year, for_parents=True)
    AttendanceFactory(workshop=old, teacher=t2a)
    ParentAttendanceFactory(workshop=old, school=s2, count=40)
    TeacherFactory(school=s0, is_active=False)
    return {"missed": {d0.pk, t1a.pk, _t1b.pk, t2a.pk, _t2b.pk}, "t2a": t2a, "old": old}


def this_year() -> int:
    return timezone.localdate().year


def test_a_networks_coverage_counts_people_reached_this_year(world, year_of_a, coordinator):
    coverage = network_coverage(user=coordinator, network=world.network_a, year=this_year())
    assert coverage.teachers == Share(2, 6)
    assert coverage.directors == Share(2, 3)
    assert coverage.people == Share(4, 9)
    assert coverage.teachers.percent == Decimal("33.3")
    assert coverage.on == timezone.localdate()


def test_a_networks_coverage_sums_parents_per_school(world, year_of_a, coordinator):
    coverage = network_coverage(user=coordinator, network=world.network_a, year=this_year())
    s0, s1, s2 = world.schools_a
    assert {school.pk: school.parents for school in coverage.schools} == {s0.pk: 12, s1.pk: 3, s2.pk: 0}
    assert coverage.parents == 15


def test_a_networks_coverage_lists_who_missed_every_workshop_with_their_school(world, year_of_a, coordinator):
    coverage = network_coverage(user=coordinator, network=world.network_a, year=this_year())
    assert {person.pk for person in coverage.missed} == year_of_a["missed"]
    assert all(person.linkable for person in coverage.missed)
    assert [p.school.name for p in coverage.missed] == sorted(p.school.name for p in coverage.missed)
    workshops = {w.pk for w in coverage.workshops}
    assert {world.workshop_a.pk, world.workshop_piura.pk} <= workshops
    assert not {world.workshop_b.pk, world.workshop_lima.pk, year_of_a["old"].pk} & workshops


def test_last_years_coverage_counts_last_years_workshops(world, year_of_a, staff_user):
    coverage = network_coverage(user=staff_user, network=world.network_a, year=this_year() - 1)
    assert coverage.on == datetime.date(this_year() - 1, 12, 31)
    assert coverage.teachers == Share(1, 6)
    assert coverage.directors == Share(0, 3)
    assert coverage.parents == 40
    assert year_of_a["t2a"].pk not in {p.pk for p in coverage.missed}


def test_a_school_that_left_the_network_leaves_its_coverage(world, year_of_a, staff_user):
    membership = SchoolMembership.objects.get(school=world.schools_a[0])
    membership.left_on = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    coverage = network_coverage(user=staff_user, network=world.network_a, year=this_year())
    assert coverage.teachers == Share(0, 4)
    assert coverage.parents == 3
    assert len(coverage.schools) == 2


def test_a_person_whose_page_the_viewer_may_not_open_is_listed_without_a_link(world, year_of_a, coordinator):
    world.assignment_a.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    world.assignment_a.save()
    coverage = network_coverage(user=coordinator, network=world.network_a, year=this_year())
    assert coverage.missed
    assert not any(person.linkable for person in coverage.missed)


def test_a_network_with_nobody_has_no_percentage(world, staff_user):
    empty = NetworkFactory(region=world.piura)
    coverage = network_coverage(user=staff_user, network=empty, year=this_year())
    assert (coverage.teachers, coverage.teachers.percent, coverage.missed) == (Share(0, 0), None, [])


def test_a_regions_coverage_has_a_row_per_network_in_the_program_with_the_same_figures(world, year_of_a):
    coverage = region_coverage(region=world.piura, year=this_year())
    [row] = coverage.rows  # the graduated Red Ayabaca is left out, as regional workshops leave it out
    assert row.network == world.network_a
    assert (row.schools, row.teachers, row.directors, row.parents, row.missed) == (3, Share(2, 6), Share(2, 3), 15, 5)
    assert row.program_year == 2
    assert (coverage.teachers, coverage.directors, coverage.parents, coverage.schools) == (
        Share(2, 6),
        Share(2, 3),
        15,
        3,
    )
    assert coverage.people == Share(4, 9)


def test_a_network_that_graduated_is_in_the_regions_coverage_of_its_last_year(world):
    last_year = world.graduated_network.cohort_start_year + 4
    coverage = region_coverage(region=world.piura, year=last_year)
    assert world.graduated_network in [row.network for row in coverage.rows]
    assert world.network_a not in [row.network for row in coverage.rows]  # it started later


def test_a_region_without_networks_has_empty_coverage(world):
    coverage = region_coverage(region=world.lima, year=this_year())
    assert (coverage.rows, coverage.teachers, coverage.parents, coverage.schools) == ([], Share(), 0, 0)


def test_the_reference_day_is_today_or_the_years_last_day():
    today = datetime.date(2026, 5, 4)
    assert coverage_reference_date(2026, today) == today
    assert coverage_reference_date(2025, today) == datetime.date(2025, 12, 31)


# --- Query counts that do not grow with the size ---------------------------------------------
def network_of_size(region, schools: int):
    network = NetworkFactory(region=region)
    workshop = WorkshopFactory(network=network, for_parents=True)
    for _ in range(schools):
        school = SchoolFactory(network=network)
        DirectorFactory(school=school)
        teachers = TeacherFactory.create_batch(3, school=school)
        AttendanceFactory(workshop=workshop, teacher=teachers[0])
        ParentAttendanceFactory(workshop=workshop, school=school, count=4)
    return network


def queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context)


def test_a_networks_coverage_makes_as_many_queries_for_40_schools_as_for_2(world, staff_user):
    small, large = network_of_size(world.piura, 2), network_of_size(world.piura, 40)
    year = this_year()
    few = queries(lambda: network_coverage(user=staff_user, network=small, year=year))
    many = queries(lambda: network_coverage(user=staff_user, network=large, year=year))
    assert many == few <= 6
    coverage = network_coverage(user=staff_user, network=large, year=year)
    assert (coverage.teachers, coverage.directors, coverage.parents) == (Share(40, 120), Share(0, 40), 160)


def test_a_regions_coverage_makes_as_many_queries_for_6_networks_as_for_1(world):
    cusco_year = this_year()
    few = queries(lambda: region_coverage(region=world.cusco, year=cusco_year))
    for _ in range(5):
        network_of_size(world.cusco, 4)
    many = queries(lambda: region_coverage(region=world.cusco, year=cusco_year))
    assert many == few <= 4
    assert len(region_coverage(region=world.cusco, year=cusco_year).rows) == 6


# --- schools_workshops_held: what the sponsor portal counts for a company's schools ------------------
def test_workshops_held_for_some_schools_counts_their_networks_and_regions_and_only_their_people(world):
    today = timezone.localdate()
    a0, a1, a2 = world.schools_a
    b0 = world.schools_b[0]
    teacher_a0, teacher_a1, teacher_a2 = (people_of(world, school)[1] for school in (a0, a1, a2))
    AttendanceFactory(workshop=world.workshop_a, teacher=teacher_a0)
    AttendanceFactory(workshop=world.workshop_piura, teacher=teacher_a0)  # the same person twice
    AttendanceFactory(workshop=world.workshop_a, teacher=teacher_a1, attended=False)
    AttendanceFactory(workshop=world.workshop_a, teacher=teacher_a2)  # a school not asked about
    AttendanceFactory(workshop=world.workshop_b, teacher=people_of(world, b0)[1])
    parents = WorkshopFactory(network=world.network_a, starts_on=today, ends_on=today, for_parents=True)
    ParentAttendanceFactory(workshop=parents, school=a0, count=12)
    ParentAttendanceFactory(workshop=parents, school=a2, count=5)
    last_year = datetime.date(today.year - 1, 6, 10)
    WorkshopFactory(network=world.network_a, starts_on=last_year, ends_on=last_year)
    later = today + datetime.timedelta(days=3)
    WorkshopFactory(network=world.network_a, starts_on=later, ends_on=later)  # not held yet

    schools = School.objects.filter(pk__in=[a0.pk, a1.pk])
    held = schools_workshops_held(schools=schools, year=today.year, on=today)

    # Network A's, Piura's and the parents' workshop; not B's, Lima's, last year's or next week's.
    assert (held.held, held.attendances, held.people, held.parents) == (3, 2, 1, 12)
