"""Monitoring reports' pages: the jobs a person can see, asking for a report, a job's page and its file.

Reports are built in the background (Celery), so the pages show a job while it moves: the list's rows and
a job's status panel ask the server again every 2 s (htmx polling a fragment of the same template) while
something is queued or running, and stop by themselves once nothing is. Without JavaScript the pages
still work: an "Actualizar" link reloads them.

Every report is found through `reports_visible_to` (out of scope: 404, the same as a missing one); the
gates are the predicates of `evaluations.permissions`; `report_request`, `report_retry` and
`report_new_version` decide and record, and their refusals are shown in words next to the form.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import PermissionGateMixin, is_ipae_staff
from core.forms import apply_service_errors
from core.pagination import keyset_page
from schools.selectors import sponsor_id_of, sponsor_of

from .. import permissions
from ..dashboard.exports import XLSX_CONTENT_TYPE
from ..dashboard.period import period_choices
from ..forms import ReportFilterForm, ReportRequestForm, ReportVersionForm
from ..models import MonitoringReport
from ..selectors import reports_visible_to
from ..services.reports import report_new_version, report_period, report_request, report_retry
from .exports import recent_exports
from .jobs import JobDownloadView, JobRetryView, JobShown, JobStatusView
from .jobs import duration_text as duration_text  # where the report pages' tests read it

Scope = MonitoringReport.Scope
Status = MonitoringReport.Status
Format = MonitoringReport.Format

CONTENT_TYPES = {Format.PDF: "application/pdf", Format.XLSX: XLSX_CONTENT_TYPE}
ORDERING = ("-created_at", "-id")  # newest first; the model's index (status, created_at) and the pk serve it


def requester_text(report: MonitoringReport) -> str:
    """Who asked: a person's name, or the schedule that made the report."""
    if report.scheduled:
        return _("Calendario mensual") if report.is_month else _("Calendario anual")
    person = report.requested_by
    if person is None:
        return "—"
    return person.get_full_name() or person.username


def may_retry(user, report: MonitoringReport) -> bool:
    """The Retry button: a failed report, for staff or the person who asked (report_retry's rule)."""
    return report.status == Status.FAILED and permissions.can_retry_report(user, report)


class Shown(JobShown):
    """A report as the pages show it: its look and its words, worked out once (no queries)."""

    label_template = "evaluations/reports/_label.html"
    progress_template = "evaluations/reports/_progress.html"
    download_url_name = "evaluations:report-download"
    retry_url_name = "evaluations:report-retry"

    @property
    def report(self) -> MonitoringReport:
        return self.job

    @property
    def title(self) -> str:
        return str(self.report.target or _("Perú"))

    @property
    def requester(self) -> str:
        return requester_text(self.report)

    @property
    def download_label(self) -> str:
        return _("Descargar PDF") if self.report.format == Format.PDF else _("Descargar Excel")


def shown(user, report: MonitoringReport) -> Shown:
    return Shown(job=report, can_retry=may_retry(user, report))


def report_get(user, pk) -> MonitoringReport:
    """One report the person may see, or 404 (out of scope looks the same as missing)."""
    return get_object_or_404(reports_visible_to(user), pk=pk)


def download_name(report: MonitoringReport) -> str:
    """The file's name on the person's disk: "informe-red-chulucanas-2026-10-v1.pdf"."""
    target = slugify(str(report.target)) if report.target else "nacional"
    return f"informe-{target or report.scope}-{report_period(report).value}-v{report.version}.{report.format}"


def is_gone(report: MonitoringReport) -> bool:
    """The file was removed (expired), or is past its expiry and about to be."""
    return report.is_gone


def ask_again_fields(user, report: MonitoringReport) -> list[tuple[str, object]] | None:
    """The hidden fields of "Pedir de nuevo" (the same scope, target, period and format), or None when the
    person may not ask or the period is no longer offered."""
    if not permissions.can_request_reports(user):
        return None
    period = report_period(report).value
    if period not in dict(period_choices(timezone.localdate())):
        return None
    fields = [("period", period), ("format", report.format)]
    if is_ipae_staff(user):
        fields.insert(0, ("scope", report.scope))
        target = report.target
        if target is not None:
            fields.insert(1, (report.scope, target.pk))
    return fields


