"""Server-side time of the staff dashboards (issue 9), with Django's test client, at Peru's scale.

Usage (a database built by `manage.py seed_demo --schools 20000 --visits 1000000`, migrated, then
`VACUUM (ANALYZE)`; `KEEP=1 SCALE_ONLY=1 bench/seed_scale.sh` leaves one as `cee_bench`):

    DJANGO_SETTINGS_MODULE=cee.settings.local DATABASE_URL=postgres://postgres@127.0.0.1:5432/cee_bench \\
        .venv/bin/python bench/dashboard_timings.py [-n 20] [--warmup 2] [--explain] [--only SUBSTRING]

What it times, signed in as the demo's staff user `ipae`: the staff home, the national, region (Puno,
INEI code 21), network and school dashboards, the map and its points (with the JSON's size), the
attention list, the first and a deep keyset page of every dashboard list and of the visit list, and the
time to the first byte and to the last of every export of a filtered list (Puno; `--big-export 2026-11`
adds the whole country's visits of that period, once, CSV and XLSX). A page whose URL name
is not in the URLconf yet is skipped with a line that says so. Before the pages, the full refresh of the
summary tables is timed twice (`manage.py summaries_refresh`, or its service while the command is not
written yet): the first rebuilds what changed, the second finds nothing to change (`--no-refresh` skips
both; they write to the database, the pages do not).

Each page is requested `--warmup` times, then `-n` times; the wall time of `client.get()` (URL resolution,
middleware, view, queries, template rendering, gzip) is reported as median and p95 in ms, with the number
of SQL queries of a request and the share of the time spent in them (every `cursor.execute()`, timed with
`perf_counter`). An export's times include reading the whole streamed body. No network, no WSGI server
and no new connection per request (the test client keeps the connection), so a browser sees more.
Targets (issue 9): every dashboard page p95 <= 300 ms, every list <= 150 ms, single user.

The pages run in one transaction that is rolled back and made read-only after the sign-in, so a page
that tried to write would fail instead of writing. `--explain` prints `EXPLAIN (ANALYZE, BUFFERS)` of
the slowest query (`--explain-top K`: the K slowest) of each page whose median is over `--slow-ms`, and
every query of it with its median.
"""

import argparse
import html
import io
import logging
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")

import django

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from core.startup import load_and_freeze  # noqa: E402
from networks.models import Network, SchoolMembership, Visit  # noqa: E402
from schools.models import School  # noqa: E402

PUNO = "21"  # INEI code of the region the region page and the filtered exports look at
LIST_KINDS = ("instituciones", "docentes", "visitas", "talleres", "metas", "resultados")
EXPORT_FORMATS = ("csv", "xlsx")
PAGE_TARGET_MS, LIST_TARGET_MS = 300, 150
DEEP_VISIT_ROW = 900_000  # the crafted cursor of the visit list stands this many rows down
NEXT_LINK = re.compile(r"""<a\b[^>]*\brel=["']next["'][^>]*>""", re.IGNORECASE)
REFRESH_OUTPUT: list[str] = []  # what `summaries_refresh` printed, run by run
HREF = re.compile(r"""\bhref=["']([^"']+)["']""", re.IGNORECASE)


class RollbackError(Exception):
    """Raised to roll the transaction back: the database is left as it was."""


class NotBuiltError(Exception):
    """The page's URL name is not in the URLconf yet."""


@dataclass
class Page:
    title: str
    path: str | None  # None: skipped (see `skip`)
    kind: str = "page"  # "page" (target 300 ms), "list" and "deep" (150 ms), "json", "export", "big-export"
    skip: str = ""
    status: int = 0
    walls: list[float] = field(default_factory=list)  # seconds, one per timed request
    firsts: list[float] = field(default_factory=list)  # exports: seconds to the first byte of the body
    sqls: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    size: int = 0  # bytes of the body as sent (gzip when the page is compressed)
    plain_size: int = 0  # bytes of the body uncompressed
    breakdown: list[tuple[float, str, tuple]] = field(default_factory=list)

    @property
    def target_ms(self) -> int | None:
        return {"page": PAGE_TARGET_MS, "json": PAGE_TARGET_MS, "list": LIST_TARGET_MS}.get(self.kind)


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


