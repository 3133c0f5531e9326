"""Network meetings (reuniones de red): the community tier of the program."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.idempotency import create_once

from ..models import Network, NetworkMeeting
from ..permissions import can_correct_meeting, can_log_meeting
from .program_years import network_program_year

PARTICIPANT_FIELDS = ("directors", "teachers", "parents", "community_leaders", "local_organizations")
EDITABLE_FIELDS = ("date", *PARTICIPANT_FIELDS, "decisions", "agreements")


def meeting_check(meeting: NetworkMeeting) -> None:
    """The rules of a meeting record: inside the network's program years, someone took part."""
    network_program_year(network=meeting.network, date=meeting.date)
    meeting.full_clean(validate_unique=False)
    if meeting.participant_count == 0:
        raise ValidationError(_("Registre cuántas personas participaron, al menos una."))


def meeting_log(
    *,
    user,
    client_uuid: uuid.UUID,
    network: Network,
    date: datetime.date,
    decisions: str = "",
    agreements: str = "",
    **participants: int,
) -> tuple[NetworkMeeting, bool]:
    """A coordinator records a meeting of one of their networks. Returns (meeting, created); idempotent."""
    unknown = set(participants) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"meeting_log got unknown participant roles: {sorted(unknown)}")

    def create() -> NetworkMeeting:
        if not can_log_meeting(user, network):
            raise PermissionDenied
        meeting = NetworkMeeting(
            client_uuid=client_uuid,
            network=network,
            coordinator=user,
            date=date,
            decisions=decisions,
            agreements=agreements,
            **participants,
        )
        meeting_check(meeting)
        meeting.save()
        return meeting

    return create_once(NetworkMeeting, client_uuid=client_uuid, owner=user, create=create)


@transaction.atomic
def meeting_update(*, user, meeting: NetworkMeeting, **changes) -> NetworkMeeting:
    """Staff correct a meeting's date, participants or decisions (the data admin calls this); history kept."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update got fields it may not change: {sorted(unknown)}")
    if not can_correct_meeting(user):
        raise PermissionDenied
    locked = NetworkMeeting.objects.select_for_update().get(pk=meeting.pk)
    for field, value in changes.items():
        setattr(locked, field, value)
    meeting_check(locked)
    locked._change_reason = _("Corrección de %(user)s") % {"user": user}
    locked.save()
    return locked
