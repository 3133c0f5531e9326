"""Time a large list export made in the background (an ExportJob) by a real Celery worker, and its memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cee_bench .venv/bin/python bench/export_jobs.py \
        [--kind visitas] [--query period=2026] [--formats csv,xlsx] [--user ipae]

It migrates the database, starts `celery worker --pool=prefork --concurrency 1` on Redis database 14, asks
for each format's export through the service the list page's button calls (`export_request`, as the staff
user `--user`), and waits until it is ready. It prints, per format: the rows, the run's time (the job's
own started/finished stamps) and the wall time from the request, the file's size, and the peak resident
memory of the worker's main process and of its pool process (sampled every 0.2 s from /proc; the pool
process is the one that runs the export). The exports it makes are removed at the end (rows and files).
Emails go to the console backend (the worker's log). Not part of the test suite.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
BROKER = "redis://127.0.0.1:6379/14"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")
os.environ["CELERY_BROKER_URL"] = BROKER
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from monthly_reports import children, rss_kib  # noqa: E402 -- reading the worker's processes in /proc

from evaluations.models import ExportJob  # noqa: E402
from evaluations.services.exports import export_request  # noqa: E402


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(args, fmt: str, user) -> dict:
    log = Path(tempfile.mkdtemp(prefix="cee-exports-")) / "worker.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "celery", "-A", "cee", "worker", "--pool=prefork", "--concurrency=1",
               "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    with log.open("w") as out:
        worker = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    idle_child = max((rss_kib(child) for child in children(worker.pid)), default=0)
    peak_main = peak_child = 0
    started = time.monotonic()
    job = export_request(user=user, kind=args.kind, query=args.query, format=fmt).job
    loads = [load()]
    while True:
        peak_main = max(peak_main, rss_kib(worker.pid))
        for child in children(worker.pid):
            peak_child = max(peak_child, rss_kib(child))
        job.refresh_from_db()
        if job.status not in ExportJob.ACTIVE:
            break
        time.sleep(0.2)
    wall = time.monotonic() - started
    loads.append(load())
    worker.terminate()
    worker.wait(timeout=60)
    result = {
        "format": fmt,
        "status": job.status,
        "error": job.error,
        "rows": job.rows_written,
        "run_s": (job.finished_at - job.started_at).total_seconds() if job.finished_at else None,
        "wall_s": wall,
        "bytes": job.size_bytes,
        "peak_main_mib": peak_main / 1024,
        "idle_child_mib": idle_child / 1024,
        "peak_child_mib": peak_child / 1024,
        "loads": loads,
        "log": str(log),
    }
    if job.file:
        job.file.delete(save=False)
    job.delete()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="visitas")
    parser.add_argument("--query", default="period=2026")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--user", default="ipae")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    redis.Redis.from_url(BROKER).flushdb()
    user = get_user_model().objects.get(username=args.user)
    ExportJob.objects.filter(requested_by=user).active().delete()
    print(
        f"\nDatabase: {connection.settings_dict['NAME']}; list {args.kind}?{args.query}; "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; nproc {os.cpu_count()}\n"
    )
    print("| Format | Rows | Run s | Wall s | File MB | Peak RSS main / pool MiB (idle) | Load before → after |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        r = run(args, fmt, user)
        if r["status"] != ExportJob.Status.READY:
            print(f"| {fmt} | {r['status']}: {r['error']} | | | | | |")
            continue
        print(
            f"| {fmt} | {r['rows']:,} | {r['run_s']:.1f} | {r['wall_s']:.1f} | {r['bytes'] / 1e6:.1f} | "
            f"{r['peak_main_mib']:.0f} / {r['peak_child_mib']:.0f} ({r['idle_child_mib']:.0f}) | "
            f"{r['loads'][0]} → {r['loads'][1]} |",
            flush=True,
        )
    print(f"\nCEE_EXPORT_SOFT_TIME_LIMIT {settings.CEE_EXPORT_SOFT_TIME_LIMIT} s.")


if __name__ == "__main__":
    main()
