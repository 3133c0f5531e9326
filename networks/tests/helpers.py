"""Helpers shared by the view test modules (one per view module): dates, the pages' gates, malformed queries.

Each `test_views_<module>.py` lists its own pages (`Page`) and out-of-scope objects (`Scope`) and
parametrizes the gate tests with them; the checks themselves live here, once. The `objects` fixture that
builds the URL arguments is in `conftest.py`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from django.urls import reverse
from django.utils import timezone

LOGIN = reverse("accounts:login")

SPONSORS = ("sponsor", "other_sponsor")
COORDINATORS = ("coordinator", "other_coordinator")
NOT_STAFF = (*COORDINATORS, *SPONSORS)


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


# --- The gates: anonymous → login, wrong role → 403, out of scope → 404, allowed → 200 ----------
@dataclass(frozen=True)
class Page:
    """One URL: who may open it (200) and whose role may not use it (403). Out-of-scope objects: `Scope`."""

    name: str
    args: object = None  # objects -> URL args
    allowed: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    def url(self, objects) -> str:
        return reverse(f"networks:{self.name}", args=self.args(objects) if self.args else None)


# (URL name, persona, objects -> URL args): an object in the persona's role but out of their scope.
Scope = tuple[str, str, Callable]


def page_id(page: Page) -> str:
    """The test id of a page: its URL name (`ids=page_id`)."""
    return page.name


def scope_ids(scope: list[Scope]) -> list[str]:
    return [f"{name}-{persona}" for name, persona, _ in scope]


def assert_anonymous_is_sent_to_the_login_page(client, page: Page) -> None:
    url = reverse(f"networks:{page.name}", args=[1] if page.args else None)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, method
        location = urlparse(response["Location"])
        assert location.path == LOGIN
        assert parse_qs(location.query)["next"] == [url]


def assert_forbidden_roles_get_403(objects, client_for, user_of, page: Page) -> None:
    url = page.url(objects)
    for persona in page.forbidden:
        assert client_for(user_of(persona)).get(url).status_code == 403, persona
        assert client_for(user_of(persona)).post(url).status_code == 403, persona


def assert_out_of_scope_answers_404(objects, client_for, user_of, name: str, persona: str, args) -> None:
    url = reverse(f"networks:{name}", args=args(objects))
    assert client_for(user_of(persona)).get(url).status_code == 404


def assert_allowed_people_get_the_page(objects, client_for, user_of, page: Page) -> None:
    url = page.url(objects)
    for persona in page.allowed:
        assert client_for(user_of(persona)).get(url).status_code == 200, persona


# --- Malformed list parameters: every list page takes them, each module sweeps its own pages ------
MALFORMED_LIST_QUERIES = [
    {"kind": "xyz"},
    {"date_from": "9999-99-99"},
    {"date_to": "2026-02-30"},
    {"page": "abc"},
    {"page": "-1"},
    {"page": "99999999"},
    {"kind": "classroom", "page": "1.5"},
]
