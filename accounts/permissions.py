"""The view gate: a view names the predicate that decides who may use it (403 for everyone else).

A predicate is a function of the person (`can_log_visits(user)`), written once in `<app>/permissions.py`;
the services ask the same predicate (with the object: `can_log_visit(user, school)`), so a page never
opens for someone whose save would then be refused. Object scope lives in the selectors
(`schools_visible_to` and the ones built on it): out of scope answers 404.
"""

from django.contrib.auth.mixins import UserPassesTestMixin

from .models import Role, User


class PermissionGateMixin(UserPassesTestMixin):
    """403 for a signed-in person the gate refuses (anonymous people go to the login page first)."""

    # A predicate of the person, e.g. `gate = staticmethod(permissions.can_log_visits)`.
    gate = None

    def test_func(self):
        user = self.request.user
        return bool(user.is_authenticated and self.gate(user))


def is_ipae_staff(user) -> bool:
    """IPAE staff and administrators: the whole program, every region."""
    return bool(getattr(user, "is_authenticated", False) and user.is_ipae_staff)


def can_use_admin(user) -> bool:
    """IPAE staff keep the data right through the admin; coordinators and sponsors never enter it."""
    return is_ipae_staff(user) and user.is_staff


# --- Who manages whose account ---------------------------------------------------------------
# IPAE staff look after the accounts of the people in the field; only an administrator looks after
# the accounts that hold power (staff, administrators), and only a superuser hands out power past roles.
ROLES_MANAGED_BY_STAFF = (Role.COORDINATOR, Role.SPONSOR)


def _is_active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _is_superuser(user) -> bool:
    return _is_active(user) and user.is_superuser


def roles_assignable_by(actor) -> tuple[str, ...]:
    """The roles an actor may give, and so the roles of the accounts they manage.

    An administrator (role admin, normally a superuser): every role. IPAE staff: coordinator and
    sponsor only, so staff never create, promote or take over a staff or administrator account, their
    own included. Anyone else: none.
    """
    if _is_active(actor) and (actor.role == Role.ADMIN or actor.is_superuser):
        return tuple(Role.values)
    if _is_active(actor) and actor.role == Role.STAFF:
        return ROLES_MANAGED_BY_STAFF
    return ()


def can_manage_user(actor, target) -> bool:
    """May the actor see, change, or set the password or role of the target's account?

    Only if the target's role is one the actor may give (`roles_assignable_by`), and a superuser's
    account only if the actor is a superuser too. So IPAE staff manage coordinator and sponsor
    accounts only; their own password goes through the app's password-change page.
    """
    if target.is_superuser and not _is_superuser(actor):
        return False
    return target.role in roles_assignable_by(actor)


def users_manageable_by(actor, users=None):
    """`can_manage_user` as a queryset: the only accounts that exist for the actor in the data admin."""
    users = (User.objects.all() if users is None else users).filter(role__in=roles_assignable_by(actor))
    return users if _is_superuser(actor) else users.filter(is_superuser=False)


def can_grant_admin_access(actor) -> bool:
    """Access to the data admin (`is_staff`) belongs to the staff and administrator roles: whoever gives those."""
    return Role.STAFF in roles_assignable_by(actor)


def can_grant_permissions(actor) -> bool:
    """Superuser status, groups and one-by-one permissions reach past the roles: only a superuser gives them."""
    return _is_superuser(actor)
