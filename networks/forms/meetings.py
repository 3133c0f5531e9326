"""The network meeting form: who took part, by role, and what they decided."""

import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.validators import not_in_future

from ..services.meetings import PARTICIPANT_FIELDS
from .common import SubmissionFormMixin, submission_uuid_field, text_field


class MeetingForm(SubmissionFormMixin, forms.Form):
    client_uuid = submission_uuid_field()
    network = forms.ModelChoiceField(label=_("Red educativa"), queryset=None, empty_label=_("Elija…"))
    date = forms.DateField(label=_("Fecha de la reunión"), widget=DateInput, validators=[not_in_future])
    directors = forms.IntegerField(label=_("Directores"), min_value=0, max_value=500, initial=0)
    teachers = forms.IntegerField(label=_("Docentes"), min_value=0, max_value=500, initial=0)
    parents = forms.IntegerField(label=_("Padres de familia"), min_value=0, max_value=2000, initial=0)
    community_leaders = forms.IntegerField(label=_("Líderes comunitarios"), min_value=0, max_value=500, initial=0)
    local_organizations = forms.IntegerField(label=_("Organizaciones locales"), min_value=0, max_value=500, initial=0)
    decisions = text_field(_("Decisiones"))
    agreements = text_field(_("Acuerdos"))

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["date"].initial = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["client_uuid"].initial = uuid.uuid4()
        for name in PARTICIPANT_FIELDS:
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @property
    def participants(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in PARTICIPANT_FIELDS}
