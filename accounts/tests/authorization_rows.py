"""Authorization rows of the shell: home, sign-in and out, password, language, health, the data admin."""

from django.contrib.auth import get_user_model

from accounts.tests.authorization import (
    READ_ONLY_POST,
    STAFF,
    TO_ADMIN_LOGIN,
    TO_HOME,
    TO_LOGIN,
    Effect,
    Redirect,
    Row,
    everyone,
    signed_in,
)
from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.personas import PERSONAS, SIGNED_IN

NEW_PASSWORD = "otra-clave-segura-2027"


def passwords(world):
    return tuple(get_user_model().objects.order_by("pk").values_list("password", flat=True))


ROWS = {
    "accounts:login": (
        Row(signed_in(TO_HOME, anonymous=200)),
        # The right credentials sign the anonymous visitor in; a signed-in person is sent home.
        Row(
            signed_in(TO_HOME, anonymous=TO_HOME),
            method="post",
            data=lambda w: {"username": w.staff.username, "password": TEST_PASSWORD},
        ),
    ),
    # Django 5+ logs out only on POST; the login-required middleware answers anonymous people first.
    "accounts:logout": (
        Row(signed_in(405)),
        Row(signed_in(TO_LOGIN), method="post"),
    ),
    "accounts:password-change": (
        Row(signed_in(200)),
        Row(
            signed_in(Redirect("accounts:password-change-done")),
            method="post",
            data=lambda w: {
                "old_password": TEST_PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            effect=Effect(passwords, by=frozenset(SIGNED_IN)),
        ),
    ),
    "accounts:password-change-done": (
        Row(signed_in(200)),
        Row(signed_in(READ_ONLY_POST), method="post"),
    ),
    "set_language": (
        Row(everyone(TO_HOME)),
        Row(everyone(TO_HOME), method="post", data=lambda w: {"language": "en", "next": "/"}),
    ),
    "healthz": (
        Row(everyone(200)),
        Row(everyone(405), method="post"),
    ),
    # Stands for every admin:* URL (see the module docstring).
    "admin:index": (
        Row(dict.fromkeys(PERSONAS, TO_ADMIN_LOGIN) | dict.fromkeys(STAFF, 200)),
        Row(dict.fromkeys(PERSONAS, TO_ADMIN_LOGIN) | dict.fromkeys(STAFF, 200), method="post"),
    ),
    # Field work. Sponsors may not use these pages (403), except a photo once staff approved it; a
    # coordinator gets 404 for another network's objects; a former coordinator keeps their own visits.
}
