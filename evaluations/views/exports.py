"""The pages of the large list exports: asking for one (the list page's button), a job's page and its polled
status, retrying it, its file, and the person's exports (also a section of the jobs page, /informes/).

An export holds the rows its requester may see, so everything about it is that person's alone: every
lookup goes through `exports_visible_to` (anyone else, staff included: 404, as for a missing one). Like the
reports' pages, the job's panel and the table's rows ask the server again every 2 s (htmx) while something
is queued or running and stop by themselves; without JavaScript an "Actualizar" link reloads them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors
from core.pagination import keyset_page

from .. import permissions
from ..dashboard.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from ..dashboard.lists import list_url
from ..forms import ExportRequestForm
from ..models import ExportJob
from ..selectors import exports_visible_to
from ..services.exports import export_request, export_retry
from .jobs import JobDownloadView, JobRetryView, JobShown, JobStatusView, no_store

Status = ExportJob.Status
Format = ExportJob.Format

CONTENT_TYPES = {Format.CSV: CSV_CONTENT_TYPE, Format.XLSX: XLSX_CONTENT_TYPE}
ORDERING = ("-created_at", "-id")
RECENT = 5  # exports the jobs page (/informes/) shows; the rest on their own page


class ExportShown(JobShown):
    """An export as the pages show it (no queries): its status's look, its list, its file's words."""

    label_template = "evaluations/exports/_label.html"
    progress_template = "evaluations/exports/_rows_progress.html"
    download_url_name = "evaluations:export-download"
    retry_url_name = "evaluations:export-retry"

    @property
    def title(self) -> str:
        return self.job.title

    @property
    def list_url(self) -> str:
        """The list the file was made from, with its filters: to look at the rows on the page."""
        return list_url(self.job.kind, None, self.job.query)

    @property
    def download_label(self) -> str:
        return _("Descargar CSV") if self.job.format == Format.CSV else _("Descargar Excel")


def shown(user, job: ExportJob) -> ExportShown:
    return ExportShown(job=job, can_retry=job.status == Status.FAILED and permissions.can_use_export(user, job))


def export_get(user, pk) -> ExportJob:
    """One of the person's exports, or 404 (anyone else's looks the same as a missing one)."""
    return get_object_or_404(exports_visible_to(user), pk=pk)


def status_context(request, job: ExportJob) -> dict:
    """What the status panel (the polled fragment) shows: the state, the file, the next step ("Pedir de
    nuevo" posts the same list, filters and format once the file is gone or the job failed)."""
    return {"job": job, "shown": shown(request.user, job), "polling": job.is_active, "gone": job.is_gone}


def recent_exports(user) -> tuple[list[ExportShown], bool]:
    """The person's latest exports for the jobs page, and whether there are more (one query)."""
    jobs = list(exports_visible_to(user).order_by(*ORDERING)[: RECENT + 1])
    return [shown(user, job) for job in jobs[:RECENT]], len(jobs) > RECENT


# --- The person's exports ------------------------------------------------------------------------------
class ExportListView(PermissionGateMixin, View):
    """The person's exports, newest first, a page at a time. Asked by htmx (`HX-Request`), it answers only
    the table's rows (with `recientes`, the jobs page's few), which poll while one is queued or running."""

    gate = staticmethod(permissions.can_export_lists)
    template_name = "evaluations/exports/export_list.html"

    def get(self, request):
        recent = bool(request.GET.get("recientes"))
        if recent:
            rows, more = recent_exports(request.user)
            page = None
        else:
            jobs = exports_visible_to(request.user)
            page = keyset_page(jobs, ordering=ORDERING, cursor=request.GET.get("cursor"), scope_is_small=True)
            rows, more = [shown(request.user, job) for job in page], False
        polling = any(row.job.is_active for row in rows)
        context = {"page": page, "rows": rows, "more": more, "polling": polling, "poll_url": request.get_full_path()}
        if request.htmx:
            context.update(rows_id="export-rows", show_requester=False)
            response = render(request, "evaluations/jobs/_job_table.html#rows", context)
        else:
            if recent:  # the jobs page's fragment, asked for without htmx: the whole list instead
                return redirect("evaluations:export-list")
            response = render(request, self.template_name, context)
        patch_vary_headers(response, ("HX-Request",))
        return no_store(response)


# --- Asking for one ---------------------------------------------------------------------------------------
def say_what_happened(request, job: ExportJob, created: bool) -> None:
    """The message after asking. Without a broker (the embedded set-up) the task already ran in this
    request, so the file may be ready or failed by now: say that rather than "en cola"."""
    if not created:
        messages.info(request, _("Ese archivo ya se está preparando: esta es su página."))
        return
    job.refresh_from_db(fields=["status"])
    if job.status == Status.READY:
        messages.success(request, _("Su archivo está listo para descargar."))
    elif job.status == Status.FAILED:
        messages.error(request, _("No se pudo preparar el archivo: el motivo está abajo."))
    else:
        messages.success(
            request,
            _(
                "Su archivo se está preparando. Esta página muestra su avance; cuando esté listo podrá "
                "descargarlo aquí y le avisaremos por correo."
            ),
        )


class ExportRequestView(PermissionGateMixin, View):
    """The list page's button: queue the list's file and go to its page. A request the button never sends
    (an unknown list or format, filters that are not a list's) gets a page in words (400); a full queue goes
    back to the list with the reason. Nothing is recorded either way."""

    gate = staticmethod(permissions.can_export_lists)
    http_method_names = ["post"]

    def post(self, request):
        form = ExportRequestForm(request.POST)
        if not form.is_valid():
            return render(request, "evaluations/exports/export_refused.html", {"form": form}, status=400)
        data = form.cleaned_data
        try:
            requested = export_request(user=request.user, kind=data["kind"], query=data["query"], format=data["format"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # the filters sent are not the list's: the same page in words
                apply_service_errors(form, error)
                return render(request, "evaluations/exports/export_refused.html", {"form": form}, status=400)
            messages.error(request, " ".join(error.messages))
            return redirect(list_url(data["kind"], None, data["query"]))
        say_what_happened(request, requested.job, requested.created)
        return redirect(requested.job)


# --- One export -------------------------------------------------------------------------------------------
class ExportPages(PermissionGateMixin):
    """Every page of one export: staff only (403), the person's own export (404 for anyone else's)."""

    gate = staticmethod(permissions.can_export_lists)
    job_get = staticmethod(export_get)
    status_context = staticmethod(status_context)


class ExportDetailView(ExportPages, View):
    """A job: its status (polled while it runs), its file, what list and filters it holds."""

    def get(self, request, pk):
        job = self.job_get(request.user, pk)
        return no_store(render(request, "evaluations/exports/export_detail.html", self.status_context(request, job)))


class ExportStatusView(ExportPages, JobStatusView):
    template_name = "evaluations/exports/export_detail.html#status"


class ExportRetryView(ExportPages, JobRetryView):
    """Queue a failed export again (only its requester)."""

    def retry(self, user, job):
        return export_retry(user=user, job=job)

    def requeued(self, request, job):
        say_what_happened(request, job, created=True)


class ExportDownloadView(ExportPages, JobDownloadView):
    """The export's file, named for its list, scope, period and day."""

    gone_template = "evaluations/exports/export_gone.html"
    content_types = CONTENT_TYPES

    def filename(self, job):
        return job.filename
