"""Each role signs in through a real browser and lands on its own Spanish home page.

Playwright drives Debian's chromium (`apt-get install chromium`; Playwright's own browser download does
not work here) against pytest-django's live server. Screenshots go to test-artifacts/screenshots/.
The people and their data are the personas of the root conftest.py (the `world` fixture).
"""

import re

import pytest
from chromium import DESKTOP, LAPTOP, PHONE, chromium, expect, new_context, screenshot

from accounts.tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    # live_server makes these tests transactional; serialized_rollback puts back the rows that data
    # migrations load (regions, curriculum), which the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(world, live_server):
    """Chromium, started only after the data exists (`world`) and stopped before the database is cleaned."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def open_page(browser):
    """`open_page(**context_options)`: a fresh browser context (no cookies) and its page, in Spanish."""
    contexts = []

    def make(**options):
        context = new_context(browser, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _screenshot(page, name: str) -> None:
    screenshot(page, name)


def _sign_in(page, base_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Open the home page as a stranger, get sent to the login form, and sign in."""
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
    expect(page.locator("html")).to_have_attribute("lang", "es-pe")
    expect(page.get_by_role("heading", name="Ingresar a cee")).to_be_visible()
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()


def _at_home(page, base_url: str) -> str:
    """The signed-in person is on the home page, in Spanish; returns the text of its main content."""
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "es-pe")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Salir")).to_be_visible()
    return page.locator("main").inner_text()


def _shows(text: str, name: str) -> bool:
    """`name` appears as a whole (so "I.E. N.° 1001" is not found inside "I.E. N.° 10012")."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text) is not None


def test_staff_signs_in_on_a_desktop_and_sees_the_national_summary(open_page, live_server, staff_user, world):
    page = open_page(**DESKTOP)

    _sign_in(page, live_server.url, staff_user.username)

    main = _at_home(page, live_server.url)
    assert _shows(main, "Piura")
    assert _shows(main, "Cusco")
    expect(page.get_by_role("link", name="Administración de datos")).to_be_visible()
    _screenshot(page, "staff-home-1280")


def test_coordinator_signs_in_on_a_phone_sees_only_own_networks_and_signs_out(
    open_page, live_server, coordinator, world
):
    page = open_page(**PHONE)

    _sign_in(page, live_server.url, coordinator.username)

    main = _at_home(page, live_server.url)
    expect(page.get_by_role("heading", name=world.network_a.name)).to_be_visible()
    assert not _shows(main, world.network_b.name)
    for school in world.schools_a:
        assert _shows(main, school.name), f"{school.name} (own network) is missing"
    for school in world.schools_b:
        assert not _shows(main, school.name), f"{school.name} (other network) is shown"
    expect(page.get_by_role("link", name="Administración de datos")).to_have_count(0)
    # One column on a 360 px phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _screenshot(page, "coordinator-home-360")

    page.get_by_role("button", name="Salir").click()

    expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
    expect(page.get_by_role("heading", name="Ingresar a cee")).to_be_visible()
    _screenshot(page, "coordinator-signed-out-360")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/cuenta/ingresar/\?next=/"))


def test_sponsor_signs_in_on_a_laptop_and_sees_only_its_own_schools(open_page, live_server, sponsor_user, world):
    page = open_page(**LAPTOP)

    _sign_in(page, live_server.url, sponsor_user.username)

    main = _at_home(page, live_server.url)
    expect(page.locator("main")).to_contain_text(world.sponsor_a.name)
    for school in world.sponsored_a:
        assert _shows(main, school.name), f"{school.name} (sponsored) is missing"
    for school in [*world.schools_b, world.schools_a[2]]:
        assert not _shows(main, school.name), f"{school.name} (not sponsored by A) is shown"
    assert world.sponsor_b.name not in page.content()
    _screenshot(page, "sponsor-home-1366")


def test_wrong_password_keeps_the_coordinator_on_the_login_form_with_a_spanish_error(
    open_page, live_server, coordinator
):
    page = open_page(**PHONE)

    _sign_in(page, live_server.url, coordinator.username, password="no-es-la-clave")

    expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
    expect(page.get_by_text(re.compile("introduzca un nombre de usuario y clave correctos"))).to_be_visible()
    expect(page.get_by_label("Nombre de usuario")).to_have_value(coordinator.username)
    _screenshot(page, "coordinator-login-error-360")
