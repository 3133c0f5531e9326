"""Reads about schools, always scoped to the person asking first."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import models
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Candidate,
    CandidateGroup,
    Contribution,
    Currency,
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


# --- Sponsors, for IPAE staff's pages (/auspiciadores/) ----------------------------------------------
def sponsorships_visible_to(user) -> QuerySet[Sponsorship]:
    """Agreements of the companies the person sees (sponsors_visible_to)."""
    if getattr(user, "is_ipae_staff", False):
        return Sponsorship.objects.all()
    return Sponsorship.objects.filter(sponsor__in=sponsors_visible_to(user))


def contributions_visible_to(user) -> QuerySet[Contribution]:
    """Money given by the companies the person sees (sponsors_visible_to)."""
    if getattr(user, "is_ipae_staff", False):
        return Contribution.objects.all()
    return Contribution.objects.filter(sponsor__in=sponsors_visible_to(user))


def sponsor_users_visible_to(user) -> QuerySet[SponsorUser]:
    """The accounts of the companies the person sees (sponsors_visible_to)."""
    if getattr(user, "is_ipae_staff", False):
        return SponsorUser.objects.all()
    return SponsorUser.objects.filter(sponsor__in=sponsors_visible_to(user))


def _per_sponsor(queryset, value):
    """`value` (an aggregate) of `queryset`'s rows of the outer company, as a subquery (0 when none)."""
    rows = queryset.filter(sponsor=OuterRef("pk")).order_by().values("sponsor").annotate(value=value).values("value")
    return Coalesce(Subquery(rows), Value(0), output_field=rows.query.annotations["value"].output_field)


def sponsor_list(*, user, year: int, search: str = "") -> QuerySet[Sponsor]:
    """Every company the person sees, with this year's figures as annotations, in one query:
    `schools_count` (schools it funds that school year), `users_active` and `users_pending` (accounts
    that may sign in; invited and no password yet), and per currency the money committed (agreements in
    force that year: `committed_pen`, `committed_usd`) and received (contributions dated that year:
    `received_pen`, `received_usd`). `search` matches the name or the RUC."""
    companies = sponsors_visible_to(user)
    if search:
        companies = companies.filter(Q(name__icontains=search) | Q(ruc__startswith=search))
    in_force = Sponsorship.objects.in_force_in(year)
    received = Contribution.objects.filter(date__year=year)
    accounts = SponsorUser.objects.filter(user__is_active=True)
    return companies.annotate(
        schools_count=_per_sponsor(in_force, Count("school", distinct=True)),
        users_active=_per_sponsor(accounts.exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX), Count("pk")),
        users_pending=_per_sponsor(accounts.filter(user__password__startswith=UNUSABLE_PASSWORD_PREFIX), Count("pk")),
        committed_pen=_per_sponsor(in_force.filter(currency=Currency.PEN), Sum("committed_amount")),
        committed_usd=_per_sponsor(in_force.filter(currency=Currency.USD), Sum("committed_amount")),
        received_pen=_per_sponsor(received.filter(currency=Currency.PEN), Sum("amount")),
        received_usd=_per_sponsor(received.filter(currency=Currency.USD), Sum("amount")),
    ).order_by("name")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Activa")
    PENDING = "pending", _("Invitación pendiente")  # invited, no password yet, the link still good
    EXPIRED = "expired", _("Invitación vencida")  # invited, no password yet, the link past its time
    INACTIVE = "inactive", _("Desactivada")


def sponsor_account_status(link: SponsorUser, *, now) -> AccountStatus:
    """Where a company's account stands: switched off, invitation pending or expired, or active."""
    account = link.user
    if not account.is_active:
        return AccountStatus.INACTIVE
    if account.has_usable_password():
        return AccountStatus.ACTIVE
    if link.invited_at and link.invited_at + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT) > now:
        return AccountStatus.PENDING
    return AccountStatus.EXPIRED


def sponsor_accounts(*, user, sponsor: Sponsor) -> list[SponsorUser]:
    """The company's accounts (one query), each with `status` (AccountStatus) and `invitation_expires_at`."""
    now = timezone.now()
    links = list(
        sponsor_users_visible_to(user)
        .filter(sponsor=sponsor)
        .select_related("user", "invited_by", "deactivated_by")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    for link in links:
        link.status = sponsor_account_status(link, now=now)
        link.invitation_expires_at = (
            link.invited_at + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT) if link.invited_at else None
        )
    return links


def sponsor_sponsorships(*, user, sponsor: Sponsor, year: int) -> list[Sponsorship]:
    """The company's agreements, the newest first, each with `in_force` (that school year) (one query)."""
    rows = list(
        sponsorships_visible_to(user)
        .filter(sponsor=sponsor)
        .select_related("school__district__province__region")
        .order_by("-start_year", "school__name")
    )
    for row in rows:
        row.in_force = row.start_year <= year and (row.end_year is None or row.end_year >= year)
    return rows


def sponsor_contributions(*, user, sponsor: Sponsor) -> QuerySet[Contribution]:
    """The company's contributions, the latest first, with the school named (one query)."""
    return contributions_visible_to(user).filter(sponsor=sponsor).select_related("school").order_by("-date", "-pk")


def sponsored_schools(sponsor: Sponsor) -> QuerySet[School]:
    """The schools a company has (or had) an agreement with: where its contributions may go."""
    return School.objects.filter(pk__in=Sponsorship.objects.filter(sponsor=sponsor).values("school_id")).order_by(
        "name", "codigo_modular"
    )


def money_totals(rows, *, amount: str) -> dict[str, Decimal]:
    """Rows' `amount` added up per currency, soles first: {"PEN": ..., "USD": ...} (only those present)."""
    totals: dict[str, Decimal] = {}
    for row in rows:
        totals[row.currency] = totals.get(row.currency, Decimal(0)) + getattr(row, amount)
    return dict(sorted(totals.items(), key=lambda item: item[0] != Currency.PEN))


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
