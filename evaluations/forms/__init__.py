"""The school tier's forms: goals and their progress, assessment results."""

from .common import YearChoiceForm
from .goals import GoalForm, ProgressForm
from .results import ResultForm

__all__ = ["GoalForm", "ProgressForm", "ResultForm", "YearChoiceForm"]
