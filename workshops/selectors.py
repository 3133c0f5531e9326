"""Reads about workshops, scoped through the networks and regions a person may see."""

from django.db.models import Q, QuerySet

from networks.selectors import networks_visible_to

from .models import Workshop


def workshops_visible_to(user) -> QuerySet[Workshop]:
    """Staff see every workshop; others the ones of their networks or of those networks' regions."""
    if not getattr(user, "is_authenticated", False):
        return Workshop.objects.none()
    if user.is_ipae_staff:
        return Workshop.objects.all()
    networks = networks_visible_to(user)
    return Workshop.objects.filter(Q(network__in=networks) | Q(region__in=networks.values("region_id")))
