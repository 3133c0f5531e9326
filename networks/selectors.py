"""Reads about networks and field work, scoped through schools_visible_to."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Role, User
from schools.models import Teacher
from schools.selectors import schools_visible_to

from .models import (
    Competency,
    CoordinatorAssignment,
    Network,
    NetworkMeeting,
    ProgramYear,
    SchoolMembership,
    Visit,
    VisitPhoto,
    in_program,
    membership_in_force,
)
from .permissions import can_see_unapproved_photos


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


def visits_visible_to(user) -> QuerySet[Visit]:
    """Visits at visible schools; a coordinator also keeps their own visits from former networks.

    Staff get the plain table (no `IN (every school)` for the planner to join). A coordinator's few
    school ids are read first: `school_id IN (ids) OR coordinator_id = me` can use both indexes, where
    an OR with a subquery makes PostgreSQL scan every visit.
    """
    if getattr(user, "is_ipae_staff", False):
        return Visit.objects.all()
    if getattr(user, "is_coordinator", False):
        school_ids = list(schools_visible_to(user).values_list("pk", flat=True))
        return Visit.objects.filter(Q(school_id__in=school_ids) | Q(coordinator=user))
    return Visit.objects.filter(school__in=schools_visible_to(user))


def meetings_visible_to(user) -> QuerySet[NetworkMeeting]:
    if getattr(user, "is_ipae_staff", False):
        return NetworkMeeting.objects.all()
    return NetworkMeeting.objects.filter(network__in=networks_visible_to(user))


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
    for network in result:
        network.program_year = network.program_year_on(on)
        network.focus = program_year_focus(network.program_year)
        network.size_flagged = network.size_is_flagged(network.school_count)
    return result


def program_year_focus(program_year: int | None) -> str | None:
    """The focus of a program year (1..5); None before the program starts or after graduation."""
    return ProgramYear(program_year).label if in_program(program_year) else None


# --- Field work -----------------------------------------------------------------------
TERMS = ((3, 5), (6, 7), (8, 9), (10, 12))  # the school year's four blocks, by month (March–December)


def school_term(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The teaching block that contains a date; January and February (holidays) belong to the last one."""
    if on.month < TERMS[0][0]:
        start_month, end_month, year = TERMS[-1][0], TERMS[-1][1], on.year - 1
    else:
        start_month, end_month = next((a, b) for a, b in TERMS if a <= on.month <= b)
        year = on.year
    end = datetime.date(year + (end_month == 12), 1 if end_month == 12 else end_month + 1, 1)
    return datetime.date(year, start_month, 1), end - datetime.timedelta(days=1)


def visit_recency(last_visit_on: datetime.date | None, today: datetime.date) -> tuple[int | None, bool]:
    """Days since a school's last visit (None: never visited) and whether it is overdue."""
    days = (today - last_visit_on).days if last_visit_on else None
    return days, days is None or days > settings.CEE_VISIT_OVERDUE_DAYS


def teachers_for_visit_form(schools, *, keep: int | None = None) -> QuerySet[Teacher]:
    """The active teachers and directors of the given (already scoped) schools.

    `keep` is the teacher a visit already names: they stay selectable after leaving the school, so
    the visit can still be corrected.
    """
    current = Q(is_active=True) | Q(pk=keep) if keep else Q(is_active=True)
    return Teacher.objects.filter(current, school__in=schools).order_by("last_name", "first_name")


def coordinator_caseload(*, user, on: datetime.date | None = None) -> dict:
    """A coordinator's day: overdue schools first, then follow-ups due and teachers not observed this term.

    A fixed number of queries whatever the size of the caseload.
    """
    today = on or timezone.localdate()
    overdue_days = settings.CEE_VISIT_OVERDUE_DAYS
    term_start, term_end = school_term(today)

    schools = attach_networks(
        schools_visible_to(user)
        .select_related("district")
        .annotate(last_visit_on=Max("visits__date", filter=Q(visits__date__lte=today)))
        .order_by("name"),
        today,
    )
    for school in schools:
        school.days_since_visit, school.is_overdue = visit_recency(school.last_visit_on, today)
    overdue = sorted(
        (s for s in schools if s.is_overdue),
        key=lambda s: -(s.days_since_visit if s.days_since_visit is not None else 10**6),
    )

    observed = Visit.objects.filter(
        teacher=OuterRef("pk"), kind=Visit.Kind.CLASSROOM, date__gte=term_start, date__lte=term_end
    )
    not_observed = list(
        Teacher.objects.filter(school__in=schools_visible_to(user), is_active=True, position=Teacher.Position.TEACHER)
        .exclude(Exists(observed))
        .select_related("school")
        .order_by("school__name", "last_name", "first_name")
    )

    resolved = Visit.objects.filter(school=OuterRef("school"), date__gt=OuterRef("date"))
    follow_ups = list(
        # Follow-ups belong to the school: after a hand-over the new coordinator inherits them.
        Visit.objects.filter(
            school__in=schools_visible_to(user),
            follow_up_on__isnull=False,
            follow_up_on__lte=today,
        )
        .exclude(Exists(resolved))
        .select_related("school", "teacher")
        .order_by("follow_up_on")
    )
    return {
        "today": today,
        "term": (term_start, term_end),
        "overdue_days": overdue_days,
        "networks": network_list_with_progress(user=user, on=today),
        "schools": schools,
        "overdue": overdue,
        "teachers_not_observed": not_observed,
        "follow_ups_due": follow_ups,
    }


