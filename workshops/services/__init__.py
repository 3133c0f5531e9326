"""Writes for workshops. Each service takes the acting user and checks permission itself."""

from .attendance import AttendanceConflictError, attendance_record
from .workshops import EDITABLE_FIELDS, workshop_check, workshop_plan, workshop_update

__all__ = [
    "EDITABLE_FIELDS",
    "AttendanceConflictError",
    "attendance_record",
    "workshop_check",
    "workshop_plan",
    "workshop_update",
]
