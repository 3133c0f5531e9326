"""The five-year curriculum, the networks, their coordinators, and the field work: visits and meetings."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import not_in_future, text_max_length, within_planning_horizon
from schools.models import TimeStampedModel, latitude_field, longitude_field, school_year_field


class ProgramYear(models.IntegerChoices):
    """The five-year curriculum: each program year has its focus (meta pedagógica anual)."""

    READING = 1, _("Lectura y escritura")
    CRITICAL_THINKING = 2, _("Pensamiento crítico y lógico")
    COMMUNICATION = 3, _("Comunicación")
    SOCIALIZATION = 4, _("Socialización")
    LEARNING_SKILLS = 5, _("Habilidades de aprendizaje y desarrollo personal")


PROGRAM_YEAR_MESSAGE = _("El año del programa debe estar entre 1 y 5.")


def in_program(year: int | None) -> bool:
    """Years 1..CEE_PROGRAM_YEARS are the program; before year 1 it has not started; after it, graduated.

    The one home of the "graduated" rule: every page, service and report asks here.
    """
    return year is not None and 1 <= year <= settings.CEE_PROGRAM_YEARS


def is_graduated(year: int | None) -> bool:
    return year is not None and year > settings.CEE_PROGRAM_YEARS


def program_year_label(year: int | None) -> str:
    """'Año 3 · Comunicación', 'Egresada' after the last year, 'Aún no inicia' before year 1."""
    if is_graduated(year):
        return gettext("Egresada")
    if not in_program(year):
        return gettext("Aún no inicia")
    return gettext("Año %(year)s · %(focus)s") % {"year": year, "focus": ProgramYear(year).label}


def program_year_field(**kwargs):
    return models.PositiveSmallIntegerField(
        _("año del programa"),
        choices=ProgramYear.choices,
        validators=[MinValueValidator(1, PROGRAM_YEAR_MESSAGE), MaxValueValidator(5, PROGRAM_YEAR_MESSAGE)],
        error_messages={"invalid_choice": PROGRAM_YEAR_MESSAGE},
        **kwargs,
    )


def program_year_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(program_year__gte=1, program_year__lte=5),
        name=name,
        violation_error_message=PROGRAM_YEAR_MESSAGE,
    )


class TranslatedText:
    """Reads `<name>_es` or `<name>_en` by the active language; Spanish is the fallback."""

    def __init__(self, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        lang = (get_language() or "es").split("-")[0]
        return getattr(obj, f"{self.name}_{lang}", "") or getattr(obj, f"{self.name}_es")


class CurriculumYear(TimeStampedModel):
    """One of the five program years, with its focus (meta pedagógica anual) and competencies."""

    number = models.PositiveSmallIntegerField(_("año del programa"), choices=ProgramYear.choices, unique=True)
    focus_es = models.CharField(_("enfoque (español)"), max_length=120)
    focus_en = models.CharField(_("enfoque (inglés)"), max_length=120)
    description_es = models.TextField(_("descripción (español)"))
    description_en = models.TextField(_("descripción (inglés)"))

    focus = TranslatedText("focus")
    description = TranslatedText("description")

    class Meta:
        verbose_name = _("año del currículo")
        verbose_name_plural = _("años del currículo")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=5), name="curriculum_year_1_5"),
        ]

    def __str__(self):
        return f"{self.number}. {self.focus}"


class Competency(TimeStampedModel):
    year = models.ForeignKey(
        CurriculumYear,
        verbose_name=_("año del currículo"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    name_es = models.CharField(_("competencia (español)"), max_length=200)
    name_en = models.CharField(_("competencia (inglés)"), max_length=200)

    name = TranslatedText("name")

    class Meta:
        verbose_name = _("competencia")
        verbose_name_plural = _("competencias")
        ordering = ["year", "order"]
        constraints = [models.UniqueConstraint(fields=["year", "order"], name="competency_unique_order")]

    def __str__(self):
        return self.name


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

    @property
    def focus(self) -> str:
        return ProgramYear(self.program_year).label

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


class NetworkMeeting(TimeStampedModel):
    """A reunión de red (community tier): who took part, by role, and what they decided."""

    client_uuid = models.UUIDField(_("identificador del envío"), default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(
        Network, verbose_name=_("red educativa"), on_delete=models.PROTECT, related_name="meetings"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinador(a)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_meetings",
    )
    date = models.DateField(_("fecha"), validators=[not_in_future])
    directors = models.PositiveSmallIntegerField(_("directores"), default=0)
    teachers = models.PositiveSmallIntegerField(_("docentes"), default=0)
    parents = models.PositiveSmallIntegerField(_("padres de familia"), default=0)
    community_leaders = models.PositiveSmallIntegerField(_("líderes comunitarios"), default=0)
    local_organizations = models.PositiveSmallIntegerField(_("organizaciones locales"), default=0)
    decisions = models.TextField(_("decisiones"), blank=True, validators=[text_max_length()])
    agreements = models.TextField(_("acuerdos"), blank=True, validators=[text_max_length()])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reunión de red")
        verbose_name_plural = _("reuniones de red")
        ordering = ["-date"]
        indexes = [models.Index(fields=["network", "-date"], name="meeting_network_date_idx")]

    def __str__(self):
        return f"{self.network} · {self.date:%d/%m/%Y}"

    @property
    def participant_count(self) -> int:
        return self.directors + self.teachers + self.parents + self.community_leaders + self.local_organizations
