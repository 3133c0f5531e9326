"""Monitoring reports: the one write path of `MonitoringReport` and `ReportDelivery`.

A report's life: requested (`report_request`, by a person; `reports_schedule_month` and
`reports_schedule_year`, by beat) -> queued -> running (`report_generate`, in a Celery worker) -> ready,
or failed (`report_retry` queues it again) -> expired (`reports_expire` removes the file, keeps the
record). `reports_reap` finds jobs whose message or worker was lost and queues them again.

The promises, each tested:
- One file per (scope, target, period, format, version): the file's name is that key, it is written to a
  temporary name beside it and renamed when complete, so a second run (a redelivered message) replaces
  it with the same name instead of leaving a second file.
- Two workers never build the same report at once: a PostgreSQL advisory lock per report, held for the
  run, that the database releases when a killed worker's connection drops.
- A job never stays running: every run counts an attempt; past `CEE_REPORT_MAX_ATTEMPTS` it fails with
  the reason; a worker killed mid-run sends the message back (acks_late, reject_on_worker_lost) and the
  next attempt finishes it.
- Work is queued only after the transaction that recorded it commits.
"""

import datetime
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from networks.models import CoordinatorAssignment, Network, SchoolMembership
from schools.models import Region, Sponsor, Sponsorship, SponsorUser
from schools.selectors import sponsor_id_of, sponsors_visible_to

from ..dashboard.period import Period, month_period, period_choices, year_period
from ..models import MonitoringReport, ReportDelivery
from ..permissions import can_request_reports, can_retry_report

logger = logging.getLogger(__name__)

Scope = MonitoringReport.Scope
Status = MonitoringReport.Status
Format = MonitoringReport.Format

_LOCK_NAMESPACE = 0x5245  # "RE": advisory locks of report runs are (namespace, report id)


# --- keys, names and periods ----------------------------------------------------------------------
def report_key(*, scope: str, target_id, period: Period, format: str) -> str:
    return f"{scope}:{target_id or '-'}:{period.value}:{format}"


def report_period(report: MonitoringReport, today=None) -> Period:
    today = today or timezone.localdate()
    if report.is_month:
        return month_period(report.period_start.year, report.period_start.month, today)
    return year_period(report.period_start.year, today)


def report_file_name(report: MonitoringReport) -> str:
    """The file's name in private storage: the report's key and version, never a person's input."""
    safe_key = report.key.replace(":", "_")
    return f"reports/{report.period_start:%Y}/{safe_key}_v{report.version}.{report.format}"


def _target_id(scope, region, network, sponsor):
    return {Scope.REGION: region, Scope.NETWORK: network, Scope.SPONSOR: sponsor}.get(scope)


# --- requesting ---------------------------------------------------------------------------------
def _check_target(*, user, scope, region, network, sponsor) -> None:
    """The target must match the scope, exist, and be the person's to ask for (sponsors: their own)."""
    targets = {"region": region, "network": network, "sponsor": sponsor}
    needed = {Scope.REGION: "region", Scope.NETWORK: "network", Scope.SPONSOR: "sponsor"}.get(scope)
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Elija el alcance del informe.")})
    for name, value in targets.items():
        if name == needed and value is None:
            raise ValidationError({name: _("Indique a qué corresponde el informe.")})
        if name != needed and value is not None:
            raise ValidationError({name: _("Este alcance no lleva %(field)s.") % {"field": name}})
    if getattr(user, "is_sponsor_user", False):
        if scope != Scope.SPONSOR or sponsor.pk != sponsor_id_of(user):
            raise PermissionDenied
    elif scope == Scope.SPONSOR and not sponsors_visible_to(user).filter(pk=sponsor.pk).exists():
        raise PermissionDenied
    if scope == Scope.REGION and not region.is_program_region:
        raise ValidationError({"region": _("Esa región no está en el programa.")})


def _check_period(period: Period, today) -> None:
    if period.value not in dict(period_choices(today)):
        raise ValidationError({"period": _("Elija un periodo de la lista: un mes o un año ya empezado.")})


def _enqueue(report_ids) -> None:
    """Queue the generation of these reports once the current transaction has committed."""
    from ..tasks import report_generate_task  # tasks call services; services queue tasks lazily

    ids = list(report_ids)

    def send():
        for report_id in ids:
            report_generate_task.delay(report_id)

    if ids:
        transaction.on_commit(send)


