"""Large list exports' services: requesting, generating (the rows are the list's), retrying, delivering,
expiring, reaping, and the queue limit shared with the monitoring reports.

The generation runs in this process here (eager tasks, or the service called directly); a real Celery
worker makes them in tests/test_celery_integration_exports.py.
"""

import csv
import datetime
import io
import tracemalloc
from pathlib import Path

import openpyxl
import psycopg
import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.http import QueryDict
from django.utils import timezone

from core import jobs
from core.jobs import JobBusyError
from evaluations.dashboard import exports as writers
from evaluations.dashboard.lists import KINDS, export_rows, list_read
from evaluations.dashboard.period import month_period
from evaluations.models import ExportJob, MonitoringReport
from evaluations.selectors import exports_visible_to
from evaluations.services import exports as service
from evaluations.services import reports as report_service
from evaluations.tasks import export_generate_task
from networks.models import Visit
from networks.services import summaries_refresh_all
from networks.tests.factories import VisitFactory

Status = ExportJob.Status


def today():
    return timezone.localdate()


@pytest.fixture
def not_queued(monkeypatch):
    """Nothing is sent to Celery: the tests run the generation themselves."""
    sent = []
    monkeypatch.setattr(service, "_enqueue", lambda ids: sent.extend(ids))
    return sent


@pytest.fixture
def no_delivery(monkeypatch):
    told = []
    monkeypatch.setattr("evaluations.tasks.export_deliver_task.delay", told.append)
    return told


@pytest.fixture(autouse=True)
def export_files(db):
    """Remove the files the test's exports wrote (the rows go with the test's transaction)."""
    yield
    storage = ExportJob._meta.get_field("file").storage
    for name in ExportJob.objects.exclude(file="").values_list("file", flat=True):
        storage.delete(name)


@pytest.fixture
def visits(world):
    """Forty more classroom visits this year in network A (over a page, several of each day)."""
    for index in range(40):
        school = world.schools_a[index % len(world.schools_a)]
        VisitFactory(school=school, coordinator=world.coordinator, date=today() - datetime.timedelta(days=index % 4))
    summaries_refresh_all()
    return world


def ask(world, kind="visitas", query="", format="csv", user=None):
    return service.export_request(user=user or world.staff, kind=kind, query=query, format=format)


def list_values(user, kind, query) -> list[list]:
    """The list's own rows for that query (what its pages and its direct download hold)."""
    read = list_read(user=user, query=QueryDict(query))
    return list(export_rows(KINDS[kind], read.ctx))


def csv_of(job) -> list[list[str]]:
    text = Path(job.file.path).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def as_csv(row) -> list[str]:
    return [writers._csv_value(value) for value in row]


def files_beside(job) -> list[str]:
    final = Path(job.file.storage.path(service.export_file_name(job)))
    return sorted(p.name for p in final.parent.iterdir() if f"export_{job.pk}." in p.name)


# --- requesting -------------------------------------------------------------------------------------
def test_staff_ask_and_the_filters_are_kept_as_applied_with_their_period(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        requested = ask(world, query=f"network={world.network_a.pk}&area=rural&cursor=abc&foo=1")
    job = requested.job
    assert requested.created
    month = f"{today():%Y-%m}"
    # The period a list without one shows (this month) is written down: the file keeps it.
    assert job.query == f"period={month}&area=rural&network={world.network_a.pk}"
    assert (job.kind, job.format, job.status, job.requested_by) == ("visitas", "csv", Status.QUEUED, world.staff)
    assert job.title.startswith("Visitas · Red Chulucanas")
    assert job.filename == f"visitas_red-chulucanas_{month}_{today():%Y-%m-%d}.csv"
    assert job.get_absolute_url() == f"/informes/exportaciones/{job.pk}/"
    assert len(callbacks) == 1  # the task is sent only once the transaction has committed


def test_the_same_export_asked_again_while_queued_is_the_same_job(world, not_queued):
    first = ask(world).job
    again = service.export_request(user=world.staff, kind=first.kind, query=first.query, format="csv")
    assert (again.created, again.job.pk) == (False, first.pk)
    assert not_queued == [first.pk]
    # Another format, or another person, is another job.
    assert service.export_request(user=world.staff, kind=first.kind, query=first.query, format="xlsx").created
    assert service.export_request(user=world.admin, kind=first.kind, query=first.query, format="csv").created


@pytest.mark.parametrize("persona", ["coordinator", "sponsor_user", "former_coordinator"])
def test_only_staff_ask_for_exports(world, not_queued, persona):
    with pytest.raises(PermissionDenied):
        ask(world, user=getattr(world, persona))
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "fotos"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"format": "pdf"}, "format"),
        ({"query": "x" * 1_000_000}, "query"),  # a megabyte of text
        ({"query": "network=abc"}, "query"),  # letters where an id goes
        ({"query": "school=99999999999999999999"}, "query"),  # past bigint
        ({"query": "network=987654"}, "query"),  # no such network
        ({"query": "period=9999"}, "query"),  # a year the menu never offers
        ({"query": "period=2026-13"}, "query"),
        ({"query": "region=zz"}, "query"),
        ({"query": "program_year=9"}, "query"),
        ({"query": "sponsor=%00"}, "query"),
    ],
)
def test_malformed_requests_are_refused_in_words_and_record_nothing(world, not_queued, change, field):
    arguments = {"user": world.staff, "kind": "visitas", "query": "", "format": "csv"} | change
    with pytest.raises(ValidationError) as refused:
        service.export_request(**arguments)
    assert field in refused.value.message_dict
    assert all(message[0].isupper() for message in refused.value.messages)  # a sentence, not a code
    assert not ExportJob.objects.exists()


