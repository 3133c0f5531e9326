"""Reads about networks and field work, scoped through schools_visible_to."""

import datetime

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from schools.selectors import schools_visible_to

from .models import CurriculumYear, Network, NetworkMeeting, ProgramYear, Visit


def networks_visible_to(user) -> QuerySet[Network]:
    """Staff see all networks; coordinators those assigned to them today; sponsors their schools' ones."""
    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    if user.is_ipae_staff:
        return Network.objects.all()
    if user.is_coordinator:
        today = timezone.localdate()
        return Network.objects.filter(
            Q(coordinator_assignments__ends_on__isnull=True) | Q(coordinator_assignments__ends_on__gte=today),
            coordinator_assignments__coordinator=user,
            coordinator_assignments__starts_on__lte=today,
        )
    return Network.objects.filter(pk__in=schools_visible_to(user).values("network_id"))


def visits_visible_to(user) -> QuerySet[Visit]:
    """Visits at visible schools; a coordinator also keeps their own visits from former networks."""
    visible = Q(school__in=schools_visible_to(user))
    if getattr(user, "is_coordinator", False):
        visible |= Q(coordinator=user)
    return Visit.objects.filter(visible)


def meetings_visible_to(user) -> QuerySet[NetworkMeeting]:
    return NetworkMeeting.objects.filter(network__in=networks_visible_to(user))


def network_list_with_progress(*, user, on: datetime.date | None = None) -> list[Network]:
    """Visible networks with school count, visits this year and last visit; program year set on each."""
    on = on or timezone.localdate()
    year_start = datetime.date(on.year, 1, 1)
    networks = (
        networks_visible_to(user)
        .select_related("region")
        .annotate(
            school_count=Count("schools", distinct=True),
            visits_this_year=Count(
                "schools__visits", filter=Q(schools__visits__date__gte=year_start), distinct=True
            ),
            last_visit_on=Max("schools__visits__date"),
        )
        .order_by("region__name", "name")
    )
    result = list(networks)
    for network in result:
        network.program_year = network.program_year_on(on)
        network.focus = program_year_focus(network.program_year)
        network.size_flagged = network.size_is_flagged(network.school_count)
    return result


def program_year_focus(program_year: int | None) -> str | None:
    """The focus of a program year (1..5); None before the program starts or after graduation."""
    return ProgramYear(program_year).label if program_year in ProgramYear.values else None


def curriculum_list() -> QuerySet[CurriculumYear]:
    """The five program years with their competencies (public program content, the same for everyone)."""
    return CurriculumYear.objects.prefetch_related("competencies").order_by("number")