def _queue_limit_check(user) -> None:
    limit = settings.CEE_REPORT_MAX_QUEUED_PER_USER
    # The person's row is locked so two requests sent at once count each other.
    User.objects.select_for_update().filter(pk=user.pk).first()
    active = MonitoringReport.objects.active().filter(requested_by=user).count()
    if active >= limit:
        raise ValidationError(
            _(
                "Ya tiene %(count)s informes en preparación, el máximo a la vez. Espere a que alguno "
                "termine y vuelva a pedirlo."
            )
            % {"count": active}
        )


@dataclass
class Requested:
    report: MonitoringReport
    created: bool  # False: the same report was already queued or running, and that job is returned


def report_request(
    *,
    user,
    scope: str,
    period: Period,
    format: str,
    region: Region | None = None,
    network: Network | None = None,
    sponsor: Sponsor | None = None,
    narrative: str = "",
) -> Requested:
    """Queue a report for a person. Staff may ask for any scope; a sponsor's user for their company's.

    The same report already queued or running is returned instead of a second job. Otherwise the report
    gets the next version of its key. At most `CEE_REPORT_MAX_QUEUED_PER_USER` jobs queued or running per
    person: past it, a ValidationError says so and nothing is recorded."""
    if not can_request_reports(user):
        raise PermissionDenied
    today = timezone.localdate()
    _check_target(user=user, scope=scope, region=region, network=network, sponsor=sponsor)
    _check_period(period, today)
    if format not in Format.values:
        raise ValidationError({"format": _("Elija PDF o Excel.")})
    narrative = (narrative or "").strip()
    if narrative and not getattr(user, "is_ipae_staff", False):
        raise PermissionDenied
    if len(narrative) > 4000:
        raise ValidationError({"narrative": _("El comentario admite hasta 4000 caracteres.")})
    target = _target_id(scope, region, network, sponsor)
    key = report_key(scope=scope, target_id=target.pk if target else None, period=period, format=format)
    try:
        with transaction.atomic():
            _queue_limit_check(user)
            running = MonitoringReport.objects.active().filter(key=key, narrative=narrative).first()
            if running is not None:
                return Requested(running, created=False)
            last = MonitoringReport.objects.filter(key=key).aggregate(v=Max("version"))["v"] or 0
            report = MonitoringReport.objects.create(
                scope=scope,
                region=region,
                network=network,
                sponsor=sponsor,
                period_start=period.start,
                period_end=period.end,
                format=format,
                key=key,
                version=last + 1,
                narrative=narrative,
                requested_by=user,
                stage=_("En cola"),
            )
            _enqueue([report.pk])
    except IntegrityError as error:  # someone else made this version a moment ago
        raise ValidationError(
            _("Otra persona pidió este mismo informe en este momento. Vuelva a intentarlo.")
        ) from error
    return Requested(report, created=True)


def report_retry(*, user, report: MonitoringReport) -> MonitoringReport:
    """Queue a failed report again (its attempts start over). Staff, or the person who asked for it."""
    if not can_retry_report(user, report):
        raise PermissionDenied
    with transaction.atomic():
        if not getattr(user, "is_ipae_staff", False):
            _queue_limit_check(user)
        locked = MonitoringReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != Status.FAILED:
            raise ValidationError(_("Solo se reintenta un informe que falló."))
        locked.status, locked.attempts, locked.progress = Status.QUEUED, 0, 0
        locked.error, locked.stage = "", _("En cola")
        locked.started_at = locked.finished_at = None
        locked.save(update_fields=["status", "attempts", "progress", "error", "stage", "started_at", "finished_at",
                                   "updated_at"])  # fmt: skip
        _enqueue([locked.pk])
    return locked


def report_new_version(*, user, report: MonitoringReport, narrative: str) -> Requested:
    """Staff add or change the team's comment: the same report is made again as its next version."""
    if not getattr(user, "is_ipae_staff", False):
        raise PermissionDenied
    return report_request(
        user=user,
        scope=report.scope,
        period=report_period(report),
        format=report.format,
        region=report.region,
        network=report.network,
        sponsor=report.sponsor,
        narrative=narrative,
    )


# --- generating ----------------------------------------------------------------------------------
def _progress(report_id: int, percent: int, stage: str) -> None:
    """Record how far the run is (its own statement, committed at once: the job page polls it)."""
    MonitoringReport.objects.filter(pk=report_id, status=Status.RUNNING).update(
        progress=percent, stage=stage[:80], updated_at=timezone.now()
    )


class _RunLock:
    """A session-level advisory lock on PostgreSQL for the length of a run (none on SQLite, whose
    embedded set-up runs tasks in the request, one at a time)."""

    def __init__(self, report_id: int):
        self.report_id = report_id
        self.held = False

    def __enter__(self) -> bool:
        if connection.vendor != "postgresql":
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, self.report_id])
            self.held = cursor.fetchone()[0]
        return self.held

    def __exit__(self, *exc):
        if self.held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, self.report_id])


