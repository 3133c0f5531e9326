"""Reads about schools, always scoped to the person asking first."""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from .models import Contribution, School, Sponsor, Sponsorship, SponsorUser, Teacher


def schools_visible_to(user) -> QuerySet[School]:
    """The one scoping function for schools; every other scope is built on it.

    IPAE staff and admins see every school; a coordinator sees the schools that belong today to the
    networks assigned to them today; a sponsor user sees the schools their company sponsors (any year);
    anyone else, none. The coordinator's case spells the networks app's memberships and assignments by
    their relation names (schools may not import networks); the rules they spell are
    SchoolMembership.objects.in_force_on and CoordinatorAssignment.objects.active_on.
    """
    if not getattr(user, "is_authenticated", False):
        return School.objects.none()
    if user.is_ipae_staff:
        return School.objects.all()
    if user.is_coordinator:
        today = timezone.localdate()
        mine = School.objects.filter(
            Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gte=today),
            Q(memberships__network__coordinator_assignments__ends_on__isnull=True)
            | Q(memberships__network__coordinator_assignments__ends_on__gte=today),
            memberships__joined_on__lte=today,
            memberships__network__coordinator_assignments__coordinator=user,
            memberships__network__coordinator_assignments__starts_on__lte=today,
        )
        return School.objects.filter(pk__in=mine.values("pk"))
    sponsor_id = sponsor_id_of(user)
    if sponsor_id:
        return School.objects.filter(pk__in=Sponsorship.objects.filter(sponsor_id=sponsor_id).values("school_id"))
    return School.objects.none()


def sponsor_id_of(user) -> int | None:
    """The company a sponsor user signs in for (its SponsorUser link), or None."""
    if not (getattr(user, "is_authenticated", False) and user.is_sponsor_user):
        return None
    try:
        return user.sponsor_link.sponsor_id  # Django keeps the answer on the user for the request
    except SponsorUser.DoesNotExist:
        return None


def sponsor_of(user) -> Sponsor | None:
    """The sponsor company of a sponsor user, or None."""
    sponsor_id = sponsor_id_of(user)
    return Sponsor.objects.filter(pk=sponsor_id).first() if sponsor_id else None


def teachers_visible_to(user) -> QuerySet[Teacher]:
    if getattr(user, "is_ipae_staff", False):
        return Teacher.objects.all()  # no IN (every school) for the planner to join
    return Teacher.objects.filter(school__in=schools_visible_to(user))


def sponsors_visible_to(user) -> QuerySet[Sponsor]:
    if not getattr(user, "is_authenticated", False):
        return Sponsor.objects.none()
    if user.is_ipae_staff:
        return Sponsor.objects.all()
    sponsor_id = sponsor_id_of(user)
    return Sponsor.objects.filter(pk=sponsor_id) if sponsor_id else Sponsor.objects.none()


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
