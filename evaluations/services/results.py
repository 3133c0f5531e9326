"""Assessment results (ECE-style), entered by staff one at a time: the rules every result obeys.

`result_check` is the one statement of a result's rules; an import can ask it row by row.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import School

from ..models import AssessmentResult
from ..permissions import can_enter_results

LEVEL_FIELDS = ("level_previo_inicio", "level_en_inicio", "level_en_proceso", "level_satisfactorio")
COUNT_FIELDS = ("students_programmed", "students_evaluated", *LEVEL_FIELDS)
RESULT_FIELDS = ("year", "grade", "subject", *COUNT_FIELDS, "mean_score")

# The model states these rules as table constraints (messages above the form); `result_check` says them
# next to the evaluated students, with the numbers, and drops the model's copy.
_SAID_NEXT_TO_THE_FIELD = ("result_levels_add_up", "result_evaluated_not_above_programmed")


def _constraint_messages() -> set[str]:
    constraints = AssessmentResult._meta.constraints
    return {str(c.violation_error_message) for c in constraints if c.name in _SAID_NEXT_TO_THE_FIELD}


def result_rules(result: AssessmentResult) -> dict[str, list[str]]:
    """The rules of one result that need no query (the import checks tens of thousands of rows with them):
    the students per level add up to the students evaluated, no more evaluated than programmed, and a
    year already evaluated (not after this one). Returns {field: [Spanish messages]}."""
    errors: dict[str, list] = {}
    counts = [getattr(result, name) for name in COUNT_FIELDS]
    if all(isinstance(count, int) for count in counts):
        programmed, evaluated, *levels = counts
        if sum(levels) != evaluated:
            errors.setdefault("students_evaluated", []).append(
                _("La suma de estudiantes por nivel (%(levels)s) debe ser igual a los evaluados (%(evaluated)s).")
                % {"levels": sum(levels), "evaluated": evaluated}
            )
        if evaluated > programmed:
            errors.setdefault("students_evaluated", []).append(
                _("Los evaluados (%(evaluated)s) no pueden ser más que los programados (%(programmed)s).")
                % {"evaluated": evaluated, "programmed": programmed}
            )
    this_year = timezone.localdate().year
    if isinstance(result.year, int) and result.year > this_year:
        errors.setdefault("year", []).append(
            _("El año no puede ser posterior a %(year)s: los resultados se registran después de la evaluación.")
            % {"year": this_year}
        )
    return errors


def result_check(result: AssessmentResult) -> None:
    """Every rule of one result: `result_rules`, then the model's (grade 1 to 6, one result per school,
    year, grade and subject...)."""
    errors = result_rules(result)
    try:
        result.full_clean()
    except ValidationError as error:
        said = _constraint_messages()
        for field, messages in error.message_dict.items():
            if field == NON_FIELD_ERRORS:
                messages = [m for m in messages if m not in said]
            if messages:
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _unknown(fields, service: str) -> None:
    unknown = set(fields) - set(RESULT_FIELDS)
    if unknown:
        raise TypeError(f"{service} got fields it may not set: {sorted(unknown)}")


@transaction.atomic
def result_create(*, user, school: School, **fields) -> AssessmentResult:
    """Staff enter one school's result for one year, grade and subject."""
    _unknown(fields, "result_create")
    if not can_enter_results(user):
        raise PermissionDenied
    result = AssessmentResult(school=school, **fields)
    result_check(result)
    result._history_user = user
    result.save()
    return result


@transaction.atomic
def result_update(*, user, result: AssessmentResult, **changes) -> AssessmentResult:
    """Staff correct a result (history kept); it stays with its school."""
    _unknown(changes, "result_update")
    if not can_enter_results(user):
        raise PermissionDenied
    locked = AssessmentResult.objects.select_for_update().get(pk=result.pk)
    for field, value in changes.items():
        setattr(locked, field, value)
    result_check(locked)
    locked._history_user = user
    locked.save()
    return locked
