"""Evaluations' reads, by concern: the sponsor's home summary, a school's goals, its assessment results, the
monitoring reports and list exports a person sees."""

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
from .home import SPONSOR_PHOTOS, SPONSOR_SCHOOLS_PER_PAGE, sponsor_home_summary
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
    "SPONSOR_PHOTOS",
    "SPONSOR_SCHOOLS_PER_PAGE",
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
    "sponsor_home_summary",
]
