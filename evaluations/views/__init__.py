"""Evaluations' pages, by concern."""

from .goals import GoalCreateView, GoalDetailView, GoalEditView, GoalProgressCreateView, SchoolGoalListView
from .home import HomeView, home_for
from .imports import ResultImportView
from .results import ResultCreateView, ResultEditView, SchoolResultsView

__all__ = [
    "GoalCreateView",
    "GoalDetailView",
    "GoalEditView",
    "GoalProgressCreateView",
    "HomeView",
    "ResultCreateView",
    "ResultEditView",
    "ResultImportView",
    "SchoolGoalListView",
    "SchoolResultsView",
    "home_for",
]
