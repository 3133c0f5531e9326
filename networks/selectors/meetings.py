"""Reads about network meetings."""

from django.db.models import QuerySet

from ..models import NetworkMeeting
from .networks import networks_visible_to


def meetings_visible_to(user) -> QuerySet[NetworkMeeting]:
    if getattr(user, "is_ipae_staff", False):
        return NetworkMeeting.objects.all()
    return NetworkMeeting.objects.filter(network__in=networks_visible_to(user))


def meeting_list(user) -> QuerySet[NetworkMeeting]:
    """Visible meetings, newest first, with their network and coordinator."""
    return meetings_visible_to(user).select_related("network", "coordinator").order_by("-date")
