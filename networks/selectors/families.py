"""Reads about the meetings of parents and teachers, scoped like the field work."""

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from schools.models import School
from schools.selectors import schools_visible_to

from ..models import FamilyMeeting


def family_meetings_visible_to(user) -> QuerySet[FamilyMeeting]:
    """Staff see every one; a coordinator those of the schools in their care, and the ones they recorded."""
    if not getattr(user, "is_authenticated", False):
        return FamilyMeeting.objects.none()
    if user.is_ipae_staff:
        return FamilyMeeting.objects.all()
    if user.is_coordinator:
        school_ids = list(schools_visible_to(user).values_list("pk", flat=True))
        return FamilyMeeting.objects.filter(Q(school_id__in=school_ids) | Q(coordinator=user))
    return FamilyMeeting.objects.none()


def family_meeting_get(*, user, pk: int) -> FamilyMeeting:
    """One meeting in the person's scope, or 404."""
    return get_object_or_404(family_meetings_visible_to(user).select_related("school__district", "coordinator"), pk=pk)


def school_family_meetings(*, user, school: School) -> QuerySet[FamilyMeeting]:
    """A school's meetings with families, open ones first, then newest first."""
    return family_meetings_visible_to(user).filter(school=school).order_by("resolved_on", "-date", "-created_at")


def family_follow_ups_due(*, user, today: datetime.date) -> QuerySet[FamilyMeeting]:
    """Open problems of the coordinator's schools whose follow-up date has come (the caseload lists them)."""
    return (
        FamilyMeeting.objects.filter(
            school__in=schools_visible_to(user),
            resolved_on__isnull=True,
            follow_up_on__isnull=False,
            follow_up_on__lte=today,
        )
        .select_related("school")
        .order_by("follow_up_on")
    )
