"""Planning or changing a workshop; filtering the list; the year of a coverage page."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.validators import EARLIEST_DATE, within_planning_horizon
from networks.models import ProgramYear, program_year_label

from ..models import AUDIENCE_MESSAGE, MAX_DAYS, MAX_HOURS_PER_DAY, REGION_XOR_NETWORK_MESSAGE, Workshop

AUDIENCES = [
    ("directors", _("Directores")),
    ("teachers", _("Docentes")),
    ("parents", _("Padres de familia")),
]
AUDIENCE_FIELDS = {"directors": "for_directors", "teachers": "for_teachers", "parents": "for_parents"}


class NetworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.region.name})"


class WorkshopForm(forms.Form):
    """A workshop's plan. Coordinators choose among their networks; staff a network or a region."""

    title = forms.CharField(label=_("Título"), max_length=150)
    network = NetworkChoiceField(
        label=_("Red educativa"),
        queryset=None,
        required=False,
        empty_label=_("Elija…"),
        error_messages={"invalid_choice": _("Elija una de las redes de la lista.")},
    )
    region = forms.ModelChoiceField(
        label=_("o región (taller regional)"),
        queryset=None,
        required=False,
        empty_label=_("Ninguna: el taller es de la red"),
        error_messages={"invalid_choice": _("Elija una de las regiones de la lista.")},
    )
    program_year = forms.TypedChoiceField(
        label=_("Año del programa"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("El año del programa debe estar entre 1 y 5.")},
        help_text=_("En un taller de red, vacío toma el año de la red en la fecha de inicio."),
    )
    modality = forms.ChoiceField(label=_("Modalidad"), choices=Workshop.Modality.choices, widget=forms.RadioSelect)
    starts_on = forms.DateField(label=_("Fecha de inicio"), widget=DateInput, validators=[within_planning_horizon])
    ends_on = forms.DateField(
        label=_("Fecha de fin"),
        widget=DateInput,
        required=False,
        validators=[within_planning_horizon],
        help_text=_("Vacía si el taller dura un solo día."),
    )
    duration_hours = forms.DecimalField(
        label=_("Duración (horas)"),
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=MAX_DAYS * MAX_HOURS_PER_DAY,
        help_text=_("Horas en total, por ejemplo 3 o 1.5."),
    )
    venue = forms.CharField(
        label=_("Lugar o enlace"),
        max_length=200,
        help_text=_(
            "Presencial: el lugar (por ejemplo, «Auditorio de la UGEL Piura»). "
            "Virtual: el enlace de la reunión (https://…)."
        ),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Público"),
        choices=AUDIENCES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": AUDIENCE_MESSAGE, "invalid_choice": AUDIENCE_MESSAGE},
    )
    facilitator = forms.CharField(
        label=_("Facilitador(a)"), max_length=150, required=False, help_text=_("Nombre de quien dirige el taller.")
    )

    def __init__(self, *args, networks, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        if regions.exists():
            self.fields["region"].queryset = regions
            self.fields["network"].empty_label = _("Ninguna: el taller es regional")
        else:
            del self.fields["region"]
            self.fields["network"].required = True
        self.fields["program_year"].choices = [
            ("", _("El de la red en la fecha de inicio")),
            *[(year, program_year_label(year)) for year in ProgramYear.values],
        ]
        self.fields["starts_on"].widget.attrs["min"] = EARLIEST_DATE.isoformat()
        self.fields["duration_hours"].widget.attrs.update(inputmode="decimal", step="0.5")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @classmethod
    def initial_for(cls, workshop: Workshop) -> dict:
        audiences = [key for key, field in AUDIENCE_FIELDS.items() if getattr(workshop, field)]
        initial = {name: getattr(workshop, name) for name in ("title", "program_year", "modality", "venue")}
        return initial | {
            "network": workshop.network_id,
            "region": workshop.region_id,
            "starts_on": workshop.starts_on,
            "ends_on": workshop.ends_on,
            "duration_hours": workshop.duration_hours,
            "facilitator": workshop.facilitator,
            "audiences": audiences,
        }

    def clean(self):
        data = super().clean()
        choosing = "region" in self.fields and not {"network", "region"} & set(self.errors)
        if choosing and bool(data.get("network")) == bool(data.get("region")):
            self.add_error("network", REGION_XOR_NETWORK_MESSAGE)
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and not ends_on and "ends_on" not in self.errors:
            data["ends_on"] = starts_on
        elif starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fecha de fin no puede ser anterior a la de inicio."))
        return data

    def service_arguments(self) -> dict:
        """The cleaned data as the services take it."""
        data = self.cleaned_data
        audiences = set(data["audiences"])
        return {
            "title": data["title"],
            "network": data.get("network"),
            "region": data.get("region"),
            "program_year": data["program_year"],
            "modality": data["modality"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "duration_hours": data["duration_hours"],
            "venue": data["venue"],
            "facilitator": data["facilitator"],
            **{field: key in audiences for key, field in AUDIENCE_FIELDS.items()},
        }


def year_field(*, latest: int) -> forms.IntegerField:
    message = _("Escriba un año entre 2000 y %(year)s.") % {"year": latest}
    return forms.IntegerField(
        label=_("Año"),
        required=False,
        min_value=EARLIEST_DATE.year,
        max_value=latest,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class WorkshopFilterForm(forms.Form):
    """The list's filters; they live in the URL. A bad value is reported and the others still apply."""

    def __init__(self, *args, networks, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = year_field(latest=timezone.localdate().year + 1)
        self.fields["network"] = NetworkChoiceField(
            label=_("Red"),
            queryset=networks,
            required=False,
            empty_label=_("Todas las redes"),
            error_messages={"invalid_choice": _("Esa red no existe o no está entre las que usted ve.")},
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["region"] = forms.ModelChoiceField(
            label=_("Región"),
            queryset=regions,
            to_field_name="code",
            required=False,
            empty_label=_("Todas las regiones"),
            error_messages={"invalid_choice": _("Esa región no existe o no está entre las que usted ve.")},
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    def valid_filters(self) -> dict:
        """The filters that parsed (every field with an error is left out, the rest still apply)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class CoverageYearForm(forms.Form):
    """The school year of a coverage page (this year unless the URL says another)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = year_field(latest=timezone.localdate().year)
        self.fields["year"].initial = timezone.localdate().year

    @property
    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year
