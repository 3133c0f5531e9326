"""Recording who came to a workshop: set the attendance to exactly what the form shows.

Why "set to exactly this" and not a submission UUID (`core.idempotency.create_once`): a record of
attendance is a state, entered after the workshop and corrected later, not an event logged once. The
save compares the roster with what was ticked and writes only the rows that differ, so the same form
sent twice (a double tap, a retry after a lost answer) finds nothing to change the second time and
writes nothing, not even a history row. A UUID would also drop, silently, a correction made on a form
reopened with the browser's back button (its UUID was already used). What a UUID guards against, an
older form arriving after a newer save and undoing it, the workshop's attendance version guards against
here: a form that would change something, opened before someone else's save, is refused as a conflict
(nothing saved, the person's ticks kept on screen).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import MAX_PARENTS_PER_SCHOOL, PARENTS_AUDIENCE_MESSAGE, Attendance, ParentAttendance, Workshop
from ..permissions import can_record_attendance
from ..selectors.roster import Roster, attendance_roster


class AttendanceConflictError(ValidationError):
    """Someone saved this workshop's attendance after this form was opened: nothing was saved."""


def future_message(workshop: Workshop) -> str:
    return _("Este taller aún no se realiza: la asistencia se registra desde el %(date)s, su primer día.") % {
        "date": workshop.starts_on.strftime("%d/%m/%Y")
    }


def _check(roster: Roster, attended: set[int], parents: dict[int, int]) -> None:
    workshop = roster.workshop
    if attended - roster.person_ids:
        raise ValidationError(
            _("Marcó a personas que no están invitadas a este taller. Abra de nuevo la asistencia y vuelva a marcar.")
        )
    if set(parents) - roster.school_ids:
        raise ValidationError(_("Registró padres de una institución que no está invitada a este taller."))
    if any(count for count in parents.values()) and not workshop.for_parents:
        raise ValidationError({"parents": PARENTS_AUDIENCE_MESSAGE})
    if any(not 0 <= count <= MAX_PARENTS_PER_SCHOOL for count in parents.values()):
        raise ValidationError(
            {
                "parents": _("Los padres de familia de una institución van de 0 a %(max)s.")
                % {"max": MAX_PARENTS_PER_SCHOOL}
            }
        )


@transaction.atomic
def attendance_record(
    *,
    user,
    workshop: Workshop,
    expected_version: int,
    attended: Iterable[int],
    parents: dict[int, int] | None = None,
) -> bool:
    """Set who came: the roster's people in `attended` came, the others did not; parents per school.

    `parents` maps an invited school's id to the parents who came (a school left out: 0). Returns
    whether anything changed. Staff record any workshop; a coordinator those of their networks; nobody
    a workshop that has not started yet. Raises AttendanceConflictError when the attendance changed
    since the form was opened (`expected_version`) and this form would change it again.
    """
    locked = Workshop.objects.select_for_update(of=("self",)).select_related("network", "region").get(pk=workshop.pk)
    if not can_record_attendance(user, locked):
        raise PermissionDenied
    if locked.is_future(timezone.localdate()):
        raise ValidationError(future_message(locked))
    roster = attendance_roster(locked)
    attended = {int(pk) for pk in attended}
    parents = {int(school): int(count) for school, count in (parents or {}).items()}
    _check(roster, attended, parents)

    people = [person for person in roster.people if (person.pk in attended) != person.attended]
    schools = []
    if locked.for_parents:
        schools = [row for row in roster.schools if parents.get(row.school.pk, 0) != (row.parents or 0)]
    if not (people or schools):
        return False  # the same attendance again: nothing to write
    if locked.attendance_version != expected_version:
        raise AttendanceConflictError(
            _(
                "Alguien guardó la asistencia de este taller después de que usted abrió este formulario "
                "(quizá usted mismo, en otra pestaña). No se guardó nada todavía: abajo están sus marcas "
                "sobre la lista actual; revíselas y vuelva a guardar."
            ),
            code="conflict",
        )
    reason = _("Asistencia registrada por %(user)s") % {"user": user}
    rows = {row.teacher_id: row for row in Attendance.objects.filter(workshop=locked, teacher__in=people)}
    for person in people:
        row = rows.get(person.pk) or Attendance(workshop=locked, teacher=person)
        row.attended = person.pk in attended
        row.full_clean(validate_unique=False)
        _save(row, user, reason)
    counts = {row.school_id: row for row in ParentAttendance.objects.filter(workshop=locked)}
    for school_row in schools:
        row = counts.get(school_row.school.pk) or ParentAttendance(workshop=locked, school=school_row.school)
        row.count = parents.get(school_row.school.pk, 0)
        row.full_clean(validate_unique=False)
        _save(row, user, reason)
    Workshop.objects.filter(pk=locked.pk).update(attendance_version=F("attendance_version") + 1)
    return True


def _save(row, user, reason: str) -> None:
    row._history_user = user  # simple-history: who, also outside a request (the shell, a task)
    row._change_reason = reason
    row.save()
