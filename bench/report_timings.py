"""Time to build monitoring reports (issue 10): content, PDF and XLSX, at Peru's scale.

Usage (the Peru-scale database of `bench/seed_scale.sh`, read only):

    DJANGO_SETTINGS_MODULE=cee.settings.local DATABASE_URL=postgres://postgres@127.0.0.1:5432/cee_bench \\
        .venv/bin/python bench/report_timings.py [--period 2026-10] [--today 2026-11-29] [--networks 40] \\
        [--regions all|21,15] [--sponsors all|N] [--nation 3] [--workers 2] [--keep DIR]

What it does, in one process as a Celery worker would: builds `report_content` for a sample of networks
(spread evenly over their ids), for every program region (or the ones named), every sponsor with a
sponsorship in force (or the first N), and the nation; writes each one's PDF and XLSX to a temporary
folder (`--keep DIR` keeps them); and times each step with `perf_counter`. The first network report is
built once before timing (imports, WeasyPrint's stylesheets, fontconfig). Every query runs inside one
read-only transaction that is rolled back: the script never writes to the database.

It prints a markdown table: per kind of report, the median and p95 of each step in ms (wall time) and of
this process's CPU time for all three (PostgreSQL's work is in the wall time only; on a busy machine the
CPU time is the steadier figure), the SQL queries of one content, the pages and the sizes; then the peak
RSS of the process and the projected wall time of the whole country's monthly set (every network, region
and sponsor, and the nation) on `--workers` processes, from the medians measured.
"""

import argparse
import datetime
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from evaluations.dashboard.period import month_period, year_period  # noqa: E402
from evaluations.reporting.content import report_content  # noqa: E402
from evaluations.reporting.pdf import write_pdf  # noqa: E402
from evaluations.reporting.xlsx import write_xlsx  # noqa: E402
from networks.models import Network, SchoolMembership  # noqa: E402
from schools.models import Region, Sponsor, Sponsorship  # noqa: E402

BUDGET_MINUTES = 20  # the whole country's monthly set must fit in this on the workers given


class RollbackError(Exception):
    """Raised to roll the read-only transaction back."""


@dataclass
class Runs:
    kind: str
    content: list[float] = field(default_factory=list)
    pdf: list[float] = field(default_factory=list)
    xlsx: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # this process's CPU time for the three steps
    queries: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    pdf_bytes: list[int] = field(default_factory=list)
    xlsx_bytes: list[int] = field(default_factory=list)

    def total(self) -> list[float]:
        return [a + b + c for a, b, c in zip(self.content, self.pdf, self.xlsx, strict=True)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} / {p95(values) * 1000:.0f}"


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def build(runs: Runs, folder: Path, name: str, **kwargs) -> None:
    """One report, timed step by step."""
    counter = QueryCounter()
    cpu = time.process_time()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        content = report_content(**kwargs)
    built = time.perf_counter()
    pdf_path, xlsx_path = folder / f"{name}.pdf", folder / f"{name}.xlsx"
    pages = write_pdf(content, pdf_path)
    written = time.perf_counter()
    write_xlsx(content, xlsx_path)
    done = time.perf_counter()
    runs.cpu.append(time.process_time() - cpu)
    runs.content.append(built - started)
    runs.pdf.append(written - built)
    runs.xlsx.append(done - written)
    runs.queries.append(counter.count)
    runs.pages.append(pages)
    runs.pdf_bytes.append(pdf_path.stat().st_size)
    runs.xlsx_bytes.append(xlsx_path.stat().st_size)