def status_context(request, report: MonitoringReport) -> dict:
    """What the status panel (the polled fragment) shows: the state, the file, the next step."""
    gone = is_gone(report)
    return {
        "report": report,
        "shown": shown(request.user, report),
        "polling": report.is_active,
        "gone": gone,
        "ask_again": ask_again_fields(request.user, report) if gone or report.status == Status.FAILED else None,
    }


# --- The list ----------------------------------------------------------------------------------------
class ReportListView(PermissionGateMixin, View):
    """The jobs the person can see, newest first, a page at a time; the form to ask for one on top (for
    those who may). Asked by htmx (`HX-Request`), it answers only the table's rows, which the page polls
    while a job on it is queued or running."""

    gate = staticmethod(permissions.can_see_reports)
    template_name = "evaluations/reports/report_list.html"

    def get(self, request):
        user = request.user
        filter_form = ReportFilterForm(request.GET)
        status, refused = filter_form.status_or_none()
        if refused:
            if not request.htmx:
                messages.warning(request, _("Ese estado no existe: se muestran los informes en todos los estados."))
            filter_form = ReportFilterForm(initial={"status": ""})
        reports = reports_visible_to(user)
        if status:
            reports = reports.filter(status=status)
        page = keyset_page(
            reports, ordering=ORDERING, cursor=request.GET.get("cursor"), scope_is_small=not is_ipae_staff(user)
        )
        rows = [shown(user, report) for report in page]
        active = sum(1 for row in rows if row.report.is_active)
        context = {
            "page": page,
            "rows": rows,
            "rows_id": "report-rows",
            "show_requester": True,
            "active": active,
            "polling": active > 0,
            "status": status,
            "query": urlencode({"status": status}) if status else "",
            "filter_form": filter_form,
            "poll_url": request.get_full_path(),
        }
        if request.htmx:
            response = render(request, "evaluations/jobs/_job_table.html#rows", context)
        else:
            can_request = permissions.can_request_reports(user)
            exports, more_exports = recent_exports(user) if permissions.can_export_lists(user) else ([], False)
            context.update(
                exports=exports,
                more_exports=more_exports,
                exports_polling=any(row.job.is_active for row in exports),
                exports_poll_url=reverse("evaluations:export-list") + "?recientes=1",
                can_request=can_request,
                form=ReportRequestForm(user=user, today=timezone.localdate()) if can_request else None,
                sponsor=sponsor_of(user) if can_request and not is_ipae_staff(user) else None,
            )
            response = render(request, self.template_name, context)
        # The same URL answers a page or its rows: a browser's cache must keep them apart.
        patch_vary_headers(response, ("HX-Request",))
        response["Cache-Control"] = "private, no-store"
        return response


def say_what_happened(request, report: MonitoringReport, queued_message: str) -> None:
    """The message after queueing a job. Without a broker (the embedded set-up) the task already ran in
    this request, so the report may be ready or failed by now: say that rather than "en cola"."""
    report.refresh_from_db(fields=["status"])
    if report.status == Status.READY:
        messages.success(request, _("Su informe está listo para descargar."))
    elif report.status == Status.FAILED:
        messages.error(request, _("No se pudo preparar el informe: el motivo está abajo."))
    else:
        messages.success(request, queued_message)


# --- Asking for a report ---------------------------------------------------------------------------
def names_another_target(data, sponsor_id) -> bool:
    """A sponsor's user sent what their form never offers: another scope, another company, a region,
    a network, or the team's comment (a crafted request, answered 403 and recorded nowhere)."""
    if data.get("scope", "") not in ("", Scope.SPONSOR):
        return True
    if any(data.get(name, "").strip() for name in ("region", "network", "narrative")):
        return True
    return data.get("sponsor", "") not in ("", str(sponsor_id))


