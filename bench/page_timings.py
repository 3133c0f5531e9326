"""Server-side time of the main pages, with Django's test client, against a seeded demo database.

Usage (a database built by `manage.py seed_demo`, e.g. the Peru-scale one `KEEP=1 bench/seed_scale.sh` leaves):

    DJANGO_SETTINGS_MODULE=cee.settings.local DATABASE_URL=postgres://postgres@127.0.0.1:5432/cee_bench \\
        .venv/bin/python bench/page_timings.py [-n 20] [--warmup 2] [--explain] [--only SUBSTRING]

Each page is requested `--warmup` times, then `-n` times by a signed-in test client (`force_login`); the
wall time of `client.get()` (URL resolution, middleware, view, queries, template rendering, gzip) is
reported as median and p95 in ms, with the number of SQL queries of a request and the share of the time
spent in them. SQL time is the time of every `cursor.execute()` (what `connection.queries` records with
`force_debug_cursor`, but measured with `perf_counter` instead of rounded to the millisecond). No network,
no WSGI server and no new database connection per request are included (the test client keeps the
connection), so a browser sees more.

The database is not changed: everything runs in one transaction that is rolled back, and after the
sign-ins the transaction is made read-only (PostgreSQL: `SET TRANSACTION READ ONLY`; SQLite:
`PRAGMA query_only`), so a page that tried to write would fail instead of writing. `--explain` prints
`EXPLAIN (ANALYZE, BUFFERS)` (SQLite: `EXPLAIN QUERY PLAN`) of the slowest query of each page whose
median is over `--slow-ms`.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402
from core.pagination import OLDER, _encode, _field  # noqa: E402
from networks.models import Visit  # noqa: E402
from schools.models import School  # noqa: E402
from schools.selectors import schools_visible_to  # noqa: E402


class RollbackError(Exception):
    """Raised to roll the transaction back: the database is left as it was."""


@dataclass
class Page:
    title: str
    user: User
    path: str
    status: int = 0
    walls: list[float] = field(default_factory=list)  # seconds, one per timed request
    sqls: list[float] = field(default_factory=list)  # seconds of SQL, one per timed request
    queries: list[int] = field(default_factory=list)
    # each query of the last timed request: (median duration over the timed requests, sql, params)
    breakdown: list[tuple[float, str, tuple]] = field(default_factory=list)


class QueryTimer:
    """An execute wrapper: the duration, SQL and parameters of every query while installed."""

    def __init__(self):
        self.log: list[tuple[float, str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.log.append((time.perf_counter() - start, sql, params))


def percentile(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method, as numpy's default linear interpolation)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def pages_to_time() -> list[Page]:
    coordinator = User.objects.get(username="coord.piura")
    staff = User.objects.get(username="ipae")
    sponsor = User.objects.get(username="sponsor.a")
    school = (
        schools_visible_to(coordinator)
        .annotate(n=Count("visits"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    teacher = (
        Visit.objects.filter(school_id=school, teacher__isnull=False)
        .values("teacher_id")
        .annotate(n=Count("id"))
        .order_by("-n", "teacher_id")
        .values_list("teacher_id", flat=True)
        .first()
    )
    visit = Visit.objects.filter(school_id=school).order_by("-date", "-pk").values_list("pk", flat=True).first()
    # The visit list pages by keyset (no page numbers since issue 9): a signed "older" cursor that stands
    # near the end of the national list opens what used to be its last page.
    from networks.views.visits import VISIT_ORDER

    deep_row = Visit.objects.order_by(*VISIT_ORDER)[max(Visit.objects.count() - 26, 0)]
    deep_cursor = _encode(OLDER, VISIT_ORDER, [_field(Visit, name) for name in VISIT_ORDER], deep_row)
    return [
        Page("Coordinator home (caseload)", coordinator, "/"),
        Page("School detail", coordinator, f"/redes/instituciones/{school}/"),
        Page("Teacher detail", coordinator, f"/redes/docentes/{teacher}/"),
        Page("Visit form (GET)", coordinator, f"/redes/visitas/nueva/?school={school}"),
        Page("Visit detail", coordinator, f"/redes/visitas/{visit}/"),
        Page("Visit list, page 1", staff, "/redes/visitas/"),
        Page("Visit list, last page", staff, f"/redes/visitas/?{urlencode({'cursor': deep_cursor})}"),
        Page("Visit list", coordinator, "/redes/visitas/"),
        Page("Network list", staff, "/redes/"),
        Page("Staff home", staff, "/"),
        Page("Sponsor home", sponsor, "/"),
        Page("Photos waiting for approval", staff, "/redes/fotos/"),
    ]


def make_read_only() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION READ ONLY")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")


def time_page(page: Page, client: Client, runs: int, warmup: int) -> None:
    for _ in range(warmup):
        response = client.get(page.path, HTTP_ACCEPT_ENCODING="gzip")
    per_position: list[list[float]] = []
    last_log: list[tuple[float, str, tuple]] = []
    for _ in range(runs):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get(page.path, HTTP_ACCEPT_ENCODING="gzip")
            wall = time.perf_counter() - start
        page.walls.append(wall)
        page.sqls.append(sum(d for d, _, _ in timer.log))
        page.queries.append(len(timer.log))
        if len(per_position) != len(timer.log):
            per_position = [[] for _ in timer.log]
        for durations, (duration, _, _) in zip(per_position, timer.log, strict=True):
            durations.append(duration)
        last_log = timer.log
    page.status = response.status_code
    page.breakdown = [
        (statistics.median(durations), sql, params)
        for durations, (_, sql, params) in zip(per_position, last_log, strict=True)
    ]


def explain(page: Page) -> None:
    duration, sql, params = max(page.breakdown, key=lambda query: query[0])
    print(f"\n### {page.title} ({page.user.username}, `{page.path}`)\n")
    print("Queries of a request, median ms:\n")
    for query_duration, query_sql, _ in page.breakdown:
        print(f"- {query_duration * 1000:8.1f}  `{query_sql[:150]}`")
    print(f"\nSlowest query (median {duration * 1000:.1f} ms):\n")
    print("```sql")
    print(sql if len(sql) < 4000 else sql[:4000] + " ...")
    print(f"-- params: {params!r}"[:500])
    print("```\n\n```")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print("\n".join(row[0] for row in cursor.fetchall()))
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            print("\n".join(" | ".join(map(str, row)) for row in cursor.fetchall()))
    print("```")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first (default 2)")
    parser.add_argument("--explain", action="store_true", help="explain the slowest query of each slow page")
    parser.add_argument("--slow-ms", type=float, default=200, help="median over which a page is slow (200)")
    parser.add_argument("--only", help="time only the pages whose title contains this (case-insensitive)")
    args = parser.parse_args()
    setup_test_environment()  # lets the test client's "testserver" host in

    settings_dict = connection.settings_dict
    database = f"{settings_dict['NAME']} ({connection.vendor})"
    rows = {"schools": School.objects.count(), "visits": Visit.objects.count()}
    pages = pages_to_time()
    if args.only:
        pages = [p for p in pages if args.only.lower() in p.title.lower()]
    coordinator_schools = schools_visible_to(User.objects.get(username="coord.piura"))
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    load_before = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []

    try:
        with override_settings(ALLOWED_HOSTS=["testserver"]), transaction.atomic():
            clients = {}
            for page in pages:
                if page.user.pk not in clients:
                    clients[page.user.pk] = Client()
                    clients[page.user.pk].force_login(page.user)
            make_read_only()  # from here on a write fails instead of changing the database
            connection.force_debug_cursor = True  # as with DEBUG: connection.queries records every query
            for page in pages:
                time_page(page, clients[page.user.pk], args.runs, args.warmup)
                print(f"  {page.title:<32} {statistics.median(page.walls) * 1000:8.1f} ms", file=sys.stderr, flush=True)
            if args.explain:
                print("\n## Slowest query of each slow page")
                for page in pages:
                    if page.breakdown and statistics.median(page.walls) * 1000 >= args.slow_ms:
                        explain(page)
            raise RollbackError
    except RollbackError:
        pass
    finally:
        connection.force_debug_cursor = False
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")

    print(
        f"\nDatabase: {database}: {rows['schools']:,} schools, {rows['visits']:,} visits; coord.piura has "
        f"{coordinator_schools.count()} schools ({Visit.objects.filter(school__in=coordinator_schools).count():,} "
        f"visits), sponsor.a {schools_visible_to(User.objects.get(username='sponsor.a')).count():,} schools. "
        f"{started}; load average before {' '.join(load_before)}; "
        f"{args.runs} timed requests per page after {args.warmup} warm-up.\n"
    )
    print("| Page | User | Path | HTTP | Median ms | p95 ms | Queries | SQL ms (median) | SQL share |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for page in pages:
        queries = sorted(set(page.queries))
        share = sum(page.sqls) / sum(page.walls)
        print(
            f"| {page.title} | {page.user.username} | `{page.path}` | {page.status} "
            f"| {statistics.median(page.walls) * 1000:,.1f} | {percentile(page.walls, 95) * 1000:,.1f} "
            f"| {'–'.join(map(str, queries))} | {statistics.median(page.sqls) * 1000:,.1f} | {share:.0%} |"
        )


if __name__ == "__main__":
    main()
