"""What the pages of every background job share (monitoring reports, list exports): a status's look, how
long a run took, the polled status panel, retrying, and the file's download."""

import datetime
import logging
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.jobs import Job, JobStatus

logger = logging.getLogger(__name__)

# Each status's look: a Bootstrap badge and a sign, always with the status's words (never colour alone).
STATUS_LOOK = {
    JobStatus.QUEUED: ("text-bg-secondary", "…"),
    JobStatus.RUNNING: ("text-bg-primary", "⟳"),
    JobStatus.READY: ("text-bg-success", "✓"),
    JobStatus.FAILED: ("text-bg-danger", "✗"),
    JobStatus.EXPIRED: ("text-bg-light border", "⌛"),
}


def duration_text(delta: datetime.timedelta | None) -> str:
    """How long a run took, in words a person reads at a glance: "45 s", "2 min 05 s", "1 h 02 min"."""
    if delta is None:
        return ""
    seconds = max(0, round(delta.total_seconds()))
    if seconds < 60:
        return _("%(seconds)s s") % {"seconds": seconds}
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("%(minutes)s min %(seconds)02d s") % {"minutes": minutes, "seconds": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}


@dataclass(frozen=True)
class JobShown:
    """A job as the pages show it: its look and its words, worked out once (no queries). A kind names the
    templates of its label and progress and the URLs of its file and of retrying it."""

    job: Job
    can_retry: bool

    label_template = ""
    progress_template = ""
    download_url_name = ""
    retry_url_name = ""

    @property
    def download_url(self) -> str:
        return reverse(self.download_url_name, kwargs={"pk": self.job.pk}) if self.job.is_downloadable else ""

    @property
    def retry_url(self) -> str:
        return reverse(self.retry_url_name, kwargs={"pk": self.job.pk}) if self.can_retry else ""

    @property
    def badge(self) -> str:
        return STATUS_LOOK[self.job.status][0]

    @property
    def sign(self) -> str:
        return STATUS_LOOK[self.job.status][1]

    @property
    def duration(self) -> str:
        return duration_text(self.job.duration)


def file_response(job: Job, *, filename: str, content_type: str) -> FileResponse:
    """A ready job's file as an attachment; 404 when it cannot be read (logged: it should be there)."""
    try:
        handle = job.file.open("rb")
    except OSError:
        logger.exception("%s %s is ready but its file %s cannot be read", job._meta.model_name, job.pk, job.file.name)
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def no_store(response):
    """A job's pages change while it runs and hold a person's own things: never cached."""
    response["Cache-Control"] = "private, no-store"
    return response


class JobStatusView(View):
    """The status panel alone: what a job's page polls every 2 s while the job is queued or running. Its
    answer stops polling once the job is finished (the panel it returns no longer asks again).
    A kind's view names `job_get(user, pk)` (404 out of scope) and `status_context(request, job)`."""

    def get(self, request, pk):
        job = self.job_get(request.user, pk)
        context = self.status_context(request, job)
        # The page's live region is told only when the state changed since the page last saw it.
        context["announce"] = request.GET.get("visto") != job.status
        return no_store(render(request, self.template_name, context))


class JobRetryView(View):
    """Queue a failed job again (`retry(user, job)`, the kind's service) and go back to its page, saying
    what happened (`requeued(request, job)`) or why not."""

    http_method_names = ["post"]

    def post(self, request, pk):
        job = self.job_get(request.user, pk)
        try:
            job = self.retry(request.user, job)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            self.requeued(request, job)
        return redirect(job)


class JobDownloadView(View):
    """A job's file, as an attachment with a readable name (`filename(job)`). 404 out of scope or while
    there is no file (queued, running, failed); 410 with a page in words once the file was removed."""

    gone_template = ""
    content_types: dict = {}

    def get(self, request, pk):
        job = self.job_get(request.user, pk)
        if job.is_gone:
            return render(request, self.gone_template, self.status_context(request, job), status=410)
        if not job.is_downloadable:
            raise Http404
        return file_response(job, filename=self.filename(job), content_type=self.content_types[job.format])
