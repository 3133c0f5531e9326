"""Invitation links: a person invited to cee opens a link to set their first password.

The token is Django's password-reset kind (signed with the secret key, dated, valid for
`settings.PASSWORD_RESET_TIMEOUT` seconds) with a salt of its own, so a token made for one purpose never
works for another. It hashes the account's password field, its last login and whether it is active: setting
the password (or sending a new invitation, which draws a new unusable password) or deactivating the
account makes every earlier link useless, so a link works once.
"""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "cee.accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


invitation_token = InvitationTokenGenerator()


def invitation_url(user: User) -> str:
    """The full address of the user's invitation link (it starts with `settings.CEE_SITE_URL`)."""
    path = reverse(
        "accounts:invitation",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_token.make_token(user)},
    )
    return settings.CEE_SITE_URL.rstrip("/") + path


def invitation_expiry(sent_at: datetime.datetime) -> datetime.datetime:
    """When a link sent at `sent_at` stops working."""
    return sent_at + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def invitation_user(uidb64: str, token: str) -> User | None:
    """The invited account the link names, if the link is still good (right, not expired, not used)."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or user.has_usable_password() or not invitation_token.check_token(user, token):
        return None
    return user
