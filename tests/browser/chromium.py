"""Debian's chromium driven by Playwright, shared by the browser journeys.

Playwright's own browser download does not work on these machines, so the journeys launch Debian's
`chromium` package. While Playwright's sync API runs, this thread has a running asyncio loop and
Django refuses ORM calls (the guard stays on; DJANGO_ALLOW_ASYNC_UNSAFE is not used): build the data
before the browser starts and read the database after it stops.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
expect = sync_api.expect
PlaywrightError = sync_api.Error

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


@contextmanager
def chromium():
    """The browser; skipped when chromium is missing, except under CI, where .ci/run installs it."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; .ci/run installs it, so in CI the browser tests must run")
        pytest.skip(reason)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser, **options):
    """A fresh context (no cookies, no local storage) in Spanish of Peru, Lima time."""
    context = browser.new_context(locale="es-PE", timezone_id="America/Lima", **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
