"""Authorization rows of the large list exports: the person's exports, asking for one, a job's page, its
polled status, its file and retrying it, for every persona.

Only staff export (coordinators and sponsors: 403, whatever the export). An export holds the rows of the
list as its requester saw it, so it is that person's alone: another staff member or the administrator
finds it missing (404), whatever the method. Each POST sends valid data and names what it changes.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tests.authorization import READ_ONLY_POST, TO_LOGIN, Effect, Redirect, Row
from evaluations.models import ExportJob
from evaluations.tests.factories import ExportJobFactory

Status = ExportJob.Status
TO_EXPORT = Redirect("evaluations:export-detail")
STORED_FILE = "exports/tests/authorization-matrix.csv"


def answers(*, staff, admin=None, others=403) -> dict:
    """Anonymous people go to the login; `staff` is the requester's answer (the staff persona asked for
    every export here), `admin` another staff member's; coordinators and sponsors get `others`."""
    return {
        "anonymous": TO_LOGIN,
        "staff": staff,
        "admin": staff if admin is None else admin,
        "coordinator": others,
        "other_coordinator": others,
        "former_coordinator": others,
        "sponsor": others,
        "other_sponsor": others,
    }


def stored_file() -> str:
    storage = ExportJob._meta.get_field("file").storage
    if not storage.exists(STORED_FILE):
        storage.save(STORED_FILE, ContentFile("\ufeffFecha,Tipo\r\n".encode()))
    return STORED_FILE


def queued(world) -> dict:
    return {"pk": ExportJobFactory(requested_by=world.staff).pk}


def ready(world) -> dict:
    now = timezone.now()
    job = ExportJobFactory(
        requested_by=world.staff, status=Status.READY, progress=100, file=stored_file(), rows_written=1,
        started_at=now - datetime.timedelta(seconds=30), finished_at=now, expires_at=now + datetime.timedelta(days=7),
    )  # fmt: skip
    return {"pk": job.pk}


def failed(world) -> dict:
    return {"pk": ExportJobFactory(requested_by=world.staff, status=Status.FAILED, attempts=3, error="X").pk}


def visits_of_this_year(world) -> dict:
    return {"kind": "visitas", "format": "csv", "query": f"period={timezone.localdate().year}"}


def export_count(world) -> int:
    return ExportJob.objects.count()


def failed_count(world) -> int:
    return ExportJob.objects.filter(status=Status.FAILED).count()


def nothing(world) -> dict:
    return {}


SHOW_ONLY_POST = answers(staff=READ_ONLY_POST)

ROWS = {
    "evaluations:export-list": (
        Row(answers(staff=200)),
        Row(SHOW_ONLY_POST, method="post"),
    ),
    "evaluations:export-request": (
        Row(answers(staff=405)),  # the list page's button posts; nothing to show
        Row(
            answers(staff=TO_EXPORT),
            method="post",
            data=visits_of_this_year,
            effect=Effect(export_count, by=frozenset({"staff", "admin"})),
        ),
    ),
    "evaluations:export-detail": (
        Row(answers(staff=200, admin=404), kwargs=queued),
        Row(answers(staff=200, admin=404), kwargs=ready),
        Row(SHOW_ONLY_POST, method="post", kwargs=queued),
    ),
    "evaluations:export-status": (
        Row(answers(staff=200, admin=404), kwargs=queued),
        Row(SHOW_ONLY_POST, method="post", kwargs=queued),
    ),
    "evaluations:export-download": (
        Row(answers(staff=200, admin=404), kwargs=ready),
        Row(answers(staff=404), kwargs=queued),  # no file yet: nobody gets one
        Row(SHOW_ONLY_POST, method="post", kwargs=ready),
    ),
    "evaluations:export-retry": (
        Row(answers(staff=405), kwargs=failed),
        Row(
            answers(staff=TO_EXPORT, admin=404),
            method="post",
            kwargs=failed,
            data=nothing,
            effect=Effect(failed_count, by=frozenset({"staff"})),
        ),
    ),
}