def visit_get(*, user, pk: int) -> Visit:
    """One visit in the person's scope, or 404 (the same answer as a visit that does not exist)."""
    return get_object_or_404(
        visits_visible_to(user).select_related("school__district__province__region", "teacher", "coordinator"),
        pk=pk,
    )


def visit_list(*, user, school=None, teacher=None, kind=None, date_from=None, date_to=None) -> QuerySet[Visit]:
    """Visits in scope, newest first, filtered by school, teacher, kind and period."""
    visits = visits_visible_to(user).select_related("school", "teacher", "coordinator")
    if school is not None:
        visits = visits.filter(school=school)
    if teacher is not None:
        visits = visits.filter(teacher=teacher)
    if kind:
        visits = visits.filter(kind=kind)
    if date_from:
        visits = visits.filter(date__gte=date_from)
    if date_to:
        visits = visits.filter(date__lte=date_to)
    return visits.order_by("-date", "-created_at")


def photos_visible_to(user) -> QuerySet[VisitPhoto]:
    """Photos of visible visits; sponsors only see the ones staff approved."""
    if getattr(user, "is_ipae_staff", False):
        return VisitPhoto.objects.all()
    photos = VisitPhoto.objects.filter(visit__in=visits_visible_to(user))
    if not can_see_unapproved_photos(user):
        photos = photos.filter(approved_at__isnull=False)
    return photos


def competencies_for(program_year: int) -> QuerySet[Competency]:
    return Competency.objects.filter(year__number=program_year).order_by("order")


def current_assignments_prefetch(on: datetime.date) -> Prefetch:
    """Prefetch each network's assignment active on a date into `current_assignments` (a list)."""
    active = CoordinatorAssignment.objects.active_on(on).select_related("coordinator")
    return Prefetch("coordinator_assignments", queryset=active, to_attr="current_assignments")


def _history_value(field, value, names: dict) -> str:
    """One value of a visit's history in words: a teacher's name rather than their id, a kind's label."""
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return names.get(field.name, {}).get(value, f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def visit_changes(visit: Visit) -> list[dict]:
    """Who changed what in a visit and when, newest first, in words (names, not ids).

    Visits loaded in bulk (the demo, an import) have no history record until their first edit: the
    list is then empty, or starts with an edit that has nothing before it to compare with.
    """
    records = list(visit.history.select_related("history_user").order_by("-history_date", "-history_id"))
    deltas = []
    for i, newer in enumerate(records):
        older = records[i + 1] if i + 1 < len(records) else None
        changes = newer.diff_against(older).changes if older is not None else []
        deltas.append((newer, older, [c for c in changes if c.field != "version"]))
    wanted = {}
    for _newer, _older, changes in deltas:
        for change in changes:
            field = Visit._meta.get_field(change.field)
            if field.is_relation:
                wanted.setdefault(field, set()).update(v for v in (change.old, change.new) if v is not None)
    names = {
        field.name: {pk: str(obj) for pk, obj in field.related_model._default_manager.in_bulk(ids).items()}
        for field, ids in wanted.items()
    }
    result = []
    for newer, older, changes in deltas:
        rows = []
        for change in changes:
            field = Visit._meta.get_field(change.field)
            rows.append(
                {
                    "label": field.verbose_name,
                    "old": _history_value(field, change.old, names),
                    "new": _history_value(field, change.new, names),
                }
            )
        result.append(
            {
                "record": newer,
                "no_earlier_record": older is None and newer.history_type == "~",
                "changes": rows,
            }
        )
    return result


COORDINATOR_SEARCH_LIMIT = 50


def coordinators_for_network(network: Network, *, search: str = "", everyone: bool = False) -> QuerySet:
    """Whom staff may hand a network to, without listing a thousand people.

    By default: active coordinators who have worked in the network's region, or who have no network
    today. A search (name or user name, each word) looks among every active coordinator, the first 50.
    `everyone`: every active coordinator (what a posted choice is checked against).
    """
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("last_name", "first_name")
    if everyone:
        return coordinators
    words = search.split()[:4]
    if words:
        for word in words:
            coordinators = coordinators.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
            )
        return coordinators.filter(pk__in=coordinators.values("pk")[:COORDINATOR_SEARCH_LIMIT])
    busy = CoordinatorAssignment.objects.active_on(timezone.localdate()).values("coordinator_id")
    in_region = CoordinatorAssignment.objects.filter(network__region_id=network.region_id).values("coordinator_id")
    return coordinators.filter(Q(pk__in=in_region) | ~Q(pk__in=busy))
