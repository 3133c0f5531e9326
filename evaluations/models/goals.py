"""School goals (metas de la institución), their progress over the school year, and the status rule.

The director, teachers and parents agree a school's goals for a school year; the coordinator records
them and measures them through the year. A goal is on track, at risk or off track by one rule,
`goal_status`, written once here.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, school_year_field
from core.validators import not_in_future, text_max_length

# Peru's school year runs from March to December (DOMAIN.md).
SCHOOL_YEAR_FIRST_MONTH = 3
MAX_AGREED_TEACHERS = 200
MAX_AGREED_PARENTS = 5000
PROGRESS_NOTE_MAX_LENGTH = 2000
NOT_NEGATIVE_MESSAGE = _("El valor no puede ser negativo.")


def school_year_start(year: int) -> datetime.date:
    return datetime.date(year, SCHOOL_YEAR_FIRST_MONTH, 1)


def school_year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def school_year_has_started(year: int, today: datetime.date) -> bool:
    """A school year has started from its 1 March on (and stays started once over)."""
    return today >= school_year_start(year)


def elapsed_share(year: int, on: datetime.date) -> Decimal:
    """The share of the school year (1 March to 31 December) elapsed on a date, from 0 to 1.

    0 up to 1 March, 1 from 31 December on, in proportion to the days in between.
    """
    start, end = school_year_start(year), school_year_end(year)
    if on <= start:
        return Decimal(0)
    if on >= end:
        return Decimal(1)
    return Decimal((on - start).days) / Decimal((end - start).days)


class GoalStatus(models.TextChoices):
    ON_TRACK = "on_track", _("En camino")
    AT_RISK = "at_risk", _("En riesgo")
    OFF_TRACK = "off_track", _("Rezagada")
    NO_MEASURE = "no_measure", _("Sin medición")


# Points of progress a goal may lag behind what is expected and still count as on track / at risk.
ON_TRACK_MARGIN = Decimal(10)
AT_RISK_MARGIN = Decimal(25)


def expected_progress(year: int, on: datetime.date) -> Decimal:
    """Points of progress (0..100) expected by a date: the share of the school year elapsed, x 100."""
    return 100 * elapsed_share(year, on)


def progress_points(*, baseline: Decimal, target: Decimal, value: Decimal) -> Decimal | None:
    """How far a value has gone from the baseline to the target, in points (0 at the baseline, 100 at the
    target; below 0 when it moved away, above 100 past the target). None when target equals baseline."""
    if target == baseline:
        return None
    return 100 * (Decimal(value) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline))


def goal_status(
    *, baseline: Decimal, target: Decimal, value: Decimal | None, measured_on: datetime.date | None, school_year: int
) -> GoalStatus:
    """On track, at risk or off track: the latest measure against the progress expected on its date.

    The rule:
    - progress = how far the latest measure has gone from the baseline to the target, in points
      (0 at the baseline, 100 at the target; the same for goals that go down, such as absences);
    - expected = the share of the school year (1 March to 31 December) elapsed on the date of that
      measure, in points (0 up to 1 March, 100 on 31 December);
    - on track ("En camino") if progress >= expected - 10; at risk ("En riesgo") if progress >=
      expected - 25; otherwise off track ("Rezagada");
    - no measure yet: "Sin medición".
    A measure is judged by the day it was taken, so an old measure keeps its status: the goal's page
    shows its date next to it.
    """
    if value is None or measured_on is None:
        return GoalStatus.NO_MEASURE
    progress = progress_points(baseline=baseline, target=target, value=value)
    if progress is None:  # a goal whose target equals its baseline (refused since; older rows may have it)
        return GoalStatus.ON_TRACK if value == target else GoalStatus.OFF_TRACK
    expected = expected_progress(school_year, measured_on)
    if progress >= expected - ON_TRACK_MARGIN:
        return GoalStatus.ON_TRACK
    if progress >= expected - AT_RISK_MARGIN:
        return GoalStatus.AT_RISK
    return GoalStatus.OFF_TRACK


def amount_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), NOT_NEGATIVE_MESSAGE)],
        **kwargs,
    )


class SchoolGoal(TimeStampedModel):
    """A goal that the director, teachers and parents set for their school for one school year.

    `latest_value` and `latest_measured_on` repeat the latest progress entry (by measurement date):
    only the progress service writes them (`services.goals.goal_progress_record`).
    """

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
    baseline = amount_field(_("línea de base"))
    target = amount_field(_("meta"))
    agreed_by_director = models.CharField(
        _("director(a) que acordó la meta"), max_length=120, blank=True, help_text=_("Nombre y apellidos.")
    )
    agreed_teachers = models.PositiveSmallIntegerField(
        _("docentes que acordaron la meta"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGREED_TEACHERS)],
    )
    agreed_parents = models.PositiveSmallIntegerField(
        _("padres de familia que acordaron la meta"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGREED_PARENTS)],
    )
    agreed_on = models.DateField(_("fecha del acuerdo"), null=True, blank=True, validators=[not_in_future])
    latest_value = models.DecimalField(_("último valor"), max_digits=10, decimal_places=2, null=True, blank=True)
    latest_measured_on = models.DateField(_("fecha de la última medición"), null=True, blank=True)
    # `goal_status` of the fields above, stored so the dashboards count goals by status with a GROUP BY
    # over an index. Set by every goal service (`services.goals`), recomputed by `manage.py summaries_refresh`.
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=GoalStatus.choices,
        default=GoalStatus.NO_MEASURE,
        db_default=GoalStatus.NO_MEASURE,
        editable=False,
    )
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
            models.CheckConstraint(
                condition=Q(baseline__gte=0) & Q(target__gte=0),
                name="goal_baseline_target_not_negative",
                violation_error_message=NOT_NEGATIVE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(target=F("baseline")),
                name="goal_target_differs_from_baseline",
                violation_error_message=_("La meta debe ser distinta de la línea de base."),
            ),
        ]
        # The dashboards count a school year's goals by status for a set of schools (index-only scans).
        indexes = [
            models.Index(fields=["school_year", "school", "status"], name="goal_year_school_status_idx"),
            # The attention list's newest off-track goals of a year: read in order, not sorted (33 → 1 ms).
            models.Index(
                fields=["school_year", "status", "-latest_measured_on", "-id"], name="goal_year_status_recent_idx"
            ),
        ]

    def __str__(self):
        return f"{self.school.name} · {self.school_year} · {self.indicator}"

    def get_absolute_url(self):
        return reverse("evaluations:goal-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.baseline is not None and self.target is not None and self.target == self.baseline:
            errors["target"] = _(
                "La meta debe ser distinta de la línea de base: indique el valor al que se quiere llegar."
            )
        if self.agreed_on and self.school_year:
            earliest, latest = datetime.date(self.school_year - 1, 1, 1), school_year_end(self.school_year)
            if not earliest <= self.agreed_on <= latest:
                errors["agreed_on"] = _(
                    "La fecha del acuerdo debe estar entre el %(earliest)s y el %(latest)s "
                    "(el año escolar de la meta o el anterior)."
                ) % {"earliest": earliest.strftime("%d/%m/%Y"), "latest": latest.strftime("%d/%m/%Y")}
        if errors:
            raise ValidationError(errors)

    @property
    def progress(self) -> Decimal | None:
        """Share of the way from baseline to target (0..1, may exceed 1), or None without a measure."""
        if self.latest_value is None or self.target == self.baseline:
            return None
        return (self.latest_value - self.baseline) / (self.target - self.baseline)

    @property
    def progress_points(self) -> Decimal | None:
        if self.latest_value is None:
            return None
        return progress_points(baseline=self.baseline, target=self.target, value=self.latest_value)

    @property
    def expected_points(self) -> Decimal | None:
        """Points expected by the date of the latest measure (see `goal_status`)."""
        if self.latest_measured_on is None:
            return None
        return expected_progress(self.school_year, self.latest_measured_on)

    @property
    def measured_status(self) -> GoalStatus:
        """`goal_status` of the goal's fields as they are now: what the services store in `status`."""
        return goal_status(
            baseline=self.baseline,
            target=self.target,
            value=self.latest_value,
            measured_on=self.latest_measured_on,
            school_year=self.school_year,
        )


