"""Steps the phone journeys share: a fresh phone, signing in, the 360 px check, the drafts on the phone.

Everything here runs inside `with chromium() as browser:`, so none of it may touch the ORM (see chromium.py).
"""

import re

from chromium import PHONE, expect, new_context

from accounts.tests.factories import TEST_PASSWORD

PHONE_WIDTH = PHONE["viewport"]["width"]
DRAFT_PREFIX = "cee:"  # every key static/js/visit-form.js keeps in localStorage, and session.js removes


def phone(browser, **options):
    """A fresh phone context (no cookies, no local storage unless `storage_state` is given) and its page."""
    context = new_context(browser, **PHONE, **options)
    return context, context.new_page()


def sign_in(page, base_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Open the home page as a stranger, get sent to the login form, sign in and land on the home page."""
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("button", name="Salir")).to_be_visible()


def fits_the_phone(page) -> None:
    """One column on a 360 px phone: nothing wider than the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE_WIDTH:  # name the elements that stick out, to fix them
        wide = page.evaluate(
            """limit => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1)
                .slice(0, 5)
                .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
            PHONE_WIDTH,
        )
        raise AssertionError(f"{page.url} is wider than the phone ({width} px): {wide}")


def stored_drafts(page) -> dict[str, str]:
    """The page origin's localStorage entries whose key starts with "cee:" (the visit drafts)."""
    return page.evaluate(
        """prefix => Object.fromEntries(
            Object.keys(localStorage).filter(k => k.startsWith(prefix)).map(k => [k, localStorage.getItem(k)])
        )""",
        DRAFT_PREFIX,
    )
