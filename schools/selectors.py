"""Reads about schools, always scoped to the person asking first."""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from .models import Contribution, School, Sponsor, Sponsorship, Teacher


def schools_visible_to(user) -> QuerySet[School]:
    """The one scoping function for schools; every other scope is built on it.

    IPAE staff and admins see every school; a coordinator sees the schools of the networks assigned to
    them today; a sponsor user sees the schools their company sponsors (any year); anyone else, none.
    """
    if not getattr(user, "is_authenticated", False):
        return School.objects.none()
    if user.is_ipae_staff:
        return School.objects.all()
    if user.is_coordinator:
        today = timezone.localdate()
        return School.objects.filter(
            Q(network__coordinator_assignments__ends_on__isnull=True)
            | Q(network__coordinator_assignments__ends_on__gte=today),
            network__coordinator_assignments__coordinator=user,
            network__coordinator_assignments__starts_on__lte=today,
        )
    if user.is_sponsor_user and user.sponsor_id:
        return School.objects.filter(pk__in=Sponsorship.objects.filter(sponsor_id=user.sponsor_id).values("school_id"))
    return School.objects.none()


def teachers_visible_to(user) -> QuerySet[Teacher]:
    if getattr(user, "is_ipae_staff", False):
        return Teacher.objects.all()  # no IN (every school) for the planner to join
    return Teacher.objects.filter(school__in=schools_visible_to(user))


def sponsors_visible_to(user) -> QuerySet[Sponsor]:
    if not getattr(user, "is_authenticated", False):
        return Sponsor.objects.none()
    if user.is_ipae_staff:
        return Sponsor.objects.all()
    if user.is_sponsor_user:
        return Sponsor.objects.filter(pk=user.sponsor_id)
    return Sponsor.objects.none()


def sponsor_money_summary(*, user, sponsor: Sponsor) -> dict:
    """Committed (agreements) and contributed (aportes) totals per currency for one visible sponsor."""
    sponsor = sponsors_visible_to(user).get(pk=sponsor.pk)
    committed = (
        Sponsorship.objects.filter(sponsor=sponsor)
        .values("currency")
        .annotate(total=Sum("committed_amount"), schools=Count("school", distinct=True))
        .order_by("currency")
    )
    contributed = (
        Contribution.objects.filter(sponsor=sponsor)
        .values("currency")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("currency")
    )
    return {"committed": list(committed), "contributed": list(contributed)}
