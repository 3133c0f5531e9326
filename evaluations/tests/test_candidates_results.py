"""Choosing schools where the results come in: a padrón school's latest results as a candidate shows them,
and staff refreshing a group's figures from the data (what staff typed stays where the data has nothing)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from evaluations.selectors.candidates import latest_results
from evaluations.services.candidates import candidate_group_facts_refresh
from evaluations.tests.factories import AssessmentResultFactory
from schools.tests.factories import CandidateFactory, CandidateGroupFactory, EnrollmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def result(school, year, grade, subject, satisfactorio, evaluated=20):
    AssessmentResultFactory(
        school=school,
        year=year,
        grade=grade,
        subject=subject,
        students_programmed=evaluated,
        level_previo_inicio=0,
        level_en_inicio=evaluated - satisfactorio,
        level_en_proceso=0,
        level_satisfactorio=satisfactorio,
    )


def test_the_latest_year_and_its_lowest_grade_make_the_candidates_results():
    school = SchoolFactory()
    result(school, 2015, 2, "reading", 20)
    result(school, 2016, 4, "reading", 2)
    result(school, 2016, 2, "reading", 5)
    result(school, 2016, 2, "math", 3, evaluated=12)
    facts = latest_results([school.pk])[school.pk]
    assert facts == {
        "reading_satisfactory": Decimal("25.0"),
        "math_satisfactory": Decimal("25.0"),
        "results_year": 2016,
        "results_grade": 2,
    }


def test_a_subject_not_assessed_or_nobody_evaluated_is_no_figure():
    school = SchoolFactory()
    result(school, 2016, 2, "reading", 0, evaluated=0)
    facts = latest_results([school.pk])[school.pk]
    assert facts["reading_satisfactory"] is None
    assert facts["math_satisfactory"] is None
    assert latest_results([SchoolFactory().pk]) == {}


def test_refreshing_a_group_brings_new_data_and_keeps_what_staff_typed(world, staff_user):
    group = CandidateGroupFactory(region=world.piura)
    candidate = CandidateFactory(group=group, poverty_quintile=2, students=10, reading_satisfactory=Decimal("50"))
    untouched = CandidateFactory(group=group)
    for grade in range(1, 7):
        EnrollmentFactory(school=candidate.school, school_year=candidate.students_year, grade=grade, students=15)
    result(candidate.school, candidate.results_year, 2, "reading", 4)

    assert candidate_group_facts_refresh(user=staff_user, group=group) == 1
    candidate.refresh_from_db()
    assert candidate.students == 90
    assert candidate.reading_satisfactory == Decimal("20.0")
    assert candidate.math_satisfactory == Decimal("12.5")  # no math result in the data: kept as typed
    assert candidate.poverty_quintile == 2
    assert candidate_group_facts_refresh(user=staff_user, group=group) == 0
    untouched.refresh_from_db()
    assert untouched.students == 84


def test_only_staff_refresh_a_group(world, sponsor_user):
    with pytest.raises(PermissionDenied):
        candidate_group_facts_refresh(user=sponsor_user, group=CandidateGroupFactory(region=world.piura))
