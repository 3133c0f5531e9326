"""Action predicates for field work: one answer per person and action.

Views use the person-level predicates as their gate (403) and pass the object-level ones to templates
as flags; services ask the object-level ones again (the admin, Celery and the shell call services too).
"""

import datetime

from django.conf import settings
from django.utils import timezone

from accounts.permissions import is_ipae_staff
from schools.selectors import schools_visible_to

from .models import CoordinatorAssignment


def _is_coordinator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def can_read_curriculum(user) -> bool:
    """The five-year curriculum is for everyone signed in: staff, coordinators and sponsors."""
    return bool(getattr(user, "is_authenticated", False))


def can_edit_curriculum(user) -> bool:
    """Staff keep the curriculum; a change never rewrites past visits (history keeps every version)."""
    return is_ipae_staff(user)


def can_use_field_work(user) -> bool:
    """Field-work pages (schools, teachers, visits, meetings) are for IPAE staff and coordinators.

    A coordinator with no network today still reads their own past visits; sponsors never use them.
    """
    return is_ipae_staff(user) or _is_coordinator(user)


def can_log_visits(user) -> bool:
    """Only coordinators log visits, and only while a network is assigned to them."""
    return _is_coordinator(user) and schools_visible_to(user).exists()


def can_log_visit(user, school) -> bool:
    """...at a school of the networks assigned to them today."""
    return _is_coordinator(user) and schools_visible_to(user).filter(pk=school.pk).exists()


def visit_edit_deadline(visit) -> datetime.date:
    """The last day a coordinator may still change their visit (CEE_VISIT_EDIT_DAYS after logging it)."""
    logged_on = timezone.localdate(visit.created_at)
    return logged_on + datetime.timedelta(days=settings.CEE_VISIT_EDIT_DAYS)


def can_edit_visit(user, visit) -> bool:
    """Staff may always correct a visit; a coordinator their own, in the edit window, at a current school."""
    if is_ipae_staff(user):
        return True
    return (
        _is_coordinator(user)
        and visit.coordinator_id == user.pk
        and timezone.localdate() <= visit_edit_deadline(visit)
        and schools_visible_to(user).filter(pk=visit.school_id).exists()
    )


def can_see_unapproved_photos(user) -> bool:
    """Sponsors see a photo only once staff approve it; IPAE staff and coordinators see them all."""
    return can_use_field_work(user)


def can_approve_photo(user) -> bool:
    """Staff approve photos for sponsors, recording the parents' consent."""
    return is_ipae_staff(user)


def can_log_meetings(user) -> bool:
    """Only coordinators log network meetings, and only while a network is assigned to them."""
    return (
        _is_coordinator(user)
        and CoordinatorAssignment.objects.active_on(timezone.localdate()).filter(coordinator=user).exists()
    )


def can_log_meeting(user, network) -> bool:
    """...of a network assigned to them today."""
    return (
        _is_coordinator(user)
        and network.coordinator_assignments.active_on(timezone.localdate()).filter(coordinator=user).exists()
    )


def can_correct_meeting(user) -> bool:
    """Staff correct a meeting record (coordinators log meetings; they do not edit them)."""
    return is_ipae_staff(user)


def can_manage_networks(user) -> bool:
    """Staff see every network and hand a network to another coordinator."""
    return is_ipae_staff(user)


def can_see_visit_history(user) -> bool:
    """The change history of a visit (who changed what) is for IPAE staff."""
    return is_ipae_staff(user)


def can_log_family_meeting(user, school) -> bool:
    """Coordinators record the meetings of parents and teachers at the schools of their networks today."""
    return can_log_visit(user, school)


def can_log_family_meetings(user) -> bool:
    return can_log_visits(user)


def can_update_family_meeting(user, meeting) -> bool:
    """Staff correct any; a coordinator follows up (and closes) the meetings of the schools in their care."""
    if is_ipae_staff(user):
        return True
    return _is_coordinator(user) and schools_visible_to(user).filter(pk=meeting.school_id).exists()
