"""Results' reads: who sees them (persona x school), the school's first program year from its memberships,
and the trend per grade and subject against the national figures and that first year."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from evaluations.national import NATIONAL_SATISFACTORIO, national_satisfactorio
from evaluations.selectors import (
    percent,
    result_get,
    results_visible_to,
    school_first_program_year,
    school_results_trend,
)
from evaluations.tests.factories import AssessmentResultFactory
from networks.models import SchoolMembership
from networks.tests.factories import NetworkFactory
from schools.tests.factories import SchoolFactory

SEES_A = {"staff", "admin", "coordinator"}


@pytest.mark.parametrize(
    "persona",
    [
        "anonymous",
        "staff",
        "admin",
        "coordinator",
        "other_coordinator",
        "former_coordinator",
        "sponsor",
        "other_sponsor",
    ],
)
def test_a_schools_results_are_seen_by_staff_and_its_coordinator_only(world, user_of, persona):
    result = AssessmentResultFactory(school=world.sponsored_a[0])  # sponsor A funds this school
    user = user_of(persona)
    assert results_visible_to(user).filter(pk=result.pk).exists() == (persona in SEES_A)
    if persona not in SEES_A:
        with pytest.raises(Http404):
            result_get(user=user, pk=result.pk)


# --- The school's first year in the program -----------------------------------------------------
def test_the_first_program_year_is_the_networks_cohort_for_a_school_there_from_the_start(world):
    assert school_first_program_year(world.schools_a[0]) == world.network_a.cohort_start_year


def test_a_school_that_joined_later_starts_the_year_it_joined(world):
    school = SchoolFactory()
    SchoolMembership.objects.create(
        school=school, network=world.network_a, joined_on=datetime.date(world.network_a.cohort_start_year + 1, 4, 1)
    )
    assert school_first_program_year(school) == world.network_a.cohort_start_year + 1


def test_a_school_that_moved_keeps_the_first_year_of_its_first_network(world):
    this_year = timezone.localdate().year
    school = SchoolFactory()
    older = NetworkFactory(cohort_start_year=this_year - 4)
    SchoolMembership.objects.create(
        school=school,
        network=older,
        joined_on=datetime.date(this_year - 3, 3, 1),
        left_on=datetime.date(this_year - 2, 6, 30),
    )
    SchoolMembership.objects.create(
        school=school, network=world.network_a, joined_on=datetime.date(this_year - 2, 7, 1)
    )
    assert school_first_program_year(school) == this_year - 3


def test_a_school_that_joined_a_network_after_it_graduated_has_no_program_year(world):
    school = SchoolFactory()
    graduated = world.graduated_network
    SchoolMembership.objects.create(
        school=school, network=graduated, joined_on=datetime.date(graduated.cohort_start_year + 5, 3, 1)
    )
    assert school_first_program_year(school) is None
    assert school_first_program_year(SchoolFactory()) is None


# --- The trend ----------------------------------------------------------------------------------
def test_percent_has_one_decimal_and_none_without_evaluated_students():
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(5, 0) is None


def test_the_trend_compares_each_year_with_the_country_and_the_first_program_year(world):
    school = world.schools_a[0]
    first = world.network_a.cohort_start_year
    AssessmentResultFactory(school=school, year=first, level_en_proceso=11, level_satisfactorio=5)  # 5 / 26
    AssessmentResultFactory(school=school, year=first + 1, level_satisfactorio=10)  # 10 / 30
    AssessmentResultFactory(school=school, year=2016, level_satisfactorio=8)  # 8 / 28
    AssessmentResultFactory(school=school, year=first, subject="math", grade=4)

    trend = school_results_trend(school=school)

    assert trend["first_year"] == first
    [reading, math] = trend["trends"]
    assert (reading.grade, reading.subject, math.grade, math.subject) == (2, "reading", 4, "math")
    assert [row.year for row in reading.rows] == [2016, first, first + 1]
    old, base, later = reading.rows
    assert reading.first_year_share == Decimal("19.2")
    assert base.is_first_year
    assert base.shares == [Decimal("7.7"), Decimal("30.8"), Decimal("42.3"), Decimal("19.2")]
    assert later.satisfactorio == Decimal("33.3")
    assert later.vs_first_year == Decimal("14.1")
    assert old.national == Decimal("46.4")
    assert old.vs_national == Decimal("28.6") - Decimal("46.4")
    assert later.national is None
    assert later.vs_national is None
    assert base.coverage == Decimal("86.7")


def test_a_trend_without_a_first_year_result_has_no_comparison_with_it(world):
    AssessmentResultFactory(school=world.schools_a[0], year=world.network_a.cohort_start_year + 1)
    [trend] = school_results_trend(school=world.schools_a[0])["trends"]
    assert trend.first_year_share is None
    assert trend.rows[0].vs_first_year is None


def test_the_national_figures_are_second_grade_satisfactorio_from_domain():
    assert national_satisfactorio(year=2007, grade=2, subject="reading") == Decimal("15.9")
    assert national_satisfactorio(year=2016, grade=2, subject="math") == Decimal("34.1")
    assert national_satisfactorio(year=2013, grade=2, subject="math") is None
    assert national_satisfactorio(year=2016, grade=4, subject="reading") is None
    assert sorted(NATIONAL_SATISFACTORIO[(2, "reading")]) == [2007, 2011, 2013, 2014, 2015, 2016]
