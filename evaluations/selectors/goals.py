"""Reads about a school's goals: scoped to the person first (staff: every school; coordinators: the schools
of their networks today; sponsors: none yet)."""

import datetime
from collections import Counter

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schools.models import School
from schools.selectors import schools_visible_to

from ..models import GoalProgress, GoalStatus, SchoolGoal
from ..permissions import can_see_school_tier

# What the goal's page shows of its history: the fields people change (the latest measure has its own list).
HISTORY_EXCLUDED = {"latest_value", "latest_measured_on", "status"}  # status follows them


def school_tier_schools(user) -> QuerySet[School]:
    """The schools whose goals and results the person sees: none for sponsors (for now) and strangers."""
    if not can_see_school_tier(user):
        return School.objects.none()
    return schools_visible_to(user)


def school_tier_school_get(*, user, pk: int) -> School:
    """One school in the person's scope, with its place, or 404 (the same answer as a missing school)."""
    return get_object_or_404(school_tier_schools(user).select_related("district__province__region"), pk=pk)


def goals_visible_to(user) -> QuerySet[SchoolGoal]:
    if not can_see_school_tier(user):
        return SchoolGoal.objects.none()
    if user.is_ipae_staff:
        return SchoolGoal.objects.all()  # no IN (every school) for the planner to join
    return SchoolGoal.objects.filter(school__in=schools_visible_to(user))


def goal_get(*, user, pk: int) -> SchoolGoal:
    """One goal of a school in the person's scope, or 404."""
    return get_object_or_404(goals_visible_to(user).select_related("school__district__province__region"), pk=pk)


def goal_years(school: School, today: datetime.date | None = None) -> list[int]:
    """The school years a school's goals page offers: those with goals, plus this one and the next."""
    this_year = (today or timezone.localdate()).year
    years = set(SchoolGoal.objects.filter(school=school).values_list("school_year", flat=True).distinct())
    return sorted(years | {this_year, this_year + 1}, reverse=True)


def goal_list(*, school: School, year: int) -> list[SchoolGoal]:
    """A school's goals for one school year (the school already scoped), by area and indicator."""
    return list(SchoolGoal.objects.filter(school=school, school_year=year).order_by("area", "indicator", "pk"))


def goal_status_counts(goals) -> dict[str, int]:
    """How many goals are on track, at risk, off track and without a measure."""
    counts = Counter(goal.status for goal in goals)
    return {status.value: counts.get(status, 0) for status in GoalStatus}


def goal_progress_entries(goal: SchoolGoal) -> QuerySet[GoalProgress]:
    """A goal's measures, the latest first, with who recorded them."""
    return goal.progress_entries.select_related("recorded_by").order_by("-measured_on", "-pk")


def _in_words(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def goal_changes(goal: SchoolGoal) -> list[dict]:
    """Who set or changed the goal, when, why and what, the newest first, in words (names, not ids).

    Goals loaded in bulk (the demo, an import) have no history until their first change.
    """
    records = list(goal.history.select_related("history_user").order_by("-history_date", "-history_id"))
    changes = []
    for i, newer in enumerate(records):
        older = records[i + 1] if i + 1 < len(records) else None
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=HISTORY_EXCLUDED).changes
            rows = [(change.field, change.old, change.new) for change in delta]
            if not rows and newer.history_type == "~" and not newer.history_change_reason:
                continue  # a save that changed nothing people see
        elif newer.history_type == "+":
            rows = [(name, None, getattr(newer, name)) for name in ("baseline", "target")]
        else:
            rows = []
        changes.append(
            {
                "record": newer,
                "person": str(newer.history_user) if newer.history_user else None,
                "reason": newer.history_change_reason or "",
                "no_earlier_record": older is None and newer.history_type == "~",
                "changes": [
                    {
                        "label": SchoolGoal._meta.get_field(name).verbose_name,
                        "old": _in_words(SchoolGoal._meta.get_field(name), old),
                        "new": _in_words(SchoolGoal._meta.get_field(name), new),
                    }
                    for name, old, new in rows
                ],
            }
        )
    return changes
