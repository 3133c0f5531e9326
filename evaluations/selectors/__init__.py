"""Evaluations' reads, by concern: a school's goals, its assessment results, the monitoring reports and
list exports a person sees."""

from .exports import exports_visible_to
from .goals import (
    goal_changes,
    goal_get,
    goal_list,
    goal_progress_entries,
    goal_status_counts,
    goal_years,
    goals_visible_to,
    school_tier_school_get,
    school_tier_schools,
)
from .reports import reports_visible_to
from .results import (
    LEVELS,
    percent,
    result_get,
    results_visible_to,
    school_first_program_year,
    school_results_trend,
)

__all__ = [
    "LEVELS",
    "exports_visible_to",
    "goal_changes",
    "goal_get",
    "goal_list",
    "goal_progress_entries",
    "goal_status_counts",
    "goal_years",
    "goals_visible_to",
    "percent",
    "reports_visible_to",
    "result_get",
    "results_visible_to",
    "school_first_program_year",
    "school_results_trend",
    "school_tier_school_get",
    "school_tier_schools",
]
