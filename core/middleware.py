"""The middleware of every page: Spanish first, compressed for slow links, private when signed in."""

import gzip

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


class SpanishFirstLocaleMiddleware(LocaleMiddleware):
    """Spanish of Peru unless the person chose another language (the set_language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a phone set to English
    would then get English pages. In cee, English is a choice, not a guess.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PageGZipMiddleware(GZipMiddleware):
    """Compress pages and JSON for coordinators on slow links; leave photos and files as they are.

    Django's GZipMiddleware adds random padding against BREACH; images are already compressed.
    """

    COMPRESSIBLE = ("text/html", "application/json", "text/plain")
    # Large JSON (the whole country's map points, 1.2 MB) at gzip's fastest level: 8 ms instead of 40 ms
    # for 24 % more bytes (405 KB against 328 KB; measured). JSON carries no CSRF token or other secret,
    # so it needs no padding against BREACH.
    LARGE_JSON = 256 * 1024

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(self.COMPRESSIBLE):
            return response
        large_json = content_type.startswith("application/json") and not response.streaming
        if large_json and len(response.content) >= self.LARGE_JSON:
            return self.compress_fast(request, response)
        return super().process_response(request, response)

    @staticmethod
    def compress_fast(request, response):
        if response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not ACCEPTS_GZIP.search(request.headers.get("accept-encoding", "")):
            return response
        response.content = gzip.compress(response.content, compresslevel=1, mtime=0)
        response.headers["Content-Length"] = str(len(response.content))
        response.headers["Content-Encoding"] = "gzip"
        return response


class PrivatePagesMiddleware:
    """Pages shown to a signed-in person hold personal data (teachers, visits, photos of children).

    `Cache-Control: private, no-store` keeps them out of shared caches and out of the browser's cache
    on a phone that several people share, where the back button would otherwise show them after logout.
    A view that sets its own Cache-Control (the health probe, say) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
