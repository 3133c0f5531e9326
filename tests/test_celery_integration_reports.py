"""Monitoring reports built by a real Celery worker on Redis, as in production (not eager mode).

The worker runs the prefork pool with one child process, so a test can kill the process running a
report (SIGKILL) as the kernel or an operator would, and watch the message come back
(acks_late + reject_on_worker_lost) and the job end ready, or failed once its attempts are used up.

To stop a run at a known point, a second database connection holds an ACCESS EXCLUSIVE lock on the
schools table: the run marks itself running, then blocks at its first read of the schools. The killed
child's database session is left waiting on that lock (PostgreSQL only notices a dead client when it
next writes to it); the test ends it with `pg_terminate_backend`, which is what PostgreSQL does by
itself moments later once the lock is released.
"""

import datetime
import io
import os
import re
import signal
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader
from test_celery_integration import Worker, _forget_queue

from cee.celery import app
from evaluations.dashboard.period import month_period
from evaluations.models import MonitoringReport, ReportDelivery
from evaluations.services.reports import _LOCK_NAMESPACE, report_file_name, report_request
from networks.services.summaries import summaries_refresh_all

pytestmark = pytest.mark.integration

Status = MonitoringReport.Status
MAX_ATTEMPTS = 2  # the worker's CEE_REPORT_MAX_ATTEMPTS: a job killed twice fails
TIMEOUT = 90


@pytest.fixture(scope="module")
def report_worker(django_db_setup, tmp_path_factory):
    queue = f"cee-test-reports-{uuid.uuid4().hex[:12]}"
    worker = Worker(
        queue,
        tmp_path_factory.mktemp("celery-reports") / "worker.log",
        pool="prefork",
        env={"CEE_REPORT_MAX_ATTEMPTS": str(MAX_ATTEMPTS), "CEE_REPORT_SCHEDULED_FORMATS": "pdf"},
    )
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        _forget_queue(queue)


@pytest.fixture
def to_worker(report_worker, settings):
    """Tasks go to the real worker (its queue), and this process counts attempts as the worker does."""
    settings.CEE_REPORT_MAX_ATTEMPTS = MAX_ATTEMPTS
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = report_worker.queue
    yield report_worker
    app.conf.task_always_eager, app.conf.task_default_queue = previous


def wait_until(check, what: str, worker: Worker, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"Timed out after {timeout}s waiting for {what}. Worker log:\n{worker.log()[-4000:]}")


def report_state(pk: int) -> MonitoringReport:
    return MonitoringReport.objects.get(pk=pk)


def this_month():
    today = timezone.localdate()
    return month_period(today.year, today.month, today)


def other_connection() -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432)


def worker_child(worker: Worker) -> int:
    """The pid of the prefork pool's one child process."""
    children = Path(f"/proc/{worker.process.pid}/task/{worker.process.pid}/children")

    def read():
        pids = children.read_text().split()
        return int(pids[0]) if pids else None

    return wait_until(read, "the pool's child process", worker)


def kill_mid_run(worker: Worker, report: MonitoringReport, attempt: int, admin: psycopg.Connection) -> None:
    """Wait until the run of `attempt` blocks in its first read of the schools, then SIGKILL the
    process running it and end its orphaned database session (releasing the run's advisory lock)."""
    wait_until(
        lambda: (
            (state := report_state(report.pk)).status == Status.RUNNING
            and state.attempts == attempt
            and state.progress == 15
        ),
        f"run {attempt} to start",
        worker,
    )
    child = worker_child(worker)
    os.kill(child, signal.SIGKILL)
    worker.wait_for(re.compile(rf"pid:{child} exited with 'signal 9"), TIMEOUT, "the kill")

    def orphan_ended():
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid = %s AND objid = %s",
                [_LOCK_NAMESPACE, report.pk],
            )
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND granted",
                [_LOCK_NAMESPACE, report.pk],
            )
            return cursor.fetchone()[0] == 0

    wait_until(orphan_ended, "the killed run's database session to end", worker)


@pytest.fixture
def schools_held():
    """A second connection holding the schools table (ACCESS EXCLUSIVE) until the test lets it go."""
    holder = other_connection()
    admin = other_connection()
    admin.autocommit = True
    holder.execute("LOCK TABLE schools_school IN ACCESS EXCLUSIVE MODE")
    try:
        yield holder, admin
    finally:
        holder.rollback()
        holder.close()
        admin.close()


