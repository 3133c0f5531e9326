"""The five-year curriculum: each program year's focus (meta pedagógica anual) and its competencies.

Also the one home of the program-year rules: which years are the program, when a network has graduated.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.validators import text_max_length


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


def program_year_label(year: int | None, focus: str | None = None) -> str:
    """'Año 3 · Comunicación', 'Egresada' after the last year, 'Aún no inicia' before year 1.

    `focus` is the year's focus as the curriculum table holds it (staff may edit it); without it, the
    year's original name.
    """
    if is_graduated(year):
        return gettext("Egresada")
    if not in_program(year):
        return gettext("Aún no inicia")
    return gettext("Año %(year)s · %(focus)s") % {"year": year, "focus": focus or ProgramYear(year).label}


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


def in_language(obj, name: str) -> str:
    """`<name>_es` or `<name>_en` of a row (or of a row's historical version) by the active language."""
    lang = (get_language() or "es").split("-")[0]
    return getattr(obj, f"{name}_{lang}", "") or getattr(obj, f"{name}_es")


class TranslatedText:
    """Reads `<name>_es` or `<name>_en` by the active language; Spanish is the fallback."""

    def __init__(self, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return in_language(obj, self.name)


class CurriculumYear(TimeStampedModel):
    """One of the five program years: its focus (meta pedagógica anual), what it asks of coordinators and
    of schools, and its competencies. Staff edit it; history keeps every version, so a past visit is
    shown with the curriculum of its day."""

    number = models.PositiveSmallIntegerField(_("año del programa"), choices=ProgramYear.choices, unique=True)
    focus_es = models.CharField(_("enfoque (español)"), max_length=120)
    focus_en = models.CharField(_("enfoque (inglés)"), max_length=120)
    description_es = models.TextField(_("descripción (español)"), validators=[text_max_length(2000)])
    description_en = models.TextField(_("descripción (inglés)"), validators=[text_max_length(2000)])
    coordinator_tasks_es = models.TextField(
        _("qué pide a los coordinadores (español)"), blank=True, validators=[text_max_length(2000)]
    )
    coordinator_tasks_en = models.TextField(
        _("qué pide a los coordinadores (inglés)"), blank=True, validators=[text_max_length(2000)]
    )
    school_tasks_es = models.TextField(
        _("qué pide a las instituciones (español)"), blank=True, validators=[text_max_length(2000)]
    )
    school_tasks_en = models.TextField(
        _("qué pide a las instituciones (inglés)"), blank=True, validators=[text_max_length(2000)]
    )
    history = HistoricalRecords()

    focus = TranslatedText("focus")
    description = TranslatedText("description")
    coordinator_tasks = TranslatedText("coordinator_tasks")
    school_tasks = TranslatedText("school_tasks")

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
    """A competency of a program year's rubric (observed 1 to 4 in classroom visits)."""

    year = models.ForeignKey(
        CurriculumYear,
        verbose_name=_("año del currículo"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    name_es = models.CharField(_("competencia (español)"), max_length=200)
    name_en = models.CharField(_("competencia (inglés)"), max_length=200)
    is_active = models.BooleanField(
        _("vigente"),
        default=True,
        help_text=_("Una competencia retirada ya no está en la rúbrica; las visitas pasadas la conservan."),
    )
    history = HistoricalRecords()

    name = TranslatedText("name")

    class Meta:
        verbose_name = _("competencia")
        verbose_name_plural = _("competencias")
        ordering = ["year", "order"]
        constraints = [models.UniqueConstraint(fields=["year", "order"], name="competency_unique_order")]

    def __str__(self):
        return self.name
