"""Helpers shared by the school tier's view tests: the pages' gates, counting queries, a megabyte of text.

Each `test_views_<module>.py` lists its pages (`Page`); the checks live here, once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

LOGIN = reverse("accounts:login")
SPONSORS = ("sponsor", "other_sponsor")
MEGABYTE = "x" * 1_000_000


@dataclass(frozen=True)
class Page:
    """One URL: who may open it (200), whose role may not (403), and who finds its object out of scope (404)."""

    name: str
    kwargs: Callable  # the world's objects -> URL kwargs
    allowed: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()

    def url(self, objects) -> str:
        return reverse(f"evaluations:{self.name}", kwargs=self.kwargs(objects))


def page_id(page: Page) -> str:
    return page.name


def assert_anonymous_is_sent_to_the_login_page(client, url: str) -> None:
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, method
        location = urlparse(response["Location"])
        assert location.path == LOGIN
        assert parse_qs(location.query)["next"] == [url]


def assert_answers(client_for, user_of, url: str, personas, status: int, *, post: bool = True) -> None:
    for persona in personas:
        assert client_for(user_of(persona)).get(url).status_code == status, f"GET as {persona}"
        if post:
            assert client_for(user_of(persona)).post(url).status_code == status, f"POST as {persona}"


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)
