"""The assessment result form: one school, year, grade and subject, counted by achievement level."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import AssessmentResult
from ..services.results import RESULT_FIELDS
from .common import count_field, plain_helper, year_field

# Students of one grade in one primary school: more than this is a typing error.
MAX_STUDENTS = 2000
GRADE_CHOICES = [("", _("Elija…"))] + [(grade, f"{grade}.°") for grade in range(1, 7)]


class ResultForm(forms.Form):
    year = forms.IntegerField()  # replaced in __init__ (its bound is this year)
    grade = forms.TypedChoiceField(
        label=_("Grado"),
        choices=GRADE_CHOICES,
        coerce=int,
        error_messages={"invalid_choice": _("Elija un grado de 1.° a 6.°.")},
    )
    subject = forms.ChoiceField(
        label=_("Área evaluada"), choices=[("", _("Elija…")), *AssessmentResult.Subject.choices]
    )
    students_programmed = count_field(_("Estudiantes programados"), maximum=MAX_STUDENTS)
    students_evaluated = count_field(_("Estudiantes evaluados"), maximum=MAX_STUDENTS)
    level_previo_inicio = count_field(_("Previo al inicio"), maximum=MAX_STUDENTS, initial=0)
    level_en_inicio = count_field(_("En inicio"), maximum=MAX_STUDENTS, initial=0)
    level_en_proceso = count_field(_("En proceso"), maximum=MAX_STUDENTS, initial=0)
    level_satisfactorio = count_field(_("Satisfactorio"), maximum=MAX_STUDENTS, initial=0)
    mean_score = forms.DecimalField(
        label=_("Medida promedio"),
        required=False,
        min_value=0,
        max_value=1000,
        max_digits=6,
        decimal_places=1,
        help_text=_("En la escala de la ECE (media 500). Opcional."),
        error_messages={
            "min_value": _("La medida promedio está entre 0 y 1000."),
            "max_value": _("La medida promedio está entre 0 y 1000."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"] = year_field(_("Año de la evaluación"), last=this_year)
        self.fields["year"].initial = this_year - 1
        self.fields["mean_score"].widget.attrs["inputmode"] = "decimal"
        self.order_fields(RESULT_FIELDS)
        self.helper = plain_helper()

    @property
    def result_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in RESULT_FIELDS}
