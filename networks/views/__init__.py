"""Field-work pages, by concern: coordinators on phones, IPAE staff on laptops. Views parse, call, render."""

from .curriculum import CurriculumView, CurriculumYearEditView
from .families import FamilyMeetingCreateView, FamilyMeetingDetailView, FamilyMeetingEditView
from .meetings import MeetingCreateView, MeetingListView
from .networks import NetworkDetailView, NetworkListView, NetworkReassignView
from .photos import PhotoApproveView, PhotoListView, visit_photo
from .schools import SchoolDetailView, TeacherDetailView
from .visits import VisitCreateView, VisitDetailView, VisitEditView, VisitHistoryView, VisitListView

__all__ = [
    "CurriculumView",
    "CurriculumYearEditView",
    "FamilyMeetingCreateView",
    "FamilyMeetingDetailView",
    "FamilyMeetingEditView",
    "MeetingCreateView",
    "MeetingListView",
    "NetworkDetailView",
    "NetworkListView",
    "NetworkReassignView",
    "PhotoApproveView",
    "PhotoListView",
    "SchoolDetailView",
    "TeacherDetailView",
    "VisitCreateView",
    "VisitDetailView",
    "VisitEditView",
    "VisitHistoryView",
    "VisitListView",
    "visit_photo",
]
