"""Forms of visits: logging or correcting one on a phone, opening the form for a school, filtering lists."""

import datetime
import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import DateInput
from core.validators import not_in_future, within_planning_horizon

from ..models import Visit
from .common import SubmissionFormMixin, submission_uuid_field, text_field

SCORE_CHOICES = [
    ("1", _("1 · En inicio")),
    ("2", _("2 · En proceso")),
    ("3", _("3 · Logrado")),
    ("4", _("4 · Destacado")),
]


class TeacherSelect(forms.Select):
    """Each option carries its school, so the page can show only the chosen school's teachers."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-school"] = str(instance.school_id)
        return option


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(f, initial) for f in files]


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        grades = ", ".join(f"{g}.°" for g in obj.grades) if obj.grades else ""
        return f"{obj.last_name}, {obj.first_name}" + (f" ({grades})" if grades else "")


# Short labels for the big buttons on a phone; the legend says "Tipo de visita".
KIND_BUTTON_LABELS = [
    (Visit.Kind.CLASSROOM, _("En aula")),
    (Visit.Kind.HOME, _("Domiciliaria")),
    (Visit.Kind.DIRECTOR, _("Con el director(a)")),
    (Visit.Kind.NETWORK_MEETING, _("Reunión de red")),
]


POSITION_INVALID_MESSAGE = _(
    "La ubicación recibida no es válida y no se guardó: toque «Agregar mi ubicación» otra vez, o guarde sin ubicación."
)


def position_field(limit: int) -> forms.DecimalField:
    """Latitude (±90) or longitude (±180), filled by the phone when the person asks; a bad value says so."""
    messages = dict.fromkeys(
        ("invalid", "max_digits", "max_decimal_places", "max_whole_digits", "min_value", "max_value"),
        POSITION_INVALID_MESSAGE,
    )
    return forms.DecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-limit,
        max_value=limit,
        widget=forms.HiddenInput,
        error_messages=messages,
    )


class VisitForm(SubmissionFormMixin, forms.Form):
    """Log or edit a visit in under a minute on a phone. Errors keep everything typed."""

    client_uuid = submission_uuid_field()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    kind = forms.ChoiceField(label=_("Tipo de visita"), choices=KIND_BUTTON_LABELS, widget=forms.RadioSelect)
    school = forms.ModelChoiceField(label=_("Institución educativa"), queryset=None, empty_label=_("Elija…"))
    teacher = TeacherChoiceField(
        label=_("Docente observado(a)"),
        queryset=None,
        required=False,
        widget=TeacherSelect,
        empty_label=_("Elija…"),
        help_text=_("Obligatorio en visitas en aula."),
    )
    date = forms.DateField(label=_("Fecha de la visita"), widget=DateInput, validators=[not_in_future])
    duration_minutes = forms.IntegerField(
        label=_("Minutos"),
        required=False,
        min_value=5,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    observations = text_field(_("Observaciones"))
    agreements = text_field(_("Acuerdos"))
    follow_up_on = forms.DateField(
        label=_("Fecha de seguimiento"),
        required=False,
        widget=DateInput,
        validators=[within_planning_horizon],
        help_text=_("Desde la fecha de la visita y hasta un año después de hoy."),
    )
    latitude = position_field(90)
    longitude = position_field(180)
    photos = PhotosField(
        label=_("Fotos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,image/heif"}),
        help_text=_("JPEG, PNG o HEIC. Se guardan sin ubicación ni datos del teléfono."),
    )

    def __init__(self, *args, schools, teachers, competencies=(), photo_slots=None, fixed_school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_school = fixed_school  # editing: the visit's school, shown as text rather than offered
        today = timezone.localdate()
        self.fields["school"].queryset = schools
        self.fields["teacher"].queryset = teachers
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        self.fields["kind"].initial = Visit.Kind.CLASSROOM
        self.fields["date"].initial = today
        self.fields["client_uuid"].initial = uuid.uuid4()
        self.fields["follow_up_on"].widget.attrs["max"] = (
            today + datetime.timedelta(days=settings.CEE_PLANNING_HORIZON_DAYS)
        ).isoformat()
        self.photo_slots = settings.CEE_VISIT_MAX_PHOTOS if photo_slots is None else photo_slots
        if self.photo_slots <= 0:
            del self.fields["photos"]
        else:
            self.fields["photos"].label = _("Fotos (hasta %(n)s)") % {"n": self.photo_slots}
        self.competencies = list(competencies)
        for competency in self.competencies:
            self.fields[f"score_{competency.pk}"] = forms.ChoiceField(
                label=competency.name,
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "score"}),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @property
    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.competencies]

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        if len(photos) > self.photo_slots:
            message = ngettext(
                "Puede adjuntar hasta %(n)s foto más a esta visita.",
                "Puede adjuntar hasta %(n)s fotos más a esta visita.",
                self.photo_slots,
            )
            raise forms.ValidationError(message % {"n": self.photo_slots})
        return photos

    @property
    def position_errors(self) -> list[str]:
        """Errors of the hidden position, shown next to the location button (the model says half a position)."""
        errors = [*self["latitude"].errors, *self["longitude"].errors]
        return list(dict.fromkeys(errors))

    CROSS_FIELDS = ("kind", "teacher", "date", "follow_up_on", "latitude", "longitude")

    def clean(self):
        """The rules across fields (a classroom visit names its teacher, who teaches at that school; the
        follow-up after the visit; latitude and longitude together) are Visit.clean()'s: asked here on an
        unsaved visit, so every error shows at once, next to its field."""
        data = super().clean()
        school = data.get("school", self.fixed_school)
        if school is None:
            return data
        draft = Visit(school=school, **{name: data.get(name) for name in self.CROSS_FIELDS})
        try:
            draft.clean()
        except forms.ValidationError as error:
            # A field already in error (a bad date, a broken position) says what to fix first.
            position_broken = {"latitude", "longitude"} & set(self.errors)
            for field, messages in error.message_dict.items():
                if field not in self.errors and not (field == "latitude" and position_broken):
                    self.add_error(field if field in self.fields else None, messages)
        return data

    @property
    def scores(self) -> dict[int, int]:
        return {
            c.pk: int(self.cleaned_data[f"score_{c.pk}"])
            for c in self.competencies
            if self.cleaned_data.get(f"score_{c.pk}")
        }


class VisitStartForm(forms.Form):
    """Which school (and date) a new visit's form opens with: from the URL or the posted form, parsed here.

    A malformed or out-of-scope school gives no school (and the page says so), never an error page.
    """

    school = forms.ModelChoiceField(queryset=None, required=False)
    date = forms.DateField(required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools

    def parsed(self):
        """(school or None, date or None, whether the school given could not be used)."""
        self.is_valid()
        data = self.cleaned_data
        return data.get("school"), data.get("date"), "school" in self.errors


class VisitFilterForm(forms.Form):
    """Filters for a visit history; they live in the URL. A bad value is reported and the others still apply."""

    kind = forms.ChoiceField(
        label=_("Tipo"),
        required=False,
        choices=[("", _("Todos los tipos")), *Visit.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = forms.DateField(label=_("Desde"), required=False, widget=DateInput(attrs={"class": "form-control"}))
    date_to = forms.DateField(label=_("Hasta"), required=False, widget=DateInput(attrs={"class": "form-control"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("La fecha final no puede ser anterior a la inicial."))
        return data

    def valid_filters(self) -> dict:
        """The filters that parsed (every field with an error is left out, the rest still apply)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
