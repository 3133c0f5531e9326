"""The workshop pages: the list, a workshop, planning and changing one, its attendance, coverage."""

from .attendance import AttendanceView
from .coverage import NetworkCoverageView, RegionCoverageView
from .workshops import WorkshopCreateView, WorkshopDetailView, WorkshopEditView, WorkshopListView

__all__ = [
    "AttendanceView",
    "NetworkCoverageView",
    "RegionCoverageView",
    "WorkshopCreateView",
    "WorkshopDetailView",
    "WorkshopEditView",
    "WorkshopListView",
]
