"""Monitoring reports' services: requesting, generating, retrying, delivering, scheduling, expiring, reaping.

The file itself is written by a stand-in for `_render` here (the real PDF and XLSX are tested in
test_reporting.py and, through a real Celery worker, in tests/test_celery_integration_reports.py), so
these tests are about the job's life and its promises.
"""

import datetime
import io
from pathlib import Path

import psycopg
import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.utils import timezone

from accounts.tests.factories import StaffFactory
from evaluations.dashboard.period import month_period, year_period
from evaluations.models import MonitoringReport, ReportDelivery
from evaluations.selectors import reports_visible_to
from evaluations.services import reports as service
from evaluations.tasks import report_generate_task

Status = MonitoringReport.Status
PDF = MonitoringReport.Format.PDF


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def last_month(today):
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return month_period(first.year, first.month, today)


@pytest.fixture
def rendered(monkeypatch):
    """`_render` replaced by one that writes a small file (and counts its calls)."""
    calls = []

    def fake_render(report, path: Path):
        calls.append(report.pk)
        path.write_bytes(b"%PDF-1.7 informe de prueba")
        return 3

    monkeypatch.setattr(service, "_render", fake_render)
    return calls


@pytest.fixture
def not_queued(monkeypatch):
    """Nothing is sent to Celery: the tests run the generation themselves."""
    sent = []
    monkeypatch.setattr(service, "_enqueue", lambda ids: sent.extend(ids))
    return sent


def network_report(world, period, user=None, **extra):
    return service.report_request(
        user=user or world.staff, scope="network", network=world.network_a, period=period, format=PDF, **extra
    )


def files_of(report) -> list[Path]:
    folder = Path(report.file.storage.path(service.report_file_name(report))).parent
    stem = Path(service.report_file_name(report)).name
    return sorted(p for p in folder.iterdir() if stem in p.name)


# --- requesting -----------------------------------------------------------------------------------
def test_staff_request_queues_version_one_after_commit(world, last_month, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        requested = network_report(world, last_month, narrative="  ")
    report = requested.report
    assert requested.created
    assert (report.status, report.version, report.requested_by) == (Status.QUEUED, 1, world.staff)
    assert report.key == f"network:{world.network_a.pk}:{last_month.value}:pdf"
    assert (report.period_start, report.period_end) == (last_month.start, last_month.end)
    assert len(callbacks) == 1  # the task is sent only once the transaction has committed


def test_the_same_report_asked_again_while_queued_is_the_same_job(world, last_month, not_queued):
    first = network_report(world, last_month).report
    again = network_report(world, last_month)
    assert (again.created, again.report.pk) == (False, first.pk)
    assert MonitoringReport.objects.count() == 1
    assert not_queued == [first.pk]


def test_asking_again_once_ready_makes_the_next_version(world, last_month, not_queued, rendered):
    first = network_report(world, last_month).report
    service.report_generate(report_id=first.pk)
    second = network_report(world, last_month).report
    assert (second.version, second.key) == (2, first.key)
    assert service.report_file_name(second).endswith("_v2.pdf")


def test_a_person_may_have_only_so_many_jobs_queued(world, today, not_queued, settings):
    settings.CEE_REPORT_MAX_QUEUED_PER_USER = 2
    for month in (1, 2):
        network_report(world, month_period(today.year - 1, month, today))
    with pytest.raises(ValidationError) as refused:
        network_report(world, month_period(today.year - 1, 3, today))
    assert "Ya tiene 2 informes en preparación" in refused.value.messages[0]
    assert MonitoringReport.objects.count() == 2
    # Another person is not held back by the first one's jobs.
    assert network_report(world, month_period(today.year - 1, 3, today), user=world.admin).created


def test_a_sponsor_user_asks_only_for_their_company(world, last_month, not_queued):
    own = service.report_request(
        user=world.sponsor_user, scope="sponsor", sponsor=world.sponsor_a, period=last_month, format=PDF
    )
    assert own.created
    assert own.report.sponsor == world.sponsor_a
    refused = [
        {"scope": "sponsor", "sponsor": world.sponsor_b},
        {"scope": "network", "network": world.network_a},
        {"scope": "nation"},
    ]
    for target in refused:
        with pytest.raises(PermissionDenied):
            service.report_request(user=world.sponsor_user, period=last_month, format=PDF, **target)
    with pytest.raises(PermissionDenied):  # the team's comment is staff's to write
        service.report_request(
            user=world.sponsor_user, scope="sponsor", sponsor=world.sponsor_a, period=last_month, format="xlsx",
            narrative="Comentario",
        )  # fmt: skip
    assert MonitoringReport.objects.count() == 1


def test_coordinators_and_strangers_may_not_ask(world, last_month, not_queued):
    for user in (world.coordinator, world.former_coordinator):
        with pytest.raises(PermissionDenied):
            network_report(world, last_month, user=user)
    assert not MonitoringReport.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"scope": "zz"},
        {"scope": "network"},  # no network
        {"scope": "nation", "network": "net"},  # a target the scope does not take
        {"format": "docx"},
        {"narrative": "x" * 4001},
    ],
)
def test_bad_requests_are_refused_in_words_and_record_nothing(world, last_month, not_queued, bad):
    arguments = {"user": world.staff, "scope": "nation", "period": last_month, "format": PDF, **bad}
    if arguments.get("network") == "net":
        arguments["network"] = world.network_a
    with pytest.raises(ValidationError) as refused:
        service.report_request(**arguments)
    assert not MonitoringReport.objects.exists()
    words = " ".join(refused.value.messages)
    assert not {"region", "network", "sponsor", "scope", "format"} & set(words.replace(".", " ").split())


