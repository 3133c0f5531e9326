"""Action predicates for field work. Views pass them to templates as flags; services check them again."""

import datetime

from django.conf import settings
from django.utils import timezone

from schools.selectors import schools_visible_to


def _is_coordinator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_ipae_staff)


def can_log_visit(user, school) -> bool:
    """Only coordinators log visits, and only at schools of the networks assigned to them today."""
    return _is_coordinator(user) and schools_visible_to(user).filter(pk=school.pk).exists()


def visit_edit_deadline(visit) -> datetime.date:
    """The last day a coordinator may still change their visit (CEE_VISIT_EDIT_DAYS after logging it)."""
    logged_on = timezone.localdate(visit.created_at)
    return logged_on + datetime.timedelta(days=settings.CEE_VISIT_EDIT_DAYS)


def can_edit_visit(user, visit) -> bool:
    """Staff may always correct a visit; a coordinator their own, in the edit window, at a current school."""
    if _is_staff(user):
        return True
    return (
        _is_coordinator(user)
        and visit.coordinator_id == user.pk
        and timezone.localdate() <= visit_edit_deadline(visit)
        and schools_visible_to(user).filter(pk=visit.school_id).exists()
    )


def can_see_unapproved_photos(user) -> bool:
    """Sponsors see a photo only once staff approve it; IPAE staff and coordinators see them all."""
    return _is_staff(user) or _is_coordinator(user)


def can_approve_photo(user) -> bool:
    return _is_staff(user)


def can_log_meeting(user, network) -> bool:
    return (
        _is_coordinator(user)
        and network.coordinator_assignments.active_on(timezone.localdate()).filter(coordinator=user).exists()
    )


def can_reassign_coordinator(user) -> bool:
    return _is_staff(user)


def can_see_visit_history(user) -> bool:
    """The change history of a visit (who changed what) is for IPAE staff."""
    return _is_staff(user)
