"""Large exports of the dashboards' lists: the one write path of `ExportJob`.

An export's life: requested (`export_request`, by a staff member, from a list whose file is too large for
a request) -> queued -> running (`export_generate`, in a Celery worker) -> ready, its requester emailed
a link (`export_deliver`), or failed (`export_retry` queues it again) -> expired (`exports_expire` removes
the file, keeps the record). `exports_reap` finds jobs whose message or worker was lost.

The promises of every job (`core.jobs`): one run at a time (an advisory lock per export), attempts
counted per run, the file written to a temporary name and renamed, work queued only after the
transaction that recorded it commits. And the export's own:
- The file holds exactly the list's rows: the rows are read by the list's own code (`list_read`,
  `export_rows`) from the filters as applied when it was asked for, as the person who asked (their scope).
  Those filters are checked again when it runs; if they no longer mean the same (a period no longer
  offered, a network gone, the person no longer staff), the job fails saying so rather than write
  other rows.
- Memory stays flat: the rows are read a chunk at a time (a server-side cursor) and written as they come
  (CSV; openpyxl's write-only XLSX keeps them on disk until it zips them).
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import jobs
from core.jobs import JobRefusedError

from ..dashboard.exports import write_csv, write_xlsx
from ..dashboard.lists import KINDS, ListRead, export_filename, export_rows, list_read, list_rows, list_title
from ..dashboard.period import default_period
from ..models import ExportJob
from ..permissions import can_export_lists, can_use_export
from .jobs import jobs_queue_limit_check

Status = ExportJob.Status
Format = ExportJob.Format

EXPORTS = jobs.JobKind(
    model=ExportJob,
    lock_namespace=0x4558,  # "EX": advisory locks of export runs are (namespace, export id)
    settings_prefix="CEE_EXPORT",
    failed=gettext_lazy("No se pudo preparar el archivo: %(error)s"),
    gave_up=gettext_lazy("No se pudo preparar el archivo tras varios intentos: %(error)s"),
)
QUERY_MAX_LENGTH = ExportJob._meta.get_field("query").max_length
PROGRESS_ROWS = 5000  # rows written between two records of the job's progress (~100 for a country's year)
XLSX_MOST_ROWS = 1_048_575  # an Excel sheet holds 1,048,576 rows, the headers' among them


def export_file_name(job: ExportJob) -> str:
    """The file's name in private storage: the job's id, never a person's input."""
    return f"exports/{job.created_at:%Y/%m}/export_{job.pk}.{job.format}"


def _enqueue(job_ids) -> None:
    """Queue these exports once the current transaction has committed."""
    from ..tasks import export_generate_task  # tasks call services; services queue tasks lazily

    jobs.enqueue_on_commit(export_generate_task, job_ids)


# --- requesting ---------------------------------------------------------------------------------
def _applied(*, user, query: str) -> ListRead:
    """The list a query string names, its filters applied as the list page applies them, with its period
    stated (a list without one shows this month: the file keeps that month even if it runs tomorrow).
    A malformed or unknown value is refused in words: the list page's button never sends one."""
    data = QueryDict(query, mutable=True)
    if not data.get("period"):
        data["period"] = default_period(timezone.localdate()).value
    try:
        read = list_read(user=user, query=data)
    except Http404 as missing:
        raise ValidationError({"query": _("La red o la institución educativa de la lista no existe.")}) from missing
    if read.notice or read.ctx.filterset.errors:
        raise ValidationError(
            {"query": _("Un filtro de la lista no es válido: vuelva a la lista, corríjalo y pida el archivo de nuevo.")}
        )
    return read


@dataclass
class RequestedExport:
    job: ExportJob
    created: bool  # False: the same export was already queued or running, and that job is returned


def export_request(*, user, kind: str, query: str, format: str) -> RequestedExport:
    """Queue the file of a dashboard list (`kind`: visitas, docentes...) with the filters and scope of
    `query` (a list's query string: `region=21&period=2026`), for a staff member.

    The filters are stored as applied. The same export already queued or running for the person is
    returned instead of a second job. The person's queued or running jobs, reports and exports together,
    are at most `CEE_REPORT_MAX_QUEUED_PER_USER`: past it, a ValidationError says so and nothing is recorded."""
    if not can_export_lists(user):
        raise PermissionDenied
    list_kind = KINDS.get(kind)
    if list_kind is None:
        raise ValidationError({"kind": _("Elija una de las listas del panel.")})
    if format not in Format.values:
        raise ValidationError({"format": _("Elija CSV o Excel (XLSX).")})
    query = (query or "").strip().lstrip("?")
    if len(query) > QUERY_MAX_LENGTH:
        raise ValidationError({"query": _("Los filtros de la lista son demasiado largos: vuelva a la lista.")})
    read = _applied(user=user, query=query)
    applied = read.query.urlencode()
    same = {"requested_by": user, "kind": kind, "format": format, "query": applied}
    try:
        with transaction.atomic():
            running = ExportJob.objects.active().filter(**same).first()
            if running is not None:
                return RequestedExport(running, created=False)
            jobs_queue_limit_check(user)
            job = ExportJob(
                **same,
                title=list_title(list_kind, read.ctx)[:300],
                filename=export_filename(list_kind, read.ctx, format, timezone.localdate()),
                language=translation.get_language() or settings.LANGUAGE_CODE,
                stage=_("En cola"),
            )
            job.full_clean()
            job.save()
            _enqueue([job.pk])
    except IntegrityError:  # the same request, sent twice at once: the other one made the job
        running = ExportJob.objects.active().filter(**same).first()
        if running is None:
            raise
        return RequestedExport(running, created=False)
    return RequestedExport(job, created=True)