class GoalProgress(TimeStampedModel):
    """One measure of a goal's indicator during its school year (evidence: kept, never edited in place)."""

    client_uuid = models.UUIDField(_("identificador del envío"), default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(
        SchoolGoal, verbose_name=_("meta"), on_delete=models.PROTECT, related_name="progress_entries"
    )
    measured_on = models.DateField(_("fecha de la medición"), validators=[not_in_future])
    value = amount_field(_("valor medido"))
    note = models.TextField(_("nota"), blank=True, validators=[text_max_length(PROGRESS_NOTE_MAX_LENGTH)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        on_delete=models.PROTECT,
        related_name="goal_progress_entries",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avance de una meta")
        verbose_name_plural = _("avances de las metas")
        ordering = ["goal", "-measured_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="progress_value_not_negative",
                violation_error_message=NOT_NEGATIVE_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["goal", "-measured_on"], name="progress_goal_measured_idx")]

    def __str__(self):
        return f"{self.goal.indicator} · {self.measured_on:%d/%m/%Y} · {self.value}"

    def clean(self):
        if self.goal_id and self.measured_on and self.measured_on.year != self.goal.school_year:
            raise ValidationError(
                {
                    "measured_on": _("La medición debe ser del año escolar de la meta (%(year)s).")
                    % {"year": self.goal.school_year}
                }
            )
