"""Which workshops, networks and regions a person sees, and the workshop list."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.permissions import is_ipae_staff
from networks.models import CoordinatorAssignment, Network
from networks.selectors import networks_visible_to
from schools.models import Region

from ..models import Attendance, ParentAttendance, Workshop


def workshops_visible_to(user) -> QuerySet[Workshop]:
    """Staff see every workshop; others the ones of their networks or of those networks' regions."""
    if not getattr(user, "is_authenticated", False):
        return Workshop.objects.none()
    if user.is_ipae_staff:
        return Workshop.objects.all()
    networks = networks_visible_to(user)
    return Workshop.objects.filter(Q(network__in=networks) | Q(region__in=networks.values("region_id")))


def regions_visible_to(user) -> QuerySet[Region]:
    """Staff: every region. Others: the regions of the networks they see (a coordinator's, today)."""
    if is_ipae_staff(user):
        return Region.objects.all()
    return Region.objects.filter(pk__in=networks_visible_to(user).values("region_id"))


def networks_for_planning(user, *, region_code: str = "") -> QuerySet[Network]:
    """The networks a person may plan a workshop for: staff every one (of one region, when `region_code` is
    given); a coordinator theirs today."""
    if is_ipae_staff(user):
        networks = Network.objects.all()
        if region_code:
            networks = networks.filter(region__code=region_code)
        return networks.select_related("region").order_by("region__name", "name")
    if not getattr(user, "is_authenticated", False) or not user.is_coordinator:
        return Network.objects.none()
    mine = CoordinatorAssignment.objects.active_on(timezone.localdate()).filter(coordinator=user)
    return Network.objects.filter(pk__in=mine.values("network_id")).select_related("region").order_by("name")


def regions_for_planning(user) -> QuerySet[Region]:
    """Regional workshops are staff's, in the program's regions."""
    if not is_ipae_staff(user):
        return Region.objects.none()
    return Region.objects.filter(is_program_region=True).order_by("name")


def workshop_list(
    *, user, year: int | None = None, network: Network | None = None, region: Region | None = None
) -> QuerySet[Workshop]:
    """The visible workshops, newest first, with `people_attended`, `parents_attended` and `recorded`
    (whether any attendance was recorded) on each.

    `year`: the calendar (school) year the workshop starts in. `network`: that network's workshops and
    the regional ones of its region. `region`: the region's own workshops and its networks'.
    """
    people = (
        Attendance.objects.filter(workshop=OuterRef("pk"), attended=True)
        .order_by()
        .values("workshop")
        .annotate(n=Count("pk"))
        .values("n")
    )
    parents = (
        ParentAttendance.objects.filter(workshop=OuterRef("pk"))
        .order_by()
        .values("workshop")
        .annotate(n=Sum("count"))
        .values("n")
    )
    workshops = workshops_visible_to(user).select_related("network__region", "region")
    if year is not None:
        workshops = workshops.filter(starts_on__year=year)
    if network is not None:
        workshops = workshops.filter(Q(network=network) | Q(region_id=network.region_id))
    if region is not None:
        workshops = workshops.filter(Q(region=region) | Q(network__region=region))
    recorded = Exists(Attendance.objects.filter(workshop=OuterRef("pk"))) | Exists(
        ParentAttendance.objects.filter(workshop=OuterRef("pk"))
    )
    return workshops.annotate(
        people_attended=Coalesce(Subquery(people, output_field=IntegerField()), 0),
        parents_attended=Coalesce(Subquery(parents, output_field=IntegerField()), 0),
        recorded=recorded,
    ).order_by("-starts_on", "title", "pk")