def test_the_queue_limit_counts_reports_and_exports_together(world, not_queued, monkeypatch, settings):
    monkeypatch.setattr(report_service, "_enqueue", lambda ids: None)
    settings.CEE_REPORT_MAX_QUEUED_PER_USER = 3
    last = today().replace(day=1) - datetime.timedelta(days=1)
    period = month_period(last.year, last.month, today())
    for fmt in ("pdf", "xlsx"):
        report_service.report_request(user=world.staff, scope="nation", period=period, format=fmt)
    ask(world)
    with pytest.raises(ValidationError) as refused:
        ask(world, kind="docentes")
    assert "Ya tiene 2 informes y 1 exportación en preparación" in refused.value.messages[0]
    with pytest.raises(ValidationError):  # and a report finds the queue full of them too
        report_service.report_request(user=world.staff, scope="region", region=world.piura, period=period, format="pdf")
    assert (MonitoringReport.objects.count(), ExportJob.objects.count()) == (2, 1)
    # Only exports waiting: the words say so; another person is not held back.
    MonitoringReport.objects.update(status=MonitoringReport.Status.READY)
    ask(world, kind="docentes")
    ask(world, kind="metas")
    with pytest.raises(ValidationError) as refused:
        ask(world, kind="resultados")
    assert "Ya tiene 3 exportaciones en preparación" in refused.value.messages[0]
    assert ask(world, kind="resultados", user=world.admin).created


def test_exports_are_seen_by_their_requester_alone(world, not_queued):
    mine = ask(world).job
    theirs = ask(world, user=world.admin).job
    assert list(exports_visible_to(world.staff)) == [mine]
    assert list(exports_visible_to(world.admin)) == [theirs]
    for user in (world.coordinator, world.sponsor_user, world.other_sponsor_user, world.former_coordinator):
        assert not exports_visible_to(user).exists()


# --- generating -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "query"),
    [
        ("visitas", "period={year}"),
        ("visitas", "period={year}&network={network}"),
        ("instituciones", "area=rural"),
        ("docentes", "region=20"),
        ("talleres", "period={year}"),
        ("metas", ""),
        ("resultados", "school={school}"),
    ],
)
def test_the_csv_holds_exactly_the_rows_of_the_list_for_its_filters(
    visits, not_queued, no_delivery, kind, query, settings, django_capture_on_commit_callbacks
):
    world = visits
    query = query.format(year=today().year, network=world.network_a.pk, school=world.schools_a[0].pk)
    job = ask(world, kind=kind, query=query).job

    with django_capture_on_commit_callbacks(execute=True):
        service.export_generate(job_id=job.pk)

    job.refresh_from_db()
    expected = list_values(world.staff, kind, job.query)
    assert job.status == Status.READY, job.error
    rows = csv_of(job)
    assert rows[0] == KINDS[kind].headers
    assert rows[1:] == [as_csv(row) for row in expected]
    assert job.rows_written == job.rows_total == len(expected)
    assert job.size_bytes == Path(job.file.path).stat().st_size
    assert (job.progress, job.attempts, job.file.name) == (100, 1, service.export_file_name(job))
    assert job.expires_at - job.finished_at == datetime.timedelta(days=settings.CEE_EXPORT_RETENTION_DAYS)
    assert no_delivery == [job.pk]
    assert files_beside(job) == [f"export_{job.pk}.csv"]  # no temporary left


