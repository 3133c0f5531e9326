"""Network meetings (reuniones de red): the community tier of the program."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Network, NetworkMeeting
from ..permissions import can_log_meeting
from .program_years import network_program_year

PARTICIPANT_FIELDS = ("directors", "teachers", "parents", "community_leaders", "local_organizations")


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
    existing = NetworkMeeting.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.coordinator_id != user.pk:
            raise PermissionDenied
        return existing, False
    if not can_log_meeting(user, network):
        raise PermissionDenied
    unknown = set(participants) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"meeting_log got unknown participant roles: {sorted(unknown)}")
    network_program_year(network=network, date=date)
    meeting = NetworkMeeting(
        client_uuid=client_uuid,
        network=network,
        coordinator=user,
        date=date,
        decisions=decisions,
        agreements=agreements,
        **participants,
    )
    meeting.full_clean(validate_unique=False)
    if meeting.participant_count == 0:
        raise ValidationError(_("Registre cuántas personas participaron, al menos una."))
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        existing = NetworkMeeting.objects.filter(client_uuid=client_uuid, coordinator=user).first()
        if existing is None:
            raise
        return existing, False
    return meeting, True
