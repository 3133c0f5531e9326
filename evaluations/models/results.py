"""Assessment results (ECE-style): one school, year, grade and subject, counted by achievement level."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, school_year_field


class AssessmentResult(TimeStampedModel):
    """One school's results for one grade and subject in one year, by achievement level (no child data)."""

    class Subject(models.TextChoices):
        READING = "reading", _("Lectura")
        MATH = "math", _("Matemática")

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.PROTECT,
        related_name="assessment_results",
    )
    year = school_year_field(_("año"))
    grade = models.PositiveSmallIntegerField(_("grado"), validators=[MinValueValidator(1), MaxValueValidator(6)])
    subject = models.CharField(_("área evaluada"), max_length=10, choices=Subject.choices)
    students_programmed = models.PositiveIntegerField(_("estudiantes programados"))
    students_evaluated = models.PositiveIntegerField(_("estudiantes evaluados"))
    level_previo_inicio = models.PositiveIntegerField(_("previo al inicio"), default=0)
    level_en_inicio = models.PositiveIntegerField(_("en inicio"), default=0)
    level_en_proceso = models.PositiveIntegerField(_("en proceso"), default=0)
    level_satisfactorio = models.PositiveIntegerField(_("satisfactorio"), default=0)
    mean_score = models.DecimalField(
        _("medida promedio"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultado de evaluación")
        verbose_name_plural = _("resultados de evaluación")
        ordering = ["school", "-year", "grade", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "grade", "subject"],
                name="result_unique_school_year_grade_subject",
                violation_error_message=_("Ya hay un resultado para esta institución, año, grado y área."),
            ),
            models.CheckConstraint(
                condition=Q(students_evaluated__lte=F("students_programmed")),
                name="result_evaluated_not_above_programmed",
                violation_error_message=_("Los evaluados no pueden ser más que los programados."),
            ),
            models.CheckConstraint(
                condition=Q(
                    students_evaluated=F("level_previo_inicio")
                    + F("level_en_inicio")
                    + F("level_en_proceso")
                    + F("level_satisfactorio")
                ),
                name="result_levels_add_up",
                violation_error_message=_("La suma de estudiantes por nivel debe ser igual a los evaluados."),
            ),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=6), name="result_grade_1_6"),
        ]

    def __str__(self):
        return f"{self.school.name} · {self.year} · {self.grade}.° · {self.get_subject_display()}"

    @property
    def satisfactorio_share(self) -> Decimal | None:
        if not self.students_evaluated:
            return None
        return Decimal(self.level_satisfactorio) / Decimal(self.students_evaluated)
