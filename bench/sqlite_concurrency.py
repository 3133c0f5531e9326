"""The embedded default (SQLite behind `runserver`) under parallel visit posts: errors and latency.

Usage:

    .venv/bin/python bench/sqlite_concurrency.py [--sizes 20 50] [--rounds 3] [--schools N --visits M]
                                                 [--settings MODULE]

Builds a throw-away SQLite demo (`migrate`, `seed_demo`; the default demo unless --schools/--visits),
serves it with `manage.py runserver` in the clean environment of the smoke tests (cee.settings.local,
no DATABASE_URL, no broker), signs in as coord.piura through the login form and, for each size N and
round, sends N visit forms at the same instant from N threads (one connection each, the same session):

- "same form": N copies of one form (one client_uuid), the double tap or retry: one visit expected,
  every answer a 302 to it;
- "distinct forms": N different visits (N client_uuids) at the coordinator's schools: N visits expected.

It prints a Markdown table: answers by status, errors (5xx or no answer), visits in the database per
client_uuid against the expected number, and p50 / p95 / max latency of the POSTs (pooled over rounds).
Latency is measured by the client from sending the request to reading the whole answer.
"""

import argparse
import html
import json
import os
import platform
import re
import sqlite3
import statistics
import sys
import tempfile
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from embedded_default import Browser, assert_ok, clean_env, form_values, in_parallel, manage, running_server

COORDINATOR = "coord.piura"
SCHOOLS = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from networks.permissions import can_log_visit
from schools.selectors import schools_visible_to
user = get_user_model().objects.get(username={username!r})
today = timezone.localdate()
print(json.dumps([s.pk for s in schools_visible_to(user).select_related("network").order_by("pk")
                  if can_log_visit(user, s) and s.network and not s.network.is_graduated_on(today)
                  and s.network.program_year_on(today)]))
"""
COUNTS = """
import json
from django.db.models import Count
from networks.models import Visit
rows = Visit.objects.filter(client_uuid__in={uuids!r}).values("client_uuid").annotate(n=Count("pk"))
print(json.dumps({{str(r["client_uuid"]): r["n"] for r in rows}}))
"""


def shell_json(code: str, env: dict[str, str]):
    result = manage("shell", "-v0", "-c", code, env=env)
    assert_ok(result, "shell -c")
    return json.loads(result.stdout.strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def error_label(answer) -> str:
    if not hasattr(answer, "status"):
        return f"no answer ({type(answer).__name__})"
    found = re.search(r'<pre class="exception_value">(.*?)</pre>', answer.body, re.S)
    return f"{answer.status} {html.unescape(found.group(1)).strip() if found else ''}".strip()


def run_round(browser: Browser, school_ids: list[int], size: int, same_form: bool):
    """One burst of `size` parallel posts. Returns (answers, {client_uuid: visits expected})."""
    page = browser.get(f"/redes/visitas/nueva/?school={school_ids[0]}")
    if page.status != 200:
        sys.exit(f"the visit form answered {page.status}")
    shown = form_values(page.body)
    uuids = [shown["client_uuid"]] * size if same_form else [str(uuid.uuid4()) for _ in range(size)]

    def send(i):
        return browser.post(
            "/redes/visitas/nueva/",
            {
                "csrfmiddlewaretoken": shown["csrfmiddlewaretoken"],
                "client_uuid": uuids[i],
                "kind": "director",
                "school": str(school_ids[i % len(school_ids)]),
                "date": shown["date"],
                "observations": f"Visita de prueba de carga {i}.",
            },
        )

    return in_parallel(send, size), dict.fromkeys(uuids, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--schools", type=int, help="demo size (default: the default demo)")
    parser.add_argument("--visits", type=int)
    parser.add_argument(
        "--settings",
        help="settings module instead of cee.settings.local, e.g. one that empties the SQLite OPTIONS to "
        "measure without them (PYTHONPATH is passed on, so it may live outside the project)",
    )
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]

    with tempfile.TemporaryDirectory(prefix="cee-bench-sqlite-") as folder:
        env = clean_env(Path(folder))
        if args.settings:
            env["DJANGO_SETTINGS_MODULE"] = args.settings
            env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
        assert_ok(manage("migrate", "--noinput", env=env), "migrate")
        seed = ["seed_demo"]
        if args.schools:
            seed += ["--schools", str(args.schools)]
        if args.visits is not None:
            seed += ["--visits", str(args.visits)]
        assert_ok(manage(*seed, env=env), " ".join(seed))
        school_ids = shell_json(SCHOOLS.format(username=COORDINATOR), env)
        if not school_ids:
            sys.exit(f"the demo gives {COORDINATOR} no school where a visit can be logged today")

        rows = []
        with running_server(env, Path(folder) / "runserver.log") as (host, port):
            browser = Browser(host, port)
            browser.sign_in(COORDINATOR)
            for _ in range(3):  # warm-up: URLconf, templates, translations
                browser.get(f"/redes/visitas/nueva/?school={school_ids[0]}")
            for size in args.sizes:
                for same_form in (True, False):
                    answers, expected = [], Counter()
                    for _ in range(args.rounds):
                        got, wanted = run_round(browser, school_ids, size, same_form)
                        answers += got
                        expected.update(wanted)
                    rows.append((size, same_form, answers, dict(expected)))

        uuids = sorted({u for *_, expected in rows for u in expected})
        in_db = shell_json(COUNTS.format(uuids=uuids), env)
        journal = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
        journal_mode = journal.execute("PRAGMA journal_mode").fetchone()[0]
        journal.close()

    print(
        f"{env['DJANGO_SETTINGS_MODULE']}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version} (journal_mode {journal_mode}), "
        f"{os.cpu_count()} cores, load average {load_at_start:.2f} at start, {os.getloadavg()[0]:.2f} at end, "
        f"{args.rounds} rounds per row\n"
    )
    print(
        "| Posts at once | Form | Answers | Errors (5xx, none) | Visits in DB / expected | p50 ms | p95 ms | max ms |"
    )
    print("|---:|---|---|---:|---|---:|---:|---:|")
    for size, same_form, answers, expected in rows:
        statuses = Counter(
            str(a.status) if hasattr(a, "status") and a.status < 500 else error_label(a) for a in answers
        )
        errors = sum(1 for a in answers if not hasattr(a, "status") or a.status >= 500)
        times = [a.seconds * 1000 for a in answers if hasattr(a, "seconds")]
        visits = sum(in_db.get(u, 0) for u in expected)
        wrong = sum(1 for u, n in expected.items() if in_db.get(u, 0) != n)
        shown = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
        print(
            f"| {size} × {args.rounds} | {'same' if same_form else 'distinct'} | {shown} | {errors} "
            f"| {visits} / {sum(expected.values())}{f' ({wrong} wrong)' if wrong else ''} "
            f"| {statistics.median(times):.0f} | {percentile(times, 0.95):.0f} | {max(times):.0f} |"
        )


if __name__ == "__main__":
    main()
