"""What the workshop view test modules share: the pages' gates and malformed inputs.

Each `test_views_<module>.py` lists its own pages (`Page`); the checks live here, once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from django.urls import reverse

LOGIN = reverse("accounts:login")
SPONSORS = ("sponsor", "other_sponsor")
COORDINATORS = ("coordinator", "other_coordinator")
STAFF = ("staff", "admin")


@dataclass(frozen=True)
class Page:
    """One URL: who may open it (200), whose role may not (403), who is out of its scope (404)."""

    name: str
    args: Callable | None = None  # world -> URL args
    allowed: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()

    def url(self, world) -> str:
        return reverse(f"workshops:{self.name}", args=self.args(world) if self.args else None)


def page_id(page: Page) -> str:
    return page.name


def assert_anonymous_is_sent_to_the_login_page(client, world, page: Page) -> None:
    url = page.url(world)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, method
        location = urlparse(response["Location"])
        assert location.path == LOGIN
        assert parse_qs(location.query)["next"] == [url]


def assert_answers(world, client_for, user_of, page: Page) -> None:
    url = page.url(world)
    for persona in page.allowed:
        assert client_for(user_of(persona)).get(url).status_code == 200, persona
    for persona in page.forbidden:
        assert client_for(user_of(persona)).get(url).status_code == 403, persona
        assert client_for(user_of(persona)).post(url).status_code == 403, persona
    for persona in page.out_of_scope:
        assert client_for(user_of(persona)).get(url).status_code == 404, persona


def error_texts(response) -> str:
    """The page's text, for asserting that a Spanish message is on it."""
    return response.content.decode()


# Malformed values for every query parameter a page takes: letters for ids, years out of range, noise.
MALFORMED_YEARS = ["abc", "9999", "1999", "-1", "2026.5", "", "1" * 40, "٢٠٢٦"]
MALFORMED_IDS = ["abc", "-1", "0", "1.5", "9" * 30, "<script>", "٣"]
MALFORMED_PAGES = ["abc", "-1", "0", "99999999", "1.5"]
