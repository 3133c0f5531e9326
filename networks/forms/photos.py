"""Approving a photo for sponsors: only a real yes records the parents' consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.visits import STORY_NOTE_MAX_LENGTH


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
    note = forms.CharField(
        label=_("Nota para la empresa auspiciadora (opcional)"),
        help_text=_("Una o dos frases sobre lo que muestra la foto, sin nombres de niños ni de docentes."),
        max_length=STORY_NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _("La nota tiene como máximo %(limit_value)d caracteres (tiene %(show_value)d): acórtela.")
        },
    )
