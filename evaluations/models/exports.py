"""A dashboard list written to a file in the background: one Celery job per export, its state and its file.

The lists behind the dashboards' figures (`evaluations.dashboard.lists`) are downloaded at once while they
are small; past `CEE_EXPORT_MAX_ROWS` rows (CSV) or `CEE_EXPORT_XLSX_MAX_ROWS` (Excel) the file is made
by a worker instead, and the person downloads it from the job's page. The job keeps the list's kind and
its filters as applied (`query`, e.g. `region=21&period=2026`), read again when it runs, as the person
who asked. The rows are that person's, so the job and its file are theirs alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.jobs import Job
from networks.models import private_storage


class ExportJob(Job):
    """One export of a dashboard list (CSV or XLSX), asked for by a staff member."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("solicitado por"),
        on_delete=models.PROTECT,  # a person with exports is deactivated, not deleted: their files expire
        related_name="export_jobs",
    )
    kind = models.CharField(_("lista"), max_length=20, help_text=_("instituciones, docentes, visitas..."))
    format = models.CharField(_("formato"), max_length=4, choices=Format.choices)
    query = models.CharField(
        _("filtros"), max_length=500, blank=True, help_text=_("Los filtros y el alcance aplicados, como en la URL.")
    )
    title = models.CharField(_("título"), max_length=300)
    filename = models.CharField(_("nombre del archivo"), max_length=200)
    language = models.CharField(_("idioma"), max_length=10, default="es-pe")
    rows_total = models.PositiveIntegerField(_("filas de la lista"), null=True, blank=True)
    rows_written = models.PositiveIntegerField(_("filas escritas"), default=0)
    file = models.FileField(_("archivo"), upload_to="exports/", storage=private_storage, blank=True, max_length=200)
    emailed_at = models.DateTimeField(_("aviso enviado"), null=True, blank=True)
    email_error = models.TextField(_("error del aviso"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "status"], name="export_requester_idx")]
        verbose_name, verbose_name_plural = _("exportación"), _("exportaciones")
        constraints = [
            # The same list, filters and format asked again while one is being made is that job.
            models.UniqueConstraint(
                fields=["requested_by", "kind", "format", "query"],
                condition=Q(status__in=["queued", "running"]),
                name="export_active_once",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="export_progress_percent", violation_error_message=_("0 a 100.")
            ),
        ]

    def __str__(self):
        return f"{self.title} · {self.format.upper()}"

    def get_absolute_url(self):
        return reverse("evaluations:export-detail", kwargs={"pk": self.pk})
