"""Geography, schools, their people and the companies that sponsor them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import not_in_future

from .validators import (
    validate_codigo_local,
    validate_codigo_modular,
    validate_dni,
    validate_ruc,
    validate_ubigeo,
)

FIRST_SCHOOL_YEAR = 2000
LAST_SCHOOL_YEAR = 2100
GRADES = range(1, 7)  # primary: 1.° to 6.°


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        abstract = True


def school_year_field(verbose_name=None, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name or _("año escolar"),
        validators=[MinValueValidator(FIRST_SCHOOL_YEAR), MaxValueValidator(LAST_SCHOOL_YEAR)],
        **kwargs,
    )


def latitude_field():
    return models.DecimalField(
        _("latitud"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )


def longitude_field():
    return models.DecimalField(
        _("longitud"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )


class Currency(models.TextChoices):
    PEN = "PEN", _("Soles (S/)")
    USD = "USD", _("Dólares (US$)")


# --- Geography (INEI) ------------------------------------------------------------------
class Region(TimeStampedModel):
    """A department (región) with its INEI 2-digit code; 15 of the 25 are CEE program regions."""

    code = models.CharField(
        _("código INEI"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}\Z", _("El código INEI de la región tiene 2 dígitos."))],
    )
    name = models.CharField(_("nombre"), max_length=60, unique=True)
    iso_code = models.CharField(_("código ISO 3166-2"), max_length=6, unique=True)
    capital = models.CharField(_("capital"), max_length=60)
    latitude = latitude_field()
    longitude = longitude_field()
    is_program_region = models.BooleanField(_("región del programa"), default=False)

    class Meta:
        verbose_name = _("región")
        verbose_name_plural = _("regiones")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{2}$"), name="region_code_two_digits"),
        ]

    def __str__(self):
        return self.name


class Province(TimeStampedModel):
    region = models.ForeignKey(Region, verbose_name=_("región"), on_delete=models.PROTECT, related_name="provinces")
    code = models.CharField(_("código INEI"), max_length=4, unique=True, help_text=_("4 dígitos: DDPP."))
    name = models.CharField(_("nombre"), max_length=80)

    class Meta:
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{4}$"), name="province_code_four_digits"),
        ]

    def __str__(self):
        return f"{self.name} ({self.region.name})"

    def clean(self):
        if self.region_id and self.code and not self.code.startswith(self.region.code):
            raise ValidationError({"code": _("El código de la provincia debe empezar con el de su región.")})


class District(TimeStampedModel):
    province = models.ForeignKey(
        Province, verbose_name=_("provincia"), on_delete=models.PROTECT, related_name="districts"
    )
    ubigeo = models.CharField(_("UBIGEO"), max_length=6, unique=True, validators=[validate_ubigeo])
    name = models.CharField(_("nombre"), max_length=80)

    class Meta:
        verbose_name = _("distrito")
        verbose_name_plural = _("distritos")
        ordering = ["ubigeo"]
        constraints = [
            models.CheckConstraint(condition=Q(ubigeo__regex=r"^[0-9]{6}$"), name="district_ubigeo_six_digits"),
        ]

    def __str__(self):
        return f"{self.name} ({self.ubigeo})"

    def clean(self):
        if self.province_id and self.ubigeo and not self.ubigeo.startswith(self.province.code):
            raise ValidationError({"ubigeo": _("El UBIGEO del distrito debe empezar con el código de su provincia.")})


# --- Schools --------------------------------------------------------------------------
class School(TimeStampedModel):
    """A public primary school (institución educativa), keyed by código modular + anexo as MINEDU does."""

    class MineduArea(models.TextChoices):
        URBAN = "urbana", _("Urbana")
        RURAL = "rural", _("Rural")

    class AreaType(models.TextChoices):
        URBAN = "urban", _("Urbana")
        PERI_URBAN = "peri_urban", _("Periurbana")
        RURAL = "rural", _("Rural")

    class Caracteristica(models.TextChoices):
        UNIDOCENTE = "unidocente", _("Unidocente")
        MULTIGRADO = "multigrado", _("Polidocente multigrado")
        COMPLETO = "completo", _("Polidocente completo")

    codigo_modular = models.CharField(
        _("código modular"), max_length=7, validators=[validate_codigo_modular], db_index=True
    )
    anexo = models.PositiveSmallIntegerField(_("anexo"), default=0, help_text=_("0 para la sede principal."))
    codigo_local = models.CharField(_("código de local"), max_length=6, blank=True, validators=[validate_codigo_local])
    name = models.CharField(_("nombre"), max_length=150)
    district = models.ForeignKey(District, verbose_name=_("distrito"), on_delete=models.PROTECT, related_name="schools")
    centro_poblado = models.CharField(_("centro poblado"), max_length=120, blank=True)
    minedu_area = models.CharField(_("área (MINEDU)"), max_length=10, choices=MineduArea.choices)
    area_type = models.CharField(_("tipo de área (programa)"), max_length=12, choices=AreaType.choices)
    caracteristica = models.CharField(_("característica"), max_length=12, choices=Caracteristica.choices)
    latitude = latitude_field()
    longitude = longitude_field()
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("red educativa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institución educativa")
        verbose_name_plural = _("instituciones educativas")
        ordering = ["name", "codigo_modular"]
        constraints = [
            models.UniqueConstraint(
                fields=["codigo_modular", "anexo"],
                name="school_unique_codigo_modular_anexo",
                violation_error_message=_("Ya existe una institución con este código modular y anexo."),
            ),
            models.CheckConstraint(
                condition=Q(codigo_modular__regex=r"^[0-9]{7}$"), name="school_codigo_modular_seven_digits"
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="school_coordinates_both_or_none",
                violation_error_message=_("Indique latitud y longitud, o ninguna de las dos."),
            ),
        ]
        indexes = [models.Index(fields=["network"], name="school_network_idx")]

    def __str__(self):
        return f"{self.name} ({self.codigo_modular}-{self.anexo})"

    def get_absolute_url(self):
        return reverse("admin:schools_school_change", args=[self.pk])

    @property
    def director(self):
        """The school's active director, or None."""
        return next((t for t in self.teachers.all() if t.is_director and t.is_active), None)


