"""Reads for choosing schools' pages: the latest results of a padrón school (the schools app keeps the
candidates but may not read the results), the offer as a sponsor sees it (grouped, on a map), the
comparison, and a request's schools. Every read starts from the schools app's scoping functions."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from accounts.permissions import is_ipae_staff
from schools.models import Candidate, CandidateGroup, Region, SchoolRequest, SchoolRequestItem
from schools.selectors import candidates_offered_to, committed_sponsorships, sponsor_id_of

from ..models import AssessmentResult
from ..national import national_satisfactorio
from .results import percent

Subject = AssessmentResult.Subject


def latest_results(school_ids) -> dict[int, dict]:
    """{school id: the facts of its latest assessed year} for the schools that have results, in one query.

    The latest year with any result; in it, the lowest grade evaluated (2.° in the ECE's usual years, 4.°
    when only that one was); the % of the evaluated students in "Satisfactorio" per subject (None when a
    subject was not assessed, or nobody was evaluated). Keys: reading_satisfactory, math_satisfactory,
    results_year, results_grade (the candidate's fields).
    """
    rows = (
        AssessmentResult.objects.filter(school_id__in=list(school_ids))
        .order_by("school_id", "-year", "grade")
        .values_list("school_id", "year", "grade", "subject", "students_evaluated", "level_satisfactorio")
    )
    chosen: dict[int, tuple[int, int]] = {}
    shares: dict[int, dict] = defaultdict(dict)
    for school_id, year, grade, subject, evaluated, satisfactorio in rows:
        key = chosen.setdefault(school_id, (year, grade))
        if key != (year, grade):
            continue  # an earlier year, or a higher grade of the latest year
        shares[school_id][subject] = percent(satisfactorio, evaluated)
    return {
        school_id: {
            "reading_satisfactory": shares[school_id].get(Subject.READING),
            "math_satisfactory": shares[school_id].get(Subject.MATH),
            "results_year": year,
            "results_grade": grade,
        }
        for school_id, (year, grade) in chosen.items()
    }


# --- The offer, as a sponsor sees it ----------------------------------------------------------
# A colour per group on the map and in its legend; the same group keeps its colour on every page of a
# request (its place in the offer's order). Eight colours, then they repeat: the legend names each group.
GROUP_COLORS = ("#0b5c8a", "#c2185b", "#1e7a3c", "#7b3fa0", "#8a5a00", "#2a9d8f", "#b3261e", "#3d4850")
POINT_FIELDS = ("id", "lat", "lon", "name", "group", "students", "quintile", "distance", "reading", "math")


@dataclass
class OfferedGroup:
    group: CandidateGroup
    index: int  # its place in the offer; its colour is GROUP_COLORS[index % 8]
    candidates: list = field(default_factory=list)

    @property
    def color(self) -> int:
        return self.index % len(GROUP_COLORS)

    @property
    def students(self) -> int:
        return sum(c.students or 0 for c in self.candidates)


@dataclass
class Offer:
    groups: list[OfferedGroup]
    total: int
    regions: int
    students: int
    points: list[list]
    legend: list[dict]
    without_coordinates: int


def _float(value):
    return float(value) if value is not None else None


def offer_rows(user, *, region=None, area: str = "", poverty: str = "") -> QuerySet[Candidate]:
    """The candidates offered to the person, filtered, with what every row shows (one query)."""
    rows = candidates_offered_to(user).select_related("group__region", "school__district__province")
    if region is not None:
        rows = rows.filter(group__region=region)
    if area:
        rows = rows.filter(school__area_type=area)
    if poverty:
        rows = rows.filter(poverty_quintile__lte=int(poverty))
    return rows.order_by("group__name", "group_id", "school__name", "pk")


def offer_regions(user) -> QuerySet[Region]:
    """The regions that have something on offer: the region filter's choices."""
    return Region.objects.filter(pk__in=candidates_offered_to(user).values("group__region")).order_by("name")


def offer_for(user, **filters) -> Offer:
    """The offer grouped as would-be networks, its map points and legend, and which candidates the
    person's company already asked for (pending). Three queries, whatever the size of the offer."""
    sponsor_id = sponsor_id_of(user)
    pending = {}
    if sponsor_id:
        pending = dict(
            SchoolRequestItem.objects.filter(
                request__sponsor_id=sponsor_id, request__status=SchoolRequest.Status.PENDING
            ).values_list("candidate_id", "request_id")
        )
    groups: dict[int, OfferedGroup] = {}
    points, without = [], 0
    for candidate in offer_rows(user, **filters):
        candidate.pending_request = pending.get(candidate.pk)
        entry = groups.get(candidate.group_id)
        if entry is None:
            entry = groups[candidate.group_id] = OfferedGroup(candidate.group, len(groups))
        entry.candidates.append(candidate)
        school = candidate.school
        if school.latitude is None:
            without += 1
            continue
        points.append(
            [
                candidate.pk,
                round(float(school.latitude), 5),
                round(float(school.longitude), 5),
                school.name,
                entry.index,
                candidate.students,
                candidate.poverty_quintile,
                _float(candidate.distance_km),
                _float(candidate.reading_satisfactory),
                _float(candidate.math_satisfactory),
            ]
        )
    offered = list(groups.values())
    candidates = [c for g in offered for c in g.candidates]
    return Offer(
        groups=offered,
        total=len(candidates),
        regions=len({g.group.region_id for g in offered}),
        students=sum(c.students or 0 for c in candidates),
        points=points,
        legend=[{"name": g.group.name, "color": GROUP_COLORS[g.color], "count": len(g.candidates)} for g in offered],
        without_coordinates=without,
    )


@dataclass
class Compared:
    candidate: Candidate
    reading_national: Decimal | None
    math_national: Decimal | None
    pending_request: int | None


def compare_rows(user, ids: list[int]) -> tuple[list[Compared], int]:
    """The chosen candidates still offered to the person, in the order chosen, each with the national
    figure of its results' year and grade; and how many of the ids are no longer (or never were) offered."""
    found = {c.pk: c for c in offer_rows(user).filter(pk__in=ids)}
    sponsor_id = sponsor_id_of(user)
    pending = {}
    if sponsor_id and found:
        pending = dict(
            SchoolRequestItem.objects.filter(
                request__sponsor_id=sponsor_id, request__status=SchoolRequest.Status.PENDING, candidate_id__in=found
            ).values_list("candidate_id", "request_id")
        )
    rows = []
    for pk in ids:
        candidate = found.get(pk)
        if candidate is None:
            continue
        year, grade = candidate.results_year, candidate.results_grade or 2
        rows.append(
            Compared(
                candidate=candidate,
                reading_national=national_satisfactorio(year=year, grade=grade, subject="reading") if year else None,
                math_national=national_satisfactorio(year=year, grade=grade, subject="math") if year else None,
                pending_request=pending.get(pk),
            )
        )
    return rows, len(ids) - len(rows)


# --- A request, as its page shows it ---------------------------------------------------------
@dataclass
class RequestedSchool:
    item: SchoolRequestItem
    taken: bool = False  # pending, and the school got an agreement since (with any company)
    mine: bool = False  # ... with this same company (another of its requests)
    agreements: list = field(default_factory=list)  # staff only: the agreements in force or ahead
    competing: list = field(default_factory=list)  # staff only: other companies' pending requests


def request_items(user, school_request: SchoolRequest) -> list[RequestedSchool]:
    """The schools of a request the person may see, each with whether it is still free. Staff also get
    each school's agreements and the other companies' pending requests for it; a company never does
    (it learns only that a school is no longer available, never who took it). Three or four queries."""
    items = list(
        school_request.items.select_related(
            "school__district__province__region", "candidate__group", "sponsorship"
        ).order_by("school__name", "pk")
    )
    school_ids = [i.school_id for i in items]
    agreements: dict[int, list] = defaultdict(list)
    for sponsorship in (
        committed_sponsorships().filter(school_id__in=school_ids).select_related("sponsor").order_by("start_year", "pk")
    ):
        agreements[sponsorship.school_id].append(sponsorship)
    staff = is_ipae_staff(user)
    competing: dict[int, list] = defaultdict(list)
    if staff and school_request.is_pending:
        for other in (
            SchoolRequestItem.objects.filter(school_id__in=school_ids, request__status=SchoolRequest.Status.PENDING)
            .exclude(request=school_request)
            .select_related("request__sponsor")
            .order_by("request__created_at", "pk")
        ):
            competing[other.school_id].append(other.request)
    shown = []
    for item in items:
        held = agreements.get(item.school_id, [])
        still_open = school_request.is_pending and item.outcome == SchoolRequestItem.Outcome.REQUESTED
        shown.append(
            RequestedSchool(
                item=item,
                taken=still_open and bool(held),
                mine=still_open and any(s.sponsor_id == school_request.sponsor_id for s in held),
                agreements=held if staff else [],
                competing=competing.get(item.school_id, []),
            )
        )
    return shown
