"""The middleware of every page: Spanish first, compressed for slow links, private when signed in."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


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

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)


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
