"""Action predicates for the school tier (goals and assessment results): one answer per person and action.

Views use the person-level predicates as their gate (403); services ask the object-level ones again
(the admin, Celery and the shell call services too). Which schools a person sees is the selectors'
business (`schools.selectors.schools_visible_to`): out of scope answers 404.
"""

from accounts.permissions import is_ipae_staff
from schools.selectors import schools_visible_to, sponsor_id_of


def _is_coordinator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def can_see_school_tier(user) -> bool:
    """A school's goals and assessment results are for IPAE staff and coordinators (their schools).

    Sponsors see none of it yet: a later summary will give them their schools' figures.
    """
    return is_ipae_staff(user) or _is_coordinator(user)


def can_record_goals(user) -> bool:
    """Staff record goals and their progress everywhere; a coordinator while a network is assigned to them."""
    return is_ipae_staff(user) or (_is_coordinator(user) and schools_visible_to(user).exists())


def can_record_goal(user, school) -> bool:
    """...for that school: any school for staff, a school of the coordinator's networks today."""
    if is_ipae_staff(user):
        return True
    return _is_coordinator(user) and schools_visible_to(user).filter(pk=school.pk).exists()


def can_enter_results(user) -> bool:
    """IPAE staff enter assessment results (one by one or by import); coordinators only read them."""
    return is_ipae_staff(user)


def can_see_reports(user) -> bool:
    """Monitoring reports: staff (all), coordinators (their networks'), sponsors' users (their company's)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_ipae_staff or user.is_coordinator or user.is_sponsor_user
    )


def can_request_reports(user) -> bool:
    """Staff ask for any report; a sponsor's user for their company's. Coordinators receive theirs."""
    return is_ipae_staff(user) or sponsor_id_of(user) is not None


def can_retry_report(user, report) -> bool:
    """A failed report is queued again by staff, or by the person who asked for it (if they still may ask)."""
    return can_request_reports(user) and (is_ipae_staff(user) or report.requested_by_id == user.pk)


def can_use_sponsor_portal(user) -> bool:
    """The sponsor portal is for the users of a sponsor company (an account linked to its company): they
    read what their company funds, and nothing else. Everyone else reads it only in staff's preview."""
    return sponsor_id_of(user) is not None


def can_preview_sponsor_portal(user) -> bool:
    """IPAE staff (and administrators) see the portal exactly as a given company sees it, read-only."""
    return is_ipae_staff(user)


def can_export_lists(user) -> bool:
    """The dashboards' lists and their files, at once or in the background, are IPAE staff's."""
    return is_ipae_staff(user)


def can_use_export(user, job) -> bool:
    """An export holds the rows its requester may see: only that person (still staff) sees, downloads
    or retries it."""
    return can_export_lists(user) and job.requested_by_id == user.pk