def test_a_period_not_yet_begun_is_refused(world, today, not_queued):
    next_year = year_period(today.year + 1, today)
    with pytest.raises(ValidationError) as refused:
        network_report(world, next_year)
    assert "periodo" in refused.value.message_dict["period"][0]


def test_a_region_outside_the_program_is_refused(world, last_month, not_queued):
    world.lima.is_program_region = False
    world.lima.save()
    with pytest.raises(ValidationError):
        service.report_request(user=world.staff, scope="region", region=world.lima, period=last_month, format=PDF)


# --- generating -----------------------------------------------------------------------------------
def test_generating_writes_one_complete_file_and_dates_its_expiry(world, last_month, not_queued, rendered, settings):
    settings.CEE_REPORT_RETENTION_DAYS = 30
    report = network_report(world, last_month).report
    with pytest.MonkeyPatch.context() as patch:
        delivered = []
        patch.setattr("evaluations.tasks.report_deliver_task.delay", delivered.append)
        service.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts, report.pages) == (Status.READY, 100, 1, 3)
    assert report.file.name == service.report_file_name(report)
    assert report.file.read() == b"%PDF-1.7 informe de prueba"
    assert report.size_bytes == len(b"%PDF-1.7 informe de prueba")
    assert report.expires_at - report.finished_at == datetime.timedelta(days=30)
    assert report.duration is not None
    assert report.is_downloadable
    assert [p.name for p in files_of(report)] == [Path(report.file.name).name]  # no temporary left


def test_running_the_task_twice_leaves_one_file_and_one_run(world, last_month, not_queued, rendered):
    report = network_report(world, last_month).report
    report_generate_task.apply(args=[report.pk])
    report_generate_task.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == Status.READY
    assert report.attempts == 1
    assert rendered == [report.pk]
    assert len(files_of(report)) == 1


def test_a_run_interrupted_mid_write_is_finished_by_the_next_delivery(world, last_month, not_queued, rendered):
    """A worker killed mid-run leaves the job running with an attempt counted and a temporary file; the
    message comes back (acks_late, reject_on_worker_lost) and the next run ends it ready, cleanly."""
    report = network_report(world, last_month).report
    MonitoringReport.objects.filter(pk=report.pk).update(status=Status.RUNNING, attempts=1, progress=60)
    final = Path(report.file.storage.path(service.report_file_name(report)))
    final.parent.mkdir(parents=True, exist_ok=True)
    (final.parent / f".{final.name}.deadbeef.part").write_bytes(b"half a PDF")
    service.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Status.READY, 2)
    assert [p.name for p in files_of(report)] == [final.name]


