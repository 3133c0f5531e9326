"""Sign-in hardening and what signed-in pages send: each test failed before the fix (outside review)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role

PASSWORD = "una-clave-larga-2026"
PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(username="ana.staff", password=PASSWORD, role=Role.STAFF)


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def change_password(client, old: str, **extra):
    new = "otra-clave-segura-2027"
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    return client.post(reverse("accounts:password-change"), data, **extra)


# --- Password change counts wrong guesses like the login ------------------------------------------
def test_guessing_the_old_password_locks_the_account_like_failed_logins(client, staff, axes_on):
    client.force_login(staff)
    for _ in range(2):
        response = change_password(client, "adivinanza")
        assert response.status_code == 200
        assert "contraseña antigua" in response.content.decode().lower()

    third = change_password(client, "adivinanza")
    locked = change_password(client, PASSWORD)

    assert third.status_code == 429
    assert locked.status_code == 429
    assert "Acceso bloqueado temporalmente" in locked.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)  # the right password did not go through while locked
    # The same lock holds at the login page.
    other = client.__class__()
    login = other.post(reverse("accounts:login"), {"username": "ana.staff", "password": PASSWORD})
    assert login.status_code == 429


def test_the_right_old_password_still_changes_it(client, staff, axes_on):
    client.force_login(staff)
    response = change_password(client, PASSWORD)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("otra-clave-segura-2027")


# --- The client's address behind the reverse proxy ----------------------------------------------
@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "", "203.0.113.9", "203.0.113.9"),
        (0, "198.51.100.7", "203.0.113.9", "203.0.113.9"),  # no proxy trusted: the header is the client's
        (1, "198.51.100.7", "10.0.0.2", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "10.0.0.2", "198.51.100.7"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.5", "10.0.0.2", "198.51.100.7"),
        (1, "", "10.0.0.2", "10.0.0.2"),  # went around the proxy
        (2, "198.51.100.7", "10.0.0.2", "10.0.0.2"),  # shorter than the proxy chain
        (1, "not-an-address", "10.0.0.2", "10.0.0.2"),
        (1, "2001:db8::1", "10.0.0.2", "2001:db8::1"),
    ],
)
def test_client_ip_reads_the_address_the_trusted_proxies_saw(settings, proxies, forwarded, remote, expected):
    from core.http import client_ip

    settings.CEE_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_the_proxy_one_persons_failures_do_not_lock_out_another_address(client, staff, axes_on):
    axes_on.CEE_TRUSTED_PROXY_COUNT = 1
    login = reverse("accounts:login")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(3):
        client.post(login, {"username": "ana.staff", "password": "mala"}, HTTP_X_FORWARDED_FOR="6.6.6.6", **proxy)

    right = {"username": "ana.staff", "password": PASSWORD}
    attacker = client.post(login, right, HTTP_X_FORWARDED_FOR="6.6.6.6", **proxy)
    owner = client.__class__().post(login, right, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)

    assert attacker.status_code == 429
    assert owner.status_code == 302  # the owner, from their own address, still signs in


def test_a_forged_header_does_not_escape_the_lockout(client, staff, axes_on):
    axes_on.CEE_TRUSTED_PROXY_COUNT = 1
    login = reverse("accounts:login")
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        client.post(
            login,
            {"username": "ana.staff", "password": "mala"},
            HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7",
            REMOTE_ADDR="10.0.0.2",
        )

    response = client.post(
        login,
        {"username": "ana.staff", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="4.4.4.4, 198.51.100.7",
        REMOTE_ADDR="10.0.0.2",
    )

    assert response.status_code == 429


# --- What signed-in pages send -----------------------------------------------------------------
@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("evaluations:home"),
        lambda w: reverse("networks:visit-detail", args=[w.visit_a.pk]),
        lambda w: reverse("networks:school-detail", args=[w.schools_a[0].pk]),
        lambda w: reverse("accounts:password-change"),
    ],
)
def test_signed_in_pages_are_never_stored_by_a_cache(world, client_for, page):
    response = client_for(world.coordinator).get(page(world))

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.test import Client
response = Client().post("/idioma/", {"language": "en", "next": "/"}, secure=True, HTTP_HOST="example.org")
c = response.cookies["django_language"]
print(json.dumps({"secure": bool(c["secure"]), "samesite": c["samesite"], "httponly": bool(c["httponly"])}))
"""


def test_the_language_cookie_is_secure_and_same_site_under_production_settings():
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "DJANGO_SETTINGS_MODULE": "cee.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cee_unused",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    cookie = json.loads(result.stdout.strip().splitlines()[-1])
    assert cookie == {"secure": True, "samesite": "Lax", "httponly": True}
