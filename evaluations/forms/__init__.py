"""The school tier's forms (goals and their progress, assessment results), the monitoring reports' forms and
the request of a list's file in the background."""

from .common import YearChoiceForm
from .exports import ExportRequestForm
from .goals import GoalForm, ProgressForm
from .reports import ReportFilterForm, ReportRequestForm, ReportVersionForm
from .results import ResultForm

__all__ = [
    "ExportRequestForm",
    "GoalForm",
    "ProgressForm",
    "ReportFilterForm",
    "ReportRequestForm",
    "ReportVersionForm",
    "ResultForm",
    "YearChoiceForm",
]