def _start(report_id: int) -> MonitoringReport | None:
    """Mark the run started and count the attempt; None when there is nothing (more) to do."""
    with transaction.atomic():
        report = MonitoringReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status not in MonitoringReport.ACTIVE:
            return None  # done, failed, expired, or gone: a late or repeated message does nothing
        if report.attempts >= settings.CEE_REPORT_MAX_ATTEMPTS:
            _fail(report, _("Se intentó %(n)s veces sin terminar (el proceso se interrumpió cada vez).")
                  % {"n": report.attempts})  # fmt: skip
            return None
        report.status = Status.RUNNING
        report.attempts += 1
        report.started_at = report.started_at or timezone.now()
        report.progress, report.stage = 5, _("Iniciando")
        report.save(update_fields=["status", "attempts", "started_at", "progress", "stage", "updated_at"])
        return report


def _fail(report: MonitoringReport, reason: str) -> None:
    report.status, report.error, report.finished_at = Status.FAILED, reason[:2000], timezone.now()
    report.stage = _("Falló")
    report.save(update_fields=["status", "error", "finished_at", "stage", "updated_at"])


def _render(report: MonitoringReport, path: Path) -> int | None:
    """Compute the report's content (the dashboards' figures) and write its file at `path`; its pages."""
    from ..reporting.content import report_content  # the renderers load WeasyPrint only when used
    from ..reporting.pdf import write_pdf
    from ..reporting.xlsx import write_xlsx

    _progress(report.pk, 15, _("Calculando las cifras"))
    content = report_content(
        kind=report.scope,
        region=report.region,
        network=report.network,
        sponsor=report.sponsor,
        period=report_period(report),
        narrative=report.narrative,
    )
    if report.format == Format.PDF:
        _progress(report.pk, 60, _("Escribiendo el PDF"))
        return write_pdf(content, path)
    _progress(report.pk, 60, _("Escribiendo el Excel"))
    write_xlsx(content, path)
    return None


def _write(report: MonitoringReport, final_path: Path) -> int | None:
    """Write the file to a temporary name beside `final_path`, then rename it: a reader (or a second run)
    sees either no file or a complete one, never half of one."""
    final_path.parent.mkdir(parents=True, exist_ok=True)
    # A run killed mid-write left its temporary file: this run (holding the report's lock) removes it.
    for leftover in final_path.parent.glob(f".{final_path.name}.*.part"):
        leftover.unlink(missing_ok=True)
    temporary = final_path.with_name(f".{final_path.name}.{uuid.uuid4().hex}.part")
    try:
        pages = _render(report, temporary)
        os.replace(temporary, final_path)
    finally:
        temporary.unlink(missing_ok=True)
    return pages


class ReportBusyError(Exception):
    """Another connection holds the report's run lock: a live worker building it, or the database session
    of a worker just killed, which PostgreSQL ends moments later. The task tries again shortly."""


def report_generate(*, report_id: int) -> MonitoringReport | None:
    """Build one report's file (the Celery task's work). Idempotent: a report already ready, failed or
    expired is left alone; one being built elsewhere raises ReportBusyError (the task comes back later); a run
    interrupted before (worker killed) is started again. Transient errors (database, broker) propagate for
    the task to retry; any other error fails the report with its reason."""
    from ..tasks import report_deliver_task

    with _RunLock(report_id) as acquired:
        if not acquired:
            raise ReportBusyError(report_id)
        report = _start(report_id)
        if report is None:
            return None
        name = report_file_name(report)
        storage = MonitoringReport._meta.get_field("file").storage
        try:
            with translation.override(settings.LANGUAGE_CODE):
                pages = _write(report, Path(storage.path(name)))
        except TRANSIENT:
            raise
        except Exception as error:  # the reason is recorded; the job must not stay running
            logger.exception("report %s failed", report_id)
            with transaction.atomic():
                locked = MonitoringReport.objects.select_for_update().get(pk=report_id)
                _fail(locked, _("No se pudo generar el informe: %(error)s") % {"error": _describe(error)})
            return locked
        with transaction.atomic():
            locked = MonitoringReport.objects.select_for_update().get(pk=report_id)
            if locked.status != Status.RUNNING:
                return locked
            locked.file.name = name
            locked.size_bytes = storage.size(name)
            locked.pages = pages
            locked.status, locked.progress, locked.stage, locked.error = Status.READY, 100, _("Listo"), ""
            locked.finished_at = timezone.now()
            locked.expires_at = locked.finished_at + datetime.timedelta(days=settings.CEE_REPORT_RETENTION_DAYS)
            locked.save()
            transaction.on_commit(lambda: report_deliver_task.delay(report_id))
        return locked


