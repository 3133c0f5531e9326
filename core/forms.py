"""Form helpers shared by every app: the date picker, and a service's errors put onto a form."""

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    """A date picker that sends ISO dates (yyyy-mm-dd), whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