def test_a_job_interrupted_every_time_fails_with_the_reason(world, last_month, not_queued, rendered, settings):
    report = network_report(world, last_month).report
    MonitoringReport.objects.filter(pk=report.pk).update(
        status=Status.RUNNING, attempts=settings.CEE_REPORT_MAX_ATTEMPTS
    )
    service.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert f"Se intentó {settings.CEE_REPORT_MAX_ATTEMPTS} veces" in report.error
    assert rendered == []


def test_an_error_fails_the_report_with_its_reason_and_leaves_no_file(world, last_month, not_queued, monkeypatch):
    def broken(report, path):
        path.write_bytes(b"half")
        raise ValueError("sin datos de la red")

    monkeypatch.setattr(service, "_render", broken)
    report = network_report(world, last_month).report
    service.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert not report.file
    assert "ValueError: sin datos de la red" in report.error
    assert files_of(report) == []


def test_transient_errors_retry_then_fail_after_the_attempts_allowed(world, last_month, not_queued, monkeypatch):
    runs = []

    def flaky(report, path):
        runs.append(report.pk)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(service, "_render", flaky)
    monkeypatch.setattr("evaluations.tasks._backoff", lambda retries: 0)
    report = network_report(world, last_month).report
    for retries in range(2):  # what Celery does with each retry's message
        with pytest.raises(Retry):
            report_generate_task.apply(args=[report.pk], retries=retries)
        report.refresh_from_db()
        assert report.status == Status.RUNNING
    assert report_generate_task.apply(args=[report.pk], retries=2).get() == "failed"
    report.refresh_from_db()
    assert len(runs) == 3
    assert report.attempts == 3
    assert report.status == Status.FAILED
    assert "tras varios intentos" in report.error


def test_a_transient_error_then_success_ends_ready(world, last_month, not_queued, monkeypatch):
    runs = []

    def flaky_once(report, path):
        runs.append(report.pk)
        if len(runs) == 1:
            raise OperationalError("could not connect")
        path.write_bytes(b"%PDF")
        return 1

    monkeypatch.setattr(service, "_render", flaky_once)
    monkeypatch.setattr("evaluations.tasks._backoff", lambda retries: 0)
    report = network_report(world, last_month).report
    with pytest.raises(Retry):
        report_generate_task.apply(args=[report.pk])
    report_generate_task.apply(args=[report.pk], retries=1)
    report.refresh_from_db()
    assert (report.status, report.attempts, len(runs)) == (Status.READY, 2, 2)


# --- retrying and new versions ----------------------------------------------------------------------
def test_a_failed_report_is_queued_again_with_its_attempts_reset(world, last_month, not_queued):
    report = network_report(world, last_month).report
    MonitoringReport.objects.filter(pk=report.pk).update(status=Status.FAILED, attempts=3, error="x")
    retried = service.report_retry(user=world.staff, report=report)
    assert (retried.status, retried.attempts, retried.error) == (Status.QUEUED, 0, "")
    assert not_queued == [report.pk, report.pk]
    with pytest.raises(ValidationError):  # only a failed one
        service.report_retry(user=world.staff, report=retried)


def test_only_staff_or_the_requester_retry(world, last_month, not_queued):
    report = network_report(world, last_month).report
    MonitoringReport.objects.filter(pk=report.pk).update(status=Status.FAILED)
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        service.report_retry(user=world.sponsor_user, report=report)


def test_staff_add_a_comment_as_a_new_version(world, last_month, not_queued, rendered):
    report = network_report(world, last_month).report
    service.report_generate(report_id=report.pk)
    report.refresh_from_db()
    again = service.report_new_version(user=world.staff, report=report, narrative="La red mejoró en lectura.")
    assert (again.report.version, again.report.narrative) == (2, "La red mejoró en lectura.")
    with pytest.raises(PermissionDenied):
        service.report_new_version(user=world.sponsor_user, report=report, narrative="x")


