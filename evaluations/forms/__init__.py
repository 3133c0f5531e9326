"""The school tier's forms (goals and their progress, assessment results) and the monitoring reports' forms."""

from .common import YearChoiceForm
from .goals import GoalForm, ProgressForm
from .reports import ReportFilterForm, ReportRequestForm, ReportVersionForm
from .results import ResultForm

__all__ = [
    "GoalForm",
    "ProgressForm",
    "ReportFilterForm",
    "ReportRequestForm",
    "ReportVersionForm",
    "ResultForm",
    "YearChoiceForm",
]
