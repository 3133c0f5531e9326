"""PageGZipMiddleware: pages gzipped as Django does; large JSON gzipped at the fastest level."""

import gzip
import json

from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory

from core.middleware import PageGZipMiddleware

BIG = [[i, -12.04318, -77.02824, f"I.E. N.° {i}", i % 5, i % 90, 1 + i % 5] for i in range(12_000)]


def respond(response, accept="gzip, deflate"):
    request = RequestFactory().get("/", headers={"accept-encoding": accept} if accept else {})
    return PageGZipMiddleware(lambda request: response)(request)


def test_large_json_is_gzipped_fast_and_reads_back_the_same():
    body = json.dumps({"points": BIG}).encode()
    assert len(body) >= PageGZipMiddleware.LARGE_JSON
    response = respond(JsonResponse({"points": BIG}))
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content)
    assert json.loads(gzip.decompress(response.content)) == {"points": BIG}
    # Level 1, not Django's 6: larger than the slow compression of the same body.
    assert len(response.content) > len(gzip.compress(body, compresslevel=6, mtime=0))


def test_large_json_is_sent_plain_to_a_client_that_does_not_ask_for_gzip():
    response = respond(JsonResponse({"points": BIG}), accept=None)
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert json.loads(response.content) == {"points": BIG}


def test_pages_and_small_json_take_djangos_compression():
    page = respond(HttpResponse("<p>hola</p>" * 200, content_type="text/html; charset=utf-8"))
    small = respond(JsonResponse({"points": BIG[:100]}))
    for response in (page, small):
        assert response["Content-Encoding"] == "gzip"
    # Django's BREACH padding names a random file in the gzip header (FNAME flag set).
    assert page.content[3] & gzip.FNAME


def test_images_are_left_as_they_are():
    response = respond(HttpResponse(b"\x89PNG" + b"0" * 5000, content_type="image/png"))
    assert not response.has_header("Content-Encoding")