class ReportRequestView(PermissionGateMixin, View):
    """Ask for a report. GET shows the form alone (the list shows it too); POST queues the report and
    goes to its page, or shows the form again with the reason in words (nothing recorded)."""

    gate = staticmethod(permissions.can_request_reports)
    template_name = "evaluations/reports/report_request.html"

    def render(self, form, *, status=200):
        sponsor = None if form.for_staff else sponsor_of(self.request.user)
        return render(self.request, self.template_name, {"form": form, "sponsor": sponsor}, status=status)

    def get(self, request):
        return self.render(ReportRequestForm(user=request.user, today=timezone.localdate()))

    def post(self, request):
        user = request.user
        form = ReportRequestForm(request.POST, user=user, today=timezone.localdate())
        if not form.for_staff and names_another_target(request.POST, sponsor_id_of(user)):
            raise PermissionDenied
        if form.is_valid():
            if form.for_staff:
                targets = form.targets()
                narrative = form.cleaned_data["narrative"]
            else:
                targets, narrative = {"scope": Scope.SPONSOR, "sponsor": sponsor_of(user)}, ""
            try:
                requested = report_request(
                    user=user,
                    period=form.chosen_period,
                    format=form.cleaned_data["format"],
                    narrative=narrative,
                    **targets,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if requested.created:
                    say_what_happened(
                        request,
                        requested.report,
                        _(
                            "Su informe está en cola. Esta página muestra su avance; cuando esté listo podrá "
                            "descargarlo aquí y le avisaremos por correo."
                        ),
                    )
                else:
                    messages.info(request, _("Ese informe ya se está preparando: esta es su página."))
                return redirect(requested.report)
        return self.render(form, status=400)


# --- One report --------------------------------------------------------------------------------------
class ReportDetailView(PermissionGateMixin, View):
    """A job: its status (polled while it runs), its file, who asked and when; for staff, who was told
    and the form for a new version with the team's comment; the other versions of the same report."""

    gate = staticmethod(permissions.can_see_reports)
    template_name = "evaluations/reports/report_detail.html"

    def get(self, request, pk):
        return self.render(report_get(request.user, pk))

    def render(self, report, *, version_form=None, status=200):
        user = self.request.user
        staff = is_ipae_staff(user)
        if staff and version_form is None:
            version_form = ReportVersionForm(initial={"narrative": report.narrative})
        context = status_context(self.request, report)
        context.update(
            staff=staff,
            versions=list(
                reports_visible_to(user)
                .select_related(None)
                .filter(key=report.key)
                .order_by("version")
                .only("pk", "version", "status", "created_at")
            ),
            deliveries=list(report.deliveries.select_related("recipient")) if staff else [],
            version_form=version_form if staff else None,
        )
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "private, no-store"
        return response


class ReportStatusView(PermissionGateMixin, JobStatusView):
    """The status panel alone: what the job page polls every 2 s while the job is queued or running."""

    gate = staticmethod(permissions.can_see_reports)
    template_name = "evaluations/reports/report_detail.html#status"
    job_get = staticmethod(report_get)
    status_context = staticmethod(status_context)


class ReportRetryView(PermissionGateMixin, JobRetryView):
    """Queue a failed report again (staff, or the person who asked for it)."""

    gate = staticmethod(permissions.can_request_reports)
    job_get = staticmethod(report_get)

    def retry(self, user, job):
        return report_retry(user=user, report=job)

    def requeued(self, request, job):
        say_what_happened(request, job, _("El informe volvió a la cola. Esta página muestra su avance."))


class ReportVersionView(ReportDetailView):
    """Staff make the report again as its next version, with the team's comment."""

    gate = staticmethod(is_ipae_staff)
    http_method_names = ["post"]

    def post(self, request, pk):
        report = report_get(request.user, pk)
        form = ReportVersionForm(request.POST)
        if form.is_valid():
            try:
                requested = report_new_version(
                    user=request.user, report=report, narrative=form.cleaned_data["narrative"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if requested.created:
                    say_what_happened(
                        request,
                        requested.report,
                        _("La versión %(version)s está en cola. Esta página muestra su avance.")
                        % {"version": requested.report.version},
                    )
                else:
                    messages.info(request, _("Esa versión ya se está preparando: esta es su página."))
                return redirect(requested.report)
        return self.render(report, version_form=form, status=400)


class ReportDownloadView(PermissionGateMixin, JobDownloadView):
    """The report's file: "informe-red-chulucanas-2026-10-v1.pdf"; 410 once it expired."""

    gate = staticmethod(permissions.can_see_reports)
    gone_template = "evaluations/reports/report_gone.html"
    content_types = CONTENT_TYPES
    job_get = staticmethod(report_get)
    status_context = staticmethod(status_context)
    filename = staticmethod(download_name)
