"""The staff dashboards in a real browser: from the nation down to one school, charts drawn under the CSP.

Staff sign in on a laptop and land on the national dashboard: its charts are drawn by Chart.js (served by
the app, no inline script: a CSP violation would show as a console error), each beside its table. They
filter by area, follow Piura in the regions table, network A in the networks table and a school in the
schools table; the filter travels down with them, and the breadcrumbs lead back up. On a phone the
national page fits the screen. Screenshots go to test-artifacts/screenshots/dashboard-*.png.
"""

import re
from types import SimpleNamespace

import pytest
from chromium import LAPTOP, chromium, expect, new_context, screenshot
from helpers import fits_the_phone, phone, sign_in

from evaluations.services.summaries import school_year_summaries_refresh
from evaluations.tests.factories import AssessmentResultFactory
from networks.services.summaries import summaries_refresh_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def panel(world, live_server):
    school = world.schools_a[0]
    for year, satisfactorio in ((world.network_a.cohort_start_year, 6), (world.network_a.cohort_start_year + 1, 9)):
        AssessmentResultFactory(school=school, year=year, grade=2, subject="reading", level_satisfactorio=satisfactorio)
    summaries_refresh_all()
    school_year_summaries_refresh()
    return SimpleNamespace(
        base=live_server.url,
        staff=world.staff.username,
        network=world.network_a.name,
        school=school.name,
    )


def console_errors(page) -> list[str]:
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_staff_drill_down_from_the_nation_to_one_school(panel):
    with chromium() as browser:
        context = new_context(browser, **LAPTOP)
        page = context.new_page()
        errors = console_errors(page)
        sign_in(page, panel.base, panel.staff)
        expect(page.get_by_role("heading", level=1)).to_have_text("Panel nacional")
        # Every chart with something to draw is drawn (its box shown), each canvas beside its table: visits,
        # program years, workshops and reading results (the world has no goals this year: that table says 0).
        expect(page.locator(".chart-box:not([hidden]) canvas").first).to_be_visible()
        drawn = {box.get_attribute("data-chart") for box in page.locator(".chart-box:not([hidden])").all()}
        assert drawn == {"visits", "programYears", "workshops", "results"}
        screenshot(page, "dashboard-01-nation")

        page.get_by_label("Área").select_option("rural")
        page.get_by_role("button", name="Aplicar").click()
        expect(page).to_have_url(re.compile(r"area=rural"))

        page.get_by_role("link", name="Piura", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Región Piura")
        assert "area=rural" in page.url
        page.get_by_role("link", name=panel.network, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(panel.network)
        screenshot(page, "dashboard-02-network")

        page.get_by_role("link", name=panel.school, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(panel.school)
        assert "area=rural" in page.url
        expect(page.get_by_role("link", name="Metas de la institución", exact=True)).to_be_visible()
        expect(page.locator(".chart-box:not([hidden])[data-chart=results] canvas")).to_be_visible()
        screenshot(page, "dashboard-03-school")

        page.get_by_role("navigation", name="Ruta").get_by_role("link", name="Nacional").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Panel nacional")
        expect(page.get_by_label("Área")).to_have_value("rural")
        assert errors == [], errors
        context.close()


def test_the_national_dashboard_fits_a_phone(panel):
    with chromium() as browser:
        context, page = phone(browser)
        errors = console_errors(page)
        sign_in(page, panel.base, panel.staff)
        expect(page.locator(".chart-box:not([hidden]) canvas").first).to_be_visible()
        fits_the_phone(page)
        screenshot(page, "dashboard-04-phone")
        assert errors == [], errors
        context.close()
