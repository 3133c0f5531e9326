"""Handing a network to another coordinator."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DateInput
from core.validators import within_planning_horizon


class CoordinatorSearchForm(forms.Form):
    buscar = forms.CharField(
        label=_("Buscar coordinador(a)"),
        required=False,
        max_length=60,
        help_text=_(
            "Se muestran quienes trabajaron en la región o no tienen red hoy. Busque por nombre para ver a otros."
        ),
    )


class ReassignForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label=_("Nuevo(a) coordinador(a)"),
        queryset=User.objects.none(),
        empty_label=_("Elija…"),
    )
    starts_on = forms.DateField(
        label=_("Desde"),
        widget=DateInput,
        validators=[within_planning_horizon],
        help_text=_("Hasta un año después de hoy."),
    )

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["coordinator"].queryset = coordinators
        self.fields["starts_on"].initial = today
        self.fields["starts_on"].widget.attrs["max"] = (
            today + datetime.timedelta(days=settings.CEE_PLANNING_HORIZON_DAYS)
        ).isoformat()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
