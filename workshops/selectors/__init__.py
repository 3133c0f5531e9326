"""Reads about workshops, always scoped to the person asking first (`workshops_visible_to`)."""

from .coverage import (
    NetworkCoverage,
    RegionCoverage,
    SchoolsReach,
    Share,
    WorkshopsHeld,
    coverage_reference_date,
    network_coverage,
    region_coverage,
    schools_workshop_reach,
    schools_workshops_held,
    workshops_of_schools,
)
from .roster import Roster, RosterSchool, attendance_roster, invited_memberships
from .workshops import (
    networks_for_planning,
    regions_for_planning,
    regions_visible_to,
    workshop_list,
    workshops_visible_to,
)

__all__ = [
    "NetworkCoverage",
    "RegionCoverage",
    "Roster",
    "RosterSchool",
    "SchoolsReach",
    "Share",
    "WorkshopsHeld",
    "attendance_roster",
    "coverage_reference_date",
    "invited_memberships",
    "network_coverage",
    "networks_for_planning",
    "region_coverage",
    "regions_for_planning",
    "regions_visible_to",
    "schools_workshop_reach",
    "schools_workshops_held",
    "workshop_list",
    "workshops_of_schools",
    "workshops_visible_to",
]
