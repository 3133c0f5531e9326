"""Writes about schools and their sponsors. Each service takes the acting user and checks permission itself."""

from .padron import school_import
from .sponsors import (
    contribution_create,
    contribution_update,
    sponsor_create,
    sponsor_update,
    sponsor_user_deactivate,
    sponsor_user_invitation_resend,
    sponsor_user_invite,
    sponsor_user_reactivate,
    sponsorship_create,
    sponsorship_update,
)

__all__ = [
    "contribution_create",
    "contribution_update",
    "school_import",
    "sponsor_create",
    "sponsor_update",
    "sponsor_user_deactivate",
    "sponsor_user_invitation_resend",
    "sponsor_user_invite",
    "sponsor_user_reactivate",
    "sponsorship_create",
    "sponsorship_update",
]
