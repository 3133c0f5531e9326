"""The monitoring reports' forms: asking for a report, the team's comment of a new version, the list's filter.

The forms only read what was sent and offer the choices a person may make; whether the report may be asked
for (the target is theirs, the queue has room, the period is offered) is `report_request`'s to say, and
the view puts its answer next to the fields it names.
"""

import datetime
from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_ipae_staff
from networks.models import Network
from schools.models import Region
from schools.selectors import sponsors_visible_to

from ..dashboard.period import Period, parse_period, period_choices
from ..models import MonitoringReport
from .goals import TEXT_TOO_LONG

Scope = MonitoringReport.Scope
Format = MonitoringReport.Format
Status = MonitoringReport.Status

NARRATIVE_MAX_LENGTH = MonitoringReport._meta.get_field("narrative").max_length
# The field that names the target of each scope (the nation has none).
TARGET_FIELD = {Scope.REGION: "region", Scope.NETWORK: "network", Scope.SPONSOR: "sponsor"}
TARGET_MISSING = {
    "region": _("Elija la región del informe."),
    "network": _("Elija la red educativa del informe."),
    "sponsor": _("Elija la empresa auspiciadora del informe."),
}
STAFF_FIELDS = ("scope", "region", "network", "sponsor", "narrative")


def narrative_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Comentario del equipo"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TEXT_TOO_LONG},
        help_text=_("Opcional. El informe lo incluye en su sección «Comentario». Hasta 4000 caracteres."),
        **kwargs,
    )


def network_choices() -> list:
    """Every network, grouped by region (a long list reads better in groups): one query."""
    rows = Network.objects.order_by("region__name", "name").values_list("pk", "name", "region__name")
    grouped = [
        (region, [(pk, name) for pk, name, _region in networks])
        for region, networks in groupby(rows, key=lambda row: row[2])
    ]
    return [("", _("Elija una red…")), *grouped]


class ReportRequestForm(forms.Form):
    """What a report is: its scope and target (staff), its period and its format, the team's comment (staff).

    A sponsor's user sees only the period and the format: the report is their company's, and no other
    company is ever offered to them (the fields that would name one are not on their form at all).
    """

    scope = forms.ChoiceField(
        label=_("Alcance"),
        choices=Scope.choices,
        initial=Scope.NETWORK,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Elija el alcance del informe: nacional, región, red o empresa.")},
    )
    region = forms.ModelChoiceField(
        label=_("Región del informe"),
        queryset=Region.objects.filter(is_program_region=True).order_by("name"),
        required=False,
        empty_label=_("Elija una región…"),
        error_messages={"invalid_choice": _("Elija una región del programa de la lista.")},
    )
    network = forms.TypedChoiceField(
        label=_("Red educativa del informe"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Elija una red educativa de la lista.")},
    )
    sponsor = forms.ModelChoiceField(
        label=_("Empresa del informe"),
        queryset=None,  # the sponsors the person sees (__init__)
        required=False,
        empty_label=_("Elija una empresa…"),
        error_messages={"invalid_choice": _("Elija una empresa auspiciadora de la lista.")},
    )
    period = forms.ChoiceField(
        label=_("Periodo"),
        help_text=_("Un mes o un año escolar completo."),
        error_messages={"invalid_choice": _("Elija un periodo de la lista: un mes o un año ya empezado.")},
    )
    format = forms.ChoiceField(
        label=_("Formato"),
        choices=Format.choices,
        initial=Format.PDF,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Elija PDF o Excel.")},
    )
    narrative = narrative_field()

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.for_staff = is_ipae_staff(user)
        choices = period_choices(today)
        self.fields["period"].choices = choices
        # Last month first: the month just closed is what people ask for most.
        self.fields["period"].initial = choices[1][0] if len(choices) > 1 else choices[0][0]
        if self.for_staff:
            self.fields["network"].choices = network_choices()
            self.fields["sponsor"].queryset = sponsors_visible_to(user).order_by("name")
        else:
            for name in STAFF_FIELDS:
                del self.fields[name]

    def clean_network(self):
        pk = self.cleaned_data.get("network")
        return Network.objects.select_related("region").filter(pk=pk).first() if pk else None

    def clean(self):
        data = super().clean()
        if not self.for_staff:
            return data
        scope = data.get("scope")
        needed = TARGET_FIELD.get(scope)
        for name in TARGET_FIELD.values():
            if name == needed:
                continue
            # A target of another scope (chosen before the scope changed, or left by a page without
            # JavaScript) is not part of this report: drop it, and any complaint about it.
            data[name] = None
            self.errors.pop(name, None)
        if needed and data.get(needed) is None and needed not in self.errors:
            self.add_error(needed, TARGET_MISSING[needed])
        return data

    @property
    def chosen_period(self) -> Period | None:
        return parse_period(self.cleaned_data.get("period"), self.today)

    def targets(self) -> dict:
        """The service's arguments of scope and target (staff; the view sets a sponsor's own)."""
        return {name: self.cleaned_data.get(name) for name in ("scope", "region", "network", "sponsor")}


class ReportVersionForm(forms.Form):
    """Staff write (or change) the team's comment: the same report is made again as its next version."""

    narrative = narrative_field()


class ReportFilterForm(forms.Form):
    """`?status=` of the list: one status, or all of them."""

    status = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos")), *Status.choices],
    )

    def status_or_none(self) -> tuple[str | None, bool]:
        """(the status asked for, or None for all; whether a value was given and refused)."""
        if self.is_valid():
            return self.cleaned_data["status"] or None, False
        return None, True
