"""Which list exports a person may see: the one scoping function of exports (out of scope: 404)."""

from django.db.models import QuerySet

from ..models import ExportJob
from ..permissions import can_export_lists


def exports_visible_to(user) -> QuerySet[ExportJob]:
    """A staff member's own exports and nobody else's: a file holds the rows of the list as its requester
    saw it, so even another staff member (or an administrator) is answered 404."""
    if not can_export_lists(user):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user)