def url(name: str, *args, query: dict | None = None) -> str:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        raise NotBuiltError(f"`{name}` is not in the URLconf yet") from None
    return f"{path}?{urlencode(query)}" if query else path


def page(title: str, kind: str, make) -> Page:
    """A page whose path `make()` builds; skipped (with the reason) when its URL does not exist yet."""
    try:
        return Page(title, make(), kind=kind)
    except NotBuiltError as missing:
        return Page(title, None, kind=kind, skip=str(missing))


def sample_network() -> Network:
    """Puno's network with the most schools in force today (ties: the lowest id)."""
    today = timezone.localdate()
    members = SchoolMembership.objects.in_force_on(today).values("network_id")
    return (
        Network.objects.filter(region__code=PUNO, pk__in=members)
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )


def sample_school(network: Network) -> int:
    """The network's school (in force today) with the most visits: the heaviest school page."""
    today = timezone.localdate()
    members = SchoolMembership.objects.in_force_on(today).filter(network=network).values("school_id")
    return (
        School.objects.filter(pk__in=members)
        .annotate(n=Count("visits"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def deep_visit_cursor() -> str:
    """A signed `older` cursor standing DEEP_VISIT_ROW rows down the national visit list (one OFFSET
    query, here, once: the page it opens is then read from there by keyset)."""
    from core.pagination import OLDER, _encode, _field
    from networks.views.visits import VISIT_ORDER

    row = Visit.objects.order_by(*VISIT_ORDER)[DEEP_VISIT_ROW]
    fields = [_field(Visit, name) for name in VISIT_ORDER]
    return _encode(OLDER, VISIT_ORDER, fields, row)


def deep_list_cursor(staff: User, slug: str, query: dict) -> tuple[str, int, int]:
    """A signed `older` cursor standing at 90 % of a dashboard list (national, filters `query`), the
    row it stands at and the list's length (one COUNT and one OFFSET query, here, once)."""
    from core.pagination import OLDER, _encode, _field
    from evaluations.dashboard import lists
    from evaluations.dashboard.filters import DashboardFilter
    from evaluations.dashboard.scope import nation_scope

    kind = lists.list_kind(slug)
    filterset = DashboardFilter(QueryDict(urlencode(query)), user=staff)
    rows = lists.list_rows(kind, lists.list_context(user=staff, scope=nation_scope(), filterset=filterset))
    total = rows.count()
    if total < 2:
        raise NotBuiltError(f"the list holds {total} rows")
    position = total * 9 // 10
    fields = [_field(rows.model, name) for name in kind.ordering]
    return _encode(OLDER, kind.ordering, fields, rows[position]), position, total


def deep_list_page(staff: User, slug: str) -> Page:
    """The page 90 % down a dashboard list over this whole year (the longest list the menus give)."""
    year = {"period": str(timezone.localdate().year)}
    title = f"List {slug}, {year['period']}, 90 % down"
    try:
        cursor, position, total = deep_list_cursor(staff, slug, year)
        path = url("evaluations:dashboard-list", slug, query={**year, "cursor": cursor})
    except NotBuiltError as missing:
        return Page(title, None, kind="list", skip=str(missing))
    except Exception as error:  # the lists module may still be in the making: say so, go on
        return Page(title, None, kind="list", skip=f"fails: {type(error).__name__}: {str(error)[:200]}")
    return Page(f"List {slug}, {year['period']}, row {position:,} of {total:,}", path, kind="list")


def pages_to_time(staff: User, network: Network, school: int, *, big_exports: list[str]) -> list[Page]:
    region_filter = {"region": PUNO}
    pages = [
        Page("Staff home", "/"),
        page("National dashboard", "page", lambda: url("evaluations:dashboard")),
        page("Region dashboard (Puno)", "page", lambda: url("evaluations:dashboard-region", PUNO)),
        page(f"Network dashboard ({network.name})", "page", lambda: url("evaluations:dashboard-network", network.pk)),
        page(f"School dashboard ({school})", "page", lambda: url("evaluations:dashboard-school", school)),
        page("Map", "page", lambda: url("evaluations:dashboard-map")),
        page("Map points (JSON)", "json", lambda: url("evaluations:dashboard-map-points")),
        page("Map points, Puno (JSON)", "json", lambda: url("evaluations:dashboard-map-points", query=region_filter)),
        page("Attention list", "page", lambda: url("evaluations:attention")),
    ]
    for kind in LIST_KINDS:
        pages.append(page(f"List {kind}, first page", "list", lambda k=kind: url("evaluations:dashboard-list", k)))
        pages.append(page(f"List {kind}, deep page", "deep", lambda k=kind: url("evaluations:dashboard-list", k)))
        pages.append(deep_list_page(staff, kind))
    for kind in LIST_KINDS:
        for fmt in EXPORT_FORMATS:
            pages.append(
                page(
                    f"Export {kind}.{fmt}, Puno",
                    "export",
                    lambda k=kind, f=fmt: url("evaluations:dashboard-export", k, f, query=region_filter),
                )
            )
    for period in big_exports:  # the whole country's visits of a period: what a background job would write
        for fmt in EXPORT_FORMATS:
            pages.append(
                page(
                    f"Export visitas.{fmt}, whole country, {period}",
                    "big-export",
                    lambda f=fmt, p=period: url("evaluations:dashboard-export", "visitas", f, query={"period": p}),
                )
            )
    pages.append(page("Visit list, first page", "list", lambda: url("networks:visit-list")))
    pages.append(page("Visit list, deep page", "deep", lambda: url("networks:visit-list")))
    pages.append(
        page(
            f"Visit list, page {DEEP_VISIT_ROW:,} rows down",
            "list",
            lambda: url("networks:visit-list", query={"cursor": deep_visit_cursor()}),
        )
    )
    return pages


def follow_older(client: Client, path: str, times: int) -> tuple[str, int]:
    """The path reached by following the page's `rel="next"` (older) link `times` times, and how many
    times it could be followed (fewer when the list ends first)."""
    followed = 0
    for _ in range(times):
        response = client.get(path)
        match = NEXT_LINK.search(response.content.decode()) if response.status_code == 200 else None
        href = HREF.search(match.group(0)) if match else None
        if href is None:
            break
        path = urljoin(path, html.unescape(href.group(1)))
        followed += 1
    return path, followed


def make_read_only() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION READ ONLY")


def request(client: Client, path: str) -> tuple[object, float, float, int]:
    """(response, seconds to the first byte of the body, seconds to the last, body bytes as sent)."""
    start = time.perf_counter()
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    if not response.streaming:
        wall = time.perf_counter() - start
        return response, wall, wall, len(response.content)
    first, size = None, 0
    for chunk in response.streaming_content:
        if chunk and first is None:
            first = time.perf_counter() - start
        size += len(chunk)
    # No response.close() here: the test client closed it at the end of the body, with the connection kept.
    wall = time.perf_counter() - start
    return response, first if first is not None else wall, wall, size


def time_page(page: Page, client: Client, runs: int, warmup: int) -> None:
    for _ in range(warmup):
        response, *_rest = request(client, page.path)
    per_position: list[list[float]] = []
    last_log: list[tuple[float, str, tuple]] = []
    for _ in range(runs):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            response, first, wall, size = request(client, page.path)
        page.walls.append(wall)
        page.firsts.append(first)
        page.size = size
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
    if page.kind == "json" and response.status_code == 200:
        page.plain_size = len(client.get(page.path).content)  # without Accept-Encoding: uncompressed


def explain(page: Page, top: int) -> None:
    print(f"\n### {page.title} (`{page.path[:160]}`)\n")
    print("Queries of a request, median ms:\n")
    for query_duration, query_sql, _ in page.breakdown:
        print(f"- {query_duration * 1000:8.1f}  `{query_sql[:160]}`")
    slowest = sorted(page.breakdown, key=lambda query: query[0], reverse=True)[:top]
    for rank, (duration, sql, params) in enumerate(slowest, start=1):
        print(f"\nSlow query {rank} (median {duration * 1000:.1f} ms):\n")
        print("```sql")
        print(sql if len(sql) < 6000 else sql[:6000] + " ...")
        print(f"-- params: {params!r}"[:800])
        print("```\n\n```")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print("\n".join(row[0] for row in cursor.fetchall()))
        print("```")


def time_refresh() -> list[tuple[str, float]]:
    """The full refresh of the summary tables, twice: (label, seconds) of each run."""
    if "summaries_refresh" in get_commands():
        output = io.StringIO()  # the command prints its own steps: kept, shown under the table

        def run():
            call_command("summaries_refresh", stdout=output)
            REFRESH_OUTPUT.append(" ".join(output.getvalue().split()))
            output.seek(0)
            output.truncate()

        how = "manage.py summaries_refresh"
    else:
        try:
            from networks.services.summaries import summaries_refresh_all
        except ImportError:
            return []
        how, run = "networks.services.summaries.summaries_refresh_all()", summaries_refresh_all
    timings = []
    for label in ("first", "again (nothing changed)"):
        start = time.perf_counter()
        run()
        timings.append((f"{how}, {label}", time.perf_counter() - start))
    return timings


def verdict(page: Page) -> str:
    target = LIST_TARGET_MS if page.kind == "deep" else page.target_ms
    if target is None or page.status != 200:
        return ""
    return "yes" if percentile(page.walls, 95) * 1000 <= target else f"**no** (> {target})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first (default 2)")
    parser.add_argument("--export-runs", type=int, default=5, help="timed requests per export (default 5)")
    parser.add_argument("--deep", type=int, default=10, help="older links followed to a deep page (default 10)")
    parser.add_argument("--explain", action="store_true", help="explain the slowest query of each slow page")
    parser.add_argument("--explain-top", type=int, default=1, help="explain this many slowest queries (1)")
    parser.add_argument("--slow-ms", type=float, default=150, help="median over which a page is slow (150)")
    parser.add_argument(
        "--only", help="time only the pages whose title contains one of these (comma-separated, case-insensitive)"
    )
    parser.add_argument(
        "--big-export",
        dest="big_exports",
        action="append",
        default=[],
        metavar="PERIOD",
        help="also the whole country's visits of PERIOD (2026-11, 2026), CSV and XLSX, once; repeatable",
    )
    parser.add_argument(
        "--no-jit", action="store_true", help="SET jit = off for the pages (what the proposed setting would do)"
    )
    parser.add_argument("--no-refresh", action="store_true", help="do not time the summary refresh")
    args = parser.parse_args()
    setup_test_environment()  # lets the test client's "testserver" host in
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a failing page is reported below
    if connection.vendor != "postgresql":
        sys.exit("dashboard_timings.py measures the PostgreSQL database of DATABASE_URL (Peru scale).")

    started = time.strftime("%Y-%m-%d %H:%M %Z")
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    refresh = [] if args.no_refresh or args.only else time_refresh()
    staff = User.objects.get(username="ipae")
    network = sample_network()
    school = sample_school(network)
    pages = pages_to_time(staff, network, school, big_exports=args.big_exports)
    if args.only:
        wanted = [word.strip().lower() for word in args.only.split(",")]
        pages = [p for p in pages if any(word in p.title.lower() for word in wanted)]
    rows = {
        "schools": School.objects.count(),
        "visits": Visit.objects.count(),
        "networks": Network.objects.count(),
    }

    try:
        with override_settings(ALLOWED_HOSTS=["testserver"]), transaction.atomic():
            client = Client()
            client.force_login(staff)
            if args.no_jit:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            make_read_only()  # from here on a write fails instead of changing the database
            load_and_freeze()  # as cee/wsgi.py does in every web process
            for page in pages:
                if page.skip:
                    print(f"  SKIP {page.title}: {page.skip}", file=sys.stderr, flush=True)
                    continue
                runs, warmup = {"export": (args.export_runs, 1), "big-export": (1, 0)}.get(
                    page.kind, (args.runs, args.warmup)
                )
                try:
                    with transaction.atomic():  # a savepoint: a page that fails leaves the others running
                        if page.kind == "deep":
                            page.path, followed = follow_older(client, page.path, args.deep)
                            page.title = page.title.replace("deep page", f"deep page ({followed} × older)")
                        time_page(page, client, runs, warmup)
                except Exception as error:  # a page still in the making: say so, go on
                    page.skip = f"fails: {type(error).__name__}: {str(error)[:200]}"
                    page.walls.clear()
                    print(f"  FAIL {page.title}: {page.skip}", file=sys.stderr, flush=True)
                    continue
                print(
                    f"  {page.title:<48} {statistics.median(page.walls) * 1000:9.1f} ms  HTTP {page.status}",
                    file=sys.stderr,
                    flush=True,
                )
            if args.explain:
                print("\n## Slowest query of each slow page")
                for page in pages:
                    if page.breakdown and statistics.median(page.walls) * 1000 >= args.slow_ms:
                        explain(page, args.explain_top)
            raise RollbackError
    except RollbackError:
        pass

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database())), version(), current_setting('jit')")
        size, version, jit = cursor.fetchone()
    jit = "off (SET LOCAL by --no-jit)" if args.no_jit else jit
    print(
        f"\nDatabase: {connection.settings_dict['NAME']} ({version.split(' on ')[0]}, {size}, jit {jit}): "
        f"{rows['schools']:,} schools, {rows['networks']:,} networks, {rows['visits']:,} visits. "
        f"Network page: {network.name} (id {network.pk}); school page: id {school}. {started}; "
        f"load average before {load_before}; {args.runs} timed requests per page after {args.warmup} "
        f"warm-up ({args.export_runs} after 1 for exports).\n"
    )
    if refresh:
        print("| Summary refresh (full) | Seconds |\n|---|---:|")
        for label, seconds in refresh:
            print(f"| {label} | {seconds:.1f} |")
        print()
        for number, said in enumerate(REFRESH_OUTPUT, start=1):
            print(f"Refresh {number} said: {said}")
        print()
    print("| Page | Path | HTTP | Median ms | p95 ms | Target met | Queries | SQL ms (median) | SQL share | Bytes |")
    print("|---|---|---:|---:|---:|---|---:|---:|---:|---:|")
    for page in pages:
        if page.skip or not page.walls:
            state = "fails" if page.skip.startswith("fails") else "not built yet"
            print(f"| {page.title} | — | — | {state} | | | | | | |")
            continue
        queries = sorted(set(page.queries))
        share = sum(page.sqls) / sum(page.walls)
        size = f"{page.size:,}" + (f" ({page.plain_size:,} plain)" if page.plain_size else "")
        shown = page.path if len(page.path) < 70 else page.path[:60] + "…"
        print(
            f"| {page.title} | `{shown}` | {page.status} | {statistics.median(page.walls) * 1000:,.1f} "
            f"| {percentile(page.walls, 95) * 1000:,.1f} | {verdict(page)} | {'–'.join(map(str, queries))} "
            f"| {statistics.median(page.sqls) * 1000:,.1f} | {share:.0%} | {size} |"
        )
    exports = [p for p in pages if p.kind in ("export", "big-export") and p.walls]
    if exports:
        print("\n| Export | HTTP | First byte ms (median) | Whole body ms (median) | Slowest ms | Bytes |")
        print("|---|---:|---:|---:|---:|---:|")
        for page in exports:
            print(
                f"| {page.title} | {page.status} | {statistics.median(page.firsts) * 1000:,.1f} "
                f"| {statistics.median(page.walls) * 1000:,.1f} | {max(page.walls) * 1000:,.1f} | {page.size:,} |"
            )


if __name__ == "__main__":
    main()
