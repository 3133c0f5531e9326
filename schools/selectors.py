"""Reads about schools, always scoped to the person asking first."""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from .models import (
    Candidate,
    CandidateGroup,
    Contribution,
    School,
    SchoolRequest,
    SchoolRequestItem,
    Sponsor,
    Sponsorship,
    SponsorUser,
    Teacher,
)


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


# --- Choosing schools ---------------------------------------------------------------------------
def committed_sponsorships(year: int | None = None) -> QuerySet[Sponsorship]:
    """Agreements in force this school year or starting later, with any sponsor."""
    year = year or timezone.localdate().year
    return Sponsorship.objects.filter(Q(end_year__isnull=True) | Q(end_year__gte=year))


def committed_school_ids(year: int | None = None) -> QuerySet:
    """The schools with an agreement in force this school year or later, with any sponsor: never offered."""
    return committed_sponsorships(year).values("school_id")


def offered_candidates() -> QuerySet[Candidate]:
    """What sponsors may choose from: candidates still in a published group whose school has no agreement
    in force or ahead (a school another company's confirmed request took is no longer offered)."""
    return (
        Candidate.objects.active()
        .filter(group__published_at__isnull=False)
        .exclude(school_id__in=committed_school_ids())
    )


def candidate_groups_visible_to(user) -> QuerySet[CandidateGroup]:
    """Staff: every group (drafts too); a sponsor's user: the published ones; anyone else: none."""
    if not getattr(user, "is_authenticated", False):
        return CandidateGroup.objects.none()
    if user.is_ipae_staff:
        return CandidateGroup.objects.all()
    if sponsor_id_of(user):
        return CandidateGroup.objects.filter(published_at__isnull=False)
    return CandidateGroup.objects.none()


def candidates_visible_to(user) -> QuerySet[Candidate]:
    """Staff: every candidate, removed ones included; a sponsor's user: only what is offered today."""
    if not getattr(user, "is_authenticated", False):
        return Candidate.objects.none()
    if user.is_ipae_staff:
        return Candidate.objects.all()
    if sponsor_id_of(user):
        return offered_candidates()
    return Candidate.objects.none()


def school_requests_visible_to(user) -> QuerySet[SchoolRequest]:
    """Staff: every request; a sponsor's user: their own company's only; anyone else: none."""
    if not getattr(user, "is_authenticated", False):
        return SchoolRequest.objects.none()
    if user.is_ipae_staff:
        return SchoolRequest.objects.all()
    sponsor_id = sponsor_id_of(user)
    if sponsor_id:
        return SchoolRequest.objects.filter(sponsor_id=sponsor_id)
    return SchoolRequest.objects.none()


def pending_candidate_ids(sponsor_id: int) -> set[int]:
    """The candidates the company already asked for in a request still pending (one query)."""
    return set(
        SchoolRequestItem.objects.filter(
            request__sponsor_id=sponsor_id, request__status=SchoolRequest.Status.PENDING
        ).values_list("candidate_id", flat=True)
    )


def candidates_offered_to(user) -> QuerySet[Candidate]:
    """The offer as a sponsor sees it: a sponsor's user (with a company) sees `offered_candidates`; staff
    see the same page to know what companies see; anyone else, nothing."""
    if not getattr(user, "is_authenticated", False) or not (user.is_ipae_staff or sponsor_id_of(user)):
        return Candidate.objects.none()
    return offered_candidates()


def sponsor_usual_currency(sponsor_id: int) -> str:
    """The currency of the company's latest agreement (PEN when it has none): a confirmation's default."""
    latest = Sponsorship.objects.filter(sponsor_id=sponsor_id).order_by("-start_year", "-pk").first()
    return latest.currency if latest else "PEN"
