"""Per school and school year figures the staff dashboards read instead of grouping raw rows per request."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


def _count(verbose_name):
    return models.PositiveIntegerField(verbose_name, default=0)


class SchoolYearSummary(TimeStampedModel):
    """One school's figures for one school year: its people and how many a workshop reached, its
    enrolment and its goals by status.

    Derived data, never edited by hand: `evaluations.services.summaries` rebuilds the rows of a year in
    one statement (on a schedule, and one school's row when its goals change). Every school has a row for
    each year of the dashboards' period menu; older years only where the school has data that year.
    """

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.CASCADE,
        related_name="year_summaries",
    )
    year = models.PositiveSmallIntegerField(_("año escolar"))
    # Repeated from the school's district so the nation's figures group by region without three joins.
    region = models.ForeignKey("schools.Region", verbose_name=_("región"), on_delete=models.CASCADE, related_name="+")
    directors = _count(_("directores activos"))
    teachers = _count(_("docentes activos"))
    directors_trained = _count(_("directores que asistieron a un taller del año"))
    teachers_trained = _count(_("docentes que asistieron a un taller del año"))
    parents = _count(_("padres de familia en talleres del año"))
    students = models.PositiveIntegerField(
        _("estudiantes matriculados"), null=True, blank=True, help_text=_("Vacío si no hay matrícula ese año.")
    )
    goals_on_track = _count(_("metas en camino"))
    goals_at_risk = _count(_("metas en riesgo"))
    goals_off_track = _count(_("metas rezagadas"))
    goals_no_measure = _count(_("metas sin medición"))

    class Meta:
        verbose_name = _("cifras de una institución en un año")
        verbose_name_plural = _("cifras de instituciones por año")
        ordering = ["-year", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="school_year_summary_unique")]
        indexes = [models.Index(fields=["year", "school"], name="school_year_summary_year_idx")]

    def __str__(self):
        return f"{self.school_id} · {self.year}"


SUBJECTS = ("reading", "math")  # AssessmentResult.Subject, one set of columns each
LEVELS = ("evaluated", "previo_inicio", "en_inicio", "en_proceso", "satisfactorio")


class SchoolYearResult(TimeStampedModel):
    """One school's assessment results of one year and grade, both subjects in one row, marked when that
    year is the school's own first program year (the dashboards compare the results with it).

    Derived data, rebuilt with `SchoolYearSummary` by `evaluations.services.summaries`: half the rows of
    the results, with the region repeated, so a dashboard's results come from one scan without joins.
    """

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.CASCADE,
        related_name="year_results",
    )
    year = models.PositiveSmallIntegerField(_("año"))
    grade = models.PositiveSmallIntegerField(_("grado"))
    region = models.ForeignKey("schools.Region", verbose_name=_("región"), on_delete=models.CASCADE, related_name="+")
    first_program_year = models.BooleanField(_("primer año de la institución en el programa"), default=False)
    reading_results = _count(_("resultados de lectura"))  # 0 or 1: a subject with no result has no row
    reading_evaluated = _count(_("evaluados en lectura"))
    reading_previo_inicio = _count(_("lectura: previo al inicio"))
    reading_en_inicio = _count(_("lectura: en inicio"))
    reading_en_proceso = _count(_("lectura: en proceso"))
    reading_satisfactorio = _count(_("lectura: satisfactorio"))
    math_results = _count(_("resultados de matemática"))
    math_evaluated = _count(_("evaluados en matemática"))
    math_previo_inicio = _count(_("matemática: previo al inicio"))
    math_en_inicio = _count(_("matemática: en inicio"))
    math_en_proceso = _count(_("matemática: en proceso"))
    math_satisfactorio = _count(_("matemática: satisfactorio"))

    class Meta:
        verbose_name = _("resultados de una institución en un año y grado")
        verbose_name_plural = _("resultados de instituciones por año y grado")
        ordering = ["-year", "school", "grade"]
        constraints = [models.UniqueConstraint(fields=["school", "year", "grade"], name="school_year_result_unique")]
        indexes = [models.Index(fields=["year", "school"], name="school_year_result_year_idx")]

    def __str__(self):
        return f"{self.school_id} · {self.year} · {self.grade}.°"
