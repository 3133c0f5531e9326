"""The web shell's views: health probe, sign-in, sign-out, password change and the error pages."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse

from accounts.models import Role

PASSWORD = "una-clave-larga-2026"
NEW_PASSWORD = "otra-clave-segura-2027"


def _always_forbidden(request):
    raise PermissionDenied


# Mounted by the 403 test only (pytest.mark.urls): one view that always refuses, beside the real URLs.
urlpatterns = [
    path("prueba-403/", _always_forbidden),
    path("", include("cee.urls")),
]


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        username="ana.staff", password=PASSWORD, role=Role.STAFF, first_name="Ana"
    )


def _html(response) -> str:
    return response.content.decode()


# --- /healthz ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_and_broker_answer(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}


@pytest.mark.django_db
def test_healthz_needs_no_login_and_is_never_cached(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


# --- Sign in -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_speaks_spanish(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    html = _html(response)
    assert 'lang="es-pe"' in html
    assert "Ingresar" in html
    assert "Contraseña" in html


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("evaluations:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_login_with_good_credentials_lands_on_the_home_page(client, staff):
    response = client.post(reverse("accounts:login"), {"username": "ana.staff", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("evaluations:home")
    home = client.get(response.url)
    assert home.status_code == 200
    assert home.wsgi_request.user == staff


def test_login_with_bad_credentials_shows_a_spanish_error(client, staff):
    response = client.post(reverse("accounts:login"), {"username": "ana.staff", "password": "equivocada"})

    assert response.status_code == 200
    assert "introduzca un nombre de usuario y clave correctos" in _html(response)
    assert not response.wsgi_request.user.is_authenticated


def test_repeated_failed_logins_lock_the_account_out_with_a_spanish_page(client, staff, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    login = reverse("accounts:login")
    for _ in range(3):
        client.post(login, {"username": "ana.staff", "password": "equivocada"})

    # Even the right password is refused while the lockout lasts.
    response = client.post(login, {"username": "ana.staff", "password": PASSWORD})

    assert response.status_code == 429
    assert "Acceso bloqueado temporalmente" in _html(response)
    assert not response.wsgi_request.user.is_authenticated


def test_a_signed_in_user_visiting_login_goes_home(client, staff):
    client.force_login(staff)

    response = client.get(reverse("accounts:login"))

    assert response.status_code == 302
    assert response.url == reverse("evaluations:home")


# --- Sign out ------------------------------------------------------------------------------


def test_logout_by_post_ends_the_session(client, staff):
    client.force_login(staff)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    after = client.get(reverse("evaluations:home"))
    assert after.status_code == 302
    assert after.url.startswith(reverse("accounts:login"))


def test_logout_refuses_get(client, staff):
    client.force_login(staff)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.get(reverse("evaluations:home")).status_code == 200


# --- Password change -----------------------------------------------------------------------


def test_password_change_works_end_to_end(client, staff):
    client.force_login(staff)
    form_page = client.get(reverse("accounts:password-change"))
    assert form_page.status_code == 200
    assert "Cambiar contraseña" in _html(form_page)

    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password-change-done")
    assert client.get(response.url).status_code == 200
    # The session survives the change; the new password is the one that signs in from now on.
    assert client.get(reverse("evaluations:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert not client.login(username="ana.staff", password=PASSWORD)
    assert client.login(username="ana.staff", password=NEW_PASSWORD)


def test_password_change_with_a_wrong_old_password_says_so_in_spanish(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": "equivocada", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Su contraseña antigua es incorrecta" in _html(response)
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_password_change_needs_login(client, db):
    response = client.get(reverse("accounts:password-change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- Error pages ---------------------------------------------------------------------------


def test_404_page_speaks_spanish(client, staff, settings):
    settings.DEBUG = False
    client.force_login(staff)

    response = client.get("/no-existe-esta-pagina/")

    assert response.status_code == 404
    html = _html(response)
    assert "No encontramos esta página" in html
    assert "Page not found" not in html


def test_404_page_speaks_spanish_to_anonymous_visitors(client, db, settings):
    settings.DEBUG = False

    response = client.get("/no-existe-esta-pagina/")

    assert response.status_code == 404
    assert "No encontramos esta página" in _html(response)


@pytest.mark.urls("accounts.tests.test_views")
def test_403_page_speaks_spanish(client, staff, settings):
    settings.DEBUG = False
    client.force_login(staff)

    response = client.get("/prueba-403/")

    assert response.status_code == 403
    html = _html(response)
    assert "No tiene permiso para ver esta página" in html
    assert "Forbidden" not in html


# --- compression -------------------------------------------------------------------------


def test_pages_are_gzipped_for_slow_links(client, staff):
    client.force_login(staff)
    response = client.get(reverse("evaluations:home"), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_the_login_page_is_not_gzipped_when_the_browser_does_not_ask(client, db):
    assert not client.get(reverse("accounts:login")).has_header("Content-Encoding")
