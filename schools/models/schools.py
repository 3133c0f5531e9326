"""Public primary schools (instituciones educativas), their enrolment and their people."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, latitude_field, longitude_field, school_year_field

from ..validators import validate_codigo_local, validate_codigo_modular, validate_dni
from .geography import District

GRADES = range(1, 7)  # primary: 1.° to 6.°


class School(TimeStampedModel):
    """A public primary school (institución educativa), keyed by código modular + anexo as MINEDU does.

    Which network a school belongs to, and since when, is the networks app's SchoolMembership.
    """

    class MineduArea(models.TextChoices):
        URBAN = "urbana", _("Urbana")
        RURAL = "rural", _("Rural")

    class AreaType(models.TextChoices):
        URBAN = "urban", _("Urbana")
        PERI_URBAN = "peri_urban", _("Periurbana")
        RURAL = "rural", _("Rural")

    class Caracteristica(models.TextChoices):
        UNIDOCENTE = "unidocente", _("Unidocente")
        MULTIGRADO = "multigrado", _("Polidocente multigrado")
        COMPLETO = "completo", _("Polidocente completo")

    codigo_modular = models.CharField(
        _("código modular"), max_length=7, validators=[validate_codigo_modular], db_index=True
    )
    anexo = models.PositiveSmallIntegerField(_("anexo"), default=0, help_text=_("0 para la sede principal."))
    codigo_local = models.CharField(_("código de local"), max_length=6, blank=True, validators=[validate_codigo_local])
    name = models.CharField(_("nombre"), max_length=150)
    district = models.ForeignKey(District, verbose_name=_("distrito"), on_delete=models.PROTECT, related_name="schools")
    centro_poblado = models.CharField(_("centro poblado"), max_length=120, blank=True)
    minedu_area = models.CharField(_("área (MINEDU)"), max_length=10, choices=MineduArea.choices)
    area_type = models.CharField(_("tipo de área (programa)"), max_length=12, choices=AreaType.choices)
    caracteristica = models.CharField(_("característica"), max_length=12, choices=Caracteristica.choices)
    latitude = latitude_field()
    longitude = longitude_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institución educativa")
        verbose_name_plural = _("instituciones educativas")
        ordering = ["name", "codigo_modular"]
        constraints = [
            models.UniqueConstraint(
                fields=["codigo_modular", "anexo"],
                name="school_unique_codigo_modular_anexo",
                violation_error_message=_("Ya existe una institución con este código modular y anexo."),
            ),
            models.CheckConstraint(
                condition=Q(codigo_modular__regex=r"^[0-9]{7}$"), name="school_codigo_modular_seven_digits"
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="school_coordinates_both_or_none",
                violation_error_message=_("Indique latitud y longitud, o ninguna de las dos."),
            ),
        ]
        # The dashboards' lists page schools by (name, id): a page reads 26 index entries, not a sort of all.
        indexes = [models.Index(fields=["name", "id"], name="school_name_idx")]

    def __str__(self):
        return f"{self.name} ({self.codigo_modular}-{self.anexo})"

    def get_absolute_url(self):
        return reverse("admin:schools_school_change", args=[self.pk])


class Enrollment(TimeStampedModel):
    """Students enrolled in one grade of one school in one school year."""

    school = models.ForeignKey(
        School, verbose_name=_("institución educativa"), on_delete=models.CASCADE, related_name="enrollments"
    )
    school_year = school_year_field()
    grade = models.PositiveSmallIntegerField(_("grado"), validators=[MinValueValidator(1), MaxValueValidator(6)])
    students = models.PositiveIntegerField(_("estudiantes matriculados"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("matrícula")
        verbose_name_plural = _("matrículas")
        ordering = ["school", "-school_year", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "grade"], name="enrollment_unique_grade_year"),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=6), name="enrollment_grade_1_6"),
        ]

    def __str__(self):
        return f"{self.school} · {self.school_year} · {self.grade}.°"


class Teacher(TimeStampedModel):
    """A teacher (docente) or director of one school. DNI and phone are personal data (Ley 29733)."""

    class Position(models.TextChoices):
        TEACHER = "docente", _("Docente")
        DIRECTOR = "director", _("Director(a)")

    school = models.ForeignKey(
        School, verbose_name=_("institución educativa"), on_delete=models.PROTECT, related_name="teachers"
    )
    position = models.CharField(_("cargo"), max_length=10, choices=Position.choices, default=Position.TEACHER)
    first_name = models.CharField(_("nombres"), max_length=80)
    last_name = models.CharField(_("apellidos"), max_length=80)
    dni = models.CharField(_("DNI"), max_length=8, blank=True, validators=[validate_dni])
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    grades = models.JSONField(
        _("grados a cargo"), default=list, blank=True, help_text=_("Grados de 1.° a 6.° que enseña.")
    )
    is_active = models.BooleanField(_("activo"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("docente")
        verbose_name_plural = _("docentes")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["dni"],
                condition=~Q(dni=""),
                name="teacher_unique_dni",
                violation_error_message=_("Ya hay una persona registrada con este DNI."),
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(position="director", is_active=True),
                name="school_one_active_director",
                violation_error_message=_("La institución ya tiene un(a) director(a) activo(a)."),
            ),
        ]
        indexes = [
            models.Index(fields=["school", "is_active"], name="teacher_school_active_idx"),
            # Lists of teachers by name (the attention list, the dashboards' lists) read it in order.
            models.Index(fields=["last_name", "first_name", "id"], name="teacher_name_idx"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_director(self) -> bool:
        return self.position == self.Position.DIRECTOR

    def clean(self):
        grades = self.grades or []
        # type() rather than isinstance(): JSON true and 2.0 compare equal to 1 and 2 but are not grades.
        valid = isinstance(grades, list) and all(type(g) is int and g in GRADES for g in grades)
        if not valid or len(set(grades)) != len(grades):
            raise ValidationError({"grades": _("Los grados deben ser números distintos del 1 al 6.")})
        self.grades = sorted(grades)
