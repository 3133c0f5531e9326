"""Action predicates for MINEDU's world of schools and the companies that sponsor them."""

from accounts.models import Role
from accounts.permissions import can_manage_user, is_ipae_staff

from .selectors import sponsor_id_of


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


# --- Choosing schools ---------------------------------------------------------------------------
def can_manage_candidates(user) -> bool:
    """IPAE staff (and administrators) build the candidate groups, publish them and answer the requests."""
    return is_ipae_staff(user)


def can_browse_candidates(user) -> bool:
    """The published candidates are for sponsors' users with a company; staff see the same page as they do."""
    return is_ipae_staff(user) or sponsor_id_of(user) is not None


def can_request_schools(user) -> bool:
    """Only a sponsor's user asks for schools, and only for their own company (staff never ask for one)."""
    return sponsor_id_of(user) is not None


def can_see_school_requests(user) -> bool:
    """Staff see every request; a sponsor's user their company's (scope: school_requests_visible_to)."""
    return is_ipae_staff(user) or sponsor_id_of(user) is not None


def can_withdraw_school_request(user, school_request) -> bool:
    """A user of the company that asked may withdraw its request while it is pending; nobody else."""
    sponsor_id = sponsor_id_of(user)
    return sponsor_id is not None and sponsor_id == school_request.sponsor_id and school_request.is_pending


def can_decide_school_request(user, school_request) -> bool:
    """Staff confirm or decline a pending request."""
    return can_manage_candidates(user) and school_request.is_pending
