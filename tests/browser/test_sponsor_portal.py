"""A sponsor company's user on a 360 px phone: signs in, lands on the portfolio with its schools drawn on
the map (no tile server), opens one of its schools, reads its results against the national figures and
its story, and opens the story; then the progress page draws its charts. No page is wider than the phone
and no script breaks the CSP. Staff preview the same portfolio on a laptop, marked read-only.
Screenshots: test-artifacts/screenshots/portal-*.png.
"""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from chromium import LAPTOP, chromium, expect, new_context, screenshot
from helpers import fits_the_phone, phone, sign_in

from evaluations.tests.factories import AssessmentResultFactory
from evaluations.tests.portal_world import NOTE_A, fill
from schools.models import School

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def portal(world, live_server):
    # Two years of reading results at the first school (the year before is its network's first year).
    school = world.sponsored_a[0]
    AssessmentResultFactory(school=school, year=world.network_a.cohort_start_year - 1, level_satisfactorio=3)
    for index, funded in enumerate(world.sponsored_a):  # away from Piura's label, so a point can be seen
        School.objects.filter(pk=funded.pk).update(latitude=Decimal(f"{-4.95 - index * 0.2:.2f}"), longitude=-80.25)
    filled = fill(world)  # results, goals, workshops, stories (and refreshes the summaries)
    return SimpleNamespace(
        base=live_server.url,
        sponsor=world.sponsor_user.username,
        staff=world.staff.username,
        company=world.sponsor_a.name,
        other_company=world.sponsor_b.name,
        school=school.name,
        story=filled.story_a.pk,
        sponsor_pk=world.sponsor_a.pk,
    )


def console_errors(page) -> list[str]:
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_a_sponsor_sees_its_schools_opens_one_and_reads_its_results_and_story_on_a_phone(portal):
    with chromium() as browser:
        context, page = phone(browser)
        errors = console_errors(page)
        sign_in(page, portal.base, portal.sponsor)
        expect(page.get_by_role("heading", level=1)).to_have_text("Las escuelas que su empresa auspicia")
        expect(page.get_by_text(portal.company, exact=True).first).to_be_visible()
        school_map = page.locator("#school-map")
        expect(school_map).to_have_attribute("data-state", "ready")
        assert school_map.get_attribute("data-points-drawn") == "2"
        expect(page.get_by_role("heading", name="Su convenio y sus aportes")).to_be_visible()
        fits_the_phone(page)
        screenshot(page, "portal-01-portfolio-phone")

        page.locator("a.school-link", has_text=portal.school).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(portal.school)
        results = page.get_by_role("heading", name=re.compile(r"Lectura, 2\.° grado"))
        expect(results).to_be_visible()
        expect(page.locator(".chart-box:not([hidden])[data-chart=results] canvas")).to_be_visible()
        expect(page.get_by_role("columnheader", name="Nacional")).to_be_visible()
        story = page.locator(".story-card").filter(has_text=NOTE_A)
        story.scroll_into_view_if_needed()
        expect(story).to_be_visible()
        fits_the_phone(page)
        screenshot(page, "portal-02-school-phone")

        story.get_by_role("link").first.click()
        expect(page).to_have_url(re.compile(rf"/auspicio/historias/{portal.story}/$"))
        photo = page.locator("img.story-photo-large")
        expect(photo).to_be_visible()
        page.wait_for_function("() => document.querySelector('img.story-photo-large').naturalWidth > 0")  # it loaded
        expect(page.get_by_text(NOTE_A)).to_be_visible()
        fits_the_phone(page)
        screenshot(page, "portal-03-story-phone")

        page.get_by_role("navigation", name="Secciones del portal de la empresa").get_by_role(
            "link", name="Avance"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("El avance en sus escuelas")
        expect(page.locator(".chart-box:not([hidden])[data-chart=visits] canvas")).to_be_visible()
        fits_the_phone(page)
        screenshot(page, "portal-04-progress-phone")
        assert portal.other_company not in page.content()
        assert not errors, errors
        context.close()


def test_staff_preview_a_companys_portfolio_marked_read_only(portal):
    with chromium() as browser:
        context = new_context(browser, **LAPTOP)
        page = context.new_page()
        errors = console_errors(page)
        sign_in(page, portal.base, portal.staff)
        page.get_by_role("link", name="Auspiciadores", exact=True).click()
        page.get_by_role("link", name=portal.company).first.click()
        page.get_by_role("link", name="Ver su portal (vista previa)").click()
        expect(page).to_have_url(re.compile(rf"/auspicio/vista-previa/{portal.sponsor_pk}/$"))
        expect(page.get_by_text(f"Vista previa como {portal.company} — solo lectura")).to_be_visible()
        expect(page.locator("#school-map")).to_have_attribute("data-state", "ready")
        screenshot(page, "portal-05-preview-laptop")
        page.locator("a.school-link", has_text=portal.school).click()
        expect(page).to_have_url(re.compile(rf"/auspicio/vista-previa/{portal.sponsor_pk}/instituciones/\d+/$"))
        expect(page.get_by_text(f"Vista previa como {portal.company} — solo lectura")).to_be_visible()
        assert not errors, errors
        context.close()
