"""Action predicates for MINEDU's world of schools and the companies that sponsor them."""

from accounts.models import Role
from accounts.permissions import can_manage_user, is_ipae_staff


def can_import_schools(user) -> bool:
    """IPAE staff (and administrators) load and refresh schools from ESCALE's padrón; nobody else."""
    return is_ipae_staff(user)


def can_manage_sponsors(user) -> bool:
    """IPAE staff (and administrators) keep the companies: their data, agreements, money and accounts."""
    return is_ipae_staff(user)


def can_manage_sponsor_user(actor, link) -> bool:
    """May the actor invite, deactivate or reactivate this account of a company (a SponsorUser link)?

    Only IPAE staff and administrators, only for an account with the sponsor role (never a staff or
    administrator account, even one wrongly linked to a company), and never their own.
    """
    user = link.user
    return (
        can_manage_sponsors(actor)
        and user.role == Role.SPONSOR
        and actor.pk != user.pk
        and can_manage_user(actor, user)
    )
