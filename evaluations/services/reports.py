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
The machinery of those promises is every job's (`core.jobs`); the list exports use it too.
"""

import datetime
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.jobs import (
    JobBusyError,
    JobKind,
    enqueue_on_commit,
    job_progress,
    job_requeue,
    job_run,
    jobs_expire,
    jobs_reap,
)
from networks.models import CoordinatorAssignment, Network, SchoolMembership
from schools.models import Region, Sponsor, Sponsorship, SponsorUser
from schools.selectors import sponsor_id_of, sponsors_visible_to

from ..dashboard.period import Period, month_period, period_choices, year_period
from ..models import MonitoringReport, ReportDelivery
from ..permissions import can_request_reports, can_retry_report
from .jobs import jobs_queue_limit_check

logger = logging.getLogger(__name__)

Scope = MonitoringReport.Scope
Status = MonitoringReport.Status
Format = MonitoringReport.Format

_LOCK_NAMESPACE = 0x5245  # "RE": advisory locks of report runs are (namespace, report id)
REPORTS = JobKind(
    model=MonitoringReport,
    lock_namespace=_LOCK_NAMESPACE,
    settings_prefix="CEE_REPORT",
    failed=gettext_lazy("No se pudo generar el informe: %(error)s"),
    gave_up=gettext_lazy("No se pudo generar el informe tras varios intentos: %(error)s"),
)
# Another worker holds the report's run lock (core.jobs); the task comes back later.
ReportBusyError = JobBusyError


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
            raise ValidationError({name: _("Este alcance no lleva región, red ni empresa: quite la que eligió.")})
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

    enqueue_on_commit(report_generate_task, report_ids)


def _queue_limit_check(user) -> None:
    jobs_queue_limit_check(user)


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
        job_requeue(locked)
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
    job_progress(REPORTS, report_id, percent, stage)


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


def _write(report: MonitoringReport, path: Path) -> int | None:
    """The report's file, in the program's language whoever asked for it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render(report, path)


def _ready(report: MonitoringReport, pages: int | None) -> None:
    from ..tasks import report_deliver_task

    report.pages = pages
    transaction.on_commit(lambda: report_deliver_task.delay(report.pk))


def report_generate(*, report_id: int) -> MonitoringReport | None:
    """Build one report's file (the Celery task's work), with the promises of every job (`core.jobs`):
    a report already ready, failed or expired is left alone; one being built elsewhere raises
    ReportBusyError (the task comes back later); a run interrupted before (worker killed) is started again.
    Transient errors (database, broker) propagate for the task to retry; any other error fails the report
    with its reason. Once ready, its people are told (`report_deliver`)."""
    return job_run(REPORTS, report_id, file_name=report_file_name, write=_write, finish=_ready)


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
    return jobs_expire(REPORTS, now=now)


def reports_reap(*, now=None) -> dict[str, int]:
    """Jobs nobody is working on: running past the hard time limit (their worker died with its machine)
    or queued for longer than `CEE_REPORT_REQUEUE_MINUTES` (their message was lost, e.g. Redis restarted).
    Queued again while attempts remain, else failed with the reason."""
    return jobs_reap(REPORTS, enqueue=_enqueue, now=now)
