"""Networks (redes educativas), the schools that belong to them and the coordinators in charge of them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, school_year_field
from core.validators import within_planning_horizon

from .curriculum import in_program, is_graduated


class Network(TimeStampedModel):
    """A red educativa: about 10 schools and 25 teachers that work together for five program years."""

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    region = models.ForeignKey(
        "schools.Region", verbose_name=_("región"), on_delete=models.PROTECT, related_name="networks"
    )
    cohort_start_year = school_year_field(
        _("año de ingreso al programa"), help_text=_("Año escolar en que la red empieza su año 1.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("red educativa")
        verbose_name_plural = _("redes educativas")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def program_year_on(self, date: datetime.date) -> int | None:
        """1..5 during the program; None before it starts; 6 or more once graduated."""
        year = date.year - self.cohort_start_year + 1
        return year if year >= 1 else None

    def program_year_in_force(self, date: datetime.date) -> int | None:
        """1..5 while the network is in the program on that date; None before it starts or once graduated."""
        year = self.program_year_on(date)
        return year if in_program(year) else None

    def is_graduated_on(self, date: datetime.date) -> bool:
        return is_graduated(self.program_year_on(date))

    @property
    def program_start(self) -> datetime.date:
        """The first day of the network's year 1 (schools join it from then)."""
        return datetime.date(self.cohort_start_year, 1, 1)

    def size_is_flagged(self, school_count: int) -> bool:
        low, high = settings.CEE_NETWORK_SIZE_RANGE
        return not low <= school_count <= high


class CoordinatorAssignmentQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        """Assignments in force on a date (the one home of that rule; schools_visible_to spells it by name)."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date), starts_on__lte=date)


class CoordinatorAssignment(TimeStampedModel):
    """A coordinator in charge of a network from a date to a date; one active per network at a time."""

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinador(a)"),
        on_delete=models.PROTECT,
        related_name="coordinator_assignments",
        limit_choices_to={"role": "coordinator"},
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("red educativa"),
        on_delete=models.PROTECT,
        related_name="coordinator_assignments",
    )
    starts_on = models.DateField(_("desde"), validators=[within_planning_horizon])
    ends_on = models.DateField(
        _("hasta"),
        null=True,
        blank=True,
        validators=[within_planning_horizon],
        help_text=_("Vacío mientras siga a cargo."),
    )
    history = HistoricalRecords()

    objects = CoordinatorAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("asignación de coordinador(a)")
        verbose_name_plural = _("asignaciones de coordinadores")
        ordering = ["network", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assignment_ends_after_start",
                violation_error_message=_("La fecha de fin no puede ser anterior a la de inicio."),
            ),
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(ends_on__isnull=True),
                name="assignment_one_open_per_network",
                violation_error_message=_("La red ya tiene un(a) coordinador(a) a cargo sin fecha de fin."),
            ),
        ]

    def __str__(self):
        until = self.ends_on.strftime("%d/%m/%Y") if self.ends_on else "…"
        return f"{self.coordinator} · {self.network} ({self.starts_on:%d/%m/%Y} – {until})"

    def clean(self):
        if self.coordinator_id and self.coordinator.role != "coordinator":
            raise ValidationError({"coordinator": _("El usuario elegido no es coordinador(a) de red.")})
        if not (self.network_id and self.starts_on):
            return
        far_future = datetime.date.max
        mine_end = self.ends_on or far_future
        overlapping = (
            CoordinatorAssignment.objects.filter(network_id=self.network_id, starts_on__lte=mine_end)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))
            .exclude(pk=self.pk)
        )
        if overlapping.exists():
            raise ValidationError(
                _(
                    "Las fechas se cruzan con otra asignación de esta red: "
                    "una red tiene un(a) solo(a) coordinador(a) a la vez."
                )
            )


def membership_in_force(date: datetime.date, prefix: str = "") -> Q:
    """Memberships in force on a date: joined by then, not yet left (the one home of that rule).

    `prefix` reaches them from another model: `membership_in_force(today, "memberships__")` on networks.
    """
    return Q(**{f"{prefix}joined_on__lte": date}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": date})
    )


class SchoolMembershipQuerySet(models.QuerySet):
    def in_force_on(self, date: datetime.date):
        return self.filter(membership_in_force(date))


class SchoolMembership(TimeStampedModel):
    """A school's place in a network, from the day it joined to the day it left (empty while it stays).

    Schools join networks and sometimes leave them or move to another: the network of a school on a
    date, and so the program year of a visit on that date, come from the membership in force then.
    """

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("red educativa"), on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField(_("desde"), validators=[within_planning_horizon])
    left_on = models.DateField(
        _("hasta"),
        null=True,
        blank=True,
        validators=[within_planning_horizon],
        help_text=_("Vacío mientras siga en la red."),
    )
    history = HistoricalRecords()

    objects = SchoolMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("pertenencia a una red")
        verbose_name_plural = _("pertenencias a redes")
        ordering = ["school", "-joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_leaves_after_joining",
                violation_error_message=_("La fecha de salida no puede ser anterior a la de ingreso."),
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_per_school",
                violation_error_message=_("La institución ya pertenece a una red sin fecha de salida."),
            ),
        ]
        indexes = [models.Index(fields=["network", "school"], name="membership_network_school_idx")]

    def __str__(self):
        until = self.left_on.strftime("%d/%m/%Y") if self.left_on else "…"
        return f"{self.school} · {self.network} ({self.joined_on:%d/%m/%Y} – {until})"

    def clean(self):
        if not (self.school_id and self.joined_on):
            return
        mine_end = self.left_on or datetime.date.max
        overlapping = (
            SchoolMembership.objects.filter(school_id=self.school_id, joined_on__lte=mine_end)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=self.joined_on))
            .exclude(pk=self.pk)
        )
        if overlapping.exists():
            raise ValidationError(
                _("Las fechas se cruzan con otra red de la institución: una institución está en una sola red a la vez.")
            )
