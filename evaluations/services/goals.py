"""School goals: set by the school (recorded by its coordinator or staff) and measured through the year.

The one write path of goals and their progress entries: the pages and the data admin call these.
"""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.idempotency import create_once
from schools.models import School

from ..models import GoalProgress, SchoolGoal, goal_status, school_year_has_started
from ..permissions import can_record_goal
from .summaries import school_year_summary_refresh_on_commit

GOAL_FIELDS = (
    "area",
    "indicator",
    "baseline",
    "target",
    "agreed_by_director",
    "agreed_teachers",
    "agreed_parents",
    "agreed_on",
)
# Changing these after the school year has started needs a reason.
REASONED_FIELDS = ("baseline", "target")
# simple-history keeps the reason in a column of 100 characters.
REASON_MAX_LENGTH = 100
# Goals are set for this school year or the next, never further ahead.
YEARS_AHEAD = 1


def _merge(errors: dict, error: ValidationError) -> dict:
    for field, messages in (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    ).items():
        errors.setdefault(field, []).extend(messages)
    return errors


def goal_check(goal: SchoolGoal, errors: dict | None = None) -> None:
    """The rules of one goal: the model's (target differs from baseline, the agreement's date, one
    indicator per school and year) and a school year at most one year ahead."""
    errors = dict(errors or {})
    last_year = timezone.localdate().year + YEARS_AHEAD
    if goal.school_year and goal.school_year > last_year:
        errors.setdefault("school_year", []).append(
            _("El año escolar no puede ser posterior a %(year)s.") % {"year": last_year}
        )
    try:
        goal.full_clean()
    except ValidationError as error:
        _merge(errors, error)
    if errors:
        raise ValidationError(errors)


def _unknown(fields, allowed, service: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service} got fields it may not set: {sorted(unknown)}")


@transaction.atomic
def goal_create(*, user, school: School, school_year: int, **fields) -> SchoolGoal:
    """Record a goal the director, teachers and parents agreed for their school and school year."""
    _unknown(fields, GOAL_FIELDS, "goal_create")
    if not can_record_goal(user, school):
        raise PermissionDenied
    goal = SchoolGoal(school=school, school_year=school_year, **fields)
    goal_check(goal)
    goal.status = goal.measured_status
    goal._history_user = user
    goal.save()
    school_year_summary_refresh_on_commit(school_id=goal.school_id, year=goal.school_year)
    return goal


def goal_reason_check(*, goal: SchoolGoal, changes: dict, change_reason: str = "") -> str:
    """The reason for a change to a goal as saved (`goal`): needed when the change moves its baseline or
    target once its school year has started (1 March). Returns the reason, its spaces tidied."""
    reason = " ".join((change_reason or "").split())
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "change_reason": _("El motivo puede tener como máximo %(limit)s caracteres (tiene %(length)s).")
                % {"limit": REASON_MAX_LENGTH, "length": len(reason)}
            }
        )
    moved = [
        field
        for field in REASONED_FIELDS
        if changes.get(field) is not None and Decimal(changes[field]) != getattr(goal, field)
    ]
    if moved and not reason and school_year_has_started(goal.school_year, timezone.localdate()):
        raise ValidationError(
            {
                "change_reason": _(
                    "El año escolar %(year)s ya empezó: para cambiar la línea de base o la meta, indique el "
                    "motivo (queda en el historial)."
                )
                % {"year": goal.school_year}
            }
        )
    return reason


def _record_as_loaded(goal: SchoolGoal) -> None:
    """A goal loaded in bulk (the demo, an import) has no history: before its first change, record how it
    stood when it was loaded (by nobody, on that date), so the change shows what it changed."""
    goal._history_user = None
    SchoolGoal.history.bulk_history_create(
        [goal], default_change_reason=_("Cargada en bloque, sin historial"), default_date=goal.created_at
    )


