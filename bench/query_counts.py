"""SQL queries per page for the demo users, with Django's test client against the seeded demo database.

Usage (the demo loaded: `make run` once, or `manage.py seed_demo`):

    DJANGO_SETTINGS_MODULE=cee.settings.local .venv/bin/python bench/query_counts.py [-v]

Each page is requested twice by a signed-in test client and the queries of the second (warm) request are
counted; the first (cold) one is shown too, since per-process caches (content types, translations) fill
on it. The counts include the session and user look-ups every signed-in request makes. Everything runs
in a transaction that is rolled back, so the demo database is left as it was. -v prints the queries.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402
from networks.models import Visit  # noqa: E402
from schools.selectors import schools_visible_to  # noqa: E402


class RollbackError(Exception):
    """Raised to roll the transaction back: the demo database is left as it was."""


def count(client: Client, path: str, verbose: bool) -> tuple[int, int, int]:
    """(status, queries of the first request, queries of the second)."""
    with CaptureQueriesContext(connection) as cold:
        client.get(path)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(path)
    if verbose:
        print(f"\n## {path}")
        for query in warm.captured_queries:
            print("  ", query["sql"][:300])
    return response.status_code, len(cold), len(warm)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    setup_test_environment()  # lets the test client's "testserver" host in

    coordinator = User.objects.get(username="coord.piura")
    staff = User.objects.get(username="ipae")
    sponsor = User.objects.get(username="sponsor.a")
    schools = schools_visible_to(coordinator)
    visit = Visit.objects.filter(coordinator=coordinator).order_by("-date", "-pk").first()
    school = visit.school
    pages = [
        (coordinator, "Coordinator home (caseload)", "/"),
        (coordinator, "School detail", f"/redes/instituciones/{school.pk}/"),
        (coordinator, "Visit form (GET)", f"/redes/visitas/nueva/?school={school.pk}"),
        (coordinator, "Visit detail", f"/redes/visitas/{visit.pk}/"),
        (staff, "Staff home", "/"),
        (sponsor, "Sponsor home", "/"),
    ]
    rows = []
    try:
        with transaction.atomic():
            for user, title, path in pages:
                client = Client()
                client.force_login(user)
                rows.append((title, user.username, path, *count(client, path, args.verbose)))
            raise RollbackError
    except RollbackError:
        pass

    print(
        f"Demo database: {connection.settings_dict['NAME']} ({connection.vendor}); coord.piura has "
        f"{schools.count()} schools, {Visit.objects.filter(school__in=schools).count()} visits at them.\n"
    )
    print("| Page | User | Path | HTTP | Queries (warm) | Queries (first request) |")
    print("|---|---|---|---:|---:|---:|")
    for title, username, path, status, cold, warm in rows:
        print(f"| {title} | {username} | `{path}` | {status} | {warm} | {cold} |")


if __name__ == "__main__":
    main()
