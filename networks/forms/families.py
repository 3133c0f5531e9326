"""The record of a meeting of parents and teachers: the problem, the agreements and their follow-up."""

import datetime
import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.validators import not_in_future, within_planning_horizon

from ..models import FamilyMeeting
from .common import SubmissionFormMixin, submission_uuid_field, text_field


class FamilyMeetingForm(SubmissionFormMixin, forms.Form):
    """Recorded on a phone after the meeting; the same form follows it up and closes it later."""

    client_uuid = submission_uuid_field()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    school = forms.ModelChoiceField(label=_("Institución educativa"), queryset=None, empty_label=_("Elija…"))
    kind = forms.ChoiceField(label=_("Tipo de reunión"), choices=FamilyMeeting.Kind.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Fecha"), widget=DateInput, validators=[not_in_future])
    problem = text_field(_("Problema que se trató"))
    agreed_at_home = text_field(_("Acuerdos para la casa"))
    agreed_at_school = text_field(_("Acuerdos para la escuela"))
    parents = forms.IntegerField(label=_("Padres de familia"), min_value=0, max_value=2000, initial=0)
    teachers = forms.IntegerField(label=_("Docentes"), min_value=0, max_value=500, initial=0)
    follow_up_by = forms.CharField(label=_("Quién hace el seguimiento"), max_length=120, required=False)
    follow_up_on = forms.DateField(
        label=_("Fecha de seguimiento"),
        required=False,
        widget=DateInput,
        validators=[within_planning_horizon],
        help_text=_("Desde la fecha de la reunión y hasta un año después de hoy."),
    )
    resolved_on = forms.DateField(
        label=_("Resuelto el"),
        required=False,
        widget=DateInput,
        validators=[not_in_future],
        help_text=_("Déjelo vacío mientras el problema siga abierto."),
    )
    resolution = text_field(_("Cómo se resolvió"))

    def __init__(self, *args, schools, is_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["problem"].required = True
        self.fields["school"].queryset = schools
        self.fields["kind"].initial = FamilyMeeting.Kind.PARENTS_TEACHERS
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        self.fields["resolved_on"].widget.attrs["max"] = today.isoformat()
        horizon = today + datetime.timedelta(days=settings.CEE_PLANNING_HORIZON_DAYS)
        self.fields["follow_up_on"].widget.attrs["max"] = horizon.isoformat()
        self.fields["client_uuid"].initial = uuid.uuid4()
        for name in ("parents", "teachers"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        if is_edit:
            del self.fields["school"]  # a meeting stays at the school where it happened
        else:
            del self.fields["resolved_on"], self.fields["resolution"]  # closed later, when it is solved
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @property
    def record(self) -> dict:
        """The cleaned fields the services take (everything but the submission's own)."""
        skip = {"client_uuid", "version", "school"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}
