"""The part of the country a dashboard page looks at: the nation, a region, a network or one school.

A scope is read from the URL through the scoping functions (out of scope or unknown: 404), then narrows
the filters' schools. `Scope.schools(filterset)` is the one queryset every figure, list, map point and
export of the page starts from.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from networks.models import Network, SchoolMembership
from networks.selectors import network_of, networks_visible_to
from schools.models import Region, School
from schools.selectors import schools_visible_to

NATION, REGION, NETWORK, SCHOOL = "nation", "region", "network", "school"


@dataclass(frozen=True)
class Scope:
    kind: str
    region: Region | None = None
    network: Network | None = None
    school: School | None = None

    @property
    def name(self) -> str:
        obj = self.school or self.network or self.region
        return str(obj) if obj else ""

    def schools(self, filterset, on: datetime.date | None = None) -> QuerySet[School]:
        """The filters' schools (already the user's) that are in this scope. A network's schools are its
        members on `on` (the period's last elapsed day by default)."""
        schools = filterset.qs
        if self.kind == REGION:
            return schools.filter(district__province__region=self.region)
        if self.kind == NETWORK:
            on = on or filterset.selected_period.until
            members = SchoolMembership.objects.in_force_on(on).filter(network=self.network).values("school_id")
            return schools.filter(pk__in=members)
        if self.kind == SCHOOL:
            return schools.filter(pk=self.school.pk)
        return schools

    @property
    def breadcrumbs(self) -> list[tuple[str, object]]:
        """(kind, object) from the nation down to this scope, for the page's trail."""
        trail = [(NATION, None)]
        region = self.region or (self.network.region if self.network else None)
        if self.school is not None and region is None:
            region = self.school.district.province.region
        if region is not None:
            trail.append((REGION, region))
        if self.network is not None:
            trail.append((NETWORK, self.network))
        if self.school is not None:
            trail.append((SCHOOL, self.school))
        return trail


def nation_scope() -> Scope:
    return Scope(NATION)


def region_scope(*, user, code: str) -> Scope:
    region = Region.objects.filter(is_program_region=True, code=code).first()
    if region is None:
        raise Http404
    return Scope(REGION, region=region)


def network_scope(*, user, pk: int) -> Scope:
    network = networks_visible_to(user).select_related("region").filter(pk=pk).first()
    if network is None:
        raise Http404
    return Scope(NETWORK, region=network.region, network=network)


def school_scope(*, user, pk: int, today: datetime.date | None = None) -> Scope:
    school = schools_visible_to(user).select_related("district__province__region").filter(pk=pk).first()
    if school is None:
        raise Http404
    network = network_of(school, today or timezone.localdate())
    return Scope(SCHOOL, region=school.district.province.region, network=network, school=school)