def test_the_xlsx_holds_the_same_rows_with_dates_as_dates(visits, not_queued, no_delivery):
    world = visits
    job = ask(world, query=f"period={today().year}", format="xlsx").job

    service.export_generate(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Status.READY, job.error
    sheet = openpyxl.load_workbook(job.file.path, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    expected = list_values(world.staff, "visitas", job.query)
    assert rows[0] == KINDS["visitas"].headers
    assert len(rows) - 1 == len(expected) == job.rows_written > 40
    assert [row[0].date() for row in rows[1:]] == [row[0] for row in expected]
    assert [row[2] for row in rows[1:]] == [row[2] for row in expected]


def test_the_rows_are_read_as_the_requester_with_their_scope(world, not_queued, no_delivery, monkeypatch):
    """The task reads the list through the requester's scoping functions, not an all-seeing queryset."""
    seen = []
    real = service.list_read

    def spy(*, user, query):
        seen.append(user)
        return real(user=user, query=query)

    monkeypatch.setattr(service, "list_read", spy)
    job = ask(world, user=world.admin).job
    service.export_generate(job_id=job.pk)
    assert seen == [world.admin, world.admin]  # asking, then running


def test_progress_is_recorded_every_so_many_rows(visits, not_queued, no_delivery, monkeypatch):
    recorded = []
    real = jobs.job_progress

    def spy(kind, job_id, percent, stage, **fields):
        recorded.append((percent, fields.get("rows_written")))
        return real(kind, job_id, percent, stage, **fields)

    monkeypatch.setattr(jobs, "job_progress", spy)
    monkeypatch.setattr(service, "PROGRESS_ROWS", 10)
    job = ask(visits, query=f"period={today().year}").job
    service.export_generate(job_id=job.pk)
    job.refresh_from_db()
    written = [rows for _percent, rows in recorded if rows]
    assert written[:4] == [10, 20, 30, 40]
    assert written[-1] == job.rows_written
    percents = [percent for percent, _rows in recorded]
    assert percents == sorted(percents)
    assert max(percents) <= 95


def test_running_the_task_twice_leaves_one_file_and_one_run(world, not_queued, no_delivery):
    job = ask(world).job
    export_generate_task.apply(args=[job.pk])
    export_generate_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Status.READY, 1)
    assert files_beside(job) == [f"export_{job.pk}.csv"]


def test_a_worker_killed_half_way_leaves_a_run_the_redelivered_message_starts_over(world, not_queued, no_delivery):
    """The killed run left its count of rows written and half a file: the next attempt writes every row again,
    into one complete file, and says so."""
    job = ask(world).job
    ExportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, attempts=1, progress=40, rows_written=5000)
    half = Path(job.file.storage.path(service.export_file_name(job)))
    half.parent.mkdir(parents=True, exist_ok=True)
    half.with_name(f".{half.name}.deadbeef.part").write_bytes(b"half a file")

    assert export_generate_task.apply(args=[job.pk]).get() == Status.READY

    job.refresh_from_db()
    assert (job.attempts, job.rows_written) == (2, len(list_values(world.staff, "visitas", job.query)))
    assert files_beside(job) == [half.name]


def test_an_export_whose_run_lock_is_held_elsewhere_is_left_alone(world, not_queued, no_delivery):
    job = ask(world).job
    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, autocommit=True
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [service.EXPORTS.lock_namespace, job.pk])
        with pytest.raises(JobBusyError):
            service.export_generate(job_id=job.pk)
        job.refresh_from_db()
        assert (job.status, job.attempts) == (Status.QUEUED, 0)
        other.execute("SELECT pg_advisory_unlock(%s, %s)", [service.EXPORTS.lock_namespace, job.pk])
    finally:
        other.close()
    assert service.export_generate(job_id=job.pk).status == Status.READY


