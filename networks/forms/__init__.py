"""Forms for field work, by concern. They parse and check input; the services decide and save."""

from .common import DAMAGED_FORM_MESSAGE, SubmissionFormMixin
from .meetings import MeetingForm
from .networks import CoordinatorSearchForm, ReassignForm
from .photos import PhotoApproveForm, YesCheckboxInput
from .visits import POSITION_INVALID_MESSAGE, VisitFilterForm, VisitForm, VisitStartForm

__all__ = [
    "DAMAGED_FORM_MESSAGE",
    "POSITION_INVALID_MESSAGE",
    "CoordinatorSearchForm",
    "MeetingForm",
    "PhotoApproveForm",
    "ReassignForm",
    "SubmissionFormMixin",
    "VisitFilterForm",
    "VisitForm",
    "VisitStartForm",
    "YesCheckboxInput",
]
