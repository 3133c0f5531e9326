"""Tasks run by a real Celery worker process on Redis, as in production.

The worker is `celery -A cee worker --pool=solo` in a subprocess, on its own queue (so parallel test
processes and other runs never take each other's messages), pointed at this process's test database.
Rows are committed (transactional test) so the worker sees them. There is no result backend: a task is
done when the worker logs it as succeeded.
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import UserSession
from accounts.sessions import SessionStore
from accounts.tasks import sessions_clear_expired_task
from cee.celery import app
from networks.models import SchoolVisitMonth, SummaryRefresh
from networks.tasks import summaries_refresh_task
from networks.tests.factories import VisitFactory

pytestmark = pytest.mark.integration

PROJECT_DIR = Path(__file__).resolve().parent.parent
WORKER_START_TIMEOUT = 60
TASK_TIMEOUT = 60


def _database_url() -> str:
    """The URL of the test database this process uses (test_cee, or test_cee_gw0 under xdist)."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


class Worker:
    """A Celery worker subprocess whose log is read to know when a task has finished."""

    def __init__(self, queue: str, log_path: Path, *, pool: str = "solo", env: dict | None = None):
        self.queue = queue
        self.log_path = log_path
        self.pool = pool  # "prefork" (one child) where a test kills the process running a task
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cee.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "PYTHONUNBUFFERED": "1",
            # What the worker sends runs in another worker's turn, on this queue, as in production.
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            **self.extra_env,
        }
        command = [
            sys.executable, "-m", "celery", "-A", "cee", "worker", f"--pool={self.pool}", "--concurrency=1",
            "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-Q", self.queue, "-n", f"{self.queue}@%h",
        ]  # fmt: skip
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own worker with fixed arguments
                command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self.wait_for(re.compile(r"\bready\."), WORKER_START_TIMEOUT, "the worker to start")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, pattern: re.Pattern, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pattern.search(self.log()):
                return
            if self.process and self.process.poll() is not None:
                pytest.fail(f"The Celery worker exited ({self.process.returncode}):\n{self.log()[-4000:]}")
            time.sleep(0.1)
        pytest.fail(f"Timed out after {timeout}s waiting for {what}. Worker log:\n{self.log()[-4000:]}")

    def wait_for_task(self, task_id: str) -> None:
        """Block until the worker logged the task as succeeded; fail on a task error."""
        done = re.compile(rf"Task [\w.]+\[{re.escape(task_id)}\] (succeeded|raised|failed)")
        self.wait_for(done, TASK_TIMEOUT, f"task {task_id}")
        outcome = done.search(self.log()).group(1)
        assert outcome == "succeeded", self.log()[-4000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # warm shutdown
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, tmp_path_factory):
    """One real worker for this module, on a queue of its own, using this process's test database."""
    queue = f"cee-test-{uuid.uuid4().hex[:12]}"
    worker = Worker(queue, tmp_path_factory.mktemp("celery") / "worker.log")
    worker.start()
    try:
        yield worker
    finally:
        # Stopped before the test database is dropped: PostgreSQL refuses to drop a database in use.
        worker.stop()
        _forget_queue(queue)


def _forget_queue(queue: str) -> None:
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    keys = [queue, *client.scan_iter(match=f"*{queue}*")]
    client.delete(*keys)
    client.close()


@pytest.fixture
def send_to_worker(celery_worker):
    """`.delay()` sends to the real worker: no eager execution, default queue = the worker's queue."""
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = celery_worker.queue
    yield celery_worker
    app.conf.task_always_eager, app.conf.task_default_queue = previous


def _make_session(*, expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["note"] = "integration"
    store.create()
    UserSession.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


# serialized_rollback: the flush after a transactional test would also remove the rows that data
# migrations load (regions, curriculum); this puts them back for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sessions_clear_expired_task_removes_expired_sessions_in_a_real_worker(send_to_worker):
    expired = [_make_session(expires_in=-datetime.timedelta(days=d)) for d in (1, 30)]
    alive = _make_session(expires_in=datetime.timedelta(days=7))

    result = sessions_clear_expired_task.delay()
    send_to_worker.wait_for_task(result.id)

    assert not UserSession.objects.filter(session_key__in=expired).exists()
    assert UserSession.objects.filter(session_key=alive).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sessions_clear_expired_task_run_twice_is_harmless(send_to_worker):
    expired = _make_session(expires_in=-datetime.timedelta(hours=1))
    alive = _make_session(expires_in=datetime.timedelta(days=7))

    first = sessions_clear_expired_task.delay()
    second = sessions_clear_expired_task.delay()
    send_to_worker.wait_for_task(first.id)
    send_to_worker.wait_for_task(second.id)

    assert not UserSession.objects.filter(session_key=expired).exists()
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [alive]
    assert f"[{second.id}] succeeded" in send_to_worker.log()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_summaries_refresh_task_rebuilds_the_visit_months_in_a_real_worker_and_twice_is_harmless(send_to_worker):
    visit = VisitFactory(date=datetime.date(2025, 5, 14))
    VisitFactory(school=visit.school, date=datetime.date(2025, 5, 2))

    first = summaries_refresh_task.delay()
    second = summaries_refresh_task.delay()
    send_to_worker.wait_for_task(first.id)
    send_to_worker.wait_for_task(second.id)

    row = SchoolVisitMonth.objects.get()
    assert (row.school_id, row.month, row.visits, row.last_visit_on) == (
        visit.school_id,
        datetime.date(2025, 5, 1),
        2,
        datetime.date(2025, 5, 14),
    )
    assert SummaryRefresh.objects.count() == 2