def test_a_job_interrupted_every_time_fails_with_the_reason(world, not_queued, settings):
    job = ask(world).job
    ExportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, attempts=settings.CEE_EXPORT_MAX_ATTEMPTS)
    service.export_generate(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert f"Se intentó {settings.CEE_EXPORT_MAX_ATTEMPTS} veces" in job.error
    assert not job.file


def test_filters_that_no_longer_apply_fail_the_job_instead_of_writing_other_rows(world, not_queued):
    job = ask(world, query=f"period={today().year}").job
    # Years later the menu no longer offers that period: the list would fall back to this month.
    ExportJob.objects.filter(pk=job.pk).update(query="period=2001")
    service.export_generate(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error.startswith("No se pudo preparar el archivo: los filtros de la lista ya no se aplican igual")
    assert not job.file
    assert files_beside(job) == []


def test_a_requester_no_longer_staff_gets_no_file(world, not_queued):
    job = ask(world).job
    world.staff.is_active = False
    world.staff.save()
    service.export_generate(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "ya no tiene acceso a los paneles" in job.error


def test_a_network_gone_since_the_request_fails_the_job_in_words(world, not_queued, monkeypatch):
    job = ask(world, query=f"network={world.network_a.pk}").job
    ExportJob.objects.filter(pk=job.pk).update(query=job.query.replace(str(world.network_a.pk), "987654"))
    service.export_generate(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (Status.FAILED, "No se pudo preparar el archivo: la red o la institución "
                                                      "educativa de la lista ya no existe.")  # fmt: skip


def test_an_xlsx_past_excel_s_rows_is_refused_with_the_reason(world, not_queued, monkeypatch):
    monkeypatch.setattr(service, "XLSX_MOST_ROWS", 1)
    job = ask(world, kind="instituciones", format="xlsx").job
    service.export_generate(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "pida el CSV o filtre más" in job.error


def test_an_error_fails_the_export_with_its_reason_and_leaves_no_file(world, not_queued, monkeypatch):
    def broken(headers, rows, out):
        out.write(b"half")
        raise ValueError("disco lleno")

    monkeypatch.setattr(service, "write_csv", broken)
    job = ask(world).job
    service.export_generate(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (Status.FAILED, "No se pudo preparar el archivo: ValueError: disco lleno")
    assert files_beside(job) == []


def test_transient_errors_retry_then_fail_after_the_attempts_allowed(world, not_queued, monkeypatch):
    def flaky(headers, rows, out):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(service, "write_csv", flaky)
    monkeypatch.setattr("evaluations.tasks._backoff", lambda retries: 0)
    job = ask(world).job
    for retries in range(2):
        with pytest.raises(Retry):
            export_generate_task.apply(args=[job.pk], retries=retries)
    assert export_generate_task.apply(args=[job.pk], retries=2).get() == "failed"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Status.FAILED, 3)
    assert "tras varios intentos" in job.error


def test_memory_stays_flat_however_many_rows(world, not_queued, monkeypatch):
    """Python's peak while writing 200 or 2,000 rows read in chunks of 100: about the same (the rows are
    never all in memory). At Peru's scale: bench/RESULTS.md."""
    monkeypatch.setattr("evaluations.dashboard.lists.EXPORT_CHUNK", 100)
    year = f"period={today().year}"

    def peak(count: int, fmt: str) -> int:
        have = len(list_values(world.staff, "visitas", year))
        batch = VisitFactory.build_batch(count - have, school=world.schools_a[0], coordinator=world.coordinator)
        Visit.objects.bulk_create([*batch], batch_size=500)
        job = ask(world, query=year, format=fmt).job
        tracemalloc.start()
        service.export_generate(job_id=job.pk)
        _now, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        job.refresh_from_db()
        assert job.rows_written == count
        ExportJob.objects.filter(pk=job.pk).update(status=Status.EXPIRED)
        return top

    for fmt in ("csv", "xlsx"):
        Visit.objects.filter(school=world.schools_a[0]).exclude(pk=world.visit_a.pk).delete()
        small, large = peak(200, fmt), peak(2000, fmt)
        assert large < small * 1.5, (fmt, small, large)


# --- retrying ---------------------------------------------------------------------------------------
def test_a_failed_export_is_queued_again_by_its_requester_only(world, not_queued):
    job = ask(world).job
    ExportJob.objects.filter(pk=job.pk).update(status=Status.FAILED, attempts=3, error="x", rows_written=7)
    job.refresh_from_db()
    with pytest.raises(PermissionDenied):
        service.export_retry(user=world.admin, job=job)
    retried = service.export_retry(user=world.staff, job=job)
    assert (retried.status, retried.attempts, retried.error, retried.rows_written) == (Status.QUEUED, 0, "", 0)
    assert not_queued == [job.pk, job.pk]
    with pytest.raises(ValidationError):
        service.export_retry(user=world.staff, job=retried)


# --- delivering -------------------------------------------------------------------------------------
def test_a_ready_export_is_announced_once_to_its_requester_with_a_link(world, not_queued, settings):
    settings.CEE_SITE_URL = "https://cee.ipae.pe"
    world.staff.email = "ana.salas@ipae.pe"
    world.staff.save()
    job = ask(world).job
    service.export_generate(job_id=job.pk)
    assert service.export_deliver(job_id=job.pk) is False
    assert service.export_deliver(job_id=job.pk) is False  # told once
    assert [m.to for m in mail.outbox] == [["ana.salas@ipae.pe"]]
    message = mail.outbox[0]
    assert f"https://cee.ipae.pe/informes/exportaciones/{job.pk}/" in message.body
    assert not message.attachments  # a link, never the file
    assert message.subject.startswith("Su archivo está listo: Visitas")
    job.refresh_from_db()
    assert job.emailed_at is not None
    assert job.email_error == ""


def test_a_failed_send_is_recorded_and_retried(world, not_queued, monkeypatch):
    world.staff.email = "ana@ipae.pe"
    world.staff.save()
    job = ask(world).job
    service.export_generate(job_id=job.pk)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP no disponible")

    monkeypatch.setattr(service, "send_mail", refuse)
    assert service.export_deliver(job_id=job.pk) is True
    job.refresh_from_db()
    assert (job.emailed_at, job.email_error) == (None, "ConnectionRefusedError: SMTP no disponible")


def test_a_requester_without_email_is_noted_on_the_job(world, not_queued):
    world.staff.email = ""
    world.staff.save()
    job = ask(world).job
    service.export_generate(job_id=job.pk)
    assert service.export_deliver(job_id=job.pk) is False
    job.refresh_from_db()
    assert "no tiene un correo activo" in job.email_error
    assert not mail.outbox


# --- expiring, reaping --------------------------------------------------------------------------------
def test_a_week_later_the_file_is_removed_and_the_record_stays(
    world, not_queued, settings, django_capture_on_commit_callbacks
):
    settings.CEE_EXPORT_RETENTION_DAYS = 7
    made = {name: ask(world, kind=kind).job for name, kind in (("old", "visitas"), ("recent", "docentes"))}
    for job in made.values():
        service.export_generate(job_id=job.pk)
    paths = {name: Path(ExportJob.objects.get(pk=job.pk).file.path) for name, job in made.items()}
    in_eight_days = timezone.now() + datetime.timedelta(days=8)
    ExportJob.objects.filter(pk=made["recent"].pk).update(expires_at=in_eight_days + datetime.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert service.exports_expire(now=in_eight_days) == 1

    old, recent = (ExportJob.objects.get(pk=job.pk) for job in made.values())
    assert (old.status, old.file.name, old.stage) == (Status.EXPIRED, "", "Vencido")
    assert old.rows_written == 2  # the record says what the file held
    assert not paths["old"].exists()
    assert recent.is_downloadable
    assert paths["recent"].exists()


def test_the_reaper_waits_for_the_export_s_own_time_limit(world, not_queued, settings):
    """An export may run for many minutes (its progress keeps it fresh): only one silent for longer than
    CEE_EXPORT_TIME_LIMIT is taken for lost, queued again while it has attempts, failed after."""
    settings.CEE_REPORT_MAX_QUEUED_PER_USER = 5
    settings.CEE_EXPORT_TIME_LIMIT, settings.CEE_EXPORT_MAX_ATTEMPTS = 1200, 2
    now = timezone.now()
    silent = {"alive": 15, "lost": 25, "worn_out": 25}  # minutes since its last progress
    jobs_by_name = {name: ask(world, kind=kind).job for name, kind in zip(silent, KINDS, strict=False)}
    for name, minutes in silent.items():
        ExportJob.objects.filter(pk=jobs_by_name[name].pk).update(
            status=Status.RUNNING,
            attempts=2 if name == "worn_out" else 1,
            updated_at=now - datetime.timedelta(minutes=minutes),
        )
    not_queued.clear()

    assert service.exports_reap(now=now) == {"requeued": 1, "failed": 1}

    assert not_queued == [jobs_by_name["lost"].pk]
    statuses = {name: ExportJob.objects.get(pk=job.pk).status for name, job in jobs_by_name.items()}
    assert statuses == {"alive": Status.RUNNING, "lost": Status.QUEUED, "worn_out": Status.FAILED}


def test_the_beat_schedule_reaps_and_expires_exports(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["evaluations-exports-reap"]["task"] == "evaluations.tasks.exports_reap_task"
    assert schedule["evaluations-exports-expire"]["task"] == "evaluations.tasks.exports_expire_task"
    # The broker gives a running export's message to no one else while it may still be running.
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CEE_EXPORT_TIME_LIMIT
