"""Meetings of parents and teachers about a specific problem, and their follow-up until it is resolved."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.idempotency import create_once
from schools.models import School

from ..models import FamilyMeeting
from ..permissions import can_log_family_meeting, can_update_family_meeting

FIELDS = (
    "kind",
    "date",
    "problem",
    "agreed_at_home",
    "agreed_at_school",
    "parents",
    "teachers",
    "follow_up_by",
    "follow_up_on",
    "resolved_on",
    "resolution",
)


class FamilyMeetingConflictError(ValidationError):
    """Someone saved the record after this person opened it: their change must not silently overwrite."""


def family_meeting_log(
    *, user, client_uuid: uuid.UUID, school: School, date: datetime.date, problem: str, **fields
) -> tuple[FamilyMeeting, bool]:
    """A coordinator records a meeting at one of their schools. Returns (meeting, created); idempotent."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"family_meeting_log got unknown fields: {sorted(unknown)}")

    def create() -> FamilyMeeting:
        if not can_log_family_meeting(user, school):
            raise PermissionDenied
        meeting = FamilyMeeting(
            client_uuid=client_uuid, school=school, coordinator=user, date=date, problem=problem, **fields
        )
        meeting.full_clean(validate_unique=False)
        meeting.save()
        return meeting

    return create_once(FamilyMeeting, client_uuid=client_uuid, owner=user, create=create)


@transaction.atomic
def family_meeting_update(*, user, meeting: FamilyMeeting, expected_version: int, **changes) -> FamilyMeeting:
    """Follow a meeting up: change its agreements or follow-up, or record that the problem was resolved.

    Optimistic locking as for visits: a change saved by someone else meanwhile is reported, never overwritten.
    """
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"family_meeting_update got fields it may not change: {sorted(unknown)}")
    locked = FamilyMeeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_update_family_meeting(user, locked):
        raise PermissionDenied
    if locked.version != expected_version:
        raise FamilyMeetingConflictError(
            _("Otra persona guardó cambios en este registro mientras usted lo editaba: revise la versión actual."),
            code="conflict",
        )
    for field, value in changes.items():
        setattr(locked, field, value)
    if locked.resolved_on is None and (locked.resolution or "").strip():
        raise ValidationError({"resolved_on": _("Indique la fecha en que se resolvió el problema.")})
    locked.version += 1
    locked.full_clean(validate_unique=False)
    locked._change_reason = _("Seguimiento de %(user)s") % {"user": user}
    locked.save()
    return locked
