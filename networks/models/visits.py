"""Field work: a coordinator's visits, their observation rubric and their photos."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, latitude_field, longitude_field
from core.validators import not_in_future, text_max_length, within_planning_horizon

from .curriculum import Competency, program_year_check, program_year_field

STORY_NOTE_MAX_LENGTH = 280  # a short note under a photo, not an article

HALF_POSITION_MESSAGE = _(
    "La ubicación llegó incompleta y no se guardó: toque «Agregar mi ubicación» otra vez, o guarde sin ubicación."
)


class Visit(TimeStampedModel):
    """A coordinator's visit (visita de acompañamiento): evidence, so it is never deleted by a cascade."""

    class Kind(models.TextChoices):
        CLASSROOM = "classroom", _("Visita de acompañamiento en aula")
        HOME = "home", _("Visita domiciliaria")
        DIRECTOR = "director", _("Reunión con el director")
        NETWORK_MEETING = "network_meeting", _("Reunión de red")

    client_uuid = models.UUIDField(
        _("identificador del envío"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Generado en el teléfono: un envío repetido no crea una segunda visita."),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinador(a)"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    teacher = models.ForeignKey(
        "schools.Teacher",
        verbose_name=_("docente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    date = models.DateField(_("fecha"), validators=[not_in_future])
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duración (minutos)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    program_year = program_year_field()
    observations = models.TextField(_("observaciones"), blank=True, validators=[text_max_length()])
    agreements = models.TextField(_("acuerdos"), blank=True, validators=[text_max_length()])
    follow_up_on = models.DateField(
        _("fecha de seguimiento"), null=True, blank=True, validators=[within_planning_horizon]
    )
    latitude = latitude_field()
    longitude = longitude_field()
    version = models.PositiveIntegerField(
        _("versión"), default=1, editable=False, help_text=_("Sube con cada cambio: evita que dos ediciones se pisen.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visita")
        verbose_name_plural = _("visitas")
        ordering = ["-date", "-created_at"]
        constraints = [
            program_year_check("visit_program_year_1_5"),
            models.CheckConstraint(
                condition=~Q(kind="classroom") | Q(teacher__isnull=False),
                name="visit_classroom_has_teacher",
                violation_error_message=_("Una visita en aula necesita el o la docente observado(a)."),
            ),
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=F("date")),
                name="visit_follow_up_after_date",
                violation_error_message=_("La fecha de seguimiento no puede ser anterior a la visita."),
            ),
        ]
        indexes = [
            models.Index(fields=["school", "-date"], name="visit_school_date_idx"),
            models.Index(fields=["coordinator", "-date"], name="visit_coordinator_date_idx"),
            # The visit lists' order (newest first), so a page reads 25 index entries, not a day's visits.
            models.Index(fields=["-date", "-created_at", "id"], name="visit_recent_idx"),
            # Counts by period and school (dashboards) answered from the index alone.
            models.Index(fields=["date", "school"], name="visit_date_school_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.school.name} · {self.date:%d/%m/%Y}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.CLASSROOM and not self.teacher_id:
            errors["teacher"] = _("Una visita en aula necesita el o la docente observado(a).")
        if self.teacher_id and self.school_id and self.teacher.school_id != self.school_id:
            errors["teacher"] = _("El o la docente no pertenece a esta institución educativa.")
        if self.date and self.follow_up_on and self.follow_up_on < self.date:
            errors["follow_up_on"] = _("La fecha de seguimiento no puede ser anterior a la visita.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = HALF_POSITION_MESSAGE
        if errors:
            raise ValidationError(errors)


class VisitScore(TimeStampedModel):
    """The observation rubric: one competency of the visit's program year scored 1 to 4."""

    visit = models.ForeignKey(Visit, verbose_name=_("visita"), on_delete=models.CASCADE, related_name="scores")
    competency = models.ForeignKey(
        Competency, verbose_name=_("competencia"), on_delete=models.PROTECT, related_name="visit_scores"
    )
    score = models.PositiveSmallIntegerField(
        _("nivel observado"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("puntaje de la rúbrica")
        verbose_name_plural = _("puntajes de la rúbrica")
        ordering = ["visit", "competency__order"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "competency"], name="visit_score_unique_competency"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=4),
                name="visit_score_1_4",
                violation_error_message=_("El nivel observado va de 1 a 4."),
            ),
        ]

    def __str__(self):
        return f"{self.competency} · {self.score}"


def private_storage():
    """Photos may show children: they live outside MEDIA_ROOT and are served only through a scoped view."""
    return storages["private"]


def visit_photo_path(instance, filename):
    # A random name, never the phone's: nothing about the person or place leaks through the path.
    return f"visits/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class VisitPhoto(TimeStampedModel):
    """A photo of a visit, re-encoded without metadata; sponsors see it only after staff approve it."""

    visit = models.ForeignKey(Visit, verbose_name=_("visita"), on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("foto"), upload_to=visit_photo_path, storage=private_storage)
    width = models.PositiveIntegerField(_("ancho"))
    height = models.PositiveIntegerField(_("alto"))
    size_bytes = models.PositiveIntegerField(_("tamaño (bytes)"))
    approved_at = models.DateTimeField(_("aprobada"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aprobada por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_photos",
    )
    consent_recorded = models.BooleanField(
        _("consentimiento de los padres registrado"),
        default=False,
        help_text=_("La institución tiene el consentimiento escrito de los padres de los niños que aparecen."),
    )
    # What the sponsor reads under the photo (its "story"): written by staff when they approve it.
    story_note = models.CharField(
        _("nota para la empresa auspiciadora"),
        max_length=STORY_NOTE_MAX_LENGTH,
        blank=True,
        help_text=_("Una o dos frases sobre lo que muestra la foto, sin nombres de niños ni de docentes."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("foto de visita")
        verbose_name_plural = _("fotos de visitas")
        ordering = ["visit", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(consent_recorded=True),
                name="photo_approved_needs_consent",
                violation_error_message=_("Solo se aprueba una foto con el consentimiento de los padres registrado."),
            ),
        ]

    def __str__(self):
        return f"{self.visit} · {_('foto')} {self.pk}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None
