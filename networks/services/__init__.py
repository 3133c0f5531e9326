"""Writes for networks and field work. Each service takes the acting user and checks permission itself."""

from .assignments import network_coordinator_reassign
from .curriculum import curriculum_year_update
from .families import FamilyMeetingConflictError, family_meeting_log, family_meeting_update
from .meetings import meeting_log, meeting_update
from .photos import photo_approve, photo_prepare, photo_slots_left
from .summaries import school_month_refresh, summaries_refresh_all
from .visits import VisitConflictError, visit_log, visit_program_year, visit_update

__all__ = [
    "FamilyMeetingConflictError",
    "VisitConflictError",
    "curriculum_year_update",
    "family_meeting_log",
    "family_meeting_update",
    "meeting_log",
    "meeting_update",
    "network_coordinator_reassign",
    "photo_approve",
    "photo_prepare",
    "photo_slots_left",
    "school_month_refresh",
    "summaries_refresh_all",
    "visit_log",
    "visit_program_year",
    "visit_update",
]
