"""Within each school, parents and teachers working out a specific problem together (the third tier)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.validators import not_in_future, text_max_length, within_planning_horizon


class FamilyMeeting(TimeStampedModel):
    """A meeting of parents and teachers (or an "escuela de padres" session) about one problem: what they
    agreed at home and at school, who follows up and when, and whether it was resolved."""

    class Kind(models.TextChoices):
        PARENTS_TEACHERS = "parents_teachers", _("Reunión de padres y docentes")
        PARENTS_SCHOOL = "parents_school", _("Escuela de padres")

    client_uuid = models.UUIDField(_("identificador del envío"), default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.PROTECT,
        related_name="family_meetings",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrada por"),
        on_delete=models.PROTECT,
        related_name="family_meetings",
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.PARENTS_TEACHERS)
    date = models.DateField(_("fecha"), validators=[not_in_future])
    problem = models.TextField(_("problema que se trató"), validators=[text_max_length()])
    agreed_at_home = models.TextField(_("acuerdos para la casa"), blank=True, validators=[text_max_length()])
    agreed_at_school = models.TextField(_("acuerdos para la escuela"), blank=True, validators=[text_max_length()])
    parents = models.PositiveSmallIntegerField(_("padres de familia"), default=0, validators=[MaxValueValidator(2000)])
    teachers = models.PositiveSmallIntegerField(_("docentes"), default=0, validators=[MaxValueValidator(500)])
    follow_up_by = models.CharField(_("quién hace el seguimiento"), max_length=120, blank=True)
    follow_up_on = models.DateField(
        _("fecha de seguimiento"), null=True, blank=True, validators=[within_planning_horizon]
    )
    resolved_on = models.DateField(
        _("resuelto el"),
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text=_("Vacío mientras el problema siga abierto."),
    )
    resolution = models.TextField(_("cómo se resolvió"), blank=True, validators=[text_max_length()])
    version = models.PositiveIntegerField(_("versión"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reunión con familias")
        verbose_name_plural = _("reuniones con familias")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=F("date")),
                name="family_follow_up_after_date",
                violation_error_message=_("La fecha de seguimiento no puede ser anterior a la reunión."),
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("date")),
                name="family_resolved_after_date",
                violation_error_message=_("La fecha en que se resolvió no puede ser anterior a la reunión."),
            ),
            models.CheckConstraint(
                condition=Q(parents__gt=0) | Q(teachers__gt=0),
                name="family_meeting_has_people",
                violation_error_message=_("Registre cuántas personas participaron, al menos una."),
            ),
        ]
        indexes = [
            models.Index(fields=["school", "-date"], name="family_school_date_idx"),
            models.Index(fields=["follow_up_on"], name="family_follow_up_idx", condition=Q(resolved_on__isnull=True)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.school.name} · {self.date:%d/%m/%Y}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None
