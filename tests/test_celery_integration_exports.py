"""Large list exports made by a real Celery worker on Redis, as in production (not eager mode).

The worker is the reports' integration tests' own (prefork, one child, its own queue). A list with more
rows than a request writes offers "Preparar … en segundo plano"; its button queues the export, the worker
writes the file and the job ends ready with exactly the list's rows,
its requester emailed a link. A worker killed in the middle of an export sends the message back and the
next attempt finishes it (the run is stopped at a known point by a second connection holding the visits
table, as in tests/test_celery_integration_reports.py).
"""

import csv
import io
import os
import re
import signal
from pathlib import Path

import openpyxl
import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

# The reports' worker and the fixture that sends it the tasks (re-exported: pytest finds them here).
from test_celery_integration_reports import other_connection, wait_until, worker_child
from test_celery_integration_reports import report_worker as report_worker
from test_celery_integration_reports import to_worker as to_worker

from evaluations.dashboard import exports as writers
from evaluations.dashboard.lists import KINDS, export_rows, list_read
from evaluations.models import ExportJob
from evaluations.services.exports import EXPORTS, export_request
from networks.models import Visit
from networks.tests.factories import VisitFactory

pytestmark = pytest.mark.integration

Status = ExportJob.Status
TIMEOUT = 90


@pytest.fixture
def export_files():
    yield
    storage = ExportJob._meta.get_field("file").storage
    for name in ExportJob.objects.exclude(file="").values_list("file", flat=True):
        storage.delete(name)


def state(pk: int) -> ExportJob:
    return ExportJob.objects.get(pk=pk)


def list_values(user, job: ExportJob) -> list[list]:
    read = list_read(user=user, query=QueryDict(job.query))
    return list(export_rows(KINDS[job.kind], read.ctx))


def many_visits(world, count: int) -> None:
    schools = world.schools_a + world.schools_b
    batch = [
        VisitFactory.build(school=schools[n % len(schools)], coordinator=world.coordinator, date=timezone.localdate())
        for n in range(count)
    ]
    Visit.objects.bulk_create(batch)


# serialized_rollback: the flush after a transactional test would also remove the rows that data
# migrations load (regions, curriculum); this puts them back for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_list_past_the_limit_is_prepared_by_a_worker_with_exactly_its_rows(world, to_worker, export_files, settings):
    settings.CEE_EXPORT_MAX_ROWS = 50  # the test's list holds more: the page offers the background
    many_visits(world, 60)
    world.staff.email = "ana.salas@ipae.pe"
    world.staff.save()
    client = Client()
    client.force_login(world.staff)
    year = str(timezone.localdate().year)
    page = client.get(reverse("evaluations:dashboard-list", kwargs={"kind": "visitas"}), {"period": year})
    assert "Preparar CSV en segundo plano" in page.content.decode()

    response = client.post(
        reverse("evaluations:export-request"), {"kind": "visitas", "format": "csv", "query": f"period={year}"}
    )
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()

    wait_until(lambda: state(job.pk).status in (Status.READY, Status.FAILED), "the export", to_worker)
    job = state(job.pk)
    assert job.status == Status.READY, job.error
    expected = list_values(world.staff, job)
    assert len(expected) == 62 > settings.CEE_EXPORT_MAX_ROWS  # the world's two visits and the sixty
    text = Path(job.file.path).read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == KINDS["visitas"].headers
    assert rows[1:] == [[writers._csv_value(value) for value in row] for row in expected]
    assert (job.rows_written, job.rows_total, job.attempts, job.progress) == (62, 62, 1, 100)
    # Its requester is told, by email, with a link (the worker's console backend prints it).
    wait_until(lambda: state(job.pk).emailed_at is not None, "the email", to_worker)
    assert f"{settings.CEE_SITE_URL}/informes/exportaciones/{job.pk}/" in to_worker.log()
    download = client.get(reverse("evaluations:export-download", kwargs={"pk": job.pk}))
    assert b"".join(download.streaming_content) == text.encode("utf-8")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_xlsx_export_is_written_by_the_worker_with_the_list_s_rows(world, to_worker, export_files):
    many_visits(world, 30)
    job = export_request(user=world.admin, kind="visitas", query="", format="xlsx").job
    wait_until(lambda: state(job.pk).status in (Status.READY, Status.FAILED), "the export", to_worker)
    job = state(job.pk)
    assert job.status == Status.READY, job.error
    sheet = openpyxl.load_workbook(job.file.path, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    expected = list_values(world.admin, job)
    assert len(rows) - 1 == len(expected) == job.rows_written == 32
    assert [row[2] for row in rows[1:]] == [row[2] for row in expected]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_export_ends_the_job_ready_after_redelivery(world, to_worker, export_files):
    holder, admin = other_connection(), other_connection()
    admin.autocommit = True
    holder.execute("LOCK TABLE networks_visit IN ACCESS EXCLUSIVE MODE")
    try:
        job = export_request(user=world.staff, kind="visitas", query="", format="csv").job
        # The run counts its attempt, reads the filters again, then blocks counting the visits.
        wait_until(
            lambda: (s := state(job.pk)).status == Status.RUNNING and s.attempts == 1 and s.progress == 8,
            "the run to start",
            to_worker,
        )
        child = worker_child(to_worker)
        os.kill(child, signal.SIGKILL)
        to_worker.wait_for(re.compile(rf"pid:{child} exited with 'signal 9"), TIMEOUT, "the kill")

        def orphan_ended():  # PostgreSQL would end the killed run's session itself once it wrote to it
            with admin.cursor() as cursor:
                lock = [EXPORTS.lock_namespace, job.pk]
                where = "locktype = 'advisory' AND classid = %s AND objid = %s"
                cursor.execute(f"SELECT pg_terminate_backend(pid) FROM pg_locks WHERE {where}", lock)  # noqa: S608
                cursor.execute(f"SELECT count(*) FROM pg_locks WHERE {where} AND granted", lock)  # noqa: S608
                return cursor.fetchone()[0] == 0

        wait_until(orphan_ended, "the killed run's database session to end", to_worker)
        holder.rollback()  # the visits are readable again: the redelivered message finishes the job

        wait_until(lambda: state(job.pk).status in (Status.READY, Status.FAILED), "the export", to_worker)
        job = state(job.pk)
        assert (job.status, job.attempts) == (Status.READY, 2), job.error
        assert "WorkerLostError" in to_worker.log()
        assert job.rows_written == len(list_values(world.staff, job))
        folder = Path(job.file.path).parent
        assert [p.name for p in folder.iterdir() if f"export_{job.pk}." in p.name] == [f"export_{job.pk}.csv"]
    finally:
        holder.rollback()
        holder.close()
        admin.close()
