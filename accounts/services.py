"""Writes about accounts: sessions, deactivating and reactivating an account, accepting an invitation."""

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import User, UserSession
from .permissions import can_manage_user
from .tokens import invitation_token, invitation_user


def sessions_clear_expired() -> int:
    """Delete login sessions past their expiry; returns how many were removed."""
    deleted, _counts = UserSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def user_sessions_end(*, user: User) -> int:
    """End every open session of the account at once (its next request finds itself signed out).

    Returns how many sessions were ended.
    """
    deleted, _counts = UserSession.objects.filter(user=user).delete()
    return deleted


def _check_may_manage(actor, user: User) -> None:
    # No one switches their own account off or on here: an account that holds power is an administrator's.
    if actor.pk == user.pk or not can_manage_user(actor, user):
        raise PermissionDenied


def user_deactivate(*, actor, user: User) -> int:
    """The account may no longer sign in, and its open sessions end at once (returns how many).

    Only someone who manages the account (accounts.permissions.can_manage_user): IPAE staff for
    coordinators and sponsor users, an administrator for anyone else; never one's own account. An
    invitation not yet accepted dies with it (a new unusable password makes its link useless).
    """
    _check_may_manage(actor, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = False
        if not user.has_usable_password():
            user.set_unusable_password()
        user.save(update_fields=["is_active", "password", "updated_at"])
        return user_sessions_end(user=user)


def user_reactivate(*, actor, user: User) -> None:
    """The account may sign in again (with its password; one never set needs a new invitation)."""
    _check_may_manage(actor, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = True
        user.save(update_fields=["is_active", "updated_at"])


def invitation_accept(*, uidb64: str, token: str, password: str) -> User:
    """The invited person sets their first password through the link they were emailed.

    The link must still be good (accounts.tokens.invitation_user); the password must pass the
    project's validators. The row is locked, so two posts of one link set the password once: the
    second finds the link used.
    """
    user = invitation_user(uidb64, token)
    if user is None:
        raise ValidationError(_("El enlace de invitación no es válido o ya venció."), code="invitation_invalid")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.has_usable_password() or not user.is_active or not invitation_token.check_token(user, token):
            raise ValidationError(_("El enlace de invitación ya fue usado."), code="invitation_used")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.error_list}) from error
        user.set_password(password)
        user.save(update_fields=["password", "updated_at"])
    return user
