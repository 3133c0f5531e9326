"""Peak memory of the dashboards' exports (issue 9: "streamed, constant memory"), for CSV and XLSX.

Usage (any migrated database; the Peru-scale `cee_bench` for the `--db` part):

    DJANGO_SETTINGS_MODULE=cee.settings.local DATABASE_URL=postgres://postgres@127.0.0.1:5432/cee_bench \\
        .venv/bin/python bench/export_memory.py [--rows 100000] [--db docentes visitas ...]

Two measures, each with `tracemalloc` (Python allocations, peak while the file is produced) and the
process's resident peak growth (`VmHWM` of /proc/self/status before and after):
1. the writers alone (`evaluations.dashboard.exports`), fed `--rows` synthetic rows shaped like the visit
   list (a date, four texts, a yes/no), at 10 % of the rows and at 100 %: constant memory means the same
   peak at both sizes;
2. `--db KIND ...`: the whole export view of those national lists through Django's test client, signed in
   as the demo's staff user `ipae`, the streamed body read to the end (the same code path a browser gets),
   with the rows it held. Read-only: everything runs in a transaction that is rolled back.
"""

import argparse
import datetime
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import update_last_login  # noqa: E402
from django.contrib.auth.signals import user_logged_in  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from evaluations.dashboard import exports  # noqa: E402

HEADERS = ["Fecha", "Tipo", "Institución educativa", "Coordinador(a)", "Docente", "Con observaciones"]


def hwm_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def synthetic_rows(count: int):
    start = datetime.date(2026, 1, 1)
    for n in range(count):
        yield [
            start + datetime.timedelta(days=n % 330),
            "Visita de acompañamiento en aula",
            f"I.E. N.° {10000 + n % 20000} «Señor de los Milagros»",
            f"Coordinadora {n % 700}",
            f"Pérez Quispe, María {n}",
            "Sí" if n % 3 else "No",
        ]


def measure(label: str, produce) -> dict:
    gc.collect()
    before = hwm_kb()
    tracemalloc.start()
    started = time.perf_counter()
    size = produce()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {
        "label": label,
        "bytes": size,
        "seconds": seconds,
        "tracemalloc_peak_mib": peak / 2**20,
        "rss_peak_growth_mib": (hwm_kb() - before) / 1024,
    }
    print(
        f"{label:<44} file {size / 2**20:7.1f} MiB  {seconds:6.1f} s  "
        f"tracemalloc peak {result['tracemalloc_peak_mib']:6.2f} MiB  "
        f"RSS peak growth {result['rss_peak_growth_mib']:6.1f} MiB",
        flush=True,
    )
    return result


def writers(rows: int) -> None:
    for count in (rows // 10, rows):

        def csv_file(count=count):
            return sum(len(piece) for piece in exports.csv_stream(HEADERS, synthetic_rows(count)))

        def xlsx(count=count):
            with exports.xlsx_file(HEADERS, synthetic_rows(count), title="Visitas") as output:
                output.seek(0, os.SEEK_END)
                return output.tell()

        measure(f"CSV writer, {count:,} rows", csv_file)
        measure(f"XLSX writer, {count:,} rows", xlsx)


def views(kinds: list[str], query: dict, formats: list[str]) -> None:
    setup_test_environment()  # lets the test client's "testserver" host in
    # Signing in must not write `last_login`: another benchmark may hold that row in its transaction.
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user = get_user_model().objects.get(username="ipae")
    client = Client()
    with transaction.atomic():
        client.force_login(user)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
        for kind in kinds:
            for fmt in formats:
                url = reverse("evaluations:dashboard-export", kwargs={"kind": kind, "fmt": fmt})
                rows = {}

                def produce(url=url, fmt=fmt, rows=rows):
                    response = client.get(url, query)
                    assert response.status_code == 200, response.status_code
                    size = 0
                    lines = 0
                    for piece in response.streaming_content:
                        size += len(piece)
                        if fmt == "csv":
                            lines += piece.count(b"\n")
                    rows["n"] = lines - 1 if fmt == "csv" else None
                    return size

                result = measure(f"export view {kind}.{fmt} {query or ''}", produce)
                if rows["n"] is not None:
                    print(f"{'':<44} {rows['n']:,} rows (CSV lines less the header)")
                del result
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", nargs="*", default=[], help="national lists to export through the view")
    parser.add_argument("--period", default="", help="the period filter of the --db exports (e.g. 2026)")
    parser.add_argument("--region", default="", help="the region filter of the --db exports (INEI code, e.g. 21)")
    parser.add_argument("--formats", nargs="*", default=["csv", "xlsx"], choices=["csv", "xlsx"])
    args = parser.parse_args()
    writers(args.rows)
    if args.db:
        query = {key: value for key, value in (("period", args.period), ("region", args.region)) if value}
        views(args.db, query, args.formats)


if __name__ == "__main__":
    main()
