"""The school tier's writes: goals and their progress, assessment results."""

from .goals import (
    goal_check,
    goal_create,
    goal_progress_record,
    goal_refresh_latest,
    goal_statuses_refresh,
    goal_update,
)
from .results import result_check, result_create, result_update

__all__ = [
    "goal_check",
    "goal_create",
    "goal_progress_record",
    "goal_refresh_latest",
    "goal_statuses_refresh",
    "goal_update",
    "result_check",
    "result_create",
    "result_update",
]