def _describe(error: Exception) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(error, SoftTimeLimitExceeded):
        return _("superó el tiempo límite de %(s)s segundos") % {"s": settings.CEE_REPORT_SOFT_TIME_LIMIT}
    return f"{type(error).__name__}: {error}"[:500]


def report_attempts(*, report_id: int) -> int:
    """How many runs of the report have started (a run counts as it begins)."""
    return MonitoringReport.objects.filter(pk=report_id).values_list("attempts", flat=True).first() or 0


def report_fail(*, report_id: int, error: Exception) -> None:
    """The task gave up retrying a transient error: the report fails with the reason."""
    with transaction.atomic():
        report = MonitoringReport.objects.select_for_update().filter(pk=report_id).first()
        if report is not None and report.status in MonitoringReport.ACTIVE:
            _fail(
                report, _("No se pudo generar el informe tras varios intentos: %(error)s") % {"error": _describe(error)}
            )


def _transient_errors() -> tuple[type[Exception], ...]:
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerError

    return (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)


TRANSIENT = _transient_errors()


# --- delivering ------------------------------------------------------------------------------------
def report_recipients(report: MonitoringReport) -> list[User]:
    """Who is told that a report is ready: the person who asked; for a sponsor's report, the company's
    active users; for a network's, its coordinators today; for a region's or the nation's, IPAE staff.
    Only active people with an email address."""
    today = timezone.localdate()
    people = Q(pk=report.requested_by_id) if report.requested_by_id else Q(pk__in=[])
    if report.scope == Scope.SPONSOR:
        people |= Q(pk__in=SponsorUser.objects.filter(sponsor=report.sponsor_id).values("user_id"))
    elif report.scope == Scope.NETWORK:
        people |= Q(pk__in=CoordinatorAssignment.objects.active_on(today).filter(network=report.network_id)
                    .values("coordinator_id"))  # fmt: skip
    else:
        people |= Q(role=Role.STAFF)
    return list(User.objects.filter(people, is_active=True).exclude(email="").order_by("pk"))


def report_deliver(*, report_id: int) -> int:
    """Email each recipient not yet told a link to the report (never the file). Every attempt is recorded;
    returns the number of failed sends, which the task retries."""
    report = MonitoringReport.objects.select_related("region", "network", "sponsor").filter(pk=report_id).first()
    if report is None or report.status != Status.READY:
        return 0
    told = set(report.deliveries.filter(status=ReportDelivery.Status.SENT).values_list("recipient_id", flat=True))
    link = settings.CEE_SITE_URL.rstrip("/") + reverse("evaluations:report-detail", kwargs={"pk": report.pk})
    failed = 0
    for person in report_recipients(report):
        if person.pk in told:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {"report": report, "person": person, "link": link}
            subject = _("Informe de monitoreo listo: %(report)s") % {"report": report}
            body = render_to_string("emails/report_ready.txt", context)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
        except Exception as error:  # recorded, and retried by the task
            failed += 1
            ReportDelivery.objects.create(
                report=report, recipient=person, email=person.email, status=ReportDelivery.Status.FAILED,
                error=f"{type(error).__name__}: {error}"[:1000],
            )  # fmt: skip
            continue
        ReportDelivery.objects.create(
            report=report, recipient=person, email=person.email, status=ReportDelivery.Status.SENT
        )
    return failed


# --- scheduling, expiring, reaping ---------------------------------------------------------------
def _schedule(targets: list[tuple[str, dict]], period: Period, formats) -> int:
    """Record version 1 of each (target, format) that has none yet and queue it; the number queued.
    Idempotent: running the schedule twice for a period queues nothing the second time."""
    wanted = []
    for scope, target in targets:
        target_obj = next(iter(target.values()), None)
        for format in formats:
            key = report_key(scope=scope, target_id=target_obj.pk if target_obj else None, period=period, format=format)
            wanted.append(
                MonitoringReport(
                    scope=scope, **target, period_start=period.start, period_end=period.end, format=format,
                    key=key, version=1, scheduled=True, stage=_("En cola"),
                )
            )  # fmt: skip
    keys = [report.key for report in wanted]
    with transaction.atomic():
        existing = set(MonitoringReport.objects.filter(key__in=keys).values_list("key", flat=True))
        fresh = [report for report in wanted if report.key not in existing]
        MonitoringReport.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
        ids = MonitoringReport.objects.filter(key__in=[r.key for r in fresh], version=1, status=Status.QUEUED)
        ids = list(ids.values_list("pk", flat=True))
        _enqueue(ids)
    return len(ids)


