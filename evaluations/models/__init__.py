"""School goals and their progress, assessment results (ECE-style), the monitoring reports built from them and
the dashboard lists' exports made in the background."""

from .exports import ExportJob
from .goals import (
    AT_RISK_MARGIN,
    ON_TRACK_MARGIN,
    GoalProgress,
    GoalStatus,
    SchoolGoal,
    elapsed_share,
    expected_progress,
    goal_status,
    progress_points,
    school_year_end,
    school_year_has_started,
    school_year_start,
)
from .reports import MonitoringReport, ReportDelivery
from .results import AssessmentResult
from .summaries import SchoolYearResult, SchoolYearSummary

__all__ = [
    "AT_RISK_MARGIN",
    "ON_TRACK_MARGIN",
    "AssessmentResult",
    "ExportJob",
    "GoalProgress",
    "GoalStatus",
    "MonitoringReport",
    "ReportDelivery",
    "SchoolGoal",
    "SchoolYearResult",
    "SchoolYearSummary",
    "elapsed_share",
    "expected_progress",
    "goal_status",
    "progress_points",
    "school_year_end",
    "school_year_has_started",
    "school_year_start",
]
