"""Choosing schools' forms: the offer's filters, a sponsor's request, staff's answer, candidate groups and
the facts of a candidate.

The forms read what was sent and offer only the choices a person may make; whether a school may still be
asked for, confirmed or added is the services' to say (schools.services), and the views put their answer
next to the fields it names.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schools.models import Candidate, Currency, Region, School, SchoolRequest
from schools.services import FACT_FIELDS, MAX_SCHOOLS_PER_REQUEST, agreement_start_years

from .common import SubmissionFormMixin, submission_uuid_field
from .goals import TEXT_TOO_LONG

NOTE_MAX_LENGTH = 2_000
MAX_IDS = 100  # more ids than any page offers: a crafted URL, refused in words
# How poor a district is, as a sponsor filters by it: up to a quintile (1 is the poorest).
POVERTY_CHOICES = [
    ("", _("Todos los quintiles")),
    ("1", _("Solo el quintil 1 (el más pobre)")),
    ("2", _("Quintiles 1 y 2")),
    ("3", _("Quintiles 1 a 3")),
]


def note_field(label, *, required: bool = False, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TEXT_TOO_LONG},
        help_text=help_text,
    )


class CandidateIdsField(forms.Field):
    """The candidates chosen (`?c=12&c=15`, checkboxes or hidden inputs): distinct ids, in the order given."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("La selección de instituciones no es válida. Vuelva a elegirlas en la lista."),
        "too_many": _("Puede elegir hasta %(limit)s instituciones a la vez."),
    }

    def __init__(self, *, limit: int = MAX_IDS, **kwargs):
        self.limit = limit
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = []
        for raw in values:
            text = str(raw).strip()
            if not text.isascii() or not text.isdigit() or len(text) > 10 or int(text) == 0:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            if int(text) not in ids:
                ids.append(int(text))
        if len(ids) > self.limit:
            raise ValidationError(self.error_messages["too_many"] % {"limit": self.limit}, code="too_many")
        return ids


class OfferFilterForm(forms.Form):
    """The offer's filters (`?region=20&area=rural&pobreza=2`) and the schools ticked (`?c=`)."""

    region = forms.ModelChoiceField(
        label=_("Región"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Todas las regiones"),
        to_field_name="code",
    )
    area = forms.ChoiceField(
        label=_("Área"), choices=[("", _("Todas las áreas")), *School.AreaType.choices], required=False
    )
    pobreza = forms.ChoiceField(label=_("Pobreza del distrito"), choices=POVERTY_CHOICES, required=False)
    c = CandidateIdsField()

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def values(self) -> tuple[dict, list[str]]:
        """(the filters that hold, the names of those refused): a refused filter is dropped, never a 500."""
        if not self.is_bound:
            return {}, []
        self.is_valid()
        cleaned = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return cleaned, [str(self.fields[name].label or name) for name in self.errors]


class SchoolRequestForm(SubmissionFormMixin, forms.Form):
    """A sponsor's request: the schools chosen (hidden), a message for IPAE, the form's own id."""

    c = CandidateIdsField(limit=MAX_SCHOOLS_PER_REQUEST, required=True)
    message = note_field(
        _("Mensaje para IPAE (opcional)"),
        help_text=_("Por ejemplo, por qué eligió estas instituciones o desde cuándo quisiera auspiciarlas."),
    )
    client_uuid = submission_uuid_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["c"].error_messages["required"] = _("Elija al menos una institución en la lista.")


class ConfirmForm(forms.Form):
    """Staff confirm a request: which of its schools, the agreement's first year, the money per school."""

    items = forms.TypedMultipleChoiceField(
        label=_("Instituciones que se confirman"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Elija al menos una institución para confirmar."),
            "invalid_choice": _("Elija instituciones de esta solicitud."),
        },
    )
    start_year = forms.TypedChoiceField(
        label=_("Primer año escolar del convenio"),
        coerce=int,
        help_text=_("El convenio dura cinco años escolares desde este."),
        error_messages={"invalid_choice": _("Elija un año de la lista.")},
    )
    committed_amount = forms.DecimalField(
        label=_("Monto comprometido por institución (los cinco años)"),
        min_value=0.01,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "min_value": _("Indique un monto mayor que cero."),
            "max_digits": _("El monto es demasiado grande."),
            "max_whole_digits": _("El monto es demasiado grande."),
            "invalid": _("Escriba el monto con números, por ejemplo 60000.00."),
        },
    )
    currency = forms.ChoiceField(label=_("Moneda"), choices=Currency.choices, initial=Currency.PEN)
    decision_note = note_field(_("Mensaje para la empresa (opcional)"))
    internal_note = note_field(_("Nota interna (opcional)"), help_text=_("Solo para IPAE: la empresa nunca la ve."))

    def __init__(self, *args, items, start_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items
        self.fields["start_year"].choices = [(year, str(year)) for year in agreement_start_years()]
        self.fields["start_year"].initial = start_year
        self.fields["committed_amount"].widget.attrs["inputmode"] = "decimal"


class DeclineForm(forms.Form):
    decision_note = note_field(_("Motivo"), required=True, help_text=_("La empresa lo leerá con la respuesta."), rows=3)
    internal_note = note_field(_("Nota interna (opcional)"), help_text=_("Solo para IPAE: la empresa nunca la ve."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_note"].error_messages["required"] = _("Escriba el motivo: la empresa lo leerá.")


class RequestFilterForm(forms.Form):
    """`?estado=` of the requests' list."""

    estado = forms.ChoiceField(
        label=_("Estado"), choices=[("", _("Todos")), *SchoolRequest.Status.choices], required=False
    )


class CandidateGroupForm(forms.Form):
    """A would-be network: its name, its region, what sponsors read about it, and staff's own note."""

    name = forms.CharField(label=_("Nombre"), max_length=120, help_text=_("Por ejemplo, «Red propuesta Sullana»."))
    region = forms.ModelChoiceField(
        label=_("Región"),
        queryset=Region.objects.filter(is_program_region=True).order_by("name"),
        empty_label=_("Elija una región…"),
        error_messages={"invalid_choice": _("Elija una región del programa de la lista.")},
    )
    description = note_field(
        _("Descripción para las empresas"), help_text=_("Por qué proponemos este grupo. Las empresas la leen."), rows=4
    )
    internal_note = note_field(_("Nota interna"), help_text=_("Solo para IPAE: las empresas nunca la ven."))


class CandidateFactsForm(forms.ModelForm):
    """The facts a candidate is shown with. Read by the view and written by `candidate_facts_set`."""

    class Meta:
        model = Candidate
        fields = FACT_FIELDS
        widgets = {"public_note": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "reading_satisfactory": _("Lectura (% satisfactorio)"),
            "math_satisfactory": _("Matemática (% satisfactorio)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("poverty_rate", "distance_km", "reading_satisfactory", "math_satisfactory"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        for name in ("students", "students_year", "results_year", "results_grade"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def validate_unique(self):
        """The service checks what spans rows; the form only reads the fields."""


class SchoolSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar en el padrón"),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Escriba como máximo %(limit_value)s caracteres.")},
    )


class AddCandidateForm(forms.Form):
    school = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
