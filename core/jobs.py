"""Background jobs that make one file each: what every kind of job shares (monitoring reports, list exports).

A job is a row whose status moves queued -> running -> ready (its file written) or failed (with the reason)
-> expired (the file removed, the row kept). A Celery worker runs it; the kind's service says what the file
holds. What this module promises for every kind, and each kind's tests prove:

- One run at a time: a PostgreSQL advisory lock (the kind's namespace, the job's id) held for the run,
  which the database releases when a killed worker's connection drops. A second worker is told to come
  back later (`JobBusyError`).
- A job never stays running: a run counts an attempt as it begins; past the kind's `MAX_ATTEMPTS` the job
  fails with the reason. A worker killed mid-run sends the message back (acks_late, reject_on_worker_lost)
  and the next attempt finishes it; a job whose message was lost is queued again by the reaper.
- A reader (or a second run) sees no file or a complete one: the file is written to a temporary name
  beside its final one and renamed when complete.
- Files are kept for the kind's `RETENTION_DAYS`, then removed; the row stays ("Vencido").

A kind's settings share a prefix (`CEE_REPORT`, `CEE_EXPORT`): `<prefix>_MAX_ATTEMPTS`,
`_SOFT_TIME_LIMIT`, `_TIME_LIMIT` (seconds), `_RETENTION_DAYS` and `_REQUEUE_MINUTES`; they are read when
used, so a test may change them.
"""

import datetime
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TimeStampedModel

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("En cola")
    RUNNING = "running", gettext_lazy("En proceso")
    READY = "ready", gettext_lazy("Listo")
    FAILED = "failed", gettext_lazy("Falló")
    EXPIRED = "expired", gettext_lazy("Vencido")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobQuerySet(models.QuerySet):
    def active(self):
        """Jobs still to finish: queued or running."""
        return self.filter(status__in=ACTIVE)


