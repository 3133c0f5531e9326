"""Forms for field work. They parse and check input; the services decide and save."""

import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Role, User

from .models import Visit
from .services.meetings import PARTICIPANT_FIELDS

SCORE_CHOICES = [
    ("1", _("1 · En inicio")),
    ("2", _("2 · En proceso")),
    ("3", _("3 · Logrado")),
    ("4", _("4 · Destacado")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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


class VisitForm(forms.Form):
    """Log or edit a visit in under a minute on a phone. Errors keep everything typed."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
    date = forms.DateField(label=_("Fecha de la visita"), widget=DateInput)
    duration_minutes = forms.IntegerField(
        label=_("Minutos"),
        required=False,
        min_value=5,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    observations = forms.CharField(label=_("Observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agreements = forms.CharField(label=_("Acuerdos"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_on = forms.DateField(label=_("Fecha de seguimiento"), required=False, widget=DateInput)
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    photos = PhotosField(
        label=_("Fotos (hasta 3)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,image/heif"}),
        help_text=_("JPEG, PNG o HEIC. Se guardan sin ubicación ni datos del teléfono."),
    )

    def __init__(self, *args, schools, teachers, competencies=(), photo_slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["school"].queryset = schools
        self.fields["teacher"].queryset = teachers
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        self.fields["kind"].initial = Visit.Kind.CLASSROOM
        self.fields["date"].initial = today
        self.fields["client_uuid"].initial = uuid.uuid4()
        self.photo_slots = settings.CEE_VISIT_MAX_PHOTOS if photo_slots is None else photo_slots
        if self.photo_slots <= 0:
            del self.fields["photos"]
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

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("La fecha no puede ser posterior a hoy."))
        return date

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

    def clean(self):
        data = super().clean()
        school, teacher, kind = data.get("school"), data.get("teacher"), data.get("kind")
        if kind == Visit.Kind.CLASSROOM and not teacher and "teacher" not in self.errors:
            self.add_error("teacher", _("Una visita en aula necesita el o la docente observado(a)."))
        if school and teacher and teacher.school_id != school.pk:
            self.add_error("teacher", _("El o la docente no pertenece a esta institución educativa."))
        follow_up, date = data.get("follow_up_on"), data.get("date")
        if follow_up and date and follow_up < date:
            self.add_error("follow_up_on", _("La fecha de seguimiento no puede ser anterior a la visita."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            data["latitude"] = data["longitude"] = None  # half a position is no position
        return data

    @property
    def scores(self) -> dict[int, int]:
        return {
            c.pk: int(self.cleaned_data[f"score_{c.pk}"])
            for c in self.competencies
            if self.cleaned_data.get(f"score_{c.pk}")
        }


class VisitFilterForm(forms.Form):
    """Filters for a visit history; they live in the URL."""

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


class MeetingForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    network = forms.ModelChoiceField(label=_("Red educativa"), queryset=None, empty_label=_("Elija…"))
    date = forms.DateField(label=_("Fecha de la reunión"), widget=DateInput)
    directors = forms.IntegerField(label=_("Directores"), min_value=0, max_value=500, initial=0)
    teachers = forms.IntegerField(label=_("Docentes"), min_value=0, max_value=500, initial=0)
    parents = forms.IntegerField(label=_("Padres de familia"), min_value=0, max_value=2000, initial=0)
    community_leaders = forms.IntegerField(label=_("Líderes comunitarios"), min_value=0, max_value=500, initial=0)
    local_organizations = forms.IntegerField(label=_("Organizaciones locales"), min_value=0, max_value=500, initial=0)
    decisions = forms.CharField(label=_("Decisiones"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agreements = forms.CharField(label=_("Acuerdos"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

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

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("La fecha no puede ser posterior a hoy."))
        return date

    @property
    def participants(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in PARTICIPANT_FIELDS}


class PhotoApproveForm(forms.Form):
    consent_recorded = forms.BooleanField(
        label=_("La institución tiene el consentimiento escrito de los padres de los niños que aparecen."),
        required=True,
        error_messages={"required": _("Confirme que la institución tiene el consentimiento de los padres.")},
    )


class ReassignForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label=_("Nuevo(a) coordinador(a)"),
        queryset=User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("last_name", "first_name"),
        empty_label=_("Elija…"),
    )
    starts_on = forms.DateField(label=_("Desde"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
