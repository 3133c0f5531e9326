"""Results' services: every rule of a result entered by staff (levels, bounds, one per year, grade and
subject) with its Spanish message next to the field, and who may enter one."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluations.models import AssessmentResult
from evaluations.services import result_create, result_update
from evaluations.tests.factories import AssessmentResultFactory


def counts(**overrides) -> dict:
    return {
        "year": timezone.localdate().year - 1,
        "grade": 2,
        "subject": AssessmentResult.Subject.READING,
        "students_programmed": 30,
        "students_evaluated": 28,
        "level_previo_inicio": 2,
        "level_en_inicio": 6,
        "level_en_proceso": 10,
        "level_satisfactorio": 10,
        "mean_score": Decimal("530.5"),
    } | overrides


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        call()
    return excinfo.value.message_dict


def test_staff_enter_a_result_and_history_names_them(world, staff_user):
    result = result_create(user=staff_user, school=world.schools_a[0], **counts())
    assert result.satisfactorio_share == Decimal(10) / Decimal(28)
    assert result.history.get().history_user == staff_user


@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "sponsor", "anonymous"])
def test_only_staff_enter_results(world, user_of, persona):
    with pytest.raises(PermissionDenied):
        result_create(user=user_of(persona), school=world.schools_a[0], **counts())
    assert not AssessmentResult.objects.exists()


def test_levels_that_do_not_add_up_are_refused_next_to_the_evaluated_students(world, staff_user):
    errors = errors_of(
        lambda: result_create(user=staff_user, school=world.schools_a[0], **counts(level_satisfactorio=9))
    )
    assert errors == {
        "students_evaluated": ["La suma de estudiantes por nivel (27) debe ser igual a los evaluados (28)."]
    }


def test_more_evaluated_than_programmed_is_refused_with_the_numbers(world, staff_user):
    errors = errors_of(
        lambda: result_create(user=staff_user, school=world.schools_a[0], **counts(students_programmed=27))
    )
    assert errors == {"students_evaluated": ["Los evaluados (28) no pueden ser más que los programados (27)."]}


@pytest.mark.parametrize("grade", [0, 7])
def test_a_grade_outside_primary_is_refused(world, staff_user, grade):
    errors = errors_of(lambda: result_create(user=staff_user, school=world.schools_a[0], **counts(grade=grade)))
    assert list(errors) == ["grade"]


def test_a_year_not_yet_evaluated_is_refused(world, staff_user):
    next_year = timezone.localdate().year + 1
    errors = errors_of(lambda: result_create(user=staff_user, school=world.schools_a[0], **counts(year=next_year)))
    assert errors["year"][0].startswith(f"El año no puede ser posterior a {next_year - 1}")


def test_negative_counts_and_a_score_above_1000_are_refused(world, staff_user):
    errors = errors_of(
        lambda: result_create(
            user=staff_user,
            school=world.schools_a[0],
            **counts(level_previo_inicio=-2, level_en_inicio=10, mean_score=Decimal("1200")),
        )
    )
    assert {"level_previo_inicio", "mean_score"} <= set(errors)


def test_a_second_result_for_the_same_year_grade_and_subject_is_refused(world, staff_user):
    result_create(user=staff_user, school=world.schools_a[0], **counts())
    errors = errors_of(lambda: result_create(user=staff_user, school=world.schools_a[0], **counts()))
    assert errors == {"__all__": ["Ya hay un resultado para esta institución, año, grado y área."]}


def test_staff_correct_a_result_and_its_history_keeps_both_versions(world, staff_user):
    result = AssessmentResultFactory(school=world.schools_a[0])
    result_update(user=staff_user, result=result, **counts(year=result.year))

    result.refresh_from_db()
    assert (result.students_evaluated, result.level_satisfactorio) == (28, 10)
    latest = result.history.order_by("-history_id").first()
    assert latest.history_user == staff_user
    assert latest.prev_record.level_satisfactorio == 7


def test_a_correction_obeys_the_same_rules(world, staff_user):
    result = AssessmentResultFactory(school=world.schools_a[0])
    errors = errors_of(lambda: result_update(user=staff_user, result=result, students_evaluated=99))
    assert "students_evaluated" in errors
    with pytest.raises(PermissionDenied):
        result_update(user=world.coordinator, result=result, students_evaluated=27)
