"""Forms of the workshop pages: planning one, filtering the list, the attendance, the coverage year."""

from .attendance import AttendanceForm
from .workshops import CoverageYearForm, WorkshopFilterForm, WorkshopForm

__all__ = ["AttendanceForm", "CoverageYearForm", "WorkshopFilterForm", "WorkshopForm"]