# --- who sees what --------------------------------------------------------------------------------
def test_reports_are_seen_by_staff_their_networks_coordinators_and_their_sponsor(world, last_month, not_queued):
    net_a = network_report(world, last_month).report
    net_b = service.report_request(
        user=world.staff, scope="network", network=world.network_b, period=last_month, format=PDF
    ).report
    sponsor_a = service.report_request(
        user=world.sponsor_user, scope="sponsor", sponsor=world.sponsor_a, period=last_month, format=PDF
    ).report
    sponsor_b = service.report_request(
        user=world.other_sponsor_user, scope="sponsor", sponsor=world.sponsor_b, period=last_month, format=PDF
    ).report
    nation = service.report_request(user=world.staff, scope="nation", period=last_month, format=PDF).report

    def seen(user):
        return set(reports_visible_to(user))

    assert seen(world.staff) == {net_a, net_b, sponsor_a, sponsor_b, nation}
    assert seen(world.coordinator) == {net_a}
    assert seen(world.other_coordinator) == {net_b}
    assert seen(world.former_coordinator) == set()
    assert seen(world.sponsor_user) == {sponsor_a}
    assert seen(world.other_sponsor_user) == {sponsor_b}


# --- delivering -----------------------------------------------------------------------------------
def ready(report):
    MonitoringReport.objects.filter(pk=report.pk).update(
        status=Status.READY, finished_at=timezone.now(), expires_at=timezone.now() + datetime.timedelta(days=90)
    )
    report.refresh_from_db()
    return report


def test_a_ready_sponsor_report_is_announced_once_to_its_people_with_a_link(world, last_month, not_queued, settings):
    settings.CEE_SITE_URL = "https://cee.ipae.pe"
    world.sponsor_user.email = "gerencia@minera.pe"
    world.sponsor_user.save()
    world.other_sponsor_user.email = "otra@agro.pe"
    world.other_sponsor_user.save()
    report = ready(
        service.report_request(
            user=world.sponsor_user, scope="sponsor", sponsor=world.sponsor_a, period=last_month, format=PDF
        ).report
    )
    assert service.report_deliver(report_id=report.pk) == 0
    assert [m.to for m in mail.outbox] == [["gerencia@minera.pe"]]
    message = mail.outbox[0]
    assert f"https://cee.ipae.pe/informes/{report.pk}/" in message.body
    assert not message.attachments  # a link, never the file
    assert "Informe de monitoreo listo" in message.subject
    assert service.report_deliver(report_id=report.pk) == 0  # told once
    assert len(mail.outbox) == 1
    assert ReportDelivery.objects.get().status == ReportDelivery.Status.SENT


def test_failed_sends_are_recorded_and_counted_for_the_retry(world, last_month, not_queued, monkeypatch):
    world.staff.email = "ana@ipae.pe"
    world.staff.save()
    report = ready(network_report(world, last_month).report)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP no disponible")

    monkeypatch.setattr(service, "send_mail", refuse)
    # The person who asked and the network's coordinator: two sends, both failed and recorded.
    assert service.report_deliver(report_id=report.pk) == 2
    attempts = ReportDelivery.objects.all()
    assert {a.email for a in attempts} == {"ana@ipae.pe", world.coordinator.email}
    assert all(a.status == ReportDelivery.Status.FAILED and "SMTP no disponible" in a.error for a in attempts)


def test_recipients_follow_the_scope(world, last_month, not_queued):
    for person in (world.staff, world.coordinator, world.other_coordinator, world.sponsor_user):
        person.email = f"{person.username}@example.pe"
        person.save()
    network = network_report(world, last_month, user=world.admin).report
    nation = service.report_request(user=world.admin, scope="nation", period=last_month, format=PDF).report
    # The person who asked (the admin), plus the network's coordinator; plus IPAE staff for the nation.
    assert set(service.report_recipients(network)) == {world.admin, world.coordinator}
    assert set(service.report_recipients(nation)) == {world.admin, world.staff}
    world.coordinator.is_active = False
    world.coordinator.save()
    assert set(service.report_recipients(network)) == {world.admin}


# --- scheduling, expiring, reaping --------------------------------------------------------------------
def test_the_monthly_schedule_queues_every_network_region_and_sponsor_once(world, today, not_queued, settings):
    settings.CEE_REPORT_SCHEDULED_FORMATS = ["pdf", "xlsx"]
    queued = service.reports_schedule_month(today=today)
    last = today.replace(day=1) - datetime.timedelta(days=1)
    reports = MonitoringReport.objects.all()
    targets = {(r.scope, str(r.target)) for r in reports}
    # Networks A and B (the graduated one has no report), their regions, both sponsors.
    assert targets == {
        ("network", str(world.network_a)), ("network", str(world.network_b)),
        ("region", str(world.piura)), ("region", str(world.cusco)),
        ("sponsor", str(world.sponsor_a)), ("sponsor", str(world.sponsor_b)),
    }  # fmt: skip
    assert queued == 12 == len(not_queued) == reports.count()
    assert all(r.scheduled and r.requested_by is None and r.period_start == last.replace(day=1) for r in reports)
    assert service.reports_schedule_month(today=today) == 0  # twice: nothing more
    assert MonitoringReport.objects.count() == 12


