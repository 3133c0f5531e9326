"""Field-work pages, by concern: coordinators on phones, IPAE staff on laptops. Views parse, call, render."""

from .meetings import MeetingCreateView, MeetingListView
from .networks import NetworkListView, NetworkReassignView
from .photos import PhotoApproveView, PhotoListView, visit_photo
from .schools import SchoolDetailView, TeacherDetailView
from .visits import VisitCreateView, VisitDetailView, VisitEditView, VisitHistoryView, VisitListView

__all__ = [
    "MeetingCreateView",
    "MeetingListView",
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