def parse_period(value: str, today: datetime.date):
    if "-" in value:
        year, month = value.split("-")
        return month_period(int(year), int(month), today)
    return year_period(int(value), today)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", help="the day the reports read the program as of (default: today)")
    parser.add_argument("--period", help="2026-10 or 2026 (default: last month)")
    parser.add_argument("--networks", type=int, default=40, help="networks to sample (default 40)")
    parser.add_argument("--regions", default="all", help="'all' or INEI codes, comma-separated")
    parser.add_argument("--sponsors", default="all", help="'all' or how many (by id)")
    parser.add_argument("--nation", type=int, default=3, help="times to build the nation's report")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the projection")
    parser.add_argument("--keep", help="keep the files in this folder")
    args = parser.parse_args()

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    translation.activate("es-pe")
    today = datetime.date.fromisoformat(args.today) if args.today else timezone.localdate()
    if args.period:
        period = parse_period(args.period, today)
    else:
        last = today.replace(day=1) - datetime.timedelta(days=1)
        period = month_period(last.year, last.month, today)

    runs = {kind: Runs(kind) for kind in ("network", "region", "sponsor", "nation")}
    counts = {}
    keep = Path(args.keep) if args.keep else None
    rss_before = rss_after = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION READ ONLY")
                members = SchoolMembership.objects.in_force_on(period.until).values("network_id")
                network_ids = list(Network.objects.filter(pk__in=members).order_by("pk").values_list("pk", flat=True))
                regions = Region.objects.filter(is_program_region=True).order_by("code")
                if args.regions != "all":
                    regions = regions.filter(code__in=args.regions.split(","))
                funding = Sponsorship.objects.in_force_in(period.year).values("sponsor_id")
                sponsors = Sponsor.objects.filter(pk__in=funding).order_by("pk")
                counts = {
                    "network": len(network_ids),
                    "region": Region.objects.filter(is_program_region=True).count(),
                    "sponsor": sponsors.count(),
                    "nation": 1,
                }
                if args.sponsors != "all":
                    sponsors = sponsors[: int(args.sponsors)]
                step = max(1, len(network_ids) // max(1, args.networks))
                sample = Network.objects.in_bulk(network_ids[::step][: args.networks])

                first = next(iter(sample.values()))
                build(Runs("warmup"), folder, "warmup", kind="network", network=first, period=period, today=today)
                rss_before = rss_mb()
                for network in sample.values():
                    build(runs["network"], folder, f"red-{network.pk}", kind="network", network=network, period=period)
                rss_after = rss_mb()
                for region in regions:
                    build(runs["region"], folder, f"region-{region.code}", kind="region", region=region, period=period)
                for sponsor in sponsors:
                    build(
                        runs["sponsor"], folder, f"empresa-{sponsor.pk}", kind="sponsor", sponsor=sponsor, period=period
                    )
                for index in range(args.nation):
                    build(runs["nation"], folder, f"nacional-{index}", kind="nation", period=period)
                raise RollbackError
        except RollbackError:
            pass

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"## Monitoring reports · {period.label} (today {today:%d/%m/%Y}) · {connection.settings_dict['NAME']} "
        f"· {os.cpu_count()} CPUs, load {load}\n"
    )
    print(
        "| report | built | content ms (median / p95) | PDF ms | XLSX ms | total ms | CPU ms | queries "
        "| pages (median / max) | PDF KB (median / max) | XLSX KB (median) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, run in runs.items():
        if not run.content:
            continue
        print(
            f"| {kind} | {len(run.content)} | {ms(run.content)} | {ms(run.pdf)} | {ms(run.xlsx)} "
            f"| {ms(run.total())} | {ms(run.cpu)} "
            f"| {statistics.median(run.queries):.0f} | {statistics.median(run.pages):.0f} / {max(run.pages)} "
            f"| {statistics.median(run.pdf_bytes) / 1024:.0f} / {max(run.pdf_bytes) / 1024:.0f} "
            f"| {statistics.median(run.xlsx_bytes) / 1024:.0f} |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak RSS: {peak:.0f} MB (RSS {rss_before:.0f} MB before the network sample, {rss_after:.0f} MB after).")
    total = sum(counts.get(kind, 0) * statistics.median(run.total()) for kind, run in runs.items() if run.content)
    minutes = total / args.workers / 60
    parts = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in runs)
    print(
        f"Whole monthly set ({parts}): {total / 60:.1f} worker-minutes, {minutes:.1f} min on {args.workers} "
        f"workers (budget {BUDGET_MINUTES} min: {'within' if minutes <= BUDGET_MINUTES else 'OVER'})."
    )
    if keep:
        print(f"Files kept in {keep}.")


if __name__ == "__main__":
    main()
