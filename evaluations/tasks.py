"""Background work of the evaluations app: the dashboards' school-year summaries, the monitoring reports and
the large exports of the dashboards' lists.

Every task takes ids and primitives, calls one service, and is safe to run twice (the services hold the
idempotency). Settings apply to all: acks_late, reject_on_worker_lost, prefetch 1 (cee/settings/base.py).
"""

import random

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from core.jobs import TRANSIENT, JobBusyError, JobKind, job_attempts, job_give_up

from .services.exports import EXPORTS, export_deliver, export_generate, exports_expire, exports_reap
from .services.reports import (
    REPORTS,
    report_deliver,
    report_generate,
    reports_expire,
    reports_reap,
    reports_schedule_month,
    reports_schedule_year,
)
from .services.summaries import school_year_summaries_refresh

RETRY_BACKOFF_MAX = 300  # seconds
# Transient errors before a run starts (the database down) are retried this often, then left to the reaper.
TRANSIENT_RETRIES = 10
# What every job's task is (reports, exports), besides its time limits.
JOB_TASK = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,  # a worker killed mid-run sends the message back: the next attempt ends it
    "max_retries": None,  # runs are bounded by the job's attempts (the kind's MAX_ATTEMPTS), counted per run
}


def _backoff(retries: int) -> int:
    """Exponential backoff with full jitter: a random wait up to 10 s, 20 s, 40 s... capped at 5 minutes."""
    return get_exponential_backoff_interval(factor=10, retries=retries, maximum=RETRY_BACKOFF_MAX, full_jitter=True)


def _run_job(task, kind: JobKind, job_id: int, run) -> str | None:
    """A job's run (`run()`, its service) as a task: a job whose run lock is held elsewhere is tried again
    shortly (it then finds the job done, or the lock free); transient errors (database, broker) retry with
    backoff and jitter; once the job has used its attempts, it fails with the reason. Its status, or None."""
    try:
        job = run()
    except JobBusyError as busy:
        # Held by a live run (it ends within the time limit) or a killed one's session (gone in moments):
        # waits of ~3 s, past the longest run, then the reaper's.
        busy_retries = kind.setting("TIME_LIMIT") // 3 + 1
        raise task.retry(exc=busy, countdown=random.uniform(1, 5), max_retries=busy_retries) from busy  # noqa: S311
    except TRANSIENT as error:
        if job_attempts(kind, job_id) >= kind.setting("MAX_ATTEMPTS"):
            job_give_up(kind, job_id, error)
            return "failed"
        raise task.retry(exc=error, countdown=_backoff(task.request.retries), max_retries=TRANSIENT_RETRIES) from error
    return job.status if job is not None else None


# Bounded: one statement per table and year (about a second a year at national scale), inside these limits.
@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def school_year_summaries_refresh_task(every_year: bool = False) -> list[int] | None:
    """Every 15 minutes (beat): rebuild this year's and last year's summaries, and any year still missing;
    every night, every year (`every_year`).

    Idempotent: a second run leaves the same rows; one that finds another refresh running returns at once.
    Returns the years rebuilt, or None when it stood aside."""
    return school_year_summaries_refresh(every_year=every_year)


@shared_task(**JOB_TASK, soft_time_limit=settings.CEE_REPORT_SOFT_TIME_LIMIT, time_limit=settings.CEE_REPORT_TIME_LIMIT)
def report_generate_task(self, report_id: int) -> str | None:
    """Build one monitoring report's file (`_run_job`: busy, transient errors, attempts)."""
    return _run_job(self, REPORTS, report_id, lambda: report_generate(report_id=report_id))


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


# --- large exports of the dashboards' lists --------------------------------------------------------------
@shared_task(**JOB_TASK, soft_time_limit=settings.CEE_EXPORT_SOFT_TIME_LIMIT, time_limit=settings.CEE_EXPORT_TIME_LIMIT)
def export_generate_task(self, job_id: int) -> str | None:
    """Write one list export's file (`_run_job`: busy, transient errors, attempts)."""
    return _run_job(self, EXPORTS, job_id, lambda: export_generate(job_id=job_id))


@shared_task(bind=True, acks_late=True, soft_time_limit=60, time_limit=90, max_retries=3)
def export_deliver_task(self, job_id: int) -> bool:
    """Email a ready export's requester a link (recorded on the job); a failed send is retried."""
    if export_deliver(job_id=job_id):
        raise self.retry(countdown=_backoff(self.request.retries))
    return True


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def exports_reap_task() -> dict[str, int]:
    """Every 10 minutes (beat): exports left queued or running by a lost message or a dead worker."""
    return exports_reap()


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def exports_expire_task() -> int:
    """Every night (beat): remove the files of exports past their retention; the records stay."""
    return exports_expire()
