"""The web shell: sign-in, sign-out, password change and the health probe."""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from .forms import LoginForm, PasswordChangeForm

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "embedded"  # tasks run in-process: nothing to reach
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        logger.exception("healthz: broker unreachable")
        return "error"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers and the broker is reachable (or not configured); 503 otherwise."""
    database = "ok" if _database_ok() else "error"
    broker = _broker_state()
    healthy = database == "ok" and broker != "error"
    return JsonResponse({"database": database, "broker": broker}, status=200 if healthy else 503)