def monthly_targets(period: Period) -> list[tuple[str, dict]]:
    """Every network in its program years 1-5 with schools that month, every program region with such a
    network, and every sponsor with a sponsorship in force that year."""
    on = period.end
    networks = Network.objects.filter(
        cohort_start_year__gt=on.year - settings.CEE_PROGRAM_YEARS,
        cohort_start_year__lte=on.year,
        pk__in=SchoolMembership.objects.in_force_on(on).values("network_id"),
    ).order_by("pk")
    regions = Region.objects.filter(is_program_region=True, pk__in=networks.values("region_id")).order_by("code")
    sponsors = Sponsor.objects.filter(pk__in=Sponsorship.objects.in_force_in(on.year).values("sponsor_id")).order_by(
        "pk"
    )
    return (
        [(Scope.NETWORK, {"network": n}) for n in networks]
        + [(Scope.REGION, {"region": r}) for r in regions]
        + [(Scope.SPONSOR, {"sponsor": s}) for s in sponsors]
    )


def reports_schedule_month(*, year: int | None = None, month: int | None = None, today=None) -> int:
    """The 1st of each month (beat): every network's, region's and sponsor's report of the month before."""
    today = today or timezone.localdate()
    if year is None or month is None:
        last_month = today.replace(day=1) - datetime.timedelta(days=1)
        year, month = last_month.year, last_month.month
    period = month_period(year, month, today)
    return _schedule(monthly_targets(period), period, settings.CEE_REPORT_SCHEDULED_FORMATS)


def reports_schedule_year(*, year: int | None = None, today=None) -> int:
    """In January (beat): the nation's report of the year before."""
    today = today or timezone.localdate()
    period = year_period(year or today.year - 1, today)
    return _schedule([(Scope.NATION, {})], period, settings.CEE_REPORT_SCHEDULED_FORMATS)


def reports_expire(*, now=None) -> int:
    """Remove the files of reports past their expiry; the records stay (status "Vencido")."""
    now = now or timezone.now()
    storage = MonitoringReport._meta.get_field("file").storage
    expired = 0
    for report in MonitoringReport.objects.filter(status=Status.READY, expires_at__lte=now).order_by("pk")[:1000]:
        with transaction.atomic():
            locked = MonitoringReport.objects.select_for_update().get(pk=report.pk)
            if locked.status != Status.READY:
                continue
            name = locked.file.name
            locked.status, locked.file, locked.stage = Status.EXPIRED, "", _("Vencido")
            locked.save(update_fields=["status", "file", "stage", "updated_at"])
            if name:
                transaction.on_commit(lambda name=name: storage.delete(name))
            expired += 1
    return expired


def reports_reap(*, now=None) -> dict[str, int]:
    """Jobs nobody is working on: running past the hard time limit (their worker died with its machine)
    or queued for longer than `CEE_REPORT_REQUEUE_MINUTES` (their message was lost, e.g. Redis restarted).
    Queued again while attempts remain, else failed with the reason."""
    now = now or timezone.now()
    stale_running = now - datetime.timedelta(seconds=settings.CEE_REPORT_TIME_LIMIT + 60)
    stale_queued = now - datetime.timedelta(minutes=settings.CEE_REPORT_REQUEUE_MINUTES)
    counts = {"requeued": 0, "failed": 0}
    stuck = MonitoringReport.objects.filter(
        Q(status=Status.RUNNING, updated_at__lt=stale_running) | Q(status=Status.QUEUED, updated_at__lt=stale_queued)
    ).order_by("pk")[:1000]
    for report in stuck:
        with transaction.atomic():
            locked = MonitoringReport.objects.select_for_update(skip_locked=True).filter(pk=report.pk).first()
            if locked is None or locked.status not in MonitoringReport.ACTIVE:
                continue
            if locked.attempts >= settings.CEE_REPORT_MAX_ATTEMPTS:
                _fail(locked, _("Se intentó %(n)s veces sin terminar (el proceso se interrumpió cada vez).")
                      % {"n": locked.attempts})  # fmt: skip
                counts["failed"] += 1
                continue
            locked.status, locked.stage = Status.QUEUED, _("En cola de nuevo")
            locked.save(update_fields=["status", "stage", "updated_at"])
            _enqueue([locked.pk])
            counts["requeued"] += 1
    return counts
