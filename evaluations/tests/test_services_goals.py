"""Goals' services: every rule of setting, changing and measuring a goal, and who may do it.

The world (root conftest): network A (`coordinator`) and network B (`other_coordinator`); `goal_a` is a
goal of network A's first school for last school year (conftest.py), whose year has started.
"""

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluations.models import GoalProgress, SchoolGoal
from evaluations.services import goal_create, goal_progress_record, goal_update
from evaluations.tests.factories import SchoolGoalFactory

REASON_NEEDED = "ya empezó: para cambiar la línea de base o la meta, indique el motivo"


def fields(**overrides) -> dict:
    return {
        "area": SchoolGoal.Area.FAMILIES,
        "indicator": "% de padres que asisten a las reuniones de aula",
        "baseline": Decimal("40"),
        "target": Decimal("60"),
        "agreed_by_director": "Carmen Rojas Vílchez",
        "agreed_teachers": 6,
        "agreed_parents": 25,
        "agreed_on": None,
    } | overrides


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        call()
    return excinfo.value.message_dict


def this_year() -> int:
    return timezone.localdate().year


# --- goal_create ------------------------------------------------------------------------------
def test_a_coordinator_records_a_goal_of_their_school_with_who_agreed_it(world, coordinator):
    goal = goal_create(user=coordinator, school=world.schools_a[0], school_year=this_year(), **fields())

    goal.refresh_from_db()
    assert (goal.agreed_by_director, goal.agreed_teachers, goal.agreed_parents) == ("Carmen Rojas Vílchez", 6, 25)
    record = goal.history.get()
    assert (record.history_type, record.history_user) == ("+", coordinator)


def test_staff_record_a_goal_of_any_school(world, staff_user):
    goal_create(user=staff_user, school=world.schools_b[0], school_year=this_year(), **fields())
    assert SchoolGoal.objects.filter(school=world.schools_b[0]).count() == 1


@pytest.mark.parametrize("persona", ["other_coordinator", "former_coordinator", "sponsor", "anonymous"])
def test_goal_create_refuses_who_does_not_work_at_the_school(world, user_of, persona):
    with pytest.raises(PermissionDenied):
        goal_create(user=user_of(persona), school=world.schools_a[0], school_year=this_year(), **fields())
    assert not SchoolGoal.objects.exists()


def test_goal_create_refuses_a_target_equal_to_the_baseline(world, coordinator):
    errors = errors_of(
        lambda: goal_create(
            user=coordinator, school=world.schools_a[0], school_year=this_year(), **fields(target=Decimal("40.00"))
        )
    )
    assert errors["target"] == [
        "La meta debe ser distinta de la línea de base: indique el valor al que se quiere llegar."
    ]


def test_goal_create_refuses_a_school_year_two_years_ahead(world, coordinator):
    errors = errors_of(
        lambda: goal_create(user=coordinator, school=world.schools_a[0], school_year=this_year() + 2, **fields())
    )
    assert errors["school_year"] == [f"El año escolar no puede ser posterior a {this_year() + 1}."]


def test_goal_create_refuses_the_same_indicator_twice_in_a_year(world, coordinator):
    goal_create(user=coordinator, school=world.schools_a[0], school_year=this_year(), **fields())
    errors = errors_of(
        lambda: goal_create(user=coordinator, school=world.schools_a[0], school_year=this_year(), **fields())
    )
    assert errors["__all__"] == ["La institución ya tiene una meta con este indicador ese año."]


def test_goal_create_refuses_negative_values_and_an_agreement_out_of_its_years(world, coordinator, in_last_year):
    errors = errors_of(
        lambda: goal_create(
            user=coordinator,
            school=world.schools_a[0],
            school_year=this_year() - 1,
            **fields(baseline=Decimal("-5"), agreed_on=in_last_year(1, 1).replace(year=this_year() - 3)),
        )
    )
    assert errors["baseline"] == ["El valor no puede ser negativo."]
    assert errors["agreed_on"][0].startswith("La fecha del acuerdo debe estar entre el 01/01/")


def test_goal_create_refuses_more_agreeing_teachers_than_a_school_has(world, coordinator):
    errors = errors_of(
        lambda: goal_create(
            user=coordinator, school=world.schools_a[0], school_year=this_year(), **fields(agreed_teachers=201)
        )
    )
    assert "agreed_teachers" in errors


def test_goal_create_takes_only_the_goal_fields(world, coordinator):
    with pytest.raises(TypeError):
        goal_create(
            user=coordinator, school=world.schools_a[0], school_year=this_year(), **fields(latest_value=Decimal(9))
        )


# --- goal_update: the reason for a new baseline or target ----------------------------------------
def test_changing_the_target_after_the_year_started_without_a_reason_is_refused(goal_a, coordinator):
    errors = errors_of(lambda: goal_update(user=coordinator, goal=goal_a, target=Decimal("45")))

    assert REASON_NEEDED in errors["change_reason"][0]
    goal_a.refresh_from_db()
    assert goal_a.target == Decimal("40.00")


def test_changing_the_baseline_after_the_year_started_without_a_reason_is_refused(goal_a, coordinator):
    errors = errors_of(lambda: goal_update(user=coordinator, goal=goal_a, baseline=Decimal("22"), change_reason="  "))
    assert REASON_NEEDED in errors["change_reason"][0]