def test_the_yearly_schedule_queues_the_nation(world, today, not_queued, settings):
    settings.CEE_REPORT_SCHEDULED_FORMATS = ["pdf"]
    assert service.reports_schedule_year(today=today) == 1
    report = MonitoringReport.objects.get()
    assert (report.scope, report.period_start, report.period_end) == (
        "nation", datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
    )  # fmt: skip


def test_expired_reports_lose_their_file_and_keep_their_record(
    world, last_month, not_queued, rendered, django_capture_on_commit_callbacks
):
    report = network_report(world, last_month).report
    service.report_generate(report_id=report.pk)
    report.refresh_from_db()
    path = Path(report.file.path)
    assert service.reports_expire(now=report.expires_at - datetime.timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert service.reports_expire(now=report.expires_at) == 1
    report.refresh_from_db()
    assert report.status == Status.EXPIRED
    assert not report.file
    assert not path.exists()
    assert not report.is_downloadable


def test_the_reaper_queues_lost_jobs_again_and_fails_those_out_of_attempts(world, today, not_queued, settings):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    periods = [month_period(today.year - 1, month, today) for month in (1, 2, 3, 4)]
    lost_running, lost_queued, worn_out, fresh = (network_report(world, p, user=StaffFactory()).report for p in periods)
    MonitoringReport.objects.filter(pk=lost_running.pk).update(status=Status.RUNNING, attempts=1, updated_at=long_ago)
    MonitoringReport.objects.filter(pk=lost_queued.pk).update(updated_at=long_ago)
    MonitoringReport.objects.filter(pk=worn_out.pk).update(
        status=Status.RUNNING, attempts=settings.CEE_REPORT_MAX_ATTEMPTS, updated_at=long_ago
    )
    not_queued.clear()
    assert service.reports_reap() == {"requeued": 2, "failed": 1}
    assert sorted(not_queued) == sorted([lost_running.pk, lost_queued.pk])
    statuses = dict(MonitoringReport.objects.values_list("pk", "status"))
    assert statuses[lost_running.pk] == statuses[lost_queued.pk] == statuses[fresh.pk] == Status.QUEUED
    assert statuses[worn_out.pk] == Status.FAILED


def test_a_network_report_names_the_network_in_its_title(world, last_month, not_queued):
    report = network_report(world, last_month).report
    assert str(world.network_a) in str(report)
    assert "PDF" in str(report)
    assert report.get_absolute_url() == f"/informes/{report.pk}/"


def test_a_report_whose_run_lock_is_held_elsewhere_is_left_alone(world, last_month, not_queued, rendered):
    """Two workers never build one report at once: the second is told to come back later."""
    report = network_report(world, last_month).report
    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, autocommit=True
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [service._LOCK_NAMESPACE, report.pk])
        with pytest.raises(service.ReportBusyError):
            service.report_generate(report_id=report.pk)
        report.refresh_from_db()
        assert (report.status, report.attempts, rendered) == (Status.QUEUED, 0, [])
        other.execute("SELECT pg_advisory_unlock(%s, %s)", [service._LOCK_NAMESPACE, report.pk])
    finally:
        other.close()
    assert service.report_generate(report_id=report.pk).status == Status.READY


def test_the_schedule_command_makes_the_month_or_the_year(world, today, not_queued, settings):
    settings.CEE_REPORT_SCHEDULED_FORMATS = ["pdf"]
    out = io.StringIO()
    call_command("reports_schedule", stdout=out)
    assert out.getvalue().strip() == "Informes en cola: 6."
    call_command("reports_schedule", "--yearly", stdout=out)
    assert MonitoringReport.objects.filter(scope="nation").count() == 1
    for bad in (["--month", "3"], ["--year", "2025", "--month", "13"], ["--yearly", "--month", "2"]):
        with pytest.raises(CommandError):
            call_command("reports_schedule", *bad)
