"""The yearly workshops (talleres) for directors, teachers and parents, with their attendance.

Directors and teachers attend one by one (`Attendance`); parents are counted per school
(`ParentAttendance`): nobody keeps a list of the parents who came, only how many came from each school.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.validators import within_planning_horizon
from networks.models import program_year_check, program_year_field

MAX_DAYS = 31  # a workshop longer than a month is a typing error
MAX_HOURS_PER_DAY = 12
MAX_PARENTS_PER_SCHOOL = 1000

REGION_XOR_NETWORK_MESSAGE = _("Un taller es para una región o para una red: elija solo una.")
AUDIENCE_MESSAGE = _("Elija al menos un público: directores, docentes o padres de familia.")
VIRTUAL_VENUE_MESSAGE = _("Un taller virtual necesita el enlace de la reunión (que empiece con https://).")
ON_SITE_VENUE_MESSAGE = _(
    "Un taller presencial necesita el lugar (por ejemplo, «Auditorio de la UGEL Piura»), no un enlace."
)
PARENTS_AUDIENCE_MESSAGE = _("Solo se registran padres de familia si el taller es para padres.")


def is_link(text: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(text.strip())
    except ValidationError:
        return False
    return True


def looks_like_link(text: str) -> bool:
    lowered = text.strip().lower()
    return lowered.startswith(("http://", "https://", "www.")) or is_link(lowered)


class Workshop(TimeStampedModel):
    """A taller for a region or for one network, on site or virtual, for some audiences."""

    class Modality(models.TextChoices):
        ON_SITE = "on_site", _("Presencial")
        VIRTUAL = "virtual", _("Virtual")

    title = models.CharField(_("título"), max_length=150)
    program_year = program_year_field()
    modality = models.CharField(_("modalidad"), max_length=10, choices=Modality.choices)
    starts_on = models.DateField(_("fecha de inicio"), validators=[within_planning_horizon])
    ends_on = models.DateField(_("fecha de fin"), validators=[within_planning_horizon])
    duration_hours = models.DecimalField(
        _("duración (horas)"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5"), _("La duración debe ser de al menos media hora.")),
            MaxValueValidator(Decimal(MAX_DAYS * MAX_HOURS_PER_DAY), _("La duración es demasiado larga.")),
        ],
        help_text=_("Horas en total, por ejemplo 3 o 1.5."),
    )
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
    venue = models.CharField(
        _("lugar o enlace"),
        max_length=200,
        help_text=_("Presencial: el lugar. Virtual: el enlace de la reunión."),
    )
    facilitator = models.CharField(_("facilitador(a)"), max_length=150, blank=True)
    # Bumped (without a history row) each time the attendance changes: an attendance form opened
    # before someone else's save is told so instead of silently undoing it (see services.attendance).
    attendance_version = models.PositiveIntegerField(_("versión de la asistencia"), default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["attendance_version"])

    class Meta:
        verbose_name = _("taller")
        verbose_name_plural = _("talleres")
        ordering = ["-starts_on", "title"]
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
                violation_error_message=REGION_XOR_NETWORK_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(for_directors=True) | Q(for_teachers=True) | Q(for_parents=True),
                name="workshop_has_audience",
                violation_error_message=AUDIENCE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0),
                name="workshop_duration_positive",
                violation_error_message=_("La duración debe ser de al menos media hora."),
            ),
        ]
        indexes = [models.Index(fields=["starts_on"], name="workshop_starts_on_idx")]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("workshops:workshop-detail", args=[self.pk])

    @property
    def is_regional(self) -> bool:
        return self.region_id is not None

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1 if self.starts_on and self.ends_on else 1

    def is_future(self, today: datetime.date) -> bool:
        """Not held yet: attendance is recorded from its first day on."""
        return self.starts_on > today

    @property
    def audience_positions(self) -> list[str]:
        """The Teacher positions invited one by one: "director" and/or "docente"."""
        positions = []
        if self.for_directors:
            positions.append("director")
        if self.for_teachers:
            positions.append("docente")
        return positions

    @property
    def audience_labels(self) -> list[str]:
        """'Directores', 'Docentes', 'Padres de familia': the audiences it is for, in that order."""
        labels = [(self.for_directors, _("Directores")), (self.for_teachers, _("Docentes"))]
        return [str(label) for wanted, label in [*labels, (self.for_parents, _("Padres de familia"))] if wanted]

    def clean(self):
        errors = {}
        if self.network_id and self.region_id:
            errors["__all__"] = [REGION_XOR_NETWORK_MESSAGE]
        venue = (self.venue or "").strip()
        if venue and self.modality == self.Modality.VIRTUAL and not is_link(venue):
            errors["venue"] = [VIRTUAL_VENUE_MESSAGE]
        elif venue and self.modality == self.Modality.ON_SITE and looks_like_link(venue):
            errors["venue"] = [ON_SITE_VENUE_MESSAGE]
        if self.starts_on and self.ends_on and self.ends_on >= self.starts_on:
            if self.days > MAX_DAYS:
                errors["ends_on"] = [
                    _("Un taller dura como máximo %(days)s días: revise las fechas.") % {"days": MAX_DAYS}
                ]
            elif self.duration_hours and self.duration_hours > self.days * MAX_HOURS_PER_DAY:
                errors["duration_hours"] = [
                    _("%(hours)s horas no caben en %(days)s día(s): como máximo %(per_day)s horas por día.")
                    % {"hours": self.duration_hours, "days": self.days, "per_day": MAX_HOURS_PER_DAY}
                ]
        if errors:
            raise ValidationError(errors)


class Attendance(TimeStampedModel):
    """One director or teacher at a workshop, and whether they came (corrections keep their history)."""

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
        indexes = [models.Index(fields=["teacher", "attended"], name="attendance_teacher_idx")]

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


class ParentAttendance(TimeStampedModel):
    """How many parents (padres de familia) of one school came to a workshop for parents."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("taller"), on_delete=models.CASCADE, related_name="parent_attendances"
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.PROTECT,
        related_name="workshop_parent_attendances",
    )
    count = models.PositiveSmallIntegerField(
        _("padres de familia asistentes"),
        validators=[
            MaxValueValidator(
                MAX_PARENTS_PER_SCHOOL,
                _("Como máximo %(limit_value)s padres de familia por institución: revise el número."),
            )
        ],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("asistencia de padres de familia")
        verbose_name_plural = _("asistencias de padres de familia")
        ordering = ["workshop", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "school"],
                name="parent_attendance_unique_school",
                violation_error_message=_("Los padres de esta institución ya están registrados en el taller."),
            ),
            models.CheckConstraint(
                condition=Q(count__lte=MAX_PARENTS_PER_SCHOOL),
                name="parent_attendance_count_bounded",
                violation_error_message=_("Como máximo 1000 padres de familia por institución: revise el número."),
            ),
        ]

    def __str__(self):
        return f"{self.school} · {self.workshop}: {self.count}"

    def clean(self):
        if self.workshop_id and self.count and not self.workshop.for_parents:
            raise ValidationError({"count": PARENTS_AUDIENCE_MESSAGE})
