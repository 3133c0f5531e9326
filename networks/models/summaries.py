"""Summary tables the staff dashboards read instead of grouping millions of visits at request time."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class SchoolVisitMonth(TimeStampedModel):
    """A school's visits in one calendar month (one row per school and month with at least one visit).

    Derived data, never edited by hand: `networks.services.summaries` recomputes a row when a visit of
    that school and month is written (on commit) and rebuilds every row on a schedule.
    """

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("institución educativa"),
        on_delete=models.CASCADE,
        related_name="visit_months",
    )
    month = models.DateField(_("mes"), help_text=_("Primer día del mes."))
    # Repeated from the school's district so the nation's figures group by region without three joins.
    region = models.ForeignKey(
        "schools.Region", verbose_name=_("región"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    visits = models.PositiveIntegerField(_("visitas"), default=0)
    classroom_visits = models.PositiveIntegerField(_("visitas en aula"), default=0)
    classroom_without_observations = models.PositiveIntegerField(_("visitas en aula sin observaciones"), default=0)
    last_visit_on = models.DateField(_("última visita del mes"))

    class Meta:
        verbose_name = _("visitas de una institución en un mes")
        verbose_name_plural = _("visitas de instituciones por mes")
        ordering = ["-month", "school"]
        constraints = [
            models.UniqueConstraint(fields=["school", "month"], name="school_visit_month_unique"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="school_visit_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "school"], name="school_visit_month_month_idx")]

    def __str__(self):
        return f"{self.school_id} · {self.month:%m/%Y} · {self.visits}"


class SummaryRefresh(models.Model):
    """One full rebuild of the summary tables: when it ran, how long it took, how many rows it left.

    Pages state the latest one ("Cifras al 29/11/2026 20:15")."""

    started_at = models.DateTimeField(_("inicio"))
    finished_at = models.DateTimeField(_("fin"))
    duration_ms = models.PositiveIntegerField(_("duración (ms)"))
    rows = models.PositiveIntegerField(_("filas"))

    class Meta:
        verbose_name = _("actualización de cifras")
        verbose_name_plural = _("actualizaciones de cifras")
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self):
        return f"{self.finished_at:%d/%m/%Y %H:%M} · {self.rows}"