def export_retry(*, user, job: ExportJob) -> ExportJob:
    """Queue a failed export again (its attempts start over). Only the person who asked for it."""
    if not can_use_export(user, job):
        raise PermissionDenied
    with transaction.atomic():
        jobs_queue_limit_check(user)
        locked = ExportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.FAILED:
            raise ValidationError(_("Solo se reintenta una exportación que falló."))
        locked.rows_written, locked.rows_total = 0, None
        locked.save(update_fields=["rows_written", "rows_total", "updated_at"])
        jobs.job_requeue(locked)
        _enqueue([locked.pk])
    return locked


# --- generating ----------------------------------------------------------------------------------
class _Progress:
    """Passes the rows on to the writer, recording every PROGRESS_ROWS how many were written."""

    def __init__(self, job_id: int, total: int):
        self.job_id, self.total, self.written = job_id, total, 0

    def rows(self, rows):
        stage = _("Escribiendo las filas")
        for row in rows:
            yield row
            self.written += 1
            if self.written % PROGRESS_ROWS == 0:
                percent = min(95, 10 + 85 * self.written // max(self.total, 1))
                jobs.job_progress(EXPORTS, self.job_id, percent, stage, rows_written=self.written)
        jobs.job_progress(EXPORTS, self.job_id, 95, _("Guardando el archivo"), rows_written=self.written)


def _reread(job: ExportJob) -> ListRead:
    """The job's list as its requester sees it now, refused when the stored filters no longer apply."""
    person = job.requested_by
    if not (person.is_active and can_export_lists(person)):
        raise JobRefusedError(_("la persona que lo pidió ya no tiene acceso a los paneles."))
    if job.kind not in KINDS:
        raise JobRefusedError(_("esa lista ya no existe."))
    try:
        read = list_read(user=person, query=QueryDict(job.query))
    except Http404 as missing:
        raise JobRefusedError(_("la red o la institución educativa de la lista ya no existe.")) from missing
    if read.notice or read.query.urlencode() != job.query:
        raise JobRefusedError(
            _(
                "los filtros de la lista ya no se aplican igual (un periodo que ya no se ofrece, por ejemplo). "
                "Pida el archivo de nuevo desde la lista."
            )
        )
    return read


def _write_rows(job: ExportJob, path: Path) -> int:
    """Write the list's rows to `path`, recording the progress; the number of rows written."""
    ctx = _reread(job).ctx
    kind = KINDS[job.kind]
    jobs.job_progress(EXPORTS, job.pk, 8, _("Contando las filas"))
    total = list_rows(kind, ctx).count()
    if job.format == Format.XLSX and total > XLSX_MOST_ROWS:
        raise JobRefusedError(
            _("la lista tiene %(n)s filas y una hoja de Excel admite %(most)s: pida el CSV o filtre más.")
            % {"n": f"{total:,}", "most": f"{XLSX_MOST_ROWS:,}"}
        )
    jobs.job_progress(EXPORTS, job.pk, 10, _("Escribiendo las filas"), rows_total=total, rows_written=0)
    progress = _Progress(job.pk, total)
    rows = progress.rows(export_rows(kind, ctx))
    with path.open("wb") as out:
        if job.format == Format.CSV:
            write_csv(kind.headers, rows, out)
        else:
            write_xlsx(kind.headers, rows, title=str(kind.title), out=out)
    return progress.written


def _write(job: ExportJob, path: Path) -> int:
    """In the language the person used when asking (the headers, the choices' words)."""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _write_rows(job, path)


def _ready(job: ExportJob, written: int) -> None:
    from ..tasks import export_deliver_task

    job.rows_written = written
    transaction.on_commit(lambda: export_deliver_task.delay(job.pk))


def export_generate(*, job_id: int) -> ExportJob | None:
    """Write one export's file (the Celery task's work), with the promises of every job (`core.jobs`);
    once ready, its requester is told (`export_deliver`)."""
    return jobs.job_run(EXPORTS, job_id, file_name=export_file_name, write=_write, finish=_ready)


# --- delivering ------------------------------------------------------------------------------------
def export_deliver(*, job_id: int) -> bool:
    """Email the requester a link to the ready export (never the file), once; the send is recorded on the
    job (`emailed_at`, or `email_error`). True when the send failed (the task retries it)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("requested_by").filter(pk=job_id).first()
        if job is None or job.status != Status.READY or job.emailed_at is not None:
            return False
        person = job.requested_by
        if not person.is_active or not person.email:
            job.email_error = _("No se envió: la persona no tiene un correo activo.")
            job.save(update_fields=["email_error", "updated_at"])
            return False
        link = settings.CEE_SITE_URL.rstrip("/") + job.get_absolute_url()
        with translation.override(job.language or settings.LANGUAGE_CODE):
            subject = _("Su archivo está listo: %(title)s") % {"title": job.title}
            body = render_to_string("emails/export_ready.txt", {"job": job, "person": person, "link": link})
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
        except Exception as error:  # recorded, and retried by the task
            job.email_error = f"{type(error).__name__}: {error}"[:1000]
            job.save(update_fields=["email_error", "updated_at"])
            return True
        job.emailed_at, job.email_error = timezone.now(), ""
        job.save(update_fields=["emailed_at", "email_error", "updated_at"])
    return False


# --- expiring, reaping ---------------------------------------------------------------------------
def exports_expire(*, now=None) -> int:
    """Remove the files of exports past `CEE_EXPORT_RETENTION_DAYS`; the records stay ("Vencido")."""
    return jobs.jobs_expire(EXPORTS, now=now)


def exports_reap(*, now=None) -> dict[str, int]:
    """Exports nobody is working on (a dead worker, a lost message): queued again, or failed."""
    return jobs.jobs_reap(EXPORTS, enqueue=_enqueue, now=now)
