"""The link walk: sponsor A's user, starting at the portfolio, follows every same-site link (breadth first,
GET only, bounded) and never meets anything of sponsor B (its company, its schools and their codes, its
network, its stories), nor any person's name, DNI or phone; every link answers 200 (or a redirect that
leads to one): the portal links to nothing its reader may not open.
"""

import collections
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from evaluations.tests.portal_world import forbidden_words, other_sponsor_words
from schools.models import School

pytestmark = pytest.mark.django_db

MAX_REQUESTS = 300
SKIPPED = (settings.STATIC_URL, reverse("accounts:logout"))


class Links(HTMLParser):
    """Every `<a href>`, `<img src>`, `data-points-url` (the map's JSON) and GET form action of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "data-points-url"):
            if attrs.get(name) and tag in {"a", "img", "div"}:
                self.urls.append(attrs[name])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get" and attrs.get("action"):
            self.urls.append(attrs["action"])


def same_site(base: str, link: str) -> str | None:
    parts = urlsplit(urljoin(base, link))
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def walk(client, start: str):
    """(url, status, text or None) of every page reached, breadth first, each once."""
    queue, seen, pages = collections.deque([start]), {start}, []
    while queue and len(pages) < MAX_REQUESTS:
        url = queue.popleft()
        response = client.get(url)
        text = None
        if response.status_code in {301, 302}:
            targets = [response["Location"]]
        else:
            kind = response.get("Content-Type", "")
            targets = []
            if not response.streaming and kind.startswith(("text/", "application/json")):
                text = response.content.decode()
                if kind.startswith("text/html"):
                    links = Links()
                    links.feed(text)
                    targets = links.urls
            elif response.streaming:
                b"".join(response.streaming_content)
        pages.append((url, response.status_code, text))
        for target in targets:
            next_url = same_site(url, target)
            if next_url and next_url not in seen:
                seen.add(next_url)
                queue.append(next_url)
    return pages


def test_sponsor_a_walks_its_whole_portal_and_meets_nothing_of_sponsor_b_nor_of_any_person(portal_world, client_for):
    world = portal_world.world
    for index, school in enumerate([*world.sponsored_a, *world.sponsored_b]):  # so the map has points
        School.objects.filter(pk=school.pk).update(latitude=-5 - index, longitude=-80)
    other, people = other_sponsor_words(world), forbidden_words(world)

    pages = walk(client_for(world.sponsor_user), reverse("evaluations:portal-portfolio"))

    reached = {urlsplit(url).path for url, _status, _text in pages}
    for must in (
        reverse("evaluations:home"),
        reverse("evaluations:portal-progress"),
        reverse("evaluations:portal-stories"),
        reverse("evaluations:portal-story", args=[portal_world.story_a.pk]),
        reverse("evaluations:portal-school", args=[world.sponsored_a[0].pk]),
        reverse("evaluations:portal-school", args=[world.sponsored_a[1].pk]),
        reverse("evaluations:portal-map-points"),
        reverse("networks:visit-photo", args=[portal_world.story_a.pk]),
        reverse("evaluations:report-list"),
    ):
        assert must in reached, f"the walk never reached {must}"
    assert len(pages) < MAX_REQUESTS, "the walk hit its bound: raise it or find the endless links"
    broken = [(url, status) for url, status, _text in pages if status not in {200, 302}]
    assert not broken, f"links that do not answer 200: {broken}"
    for url, _status, text in pages:
        if text is None:
            continue
        seen_other = [word for word in other if word in text]
        assert not seen_other, f"{url} shows sponsor B's {seen_other}"
        seen_people = [word for word in people if word in text]
        assert not seen_people, f"{url} shows {seen_people}"
