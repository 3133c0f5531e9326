"""What the school tier's forms share: a submission saved once, numbers with plain Spanish bounds, a year."""

import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR

DAMAGED_FORM_MESSAGE = _(
    "El formulario llegó incompleto (quizá por la señal). Lo que escribió sigue abajo: revíselo y vuelva a guardar."
)
NEGATIVE_MESSAGE = _("El número no puede ser negativo.")
TOO_LARGE_MESSAGE = _("El número no puede ser mayor que %(limit_value)s.")


def count_field(label, *, maximum: int, required: bool = True, **kwargs) -> forms.IntegerField:
    field = forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maximum,
        required=required,
        error_messages={"min_value": NEGATIVE_MESSAGE, "max_value": TOO_LARGE_MESSAGE},
        **kwargs,
    )
    field.widget.attrs["inputmode"] = "numeric"
    return field


def amount_field(label, **kwargs) -> forms.DecimalField:
    field = forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"min_value": NEGATIVE_MESSAGE},
        **kwargs,
    )
    field.widget.attrs["inputmode"] = "decimal"
    return field


def year_field(label, *, last: int, **kwargs) -> forms.IntegerField:
    """A school year from 2000 to `last`, with the bounds said in words."""
    message = _("Indique un año entre %(first)s y %(last)s.") % {"first": FIRST_SCHOOL_YEAR, "last": last}
    field = forms.IntegerField(
        label=label,
        min_value=FIRST_SCHOOL_YEAR,
        max_value=last,
        error_messages={"min_value": message, "max_value": message, "invalid": message},
        **kwargs,
    )
    field.widget.attrs["inputmode"] = "numeric"
    return field


class YearChoiceForm(forms.Form):
    """`?year=` of a list page: a school year, or nothing (the page then shows this year)."""

    year = forms.IntegerField(min_value=FIRST_SCHOOL_YEAR, max_value=LAST_SCHOOL_YEAR, required=False)

    def year_or(self, default: int) -> tuple[int, bool]:
        """(the year asked for, or `default`; whether a value was given and refused)."""
        if self.is_valid() and self.cleaned_data["year"] is not None:
            return self.cleaned_data["year"], False
        return default, bool(self.data.get("year"))


class SubmissionFormMixin:
    """A form saved exactly once: a hidden UUID made when the form opened (see core.idempotency).

    A damaged hidden id is something the person cannot see: say so above the form and start a new one.
    """

    def clean(self):
        data = super().clean()
        if "client_uuid" in self.errors:
            self.add_error(None, DAMAGED_FORM_MESSAGE)
            self.data = self.data.copy()
            self.data["client_uuid"] = str(uuid.uuid4())
        return data


def submission_uuid_field() -> forms.UUIDField:
    return forms.UUIDField(widget=forms.HiddenInput, error_messages={"required": DAMAGED_FORM_MESSAGE})


def plain_helper() -> FormHelper:
    """Crispy renders the fields; the template writes the <form> tag and the CSRF token."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper
