"""Choosing schools: the candidate schools IPAE offers to sponsors, grouped as would-be networks, and the
sponsors' requests for them.

- A `CandidateGroup` is a would-be network (red propuesta) of one region: staff fill it with schools from
  the padrón and publish it; sponsors see only published groups.
- A `Candidate` is one school in a group, with the facts a company chooses by, kept as they were shown
  (a snapshot: poverty, distance, enrolment, results), so an offer does not change under a sponsor's eyes.
  A school is offered in at most one group at a time.
- A `SchoolRequest` is a sponsor's request for some candidates (`SchoolRequestItem`, one per school).
  Staff confirm it (all or some of its schools: each confirmed school gets its five-year Sponsorship) or
  decline it with a reason; the company may withdraw it while it is pending.

The rules across rows (who may ask for what, one sponsor per school) live in the services.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, school_year_field
from core.validators import text_max_length

from .geography import Region
from .schools import School
from .sponsors import SPONSORSHIP_YEARS, Currency, Sponsor, Sponsorship

NOTE_MAX_LENGTH = 2_000


def percent_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **kwargs,
    )


class CandidateGroup(TimeStampedModel):
    """A would-be network: candidate schools of one region that IPAE proposes to fund together."""

    name = models.CharField(_("nombre"), max_length=120)
    region = models.ForeignKey(
        Region, verbose_name=_("región"), on_delete=models.PROTECT, related_name="candidate_groups"
    )
    description = models.TextField(
        _("descripción para las empresas"),
        blank=True,
        validators=[text_max_length(NOTE_MAX_LENGTH)],
        help_text=_("Por qué proponemos este grupo: las empresas la leen."),
    )
    internal_note = models.TextField(
        _("nota interna"),
        blank=True,
        validators=[text_max_length(NOTE_MAX_LENGTH)],
        help_text=_("Solo para IPAE: las empresas nunca la ven."),
    )
    published_at = models.DateTimeField(_("publicado el"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grupo de instituciones candidatas")
        verbose_name_plural = _("grupos de instituciones candidatas")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="candidate_group_unique_name_in_region",
                violation_error_message=_("Ya hay un grupo con este nombre en esta región."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluations:candidate-group-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CandidateQuerySet(models.QuerySet):
    def active(self):
        """Candidates still in their group (a removed one is kept only for the requests that name it)."""
        return self.filter(withdrawn_at__isnull=True)


class Candidate(TimeStampedModel):
    """One school of the padrón offered in a group, with the facts shown to sponsors (as entered then)."""

    class PovertyQuintile(models.IntegerChoices):
        # MIDIS/FONCODES rank Peru's districts by poverty in quintiles; MINEDU uses them too.
        Q1 = 1, _("Quintil 1 (el más pobre)")
        Q2 = 2, _("Quintil 2")
        Q3 = 3, _("Quintil 3")
        Q4 = 4, _("Quintil 4")
        Q5 = 5, _("Quintil 5 (el menos pobre)")

    group = models.ForeignKey(
        CandidateGroup, verbose_name=_("grupo"), on_delete=models.PROTECT, related_name="candidates"
    )
    school = models.ForeignKey(
        School, verbose_name=_("institución educativa"), on_delete=models.PROTECT, related_name="candidacies"
    )
    poverty_quintile = models.PositiveSmallIntegerField(
        _("quintil de pobreza del distrito"),
        choices=PovertyQuintile.choices,
        null=True,
        blank=True,
        help_text=_("Del mapa de pobreza distrital (MIDIS/FONCODES): 1 es el más pobre."),
    )
    poverty_rate = percent_field(
        _("pobreza monetaria del distrito (%)"),
        help_text=_("Porcentaje de la población en pobreza monetaria (INEI, mapa de pobreza distrital)."),
    )
    distance_km = models.DecimalField(
        _("distancia a la capital regional (km)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("3000"))],
        help_text=_("Vacía: se calcula en línea recta desde las coordenadas de la institución."),
    )
    distance_is_straight_line = models.BooleanField(
        _("distancia en línea recta"),
        default=False,
        help_text=_("Calculada de las coordenadas; si no, la escribió IPAE (por ejemplo, por carretera)."),
    )
    students = models.PositiveIntegerField(
        _("estudiantes matriculados"), null=True, blank=True, validators=[MaxValueValidator(10_000)]
    )
    students_year = school_year_field(_("año de la matrícula"), null=True, blank=True)
    reading_satisfactory = percent_field(_("lectura: porcentaje en nivel satisfactorio"))
    math_satisfactory = percent_field(_("matemática: porcentaje en nivel satisfactorio"))
    results_year = school_year_field(_("año de los resultados"), null=True, blank=True)
    results_grade = models.PositiveSmallIntegerField(
        _("grado evaluado"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    public_note = models.TextField(
        _("nota para las empresas"),
        blank=True,
        validators=[text_max_length(500)],
        help_text=_("Algo que ayude a elegir (acceso, necesidades). Sin datos de personas."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agregada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("quitada el"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("institución candidata")
        verbose_name_plural = _("instituciones candidatas")
        ordering = ["group", "school__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(withdrawn_at__isnull=True),
                name="candidate_school_offered_once",
                violation_error_message=_("Esta institución ya está en un grupo de candidatas."),
            ),
            models.CheckConstraint(
                condition=Q(poverty_quintile__isnull=True) | Q(poverty_quintile__gte=1, poverty_quintile__lte=5),
                name="candidate_poverty_quintile_1_5",
            ),
            models.CheckConstraint(
                condition=(Q(reading_satisfactory__isnull=True) & Q(math_satisfactory__isnull=True))
                | Q(results_year__isnull=False),
                name="candidate_results_have_a_year",
                violation_error_message=_("Indique el año de los resultados."),
            ),
        ]
        indexes = [models.Index(fields=["group", "withdrawn_at"], name="candidate_group_active_idx")]

    def __str__(self):
        return f"{self.school.name} · {self.group.name}"

    def clean(self):
        has_results = self.reading_satisfactory is not None or self.math_satisfactory is not None
        if has_results and self.results_year is None:
            raise ValidationError({"results_year": _("Indique el año de los resultados.")})
        if self.students is not None and self.students_year is None:
            raise ValidationError({"students_year": _("Indique el año de la matrícula.")})


class SchoolRequest(TimeStampedModel):
    """A sponsor's request for candidate schools, and what IPAE decided."""

    class Status(models.TextChoices):
        PENDING = "pendiente", _("Pendiente")
        CONFIRMED = "confirmada", _("Confirmada")
        DECLINED = "no_aprobada", _("No aprobada")
        WITHDRAWN = "retirada", _("Retirada")

    sponsor = models.ForeignKey(
        Sponsor, verbose_name=_("empresa auspiciadora"), on_delete=models.PROTECT, related_name="school_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("solicitada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    client_uuid = models.UUIDField(
        _("identificador del envío"), unique=True, help_text=_("Un envío repetido del formulario no crea otra.")
    )
    message = models.TextField(_("mensaje de la empresa"), blank=True, validators=[text_max_length(NOTE_MAX_LENGTH)])
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decidida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decidida el"), null=True, blank=True)
    decision_note = models.TextField(
        _("mensaje para la empresa"),
        blank=True,
        validators=[text_max_length(NOTE_MAX_LENGTH)],
        help_text=_("La empresa lo lee con la respuesta."),
    )
    internal_note = models.TextField(
        _("nota interna"),
        blank=True,
        validators=[text_max_length(NOTE_MAX_LENGTH)],
        help_text=_("Solo para IPAE: la empresa nunca la ve."),
    )
    withdrawn_at = models.DateTimeField(_("retirada el"), null=True, blank=True)
    # The agreement made on confirmation (each confirmed school's Sponsorship holds the same).
    start_year = school_year_field(_("año de inicio del convenio"), null=True, blank=True)
    committed_amount = models.DecimalField(
        _("monto comprometido por institución"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("moneda"), max_length=3, choices=Currency.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud de instituciones")
        verbose_name_plural = _("solicitudes de instituciones")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pendiente", "retirada"]) | Q(decided_at__isnull=False),
                name="school_request_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="retirada") | Q(withdrawn_at__isnull=False),
                name="school_request_withdrawn_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmada")
                | (Q(start_year__isnull=False) & Q(committed_amount__isnull=False) & ~Q(currency="")),
                name="school_request_confirmed_has_agreement",
            ),
        ]
        indexes = [
            models.Index(fields=["sponsor", "-created_at"], name="school_request_sponsor_idx"),
            models.Index(fields=["status", "-created_at"], name="school_request_status_idx"),
        ]

    def __str__(self):
        return _("Solicitud N.° %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("evaluations:school-request-detail", args=[self.pk])

    @property
    def end_year(self) -> int | None:
        return self.start_year + SPONSORSHIP_YEARS - 1 if self.start_year else None

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class SchoolRequestItem(TimeStampedModel):
    """One school a request asks for, and what became of it."""

    class Outcome(models.TextChoices):
        REQUESTED = "solicitada", _("Solicitada")
        CONFIRMED = "confirmada", _("Confirmada")
        NOT_CONFIRMED = "no_confirmada", _("No confirmada")

    request = models.ForeignKey(
        SchoolRequest, verbose_name=_("solicitud"), on_delete=models.CASCADE, related_name="items"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("institución candidata"), on_delete=models.PROTECT, related_name="request_items"
    )
    # The candidate's school, kept here so a school's requests are found without the candidates.
    school = models.ForeignKey(
        School, verbose_name=_("institución educativa"), on_delete=models.PROTECT, related_name="request_items"
    )
    outcome = models.CharField(_("resultado"), max_length=14, choices=Outcome.choices, default=Outcome.REQUESTED)
    sponsorship = models.OneToOneField(
        Sponsorship,
        verbose_name=_("convenio de auspicio"),
        on_delete=models.PROTECT,  # the agreement a confirmation made stays with it
        null=True,
        blank=True,
        related_name="request_item",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institución solicitada")
        verbose_name_plural = _("instituciones solicitadas")
        ordering = ["request", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "school"],
                name="school_request_item_unique_school",
                violation_error_message=_("La solicitud ya incluye esta institución."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="confirmada") | Q(sponsorship__isnull=False),
                name="school_request_item_confirmed_has_sponsorship",
            ),
        ]
        indexes = [models.Index(fields=["school", "outcome"], name="school_request_item_school_idx")]

    def __str__(self):
        return f"{self.request} · {self.school.name}"