# serialized_rollback: the flush after a transactional test would also remove the rows that data
# migrations load (regions, curriculum); this puts them back for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_requested_network_report_reaches_ready_and_its_pdf_opens(world, to_worker):
    summaries_refresh_all()
    world.staff.email = "ana.salas@ipae.pe"
    world.staff.save()
    report = report_request(
        user=world.staff, scope="network", network=world.network_a, period=this_month(), format="pdf"
    ).report

    wait_until(lambda: report_state(report.pk).status in (Status.READY, Status.FAILED), "the report", to_worker)
    report = report_state(report.pk)
    assert report.status == Status.READY, report.error
    assert (report.attempts, report.progress, report.file.name) == (1, 100, report_file_name(report))
    pdf = PdfReader(io.BytesIO(Path(report.file.path).read_bytes()))
    assert len(pdf.pages) == report.pages >= 1
    text = " ".join(page.extract_text() for page in pdf.pages)
    for school in world.schools_a:
        assert school.name in text
    assert world.network_a.name in text
    assert "Página 1 de" in text
    # The person who asked and the network's coordinator are told, by email, with a link (the worker's
    # console backend prints it).
    expected = {"ana.salas@ipae.pe", world.coordinator.email}
    wait_until(lambda: ReportDelivery.objects.filter(report=report).count() == 2, "the emails", to_worker)
    sent = set(ReportDelivery.objects.filter(report=report, status="sent").values_list("email", flat=True))
    assert sent == expected
    assert f"{settings.CEE_SITE_URL}/informes/{report.pk}/" in to_worker.log()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_report_sent_twice_is_built_once_into_one_file(world, to_worker):
    from evaluations.tasks import report_generate_task

    report = report_request(
        user=world.staff, scope="region", region=world.piura, period=this_month(), format="xlsx"
    ).report
    report_generate_task.delay(report.pk)  # a duplicate message, as a redelivery would make
    wait_until(lambda: report_state(report.pk).status == Status.READY, "the report", to_worker)
    # Both messages are handled (the second finds it done, or busy and comes back to find it done).
    wait_until(lambda: to_worker.log().count("report_generate_task") >= 4, "both messages", to_worker)
    report = report_state(report.pk)
    assert report.attempts == 1
    name = Path(report.file.name).name
    stem = name.rsplit(".", 1)[0]
    assert [p.name for p in Path(report.file.path).parent.iterdir() if stem in p.name] == [name]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_run_ends_the_job_ready_after_redelivery(world, to_worker, schools_held):
    holder, admin = schools_held
    report = report_request(
        user=world.staff, scope="network", network=world.network_a, period=this_month(), format="pdf"
    ).report

    kill_mid_run(to_worker, report, attempt=1, admin=admin)
    holder.rollback()  # the schools are readable again: the redelivered message finishes the job

    wait_until(lambda: report_state(report.pk).status in (Status.READY, Status.FAILED), "the report", to_worker)
    report = report_state(report.pk)
    assert (report.status, report.attempts) == (Status.READY, 2), report.error
    assert "WorkerLostError" in to_worker.log()
    assert Path(report.file.path).read_bytes().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_killed_at_every_attempt_ends_failed_never_running(world, to_worker, schools_held):
    holder, admin = schools_held
    report = report_request(
        user=world.staff, scope="network", network=world.network_b, period=this_month(), format="pdf"
    ).report

    for attempt in range(1, MAX_ATTEMPTS + 1):
        kill_mid_run(to_worker, report, attempt=attempt, admin=admin)

    wait_until(lambda: report_state(report.pk).status == Status.FAILED, "the report to fail", to_worker)
    holder.rollback()
    report = report_state(report.pk)
    assert report.attempts == MAX_ATTEMPTS
    assert f"Se intentó {MAX_ATTEMPTS} veces" in report.error
    assert not report.file


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_monthly_schedule_makes_every_report_of_a_month(world, to_worker, settings):
    from evaluations.tasks import reports_schedule_month_task

    entry = settings.CELERY_BEAT_SCHEDULE["evaluations-reports-monthly"]
    assert entry["task"] == "evaluations.tasks.reports_schedule_month_task"
    assert (entry["schedule"].day_of_month, entry["schedule"].hour) == ({1}, {4})
    today = timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    reports_schedule_month_task.delay(last.year, last.month)  # the worker runs the fan-out too
    # Networks A and B (not the graduated one), Piura and Cusco, both sponsors: six PDFs.
    wait_until(
        lambda: MonitoringReport.objects.filter(status=Status.READY).count() == 6,
        "the month's six reports",
        to_worker,
        timeout=180,
    )
    reports = MonitoringReport.objects.all()
    assert {r.scope for r in reports} == {"network", "region", "sponsor"}
    assert all(r.scheduled and r.period_start == last.replace(day=1) for r in reports)
