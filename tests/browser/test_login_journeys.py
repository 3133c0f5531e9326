"""Each role signs in through a real browser and lands on its own Spanish home page.

Playwright drives Debian's chromium (`apt-get install chromium`; Playwright's own browser download does
not work here) against pytest-django's live server. Screenshots go to test-artifacts/screenshots/.
The people and their data are the personas of the root conftest.py (the `world` fixture).
"""

import os
import re
from pathlib import Path

import pytest

from accounts.tests.factories import TEST_PASSWORD

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TIMEOUT_MS = 15_000

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

pytestmark = [
    pytest.mark.browser,
    # live_server makes these tests transactional; serialized_rollback puts back the rows that data
    # migrations load (regions, curriculum), which the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(world, live_server):
    """Chromium, started only after the data exists and stopped before the database is cleaned.

    While Playwright's sync API runs, this thread has a running asyncio loop, and Django then hands
    out a different, per-context database connection: one that knows nothing of the test database's
    saved state and that nobody closes. So no ORM call may happen while the browser runs: the
    fixtures build everything first (`world`), and Django's async-safety guard stays on to catch a
    query slipped in later.
    """
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; .ci/run installs it, so in CI the browser tests must run")
        pytest.skip(reason)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """`open_page(**context_options)`: a fresh browser context (no cookies) and its page, in Spanish."""
    contexts = []

    def make(**options):
        context = browser.new_context(locale="es-PE", timezone_id="America/Lima", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _sign_in(page, base_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Open the home page as a stranger, get sent to the login form, and sign in."""
    page.goto(f"{base_url}/")
    sync_api.expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
    sync_api.expect(page.locator("html")).to_have_attribute("lang", "es-pe")
    sync_api.expect(page.get_by_role("heading", name="Ingresar a cee")).to_be_visible()
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()


def _at_home(page, base_url: str) -> str:
    """The signed-in person is on the home page, in Spanish; returns the text of its main content."""
    sync_api.expect(page).to_have_url(f"{base_url}/")
    sync_api.expect(page.locator("html")).to_have_attribute("lang", "es-pe")
    sync_api.expect(page.get_by_role("heading", level=1)).to_be_visible()
    sync_api.expect(page.get_by_role("button", name="Salir")).to_be_visible()
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
    sync_api.expect(page.get_by_role("link", name="Administración de datos")).to_be_visible()
    _screenshot(page, "staff-home-1280")


def test_coordinator_signs_in_on_a_phone_sees_only_own_networks_and_signs_out(
    open_page, live_server, coordinator, world
):
    page = open_page(**PHONE)

    _sign_in(page, live_server.url, coordinator.username)

    main = _at_home(page, live_server.url)
    sync_api.expect(page.get_by_role("heading", name=world.network_a.name)).to_be_visible()
    assert not _shows(main, world.network_b.name)
    for school in world.schools_a:
        assert _shows(main, school.name), f"{school.name} (own network) is missing"
    for school in world.schools_b:
        assert not _shows(main, school.name), f"{school.name} (other network) is shown"
    sync_api.expect(page.get_by_role("link", name="Administración de datos")).to_have_count(0)
    # One column on a 360 px phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _screenshot(page, "coordinator-home-360")

    page.get_by_role("button", name="Salir").click()

    sync_api.expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
    sync_api.expect(page.get_by_role("heading", name="Ingresar a cee")).to_be_visible()
    _screenshot(page, "coordinator-signed-out-360")
    page.goto(f"{live_server.url}/")
    sync_api.expect(page).to_have_url(re.compile(r"/cuenta/ingresar/\?next=/"))


def test_sponsor_signs_in_on_a_laptop_and_sees_only_its_own_schools(open_page, live_server, sponsor_user, world):
    page = open_page(**LAPTOP)

    _sign_in(page, live_server.url, sponsor_user.username)

    main = _at_home(page, live_server.url)
    sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text(world.sponsor_a.name)
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

    sync_api.expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
    sync_api.expect(page.get_by_text(re.compile("introduzca un nombre de usuario y clave correctos"))).to_be_visible()
    sync_api.expect(page.get_by_label("Nombre de usuario")).to_have_value(coordinator.username)
    _screenshot(page, "coordinator-login-error-360")
