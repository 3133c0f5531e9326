"""The web shell: sign-in, sign-out, password change, accepting an invitation and the health probe."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from kombu import Connection

from . import services
from .forms import InvitationPasswordForm, LoginForm, PasswordChangeForm
from .tokens import invitation_user

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


@method_decorator([login_not_required, never_cache, sensitive_post_parameters()], name="dispatch")
class InvitationAcceptView(View):
    """The invited person sets their first password from the emailed link, and is signed in.

    No login: the link's token decides. A wrong, expired or used link answers a page that says so
    (400) and changes nothing.
    """

    template_name = "accounts/invitation_accept.html"
    invalid_template_name = "accounts/invitation_invalid.html"

    def _invalid(self):
        return render(self.request, self.invalid_template_name, status=400)

    def get(self, request, uidb64, token):
        user = invitation_user(uidb64, token)
        if user is None:
            return self._invalid()
        return render(request, self.template_name, {"form": InvitationPasswordForm(user), "invitee": user})

    def post(self, request, uidb64, token):
        user = invitation_user(uidb64, token)
        if user is None:
            return self._invalid()
        form = InvitationPasswordForm(user, request.POST)
        if form.is_valid():
            password = form.cleaned_data["new_password1"]
            try:
                user = services.invitation_accept(uidb64=uidb64, token=token, password=password)
            except ValidationError as error:
                if getattr(error, "code", None) in {"invitation_invalid", "invitation_used"}:
                    return self._invalid()
                form.add_error(None, error.messages)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Su contraseña quedó guardada. Bienvenido(a) a cee."))
                return redirect(settings.LOGIN_REDIRECT_URL)
        return render(request, self.template_name, {"form": form, "invitee": user}, status=400)


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
