"""Reads about networks: who sees which, their schools on a date, their coordinators."""

import datetime

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from schools.models import Region, School
from schools.selectors import schools_visible_to

from ..models import CoordinatorAssignment, Network, SchoolMembership, membership_in_force
from .curriculum import focus_by_year, program_year_focus


def networks_visible_to(user) -> QuerySet[Network]:
    """Staff see all networks; coordinators those assigned to them today; sponsors their schools' ones."""
    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    if user.is_ipae_staff:
        return Network.objects.all()
    if user.is_coordinator:
        mine = CoordinatorAssignment.objects.active_on(timezone.localdate()).filter(coordinator=user)
        return Network.objects.filter(pk__in=mine.values("network_id"))
    members = SchoolMembership.objects.in_force_on(timezone.localdate()).filter(school__in=schools_visible_to(user))
    return Network.objects.filter(pk__in=members.values("network_id"))


def network_of(school, on: datetime.date | None = None) -> Network | None:
    """The network a school belongs to on a date (today by default), or None."""
    on = on or timezone.localdate()
    membership = SchoolMembership.objects.in_force_on(on).filter(school=school).select_related("network").first()
    return membership.network if membership else None


def attach_networks(schools, on: datetime.date | None = None) -> list:
    """The schools as a list, each with `network` set to its network on the date (or None): one query."""
    schools = list(schools)
    on = on or timezone.localdate()
    memberships = (
        SchoolMembership.objects.in_force_on(on)
        .filter(school_id__in=[school.pk for school in schools])
        .select_related("network")
    )
    network_by_school = {membership.school_id: membership.network for membership in memberships}
    for school in schools:
        school.network = network_by_school.get(school.pk)
    return schools


def with_school_counts(networks, on: datetime.date):
    """Networks annotated with `school_count`: the schools that belong to each on the date."""
    return networks.annotate(
        school_count=Count("memberships__school", filter=membership_in_force(on, "memberships__"), distinct=True)
    )


def network_list_with_progress(*, user, on: datetime.date | None = None) -> list[Network]:
    """Visible networks with school count, visits this year and last visit; program year set on each."""
    on = on or timezone.localdate()
    year_start = datetime.date(on.year, 1, 1)
    members = membership_in_force(on, "memberships__")
    networks = (
        with_school_counts(networks_visible_to(user).select_related("region"), on)
        .annotate(
            visits_this_year=Count(
                "memberships__school__visits",
                filter=members & Q(memberships__school__visits__date__gte=year_start),
                distinct=True,
            ),
            last_visit_on=Max("memberships__school__visits__date", filter=members),
        )
        .order_by("region__name", "name")
    )
    result = list(networks)
    focus_map = focus_by_year()
    for network in result:
        network.program_year = network.program_year_on(on)
        network.focus = program_year_focus(network.program_year, focus_map)
        network.size_flagged = network.size_is_flagged(network.school_count)
    return result


def current_assignments_prefetch(on: datetime.date) -> Prefetch:
    """Prefetch each network's assignment active on a date into `current_assignments` (a list)."""
    active = CoordinatorAssignment.objects.active_on(on).select_related("coordinator")
    return Prefetch("coordinator_assignments", queryset=active, to_attr="current_assignments")


def network_list(
    *, user, region_code: str = "", on: datetime.date | None = None
) -> tuple[QuerySet[Network], str | None]:
    """Visible networks with their school count and coordinator today, by region; and the region's name.

    An unknown region code lists no network (and no name).
    """
    on = on or timezone.localdate()
    networks = (
        with_school_counts(networks_visible_to(user).select_related("region"), on)
        .prefetch_related(current_assignments_prefetch(on))
        .order_by("region__name", "name")
    )
    if not region_code:
        return networks, None
    region_name = Region.objects.filter(code=region_code).values_list("name", flat=True).first()
    return networks.filter(region__code=region_code), region_name


def assignment_history(network: Network) -> QuerySet[CoordinatorAssignment]:
    """Who coordinated the network, newest first."""
    return network.coordinator_assignments.select_related("coordinator").order_by("-starts_on")


COORDINATOR_SEARCH_LIMIT = 50


def coordinators_for_network(
    network: Network, *, search: str = "", everyone: bool = False, including: User | None = None
) -> QuerySet:
    """Whom staff may hand a network to, without listing a thousand people.

    By default: active coordinators who have worked in the network's region, or who have no network
    today. A search (name or user name, each word) looks among every active coordinator, the first 50.
    `everyone`: every active coordinator (what a posted choice is checked against). `including` adds one
    person to the list (the one already chosen).
    """
    everyone_active = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("last_name", "first_name")
    if everyone:
        return everyone_active
    words = search.split()[:4]
    if words:
        found = everyone_active
        for word in words:
            found = found.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
            )
        offered = Q(pk__in=found.values("pk")[:COORDINATOR_SEARCH_LIMIT])
    else:
        busy = CoordinatorAssignment.objects.active_on(timezone.localdate()).values("coordinator_id")
        in_region = CoordinatorAssignment.objects.filter(network__region_id=network.region_id).values("coordinator_id")
        offered = Q(pk__in=in_region) | ~Q(pk__in=busy)
    if including is not None:
        offered |= Q(pk=including.pk)
    return everyone_active.filter(offered)


def coordinator_of(network: Network, on: datetime.date):
    """The coordinator in charge of the network on the date, or None."""
    assignment = (
        CoordinatorAssignment.objects.active_on(on).filter(network=network).select_related("coordinator").first()
    )
    return assignment.coordinator if assignment else None


def network_schools(network: Network, on: datetime.date) -> QuerySet:
    """The schools that belong to the network on the date, by name, with their district."""

    members = SchoolMembership.objects.in_force_on(on).filter(network=network).values("school_id")
    return School.objects.filter(pk__in=members).select_related("district").order_by("name")
