"""Approving a photo for sponsors: only a real yes records the parents' consent."""

from django import forms
from django.utils.translation import gettext_lazy as _


class YesCheckboxInput(forms.CheckboxInput):
    """A box that is ticked only by a real yes: what a browser sends for a ticked box ("on"), or "yes".

    Django's checkbox reads any other non-empty text as ticked, so "0", "no" or "false" would record
    consent that nobody gave.
    """

    YES = frozenset({"on", "yes", "true", "1", "si", "sí"})

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return isinstance(value, str) and value.strip().lower() in self.YES


class PhotoApproveForm(forms.Form):
    consent_recorded = forms.BooleanField(
        widget=YesCheckboxInput,
        label=_("La institución tiene el consentimiento escrito de los padres de los niños que aparecen."),
        required=True,
        error_messages={"required": _("Confirme que la institución tiene el consentimiento de los padres.")},
    )