class Enrollment(TimeStampedModel):
    """Students enrolled in one grade of one school in one school year."""

    school = models.ForeignKey(
        School, verbose_name=_("institución educativa"), on_delete=models.CASCADE, related_name="enrollments"
    )
    school_year = school_year_field()
    grade = models.PositiveSmallIntegerField(_("grado"), validators=[MinValueValidator(1), MaxValueValidator(6)])
    students = models.PositiveIntegerField(_("estudiantes matriculados"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("matrícula")
        verbose_name_plural = _("matrículas")
        ordering = ["school", "-school_year", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "grade"], name="enrollment_unique_grade_year"),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=6), name="enrollment_grade_1_6"),
        ]

    def __str__(self):
        return f"{self.school} · {self.school_year} · {self.grade}.°"


class Teacher(TimeStampedModel):
    """A teacher (docente) or director of one school. DNI and phone are personal data (Ley 29733)."""

    class Position(models.TextChoices):
        TEACHER = "docente", _("Docente")
        DIRECTOR = "director", _("Director(a)")

    school = models.ForeignKey(
        School, verbose_name=_("institución educativa"), on_delete=models.PROTECT, related_name="teachers"
    )
    position = models.CharField(_("cargo"), max_length=10, choices=Position.choices, default=Position.TEACHER)
    first_name = models.CharField(_("nombres"), max_length=80)
    last_name = models.CharField(_("apellidos"), max_length=80)
    dni = models.CharField(_("DNI"), max_length=8, blank=True, validators=[validate_dni])
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    grades = models.JSONField(
        _("grados a cargo"), default=list, blank=True, help_text=_("Grados de 1.° a 6.° que enseña.")
    )
    is_active = models.BooleanField(_("activo"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("docente")
        verbose_name_plural = _("docentes")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["dni"],
                condition=~Q(dni=""),
                name="teacher_unique_dni",
                violation_error_message=_("Ya hay una persona registrada con este DNI."),
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(position="director", is_active=True),
                name="school_one_active_director",
                violation_error_message=_("La institución ya tiene un(a) director(a) activo(a)."),
            ),
        ]
        indexes = [models.Index(fields=["school", "is_active"], name="teacher_school_active_idx")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_director(self) -> bool:
        return self.position == self.Position.DIRECTOR

    def clean(self):
        grades = self.grades or []
        # type() rather than isinstance(): JSON true and 2.0 compare equal to 1 and 2 but are not grades.
        valid = isinstance(grades, list) and all(type(g) is int and g in GRADES for g in grades)
        if not valid or len(set(grades)) != len(grades):
            raise ValidationError({"grades": _("Los grados deben ser números distintos del 1 al 6.")})
        self.grades = sorted(grades)


# --- Sponsors -------------------------------------------------------------------------
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


SPONSORSHIP_YEARS = 5


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
    """Money a sponsor gave (aporte), optionally earmarked for one school or one network."""

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
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("red educativa"),
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
            models.CheckConstraint(
                condition=Q(school__isnull=True) | Q(network__isnull=True),
                name="contribution_school_or_network",
                violation_error_message=_("Un aporte se asigna a una institución o a una red, no a ambas."),
            ),
        ]

    def __str__(self):
        return f"{self.sponsor} · {self.date:%d/%m/%Y} · {self.currency} {self.amount}"
