"""The companies that choose and fund schools (empresas auspiciadoras), their agreements and money."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, school_year_field
from core.validators import not_in_future

from ..validators import validate_ruc
from .schools import School


class Currency(models.TextChoices):
    PEN = "PEN", _("Soles (S/)")
    USD = "USD", _("Dólares (US$)")


class Sponsor(TimeStampedModel):
    """A company (empresa auspiciadora) that chooses and funds schools."""

    class Sector(models.TextChoices):
        MINING = "mineria", _("Minería")
        ENERGY = "energia", _("Energía")
        FINANCE = "finanzas", _("Banca y finanzas")
        AGRO = "agroindustria", _("Agroindustria")
        RETAIL = "comercio", _("Comercio")
        INDUSTRY = "industria", _("Industria")
        SERVICES = "servicios", _("Servicios")
        OTHER = "otro", _("Otro")

    name = models.CharField(_("razón social"), max_length=150, unique=True)
    ruc = models.CharField(_("RUC"), max_length=11, unique=True, validators=[validate_ruc])
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    contact_name = models.CharField(_("persona de contacto"), max_length=120, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("empresa auspiciadora")
        verbose_name_plural = _("empresas auspiciadoras")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(ruc__regex=r"^[0-9]{11}$"), name="sponsor_ruc_eleven_digits"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sponsors:detail", kwargs={"pk": self.pk})


SPONSORSHIP_YEARS = 5


class SponsorshipQuerySet(models.QuerySet):
    def in_force_in(self, year: int):
        """Sponsorships that fund their school in that school year (from start_year to end_year)."""
        return self.filter(Q(end_year__isnull=True) | Q(end_year__gte=year), start_year__lte=year)


class Sponsorship(TimeStampedModel):
    """A sponsor funds a school from start_year to end_year (five school years by default)."""

    sponsor = models.ForeignKey(
        Sponsor, verbose_name=_("empresa auspiciadora"), on_delete=models.PROTECT, related_name="sponsorships"
    )
    school = models.ForeignKey(
        School, verbose_name=_("institución educativa"), on_delete=models.PROTECT, related_name="sponsorships"
    )
    start_year = school_year_field(_("año de inicio"))
    end_year = school_year_field(_("año de fin"), blank=True, help_text=_("Por defecto, cinco años desde el inicio."))
    committed_amount = models.DecimalField(
        _("monto comprometido"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(_("moneda"), max_length=3, choices=Currency.choices, default=Currency.PEN)
    history = HistoricalRecords()

    objects = SponsorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("convenio de auspicio")
        verbose_name_plural = _("convenios de auspicio")
        ordering = ["sponsor", "school", "start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["sponsor", "school", "start_year"],
                name="sponsorship_unique_start",
                violation_error_message=_("Esta empresa ya tiene un convenio con esta institución desde ese año."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="sponsorship_end_after_start",
                violation_error_message=_("El año de fin no puede ser anterior al de inicio."),
            ),
            models.CheckConstraint(condition=Q(committed_amount__gte=0), name="sponsorship_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.sponsor} → {self.school} ({self.start_year}-{self.end_year})"

    def clean(self):
        if self.start_year and not self.end_year:
            self.end_year = self.start_year + SPONSORSHIP_YEARS - 1


class Contribution(TimeStampedModel):
    """Money a sponsor gave (aporte), optionally earmarked for one of the schools it sponsors."""

    sponsor = models.ForeignKey(
        Sponsor,
        verbose_name=_("empresa auspiciadora"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    date = models.DateField(_("fecha"), validators=[not_in_future])
    amount = models.DecimalField(
        _("monto"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("moneda"), max_length=3, choices=Currency.choices, default=Currency.PEN)
    school = models.ForeignKey(
        School,
        verbose_name=_("institución educativa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    note = models.CharField(_("nota"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aporte")
        verbose_name_plural = _("aportes")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_amount_positive"),
        ]

    def __str__(self):
        return f"{self.sponsor} · {self.date:%d/%m/%Y} · {self.currency} {self.amount}"


class SponsorUser(TimeStampedModel):
    """A person who signs in for a sponsor company: the link from an account (role sponsor) to its company.

    It lives with the sponsors, not on the account, so accounts stay below schools. A sponsor account
    without this link sees nothing.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="sponsor_link",
        limit_choices_to={"role": "sponsor"},  # only a sponsor account signs in for a company
    )
    sponsor = models.ForeignKey(
        Sponsor, verbose_name=_("empresa auspiciadora"), on_delete=models.PROTECT, related_name="users"
    )
    # Who last sent the invitation (the link to set a first password) and when; empty for accounts made
    # before invitations existed. Deactivation: who switched the account off and when (cleared when
    # switched on again; the history keeps every change).
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invitado(a) por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsor_invitations",
    )
    invited_at = models.DateTimeField(_("invitación enviada"), null=True, blank=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("desactivado(a) por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsor_deactivations",
    )
    deactivated_at = models.DateTimeField(_("desactivado(a) el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("usuario de empresa auspiciadora")
        verbose_name_plural = _("usuarios de empresas auspiciadoras")
        ordering = ["sponsor", "user__username"]

    def __str__(self):
        return f"{self.user} · {self.sponsor}"
