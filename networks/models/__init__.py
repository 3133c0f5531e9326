"""The five-year curriculum, the networks with their schools and coordinators, and the field work."""

from .curriculum import (
    PROGRAM_YEAR_MESSAGE,
    Competency,
    CurriculumYear,
    ProgramYear,
    in_language,
    in_program,
    is_graduated,
    program_year_check,
    program_year_field,
    program_year_label,
)
from .families import FamilyMeeting
from .meetings import NetworkMeeting
from .networks import CoordinatorAssignment, Network, SchoolMembership, membership_in_force
from .summaries import SchoolLastVisit, SchoolVisitMonth, SummaryRefresh, TeacherClassroomYear
from .visits import HALF_POSITION_MESSAGE, Visit, VisitPhoto, VisitScore, private_storage, visit_photo_path

__all__ = [
    "HALF_POSITION_MESSAGE",
    "PROGRAM_YEAR_MESSAGE",
    "Competency",
    "CoordinatorAssignment",
    "CurriculumYear",
    "FamilyMeeting",
    "Network",
    "NetworkMeeting",
    "ProgramYear",
    "SchoolLastVisit",
    "SchoolMembership",
    "SchoolVisitMonth",
    "SummaryRefresh",
    "TeacherClassroomYear",
    "Visit",
    "VisitPhoto",
    "VisitScore",
    "in_language",
    "in_program",
    "is_graduated",
    "membership_in_force",
    "private_storage",
    "program_year_check",
    "program_year_field",
    "program_year_label",
    "visit_photo_path",
]