def test_with_a_reason_the_new_target_is_saved_and_the_reason_kept_in_history(goal_a, coordinator):
    goal_update(user=coordinator, goal=goal_a, target=Decimal("45"), change_reason="La UGEL  cambió la prueba.")

    goal_a.refresh_from_db()
    assert goal_a.target == Decimal("45.00")
    latest = goal_a.history.order_by("-history_id").first()
    assert (latest.history_change_reason, latest.history_user) == ("La UGEL cambió la prueba.", coordinator)
    assert (latest.prev_record.target, latest.target) == (Decimal("40.00"), Decimal("45.00"))


def test_before_the_year_starts_the_target_changes_without_a_reason(world, coordinator):
    goal = SchoolGoalFactory(school=world.schools_a[0], school_year=this_year() + 1)
    goal_update(user=coordinator, goal=goal, target=Decimal("50"))
    goal.refresh_from_db()
    assert goal.target == Decimal("50.00")


def test_other_fields_and_the_same_target_written_differently_need_no_reason(goal_a, coordinator):
    goal_update(user=coordinator, goal=goal_a, target=Decimal("40"), indicator="Lectura 2.° grado (ECE)")
    goal_a.refresh_from_db()
    assert goal_a.indicator == "Lectura 2.° grado (ECE)"


def test_a_reason_longer_than_100_characters_is_refused(goal_a, coordinator):
    errors = errors_of(
        lambda: goal_update(user=coordinator, goal=goal_a, target=Decimal("45"), change_reason="x" * 101)
    )
    assert errors["change_reason"] == ["El motivo puede tener como máximo 100 caracteres (tiene 101)."]


def test_goal_update_reports_the_reason_and_the_other_errors_together(goal_a, coordinator):
    errors = errors_of(lambda: goal_update(user=coordinator, goal=goal_a, target=Decimal("20")))
    assert set(errors) == {"change_reason", "target"}


@pytest.mark.parametrize("persona", ["other_coordinator", "former_coordinator", "sponsor"])
def test_goal_update_refuses_who_does_not_work_at_the_school(goal_a, user_of, persona):
    with pytest.raises(PermissionDenied):
        goal_update(user=user_of(persona), goal=goal_a, indicator="Otra", change_reason="x")


# --- goal_progress_record ---------------------------------------------------------------------------
def record(goal, user, *, on, value, client_uuid=None, note=""):
    return goal_progress_record(
        user=user, goal=goal, client_uuid=client_uuid or uuid.uuid4(), measured_on=on, value=Decimal(value), note=note
    )


def test_a_measure_is_recorded_and_becomes_the_goals_latest_value(goal_a, coordinator, in_last_year):
    entry, created = record(goal_a, coordinator, on=in_last_year(7, 15), value="31.5", note="Prueba de julio")

    assert created
    assert (entry.recorded_by, entry.note) == (coordinator, "Prueba de julio")
    goal_a.refresh_from_db()
    assert (goal_a.latest_value, goal_a.latest_measured_on) == (Decimal("31.50"), in_last_year(7, 15))
    assert entry.history.get().history_user == coordinator


def test_an_older_measure_recorded_later_does_not_replace_the_latest(goal_a, coordinator, in_last_year):
    record(goal_a, coordinator, on=in_last_year(10, 1), value="36")
    record(goal_a, coordinator, on=in_last_year(5, 1), value="24")

    goal_a.refresh_from_db()
    assert (goal_a.latest_value, goal_a.latest_measured_on) == (Decimal("36.00"), in_last_year(10, 1))
    assert goal_a.progress_entries.count() == 2


def test_a_form_sent_twice_records_one_measure(goal_a, coordinator, in_last_year):
    submission = uuid.uuid4()
    first, created = record(goal_a, coordinator, on=in_last_year(7, 15), value="31", client_uuid=submission)
    again, created_again = record(goal_a, coordinator, on=in_last_year(7, 15), value="31", client_uuid=submission)

    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert GoalProgress.objects.count() == 1


def test_a_submission_id_of_someone_elses_measure_is_refused(goal_a, coordinator, staff_user, in_last_year):
    submission = uuid.uuid4()
    record(goal_a, staff_user, on=in_last_year(7, 15), value="31", client_uuid=submission)
    with pytest.raises(PermissionDenied):
        record(goal_a, coordinator, on=in_last_year(7, 15), value="33", client_uuid=submission)


def test_a_measure_outside_the_goals_school_year_is_refused(goal_a, coordinator, in_last_year):
    errors = errors_of(
        lambda: record(goal_a, coordinator, on=in_last_year(12, 31).replace(year=this_year() - 2), value="30")
    )
    assert errors["measured_on"] == [f"La medición debe ser del año escolar de la meta ({goal_a.school_year})."]


def test_a_measure_in_the_future_a_negative_value_and_a_long_note_are_refused(world, coordinator):
    goal = SchoolGoalFactory(school=world.schools_a[0], school_year=this_year() + 1)
    errors = errors_of(
        lambda: record(goal, coordinator, on=goal.agreed_on.replace(year=this_year() + 1), value="-1", note="x" * 2001)
    )
    assert errors["measured_on"] == ["La fecha no puede ser posterior a hoy."]
    assert errors["value"] == ["El valor no puede ser negativo."]
    assert errors["note"] == ["El texto puede tener como máximo 2000 caracteres (tiene 2001)."]
    assert not GoalProgress.objects.exists()


@pytest.mark.parametrize("persona", ["other_coordinator", "former_coordinator", "sponsor"])
def test_only_who_works_at_the_school_records_a_measure(goal_a, user_of, persona, in_last_year):
    with pytest.raises(PermissionDenied):
        record(goal_a, user_of(persona), on=in_last_year(7, 15), value="31")
    assert not GoalProgress.objects.exists()
