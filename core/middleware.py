"""Response headers every page of a signed-in person needs."""

from django.utils.cache import patch_cache_control


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
