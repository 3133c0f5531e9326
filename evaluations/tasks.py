"""Background work of the evaluations app: the dashboards' school-year summaries and the monitoring reports.

Every task takes ids and primitives, calls one service, and is safe to run twice (the services hold the
idempotency). Settings apply to all: acks_late, reject_on_worker_lost, prefetch 1 (cee/settings/base.py).
"""

import random

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from .services.reports import (
    TRANSIENT,
    ReportBusyError,
    report_attempts,
    report_deliver,
    report_fail,
    report_generate,
    reports_expire,
    reports_reap,
    reports_schedule_month,
    reports_schedule_year,
)
from .services.summaries import school_year_summaries_refresh

RETRY_BACKOFF_MAX = 300  # seconds
# Waits of ~3 s for a report's run lock: past the longest run (CEE_REPORT_TIME_LIMIT), then the reaper's.
BUSY_RETRIES = settings.CEE_REPORT_TIME_LIMIT // 3 + 1
# Transient errors before a run starts (the database down) are retried this often, then left to the reaper.
TRANSIENT_RETRIES = 10


def _backoff(retries: int) -> int:
    """Exponential backoff with full jitter: a random wait up to 10 s, 20 s, 40 s... capped at 5 minutes."""
    return get_exponential_backoff_interval(factor=10, retries=retries, maximum=RETRY_BACKOFF_MAX, full_jitter=True)


# Bounded: one statement per table and year (about a second a year at national scale), inside these limits.
@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def school_year_summaries_refresh_task(every_year: bool = False) -> list[int] | None:
    """Every 15 minutes (beat): rebuild this year's and last year's summaries, and any year still missing;
    every night, every year (`every_year`).

    Idempotent: a second run leaves the same rows; one that finds another refresh running returns at once.
    Returns the years rebuilt, or None when it stood aside."""
    return school_year_summaries_refresh(every_year=every_year)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,  # a worker killed mid-run sends the message back: the next attempt ends it
    soft_time_limit=settings.CEE_REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.CEE_REPORT_TIME_LIMIT,
    max_retries=None,  # runs are bounded by the report's attempts (CEE_REPORT_MAX_ATTEMPTS), counted per run
)
def report_generate_task(self, report_id: int) -> str | None:
    """Build one monitoring report's file. Transient errors (database, broker) retry with backoff and
    jitter; once the report has used its attempts, it fails with the reason. A report whose run lock is
    held elsewhere is tried again shortly (it then finds the report done, or the lock free)."""
    try:
        report = report_generate(report_id=report_id)
    except ReportBusyError as busy:
        # Held by a live run (it ends within the time limit) or a killed one's session (gone in moments).
        raise self.retry(exc=busy, countdown=random.uniform(1, 5), max_retries=BUSY_RETRIES) from busy  # noqa: S311
    except TRANSIENT as error:
        if report_attempts(report_id=report_id) >= settings.CEE_REPORT_MAX_ATTEMPTS:
            report_fail(report_id=report_id, error=error)
            return "failed"
        raise self.retry(exc=error, countdown=_backoff(self.request.retries), max_retries=TRANSIENT_RETRIES) from error
    return report.status if report is not None else None


@shared_task(bind=True, acks_late=True, soft_time_limit=60, time_limit=90, max_retries=3)
def report_deliver_task(self, report_id: int) -> int:
    """Email a ready report's recipients a link (each send recorded); failed sends are retried."""
    failed = report_deliver(report_id=report_id)
    if failed:
        raise self.retry(countdown=_backoff(self.request.retries))
    return failed


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def reports_schedule_month_task(year: int | None = None, month: int | None = None) -> int:
    """The 1st of each month (beat): queue the month before's reports, one task per report."""
    return reports_schedule_month(year=year, month=month)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def reports_schedule_year_task(year: int | None = None) -> int:
    """In January (beat): queue the nation's report of the year before."""
    return reports_schedule_year(year=year)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def reports_reap_task() -> dict[str, int]:
    """Every 10 minutes (beat): jobs left queued or running by a lost message or a dead worker."""
    return reports_reap()


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def reports_expire_task() -> int:
    """Every night (beat): remove the files of reports past their retention; the records stay."""
    return reports_expire()
