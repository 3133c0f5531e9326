"""Time the monthly monitoring reports of a whole month, as beat makes them, on a real Celery worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cee_bench .venv/bin/python bench/monthly_reports.py \
        [--year 2026 --month 10] [--workers 2] [--formats pdf,xlsx] [--limit N]

It migrates the database, removes that month's scheduled reports (rows, files and deliveries) from an earlier run,
starts `celery worker --concurrency N` (prefork) on Redis database 14, calls the same service beat calls
(`reports_schedule_month`, one task per report), and waits until no job is queued or running. It prints
the wall time, the jobs per status, the time per report by scope and format (from the jobs' own
started/finished stamps), the file sizes and pages, and the peak resident memory of the worker's
processes (sampled every 0.5 s from /proc). Emails go to the console backend (the worker's log).
`--limit N` keeps the first N networks only (a quick run). Not part of the test suite.
"""

import argparse
import datetime
import os
import statistics
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
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from evaluations.dashboard.period import month_period  # noqa: E402
from evaluations.models import MonitoringReport, ReportDelivery  # noqa: E402
from evaluations.services import reports as service  # noqa: E402


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    parser.add_argument("--year", type=int, default=last.year)
    parser.add_argument("--month", type=int, default=last.month)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--formats", default=",".join(settings.CEE_REPORT_SCHEDULED_FORMATS))
    parser.add_argument("--limit", type=int, default=0, help="only the first N networks (a quick run)")
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    period = month_period(args.year, args.month, today)
    old = MonitoringReport.objects.filter(period_start=period.start, period_end=period.end, scheduled=True)
    storage = MonitoringReport._meta.get_field("file").storage
    for name in old.exclude(file="").values_list("file", flat=True):
        storage.delete(name)
    old.delete()
    redis.Redis.from_url(BROKER).flushdb()

    targets = service.monthly_targets(period)
    if args.limit:
        networks = [t for t in targets if t[0] == "network"][: args.limit]
        targets = networks + [t for t in targets if t[0] != "network"]
    scopes = {}
    for scope, _target in targets:
        scopes[scope] = scopes.get(scope, 0) + 1

    log = Path(tempfile.mkdtemp(prefix="cee-reports-")) / "worker.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "celery", "-A", "cee", "worker", "--pool=prefork",
               f"--concurrency={args.workers}", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
               "--without-heartbeat"]  # fmt: skip
    with log.open("w") as out:
        worker = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    time.sleep(4)  # the worker's start-up is not part of the run
    peak_main = peak_child = 0
    started = time.monotonic()
    queued = service._schedule(targets, period, formats)
    print(f"queued {queued} reports for {period.label}: {scopes} x {formats}", file=sys.stderr, flush=True)
    scheduled = MonitoringReport.objects.filter(period_start=period.start, period_end=period.end, scheduled=True)
    last_print = 0.0
    while True:
        peak_main = max(peak_main, rss_kib(worker.pid))
        for child in children(worker.pid):
            peak_child = max(peak_child, rss_kib(child))
        if time.monotonic() - last_print > 10:
            counts = dict(scheduled.values_list("status").annotate(n=Count("id")))
            print(f"  {time.monotonic() - started:6.0f} s {counts}", file=sys.stderr, flush=True)
            last_print = time.monotonic()
            if not scheduled.filter(status__in=MonitoringReport.ACTIVE).exists():
                break
        time.sleep(0.5)
    wall = time.monotonic() - started
    # Then the emails: each ready report queued its delivery behind the month's generation tasks.
    broker = redis.Redis.from_url(BROKER)
    while broker.llen("celery") or broker.hlen("unacked"):
        time.sleep(0.5)
    delivered = time.monotonic() - started
    worker.terminate()
    worker.wait(timeout=60)

    rows = list(scheduled.values("scope", "format", "status", "started_at", "finished_at", "size_bytes", "pages"))
    by_status = {}
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    print(f"\nDatabase: {settings.DATABASES['default']['NAME']}; {period.label}; {args.workers} worker processes; "
          f"formats {formats}; {time.strftime('%Y-%m-%d %H:%M %Z')}\n")  # fmt: skip
    print(f"Wall time for {len(rows)} reports: **{wall:.0f} s** ({wall / 60:.1f} min); by status: {by_status}; "
          f"peak RSS: worker main process {peak_main / 1024:.0f} MiB, "
          f"busiest child {peak_child / 1024:.0f} MiB; every email sent after {delivered:.0f} s "
          f"({ReportDelivery.objects.filter(report__in=scheduled).count()} recorded)\n")  # fmt: skip
    print(
        "| Scope | Format | Reports | Median s | p95 s | Max s | Median size KB | Max size KB | Pages (median, max) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for scope in ("network", "region", "sponsor", "nation"):
        for fmt in formats:
            group = [r for r in rows if r["scope"] == scope and r["format"] == fmt and r["finished_at"]]
            if not group:
                continue
            times = sorted((r["finished_at"] - r["started_at"]).total_seconds() for r in group)
            sizes = sorted((r["size_bytes"] or 0) / 1024 for r in group)
            pages = sorted(r["pages"] for r in group if r["pages"])
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            page_text = f"{statistics.median(pages):.0f}, {max(pages)}" if pages else "–"
            print(f"| {scope} | {fmt} | {len(group)} | {statistics.median(times):.2f} | {p95:.2f} | {times[-1]:.2f} | "
                  f"{statistics.median(sizes):.0f} | {sizes[-1]:.0f} | {page_text} |")  # fmt: skip
    print(f"\nWorker log: {log}")


if __name__ == "__main__":
    main()
