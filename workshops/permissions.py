"""Who may do what with workshops: one answer per person and action.

Views use the person-level predicates as their gate (403) and pass the object-level ones to templates as
flags; services ask the object-level ones again (the admin and the shell call services too). Which
workshops a person sees at all is `selectors.workshops_visible_to` (out of scope: 404).

Staff plan workshops everywhere, for a network or for a region. A coordinator plans and records the
attendance of the workshops of the networks assigned to them today; regional workshops are staff's.
Sponsors never use these pages.
"""

from django.utils import timezone

from accounts.permissions import is_ipae_staff
from networks.models import CoordinatorAssignment, Network
from schools.models import Region


def _is_coordinator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def _assigned_today(user, network_id) -> bool:
    today = timezone.localdate()
    mine = CoordinatorAssignment.objects.active_on(today).filter(coordinator=user)
    return mine.filter(network_id=network_id).exists() if network_id is not None else mine.exists()


def can_see_workshops(user) -> bool:
    """The workshop pages (list, a workshop, coverage) are for IPAE staff and coordinators.

    A coordinator with no network today gets the pages, with nothing in them; sponsors never do.
    """
    return is_ipae_staff(user) or _is_coordinator(user)


def can_plan_workshops(user) -> bool:
    """Staff, and coordinators while a network is assigned to them."""
    return is_ipae_staff(user) or (_is_coordinator(user) and _assigned_today(user, None))


def can_plan_workshop(user, network_or_region) -> bool:
    """...for this network or region: staff any; a coordinator one of their networks, never a region."""
    if is_ipae_staff(user):
        return isinstance(network_or_region, Network | Region)
    return (
        _is_coordinator(user) and isinstance(network_or_region, Network) and _assigned_today(user, network_or_region.pk)
    )


def can_update_workshop(user, workshop) -> bool:
    """Whoever may plan a workshop for its network or region may change it."""
    return can_plan_workshop(user, workshop.network if workshop.network_id else workshop.region)


def can_record_attendances(user) -> bool:
    """Staff, and coordinators while a network is assigned to them (the attendance page's gate)."""
    return can_plan_workshops(user)


def can_record_attendance(user, workshop) -> bool:
    """Staff for any workshop; a coordinator for the workshops of their networks (not regional ones)."""
    if is_ipae_staff(user):
        return True
    return _is_coordinator(user) and workshop.network_id is not None and _assigned_today(user, workshop.network_id)


def can_see_region_coverage(user) -> bool:
    """Coverage of a whole region is for staff; coordinators see their networks' coverage."""
    return is_ipae_staff(user)
