"""A coordinator's day: which schools are overdue, which follow-ups are due, who was not observed."""

import datetime

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from schools.models import Teacher
from schools.selectors import schools_visible_to

from ..models import Visit
from .families import family_follow_ups_due
from .networks import attach_networks, network_list_with_progress

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


def coordinator_caseload(*, user, on: datetime.date | None = None) -> dict:
    """A coordinator's day: overdue schools first, then follow-ups due (of visits, and of the agreements with
    families), and teachers not observed this term.

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
        "family_follow_ups_due": list(family_follow_ups_due(user=user, today=today)),
    }