@transaction.atomic
def goal_update(*, user, goal: SchoolGoal, change_reason: str = "", **changes) -> SchoolGoal:
    """Change a goal. Once its school year has started (1 March), changing its baseline or target needs a
    reason, kept in the goal's history with the change (refused without one). The school and school year
    stay: a goal for another year is another goal."""
    _unknown(changes, GOAL_FIELDS, "goal_update")
    if not can_record_goal(user, goal.school):
        raise PermissionDenied
    locked = SchoolGoal.objects.select_for_update().get(pk=goal.pk)
    errors = {}
    if not locked.history.exists():
        _record_as_loaded(locked)
    try:
        reason = goal_reason_check(goal=locked, changes=changes, change_reason=change_reason)
    except ValidationError as error:
        reason, errors = "", error.message_dict
    for field, value in changes.items():
        setattr(locked, field, value)
    goal_check(locked, errors)
    locked.status = locked.measured_status  # a new baseline or target moves the goal's status
    locked._change_reason = reason or None
    locked._history_user = user
    locked.save()
    school_year_summary_refresh_on_commit(school_id=locked.school_id, year=locked.school_year)
    return locked


def goal_refresh_latest(goal: SchoolGoal) -> None:
    """Copy the latest progress entry (by measurement date, then the last recorded) onto the goal.

    Not a change anyone makes: the goal's history stays for what people changed; the entries keep theirs.
    """
    latest = goal.progress_entries.order_by("-measured_on", "-pk").values("value", "measured_on").first() or {}
    goal.latest_value, goal.latest_measured_on = latest.get("value"), latest.get("measured_on")
    goal.status = goal.measured_status
    SchoolGoal.objects.filter(pk=goal.pk).update(
        latest_value=goal.latest_value,
        latest_measured_on=goal.latest_measured_on,
        status=goal.status,
        updated_at=timezone.now(),
    )
    school_year_summary_refresh_on_commit(school_id=goal.school_id, year=goal.school_year)


STATUS_BATCH = 5000


def goal_statuses_refresh() -> int:
    """Recompute every goal's stored status by `goal_status` (for goals loaded in bulk, or written
    before the status was stored). Idempotent; returns how many goals changed status.

    Reads the goals in batches of `STATUS_BATCH`, and writes one UPDATE per status and batch."""
    fields = ("pk", "baseline", "target", "latest_value", "latest_measured_on", "school_year", "status")
    changed, last_pk = 0, 0
    while True:
        batch = list(SchoolGoal.objects.filter(pk__gt=last_pk).order_by("pk").values_list(*fields)[:STATUS_BATCH])
        if not batch:
            return changed
        moves: dict[str, list[int]] = {}
        for pk, baseline, target, value, measured_on, school_year, stored in batch:
            status = goal_status(
                baseline=baseline, target=target, value=value, measured_on=measured_on, school_year=school_year
            )
            if status != stored:
                moves.setdefault(status, []).append(pk)
        for status, pks in moves.items():
            changed += SchoolGoal.objects.filter(pk__in=pks).update(status=status, updated_at=timezone.now())
        last_pk = batch[-1][0]


def goal_progress_record(
    *, user, goal: SchoolGoal, client_uuid: uuid.UUID, measured_on: datetime.date, value: Decimal, note: str = ""
) -> tuple[GoalProgress, bool]:
    """Record one measure of a goal's indicator, taken during its school year and not in the future.

    Returns (entry, created); a form sent twice (same client UUID) records one entry. The goal's
    latest value and date follow the entry with the latest measurement date.
    """

    def create() -> GoalProgress:
        if not can_record_goal(user, goal.school):
            raise PermissionDenied
        locked = SchoolGoal.objects.select_for_update().get(pk=goal.pk)  # one entry at a time per goal
        entry = GoalProgress(
            client_uuid=client_uuid, goal=locked, measured_on=measured_on, value=value, note=note, recorded_by=user
        )
        entry.full_clean(validate_unique=False)
        entry._history_user = user
        entry.save()
        goal_refresh_latest(locked)
        goal.latest_value, goal.latest_measured_on = locked.latest_value, locked.latest_measured_on
        return entry

    return create_once(GoalProgress, client_uuid=client_uuid, owner=user, create=create, owner_field="recorded_by")
