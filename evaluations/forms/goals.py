"""The goal form (set and change a goal, with who agreed it) and the progress form (one measure, on a phone)."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.validators import not_in_future

from ..models import SchoolGoal
from ..models.goals import MAX_AGREED_PARENTS, MAX_AGREED_TEACHERS, PROGRESS_NOTE_MAX_LENGTH
from ..services.goals import REASON_MAX_LENGTH, YEARS_AHEAD
from .common import (
    SubmissionFormMixin,
    amount_field,
    count_field,
    plain_helper,
    submission_uuid_field,
    year_field,
)

TEXT_TOO_LONG = _("El texto puede tener como máximo %(limit_value)s caracteres (tiene %(show_value)s).")


def text(label, *, max_length: int, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={"max_length": TEXT_TOO_LONG},
        **kwargs,
    )


class GoalForm(forms.Form):
    """A goal's fields. Creating: the school year too. Changing: a reason (needed for the baseline or the
    target once the school year has started; the service says so next to this field)."""

    school_year = forms.IntegerField()  # replaced in __init__ (its bounds depend on today)
    area = forms.ChoiceField(label=_("Área"), choices=[("", _("Elija…")), *SchoolGoal.Area.choices])
    indicator = text(
        _("Indicador"),
        max_length=200,
        help_text=_("Qué se mide. Ejemplo: % de estudiantes de 2.° grado en nivel satisfactorio en lectura."),
    )
    baseline = amount_field(_("Línea de base"), help_text=_("El valor al inicio, antes de trabajar la meta."))
    target = amount_field(_("Meta"), help_text=_("El valor al que se quiere llegar al final del año escolar."))
    agreed_by_director = text(
        _("Director(a) que acordó la meta"), max_length=120, required=False, help_text=_("Nombre y apellidos.")
    )
    agreed_teachers = count_field(_("Docentes que la acordaron"), maximum=MAX_AGREED_TEACHERS, required=False)
    agreed_parents = count_field(_("Padres de familia que la acordaron"), maximum=MAX_AGREED_PARENTS, required=False)
    agreed_on = forms.DateField(
        label=_("Fecha del acuerdo"), widget=DateInput, required=False, validators=[not_in_future]
    )
    change_reason = text(
        _("Motivo del cambio"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_("Obligatorio si cambia la línea de base o la meta después del 1 de marzo del año escolar."),
    )

    def __init__(self, *args, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        if editing:
            del self.fields["school_year"]
        else:
            del self.fields["change_reason"]
            self.fields["school_year"] = year_field(_("Año escolar"), last=today.year + YEARS_AHEAD)
            self.fields["school_year"].initial = today.year
        self.fields["agreed_on"].widget.attrs["max"] = today.isoformat()
        self.helper = plain_helper()

    @property
    def goal_fields(self) -> dict:
        names = ("area", "indicator", "baseline", "target", "agreed_by_director", "agreed_teachers", "agreed_parents")
        values = {name: self.cleaned_data[name] for name in names}
        values["agreed_on"] = self.cleaned_data.get("agreed_on")
        return values


class ProgressForm(SubmissionFormMixin, forms.Form):
    """One measure of a goal's indicator: the date, the value and a note."""

    client_uuid = submission_uuid_field()
    measured_on = forms.DateField(label=_("Fecha de la medición"), widget=DateInput, validators=[not_in_future])
    value = amount_field(_("Valor medido"))
    note = text(
        _("Nota"),
        max_length=PROGRESS_NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Opcional: cómo se midió, qué se observó."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["measured_on"].initial = today
        self.fields["measured_on"].widget.attrs["max"] = today.isoformat()
        self.fields["client_uuid"].initial = uuid.uuid4()
        self.helper = plain_helper()