class Job(TimeStampedModel):
    """The state of a job that writes one file. A concrete job adds its `file` (a FileField in private
    storage), who asked for it, and what the file holds."""

    Status = JobStatus
    ACTIVE = ACTIVE

    status = models.CharField(
        gettext_lazy("estado"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("avance (%)"), default=0)
    stage = models.CharField(gettext_lazy("etapa"), max_length=80, blank=True)
    size_bytes = models.PositiveIntegerField(gettext_lazy("tamaño (bytes)"), null=True, blank=True)
    started_at = models.DateTimeField(gettext_lazy("iniciado"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("terminado"), null=True, blank=True)
    expires_at = models.DateTimeField(gettext_lazy("vence"), null=True, blank=True)
    error = models.TextField(gettext_lazy("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("intentos"), default=0)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == JobStatus.READY
            and bool(self.file)
            and (self.expires_at is None or self.expires_at > timezone.now())
        )

    @property
    def is_gone(self) -> bool:
        """The file was removed (expired), or is past its expiry and about to be."""
        if self.status == JobStatus.EXPIRED:
            return True
        return self.status == JobStatus.READY and self.expires_at is not None and self.expires_at <= timezone.now()


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its model, the namespace of its run locks, the prefix of its settings and the words
    of its failures ("No se pudo generar el informe: %(error)s")."""

    model: type[Job]
    lock_namespace: int
    settings_prefix: str
    failed: str  # the run raised an error: "%(error)s" is its description
    gave_up: str  # transient errors outlasted the retries: "%(error)s" is the last one

    def setting(self, name: str) -> int:
        return getattr(settings, f"{self.settings_prefix}_{name}")

    @property
    def storage(self):
        return self.model._meta.get_field("file").storage


def transient_errors() -> tuple[type[Exception], ...]:
    """Errors that pass (the database or the broker restarting): the task retries them with backoff."""
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerError

    return (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)


TRANSIENT = transient_errors()


class JobBusyError(Exception):
    """Another connection holds the job's run lock: a live worker running it, or the database session of a
    worker just killed, which PostgreSQL ends moments later. The task tries again shortly."""


class JobRefusedError(Exception):
    """A run that must not go on (what it would write is no longer the person's to have, say): the job
    fails with this reason, in words, as it is."""


class RunLock:
    """A session-level advisory lock on PostgreSQL for the length of a run (none on SQLite, whose embedded
    set-up runs tasks in the request, one at a time)."""

    def __init__(self, namespace: int, job_id: int):
        self.key = (namespace, job_id)
        self.held = False

    def __enter__(self) -> bool:
        if connection.vendor != "postgresql":
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", list(self.key))
            self.held = cursor.fetchone()[0]
        return self.held

    def __exit__(self, *exc):
        if self.held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", list(self.key))


def enqueue_on_commit(task, job_ids) -> None:
    """Send `task` (a Celery task taking a job's id) for each job once the current transaction has
    committed: a worker never looks for a job that is not there yet, or that was rolled back."""
    ids = list(job_ids)

    def send():
        for job_id in ids:
            task.delay(job_id)

    if ids:
        transaction.on_commit(send)


# --- a run -------------------------------------------------------------------------------------------
def job_progress(kind: JobKind, job_id: int, percent: int, stage: str, **fields) -> None:
    """Record how far the run is (its own statement, committed at once: the job's page polls it)."""
    kind.model.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        progress=percent, stage=stage[:80], updated_at=timezone.now(), **fields
    )


def worn_out(job: Job) -> str:
    return _("Se intentó %(n)s veces sin terminar (el proceso se interrumpió cada vez).") % {"n": job.attempts}


def job_fail(job: Job, reason: str) -> None:
    """The job ends failed with the reason (the caller holds its row)."""
    job.status, job.error, job.finished_at = JobStatus.FAILED, reason[:2000], timezone.now()
    job.stage = _("Falló")
    job.save(update_fields=["status", "error", "finished_at", "stage", "updated_at"])


def job_start(kind: JobKind, job_id: int) -> Job | None:
    """Mark the run started and count the attempt; None when there is nothing (more) to do."""
    with transaction.atomic():
        job = kind.model.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in ACTIVE:
            return None  # done, failed, expired, or gone: a late or repeated message does nothing
        if job.attempts >= kind.setting("MAX_ATTEMPTS"):
            job_fail(job, worn_out(job))
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or timezone.now()
        job.progress, job.stage = 5, _("Iniciando")
        job.save(update_fields=["status", "attempts", "started_at", "progress", "stage", "updated_at"])
        return job


def write_atomically(final_path: Path, write: Callable[[Path], Any]) -> Any:
    """`write(path)` writes the file at a temporary name beside `final_path`, which is then renamed: a reader
    (or a second run) sees either no file or a complete one, never half of one. Returns what `write` does."""
    final_path.parent.mkdir(parents=True, exist_ok=True)
    # A run killed mid-write left its temporary file: this run (holding the job's lock) removes it.
    for leftover in final_path.parent.glob(f".{final_path.name}.*.part"):
        leftover.unlink(missing_ok=True)
    temporary = final_path.with_name(f".{final_path.name}.{uuid.uuid4().hex}.part")
    try:
        result = write(temporary)
        os.replace(temporary, final_path)
    finally:
        temporary.unlink(missing_ok=True)
    return result


def describe(kind: JobKind, error: Exception) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(error, SoftTimeLimitExceeded):
        return _("superó el tiempo límite de %(s)s segundos") % {"s": kind.setting("SOFT_TIME_LIMIT")}
    if isinstance(error, JobRefusedError):
        return str(error)
    return f"{type(error).__name__}: {error}"[:500]


def job_run(
    kind: JobKind,
    job_id: int,
    *,
    file_name: Callable[[Job], str],
    write: Callable[[Job, Path], Any],
    finish: Callable[[Job, Any], None],
) -> Job | None:
    """Run one job (a Celery task's work): `write(job, path)` writes its file at `path`; once renamed into
    place as `file_name(job)`, `finish(job, result)` records what is particular to the kind on the locked
    row (and queues what follows, on commit) before it is saved ready.

    Idempotent: a job already ready, failed or expired is left alone; one running elsewhere raises
    JobBusyError (the task comes back later); a run interrupted before (worker killed) is started again.
    Transient errors (database, broker) propagate for the task to retry; any other error fails the job
    with its reason."""
    with RunLock(kind.lock_namespace, job_id) as acquired:
        if not acquired:
            raise JobBusyError(job_id)
        job = job_start(kind, job_id)
        if job is None:
            return None
        name = file_name(job)
        storage = kind.storage
        try:
            result = write_atomically(Path(storage.path(name)), lambda path: write(job, path))
        except TRANSIENT:
            raise
        except Exception as error:  # the reason is recorded; the job must not stay running
            logger.exception("%s %s failed", kind.model._meta.model_name, job_id)
            with transaction.atomic():
                locked = kind.model.objects.select_for_update().get(pk=job_id)
                job_fail(locked, kind.failed % {"error": describe(kind, error)})
            return locked
        with transaction.atomic():
            locked = kind.model.objects.select_for_update().get(pk=job_id)
            if locked.status != JobStatus.RUNNING:
                return locked
            locked.file.name = name
            locked.size_bytes = storage.size(name)
            locked.status, locked.progress, locked.stage, locked.error = JobStatus.READY, 100, _("Listo"), ""
            locked.finished_at = timezone.now()
            locked.expires_at = locked.finished_at + datetime.timedelta(days=kind.setting("RETENTION_DAYS"))
            finish(locked, result)
            locked.save()
        return locked


def job_attempts(kind: JobKind, job_id: int) -> int:
    """How many runs of the job have started (a run counts as it begins)."""
    return kind.model.objects.filter(pk=job_id).values_list("attempts", flat=True).first() or 0


def job_give_up(kind: JobKind, job_id: int, error: Exception) -> None:
    """The task gave up retrying a transient error: the job fails with the reason."""
    with transaction.atomic():
        job = kind.model.objects.select_for_update().filter(pk=job_id).first()
        if job is not None and job.status in ACTIVE:
            job_fail(job, kind.gave_up % {"error": describe(kind, error)})


def job_requeue(job: Job) -> None:
    """A failed job is queued again, its attempts started over (the caller holds its row and queues it)."""
    job.status, job.attempts, job.progress = JobStatus.QUEUED, 0, 0
    job.error, job.stage = "", _("En cola")
    job.started_at = job.finished_at = None
    job.save(update_fields=["status", "attempts", "progress", "error", "stage", "started_at", "finished_at",
                            "updated_at"])  # fmt: skip


# --- expiring, reaping ------------------------------------------------------------------------------
def jobs_expire(kind: JobKind, *, now=None) -> int:
    """Remove the files of jobs past their expiry; the records stay (status "Vencido")."""
    now = now or timezone.now()
    storage = kind.storage
    expired = 0
    for job in kind.model.objects.filter(status=JobStatus.READY, expires_at__lte=now).order_by("pk")[:1000]:
        with transaction.atomic():
            locked = kind.model.objects.select_for_update().get(pk=job.pk)
            if locked.status != JobStatus.READY:
                continue
            name = locked.file.name
            locked.status, locked.file, locked.stage = JobStatus.EXPIRED, "", _("Vencido")
            locked.save(update_fields=["status", "file", "stage", "updated_at"])
            if name:
                transaction.on_commit(lambda name=name: storage.delete(name))
            expired += 1
    return expired


def jobs_reap(kind: JobKind, *, enqueue: Callable[[list[int]], None], now=None) -> dict[str, int]:
    """Jobs nobody is working on: running past the hard time limit (their worker died with its machine)
    or queued for longer than `_REQUEUE_MINUTES` (their message was lost, e.g. Redis restarted). Queued
    again (`enqueue`, on commit) while attempts remain, else failed with the reason."""
    now = now or timezone.now()
    stale_running = now - datetime.timedelta(seconds=kind.setting("TIME_LIMIT") + 60)
    stale_queued = now - datetime.timedelta(minutes=kind.setting("REQUEUE_MINUTES"))
    counts = {"requeued": 0, "failed": 0}
    stuck = kind.model.objects.filter(
        Q(status=JobStatus.RUNNING, updated_at__lt=stale_running)
        | Q(status=JobStatus.QUEUED, updated_at__lt=stale_queued)
    ).order_by("pk")[:1000]
    for job in stuck:
        with transaction.atomic():
            locked = kind.model.objects.select_for_update(skip_locked=True).filter(pk=job.pk).first()
            if locked is None or locked.status not in ACTIVE:
                continue
            if locked.attempts >= kind.setting("MAX_ATTEMPTS"):
                job_fail(locked, worn_out(locked))
                counts["failed"] += 1
                continue
            locked.status, locked.stage = JobStatus.QUEUED, _("En cola de nuevo")
            locked.save(update_fields=["status", "stage", "updated_at"])
            enqueue([locked.pk])
            counts["requeued"] += 1
    return counts
