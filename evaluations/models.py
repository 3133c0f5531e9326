"""School goals, assessment results (ECE-style) and the monitoring reports built from them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, school_year_field


class SchoolGoal(TimeStampedModel):
    """A goal that the director, teachers and parents set for their school for one school year."""

    class Area(models.TextChoices):
        LEARNING = "learning", _("Aprendizajes")
        TEACHING = "teaching", _("Práctica docente")
        MANAGEMENT = "management", _("Gestión escolar")
        FAMILIES = "families", _("Participación de las familias")
        COEXISTENCE = "coexistence", _("Convivencia escolar")

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.PROTECT,
        related_name="goals",
    )
    school_year = school_year_field()
    area = models.CharField(_("área"), max_length=20, choices=Area.choices)
    indicator = models.CharField(_("indicador"), max_length=200)
    baseline = models.DecimalField(_("línea de base"), max_digits=10, decimal_places=2)
    target = models.DecimalField(_("meta"), max_digits=10, decimal_places=2)
    latest_value = models.DecimalField(_("último valor"), max_digits=10, decimal_places=2, null=True, blank=True)
    latest_measured_on = models.DateField(_("fecha de la última medición"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meta de la institución")
        verbose_name_plural = _("metas de las instituciones")
        ordering = ["school", "-school_year", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "indicator"],
                name="goal_unique_indicator_year",
                violation_error_message=_("La institución ya tiene una meta con este indicador ese año."),
            ),
        ]

    def __str__(self):
        return f"{self.school.name} · {self.school_year} · {self.indicator}"

    @property
    def progress(self) -> Decimal | None:
        """Share of the way from baseline to target (0..1, may exceed 1), or None without a measure."""
        if self.latest_value is None or self.target == self.baseline:
            return None
        return (self.latest_value - self.baseline) / (self.target - self.baseline)


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


class MonitoringReport(TimeStampedModel):
    """A monitoring report (informe de monitoreo) job: generated by Celery, its state kept here."""

    class Scope(models.TextChoices):
        NATION = "nation", _("Nacional")
        REGION = "region", _("Región")
        NETWORK = "network", _("Red educativa")
        SPONSOR = "sponsor", _("Empresa auspiciadora")
        SCHOOL = "school", _("Institución educativa")

    class Status(models.TextChoices):
        QUEUED = "queued", _("En cola")
        RUNNING = "running", _("En proceso")
        READY = "ready", _("Listo")
        FAILED = "failed", _("Falló")

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Excel (XLSX)")

    scope = models.CharField(_("alcance"), max_length=10, choices=Scope.choices)
    region = models.ForeignKey(
        "schools.Region",
        verbose_name=_("región"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_reports",
    )
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("red educativa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_reports",
    )
    sponsor = models.ForeignKey(
        "schools.Sponsor",
        verbose_name=_("empresa auspiciadora"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_reports",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_reports",
    )
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("fin del periodo"))
    format = models.CharField(_("formato"), max_length=4, choices=Format.choices, default=Format.PDF)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("archivo"), upload_to="reports/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("solicitado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_reports",
    )
    started_at = models.DateTimeField(_("iniciado"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminado"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)

    class Meta:
        verbose_name = _("informe de monitoreo")
        verbose_name_plural = _("informes de monitoreo")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_period_ordered",
                violation_error_message=_("El fin del periodo no puede ser anterior a su inicio."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        scope="nation",
                        region__isnull=True,
                        network__isnull=True,
                        sponsor__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        scope="region",
                        region__isnull=False,
                        network__isnull=True,
                        sponsor__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        scope="network",
                        region__isnull=True,
                        network__isnull=False,
                        sponsor__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        scope="sponsor",
                        region__isnull=True,
                        network__isnull=True,
                        sponsor__isnull=False,
                        school__isnull=True,
                    )
                    | Q(
                        scope="school",
                        region__isnull=True,
                        network__isnull=True,
                        sponsor__isnull=True,
                        school__isnull=False,
                    )
                ),
                name="report_scope_matches_target",
                violation_error_message=_(
                    "El alcance del informe debe indicar solo su región, red, empresa o institución."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="report_status_idx")]

    def __str__(self):
        period = f"{self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"
        return f"{self.get_scope_display()} · {self.target or ''} · {period}"

    @property
    def target(self):
        return self.region or self.network or self.sponsor or self.school

    def clean(self):
        needed = {
            "region": self.region_id,
            "network": self.network_id,
            "sponsor": self.sponsor_id,
            "school": self.school_id,
        }
        if self.scope in needed and not needed[self.scope]:
            raise ValidationError({self.scope: _("Indique a qué corresponde el informe.")})
