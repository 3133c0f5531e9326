"""Reads about field work: visits, their rubric, their photos and their history, scoped to the person."""

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from schools.models import School, Teacher
from schools.selectors import schools_visible_to

from ..models import Visit, VisitPhoto, VisitScore
from ..permissions import can_see_unapproved_photos


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


def photos_pending(user) -> QuerySet[VisitPhoto]:
    """Photos still waiting for staff approval, oldest first."""
    return (
        photos_visible_to(user)
        .filter(approved_at__isnull=True)
        .select_related("visit__school", "visit__coordinator")
        .order_by("created_at")
    )


def visit_scores(visit: Visit) -> QuerySet[VisitScore]:
    """The visit's rubric, in the order of the year's competencies."""
    return visit.scores.select_related("competency").order_by("competency__order")


def school_teachers(school: School) -> QuerySet[Teacher]:
    """The school's active director and teachers, the director first."""
    return school.teachers.filter(is_active=True).order_by("position", "last_name")


def last_visit_on(*, user, school: School, today: datetime.date) -> datetime.date | None:
    """The date of the school's latest visit up to today that the person may see."""
    return visit_list(user=user, school=school).filter(date__lte=today).values_list("date", flat=True).first()


def teachers_for_visit_form(schools, *, keep: int | None = None) -> QuerySet[Teacher]:
    """The active teachers and directors of the given (already scoped) schools.

    `keep` is the teacher a visit already names: they stay selectable after leaving the school, so
    the visit can still be corrected.
    """
    current = Q(is_active=True) | Q(pk=keep) if keep else Q(is_active=True)
    return Teacher.objects.filter(current, school__in=schools).order_by("last_name", "first_name")


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
