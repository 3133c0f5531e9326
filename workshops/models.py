"""The yearly workshops (talleres) for directors, teachers and parents, with their attendance."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from networks.models import program_year_check, program_year_field


class Workshop(TimeStampedModel):
    """A taller for a region or for one network, on site or virtual, for some audiences."""

    class Modality(models.TextChoices):
        ON_SITE = "on_site", _("Presencial")
        VIRTUAL = "virtual", _("Virtual")

    title = models.CharField(_("título"), max_length=150)
    program_year = program_year_field()
    modality = models.CharField(_("modalidad"), max_length=10, choices=Modality.choices)
    starts_on = models.DateField(_("fecha de inicio"))
    ends_on = models.DateField(_("fecha de fin"))
    region = models.ForeignKey(
        "schools.Region",
        verbose_name=_("región"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
    )
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("red educativa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
    )
    for_directors = models.BooleanField(_("para directores"), default=False)
    for_teachers = models.BooleanField(_("para docentes"), default=False)
    for_parents = models.BooleanField(_("para padres de familia"), default=False)
    parents_attended = models.PositiveIntegerField(_("padres de familia asistentes"), default=0)
    venue = models.CharField(_("lugar o enlace"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("taller")
        verbose_name_plural = _("talleres")
        ordering = ["-starts_on"]
        constraints = [
            program_year_check("workshop_program_year_1_5"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="workshop_ends_after_start",
                violation_error_message=_("La fecha de fin no puede ser anterior a la de inicio."),
            ),
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(network__isnull=True))
                | (Q(region__isnull=True) & Q(network__isnull=False)),
                name="workshop_region_xor_network",
                violation_error_message=_("Un taller es para una región o para una red: elija solo una."),
            ),
            models.CheckConstraint(
                condition=Q(for_directors=True) | Q(for_teachers=True) | Q(for_parents=True),
                name="workshop_has_audience",
                violation_error_message=_("Elija al menos un público: directores, docentes o padres de familia."),
            ),
            models.CheckConstraint(
                condition=Q(for_parents=True) | Q(parents_attended=0),
                name="workshop_parents_only_if_audience",
                violation_error_message=_("Solo se registran padres asistentes si el taller es para padres."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"

    def clean(self):
        if self.network_id and self.region_id:
            raise ValidationError(_("Un taller es para una región o para una red: elija solo una."))


class Attendance(TimeStampedModel):
    """One director or teacher registered for a workshop, and whether they came."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("taller"), on_delete=models.CASCADE, related_name="attendances"
    )
    teacher = models.ForeignKey(
        "schools.Teacher",
        verbose_name=_("docente o director(a)"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    attended = models.BooleanField(_("asistió"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")
        ordering = ["workshop", "teacher"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "teacher"],
                name="attendance_unique_person",
                violation_error_message=_("Esta persona ya está registrada en el taller."),
            ),
        ]

    def __str__(self):
        return f"{self.teacher} · {self.workshop}"

    def clean(self):
        if not (self.workshop_id and self.teacher_id):
            return
        teacher, workshop = self.teacher, self.workshop
        if teacher.is_director and not workshop.for_directors:
            raise ValidationError({"teacher": _("Este taller no es para directores.")})
        if not teacher.is_director and not workshop.for_teachers:
            raise ValidationError({"teacher": _("Este taller no es para docentes.")})
