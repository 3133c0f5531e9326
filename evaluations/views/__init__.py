"""Evaluations' pages, by concern."""

from .dashboard import DashboardView, NetworkDashboardView, RegionDashboardView, SchoolDashboardView
from .goals import GoalCreateView, GoalDetailView, GoalEditView, GoalProgressCreateView, SchoolGoalListView
from .home import HomeView, home_for
from .imports import ResultImportView
from .reports import (
    ReportDetailView,
    ReportDownloadView,
    ReportListView,
    ReportRequestView,
    ReportRetryView,
    ReportStatusView,
    ReportVersionView,
)
from .results import ResultCreateView, ResultEditView, SchoolResultsView

__all__ = [
    "DashboardView",
    "GoalCreateView",
    "GoalDetailView",
    "GoalEditView",
    "GoalProgressCreateView",
    "HomeView",
    "NetworkDashboardView",
    "RegionDashboardView",
    "ReportDetailView",
    "ReportDownloadView",
    "ReportListView",
    "ReportRequestView",
    "ReportRetryView",
    "ReportStatusView",
    "ReportVersionView",
    "ResultCreateView",
    "ResultEditView",
    "ResultImportView",
    "SchoolDashboardView",
    "SchoolGoalListView",
    "SchoolResultsView",
    "home_for",
]
