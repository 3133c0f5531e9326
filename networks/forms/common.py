"""What the field-work forms share: a submission saved exactly once, and free text of a sane length."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_MAX_LENGTH, TEXT_MAX_LENGTH_MESSAGE

DAMAGED_FORM_MESSAGE = _(
    "El formulario llegó incompleto (quizá por la señal). Lo que escribió sigue abajo: revíselo y vuelva a guardar."
)


def text_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        error_messages={"max_length": TEXT_MAX_LENGTH_MESSAGE},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SubmissionFormMixin:
    """A form saved exactly once: a hidden UUID made when the form opened (see core.idempotency).

    A damaged hidden field is something the person cannot see: say so above the form, in words they
    can act on, and start a new submission UUID so the next save goes through.
    """

    HIDDEN_CHECKS = ("client_uuid", "version")

    def clean(self):
        data = super().clean()
        if any(name in self.errors for name in self.HIDDEN_CHECKS):
            self.add_error(None, DAMAGED_FORM_MESSAGE)
            if "client_uuid" in self.errors:
                self.data = self.data.copy()
                self.data["client_uuid"] = str(uuid.uuid4())
        return data


def submission_uuid_field() -> forms.UUIDField:
    return forms.UUIDField(widget=forms.HiddenInput, error_messages={"required": DAMAGED_FORM_MESSAGE})
