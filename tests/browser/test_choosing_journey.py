"""Choosing schools in a real browser: sponsor.a, on a 360 px phone, opens the schools on offer (their map
drawn without tiles), compares two, asks for them and sees the request pending; IPAE staff (laptop)
confirm it with the agreement's amount; sponsor.a sees it confirmed and the two schools among its own.
Nothing of sponsor B (which asked for one of the same schools) ever shows to sponsor.a.

A second journey takes the desktop screenshots of staff's side: the groups, a group with the padrón
search, and the requests. Screenshots: test-artifacts/screenshots/choosing-*.png.
"""

import re
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from chromium import DESKTOP, LAPTOP, chromium, expect, new_context, screenshot
from django.urls import reverse
from helpers import fits_the_phone, phone, sign_in

from schools.models import SchoolRequest, Sponsorship
from schools.tests.factories import (
    CandidateFactory,
    CandidateGroupFactory,
    DistrictFactory,
    SchoolFactory,
    SchoolRequestFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PIURA_PLACES = [("-4.92", "-80.40"), ("-5.02", "-80.28"), ("-4.85", "-80.22"), ("-5.10", "-80.35")]
CUSCO_PLACES = [("-13.42", "-72.08"), ("-13.58", "-72.15")]


def padron_school(world, region, name, place, **fields):
    return SchoolFactory(
        name=name,
        district=DistrictFactory(province__region=region),
        latitude=Decimal(place[0]),
        longitude=Decimal(place[1]),
        centro_poblado="Caserío Locuto",
        **fields,
    )


@pytest.fixture
def choosing(world, live_server):
    piura = CandidateGroupFactory(
        name="Red propuesta Alto Tambo Grande",
        region=world.piura,
        description="Escuelas rurales multigrado del valle de San Lorenzo, a menos de una hora entre sí.",
    )
    cusco = CandidateGroupFactory(name="Red propuesta Ccorca", region=world.cusco)
    names = ["I.E. N.° 15401 Santa Rosa", "I.E. N.° 15404", "I.E. N.° 15407 San Martín", "I.E. N.° 15410"]
    piura_candidates = [
        CandidateFactory(
            group=piura,
            school=padron_school(world, world.piura, name, place),
            poverty_quintile=1 + n % 2,
            students=60 + 11 * n,
            reading_satisfactory=Decimal("18.5") + n,
            math_satisfactory=Decimal("9.0") + n,
            public_note="Acceso por trocha carrozable." if n == 0 else "",
        )
        for n, (name, place) in enumerate(zip(names, PIURA_PLACES, strict=True))
    ]
    for n, place in enumerate(CUSCO_PLACES):
        CandidateFactory(group=cusco, school=padron_school(world, world.cusco, f"I.E. N.° 5070{n} Ccorca", place))
    # Sponsor B asked for the first Piura school too: sponsor A must never learn it.
    SchoolRequestFactory(sponsor=world.sponsor_b, candidates=piura_candidates[:1], message="Interés de B.")
    return SimpleNamespace(
        base=live_server.url,
        sponsor=world.sponsor_user.username,
        staff=world.staff.username,
        chosen=[piura_candidates[0].school.name, piura_candidates[2].school.name],
        other_sponsor_name=world.sponsor_b.name,
        sponsor_a=world.sponsor_a.pk,
    )


def only_the_app(base):
    own_host = urlsplit(base).netloc

    def route(request_route):
        if urlsplit(request_route.request.url).netloc == own_host:
            request_route.continue_()
        else:
            request_route.abort()

    return route


def test_a_sponsor_compares_two_schools_asks_for_them_and_staff_confirm(choosing):
    base = choosing.base
    first, second = choosing.chosen
    with chromium() as browser:
        context, page = phone(browser)
        context.route("**/*", only_the_app(base))
        sign_in(page, base, choosing.sponsor)
        page.get_by_role("link", name="Elegir instituciones").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Elegir instituciones para auspiciar")
        expect(page.locator("#offer-map")).to_have_attribute("data-state", "ready")
        expect(page.locator("#offer-map")).to_have_attribute("data-points-drawn", "6")
        expect(page.locator("body")).not_to_contain_text(choosing.other_sponsor_name)
        fits_the_phone(page)
        screenshot(page, "choosing-01-offer-phone")

        compare = page.get_by_role("button", name="Comparar las elegidas")
        expect(compare).to_be_disabled()  # nothing chosen yet
        page.get_by_label(first).check()
        page.get_by_label(second).check()
        expect(page.locator("#selected-count")).to_have_text("2 instituciones elegidas")
        # Filtering keeps what is ticked.
        page.get_by_label("Región").select_option(label="Piura")
        page.get_by_role("button", name="Aplicar filtros").click()
        expect(page.locator("#offer-map")).to_have_attribute("data-points-drawn", "4")
        expect(page.get_by_label(first)).to_be_checked()
        expect(page.get_by_label(second)).to_be_checked()
        expect(page.locator("#selected-count")).to_have_text("2 instituciones elegidas")
        expect(compare).to_be_enabled()
        screenshot(page, "choosing-02-offer-chosen-phone", full_page=False)
        compare.click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Comparar instituciones")
        table = page.locator("table.compare-table")
        expect(table.locator("thead")).to_contain_text(first)
        expect(table.locator("thead")).to_contain_text(second)
        expect(table).to_contain_text("Quintil 1 (el más pobre)")
        fits_the_phone(page)
        screenshot(page, "choosing-03-compare-phone")

        page.get_by_label("Mensaje para IPAE (opcional)").fill("Nuestros trabajadores viven en estos caseríos.")
        page.get_by_role("button", name="Pedir estas 2 instituciones").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Solicitud N.°")
        expect(page.locator("h1 .badge")).to_contain_text("Pendiente")
        expect(page.get_by_role("status").filter(has_text="Su solicitud fue enviada")).to_be_visible()
        request_url = page.url
        fits_the_phone(page)
        screenshot(page, "choosing-04-request-pending-phone")

        page.get_by_role("link", name="Mis solicitudes").first.click()
        expect(page.locator("table")).to_contain_text("Pendiente")
        expect(page.locator("body")).not_to_contain_text(choosing.other_sponsor_name)
        fits_the_phone(page)
        screenshot(page, "choosing-05-my-requests-phone")

        # IPAE staff, on a laptop, confirm it with the agreement's money.
        staff_context = new_context(browser, **LAPTOP)
        staff_context.route("**/*", only_the_app(base))
        staff_page = staff_context.new_page()
        sign_in(staff_page, base, choosing.staff)
        staff_page.goto(f"{base}{reverse('evaluations:school-request-list')}?estado=pendiente")
        staff_page.get_by_role("link", name=re.compile(r"N\.° \d+")).first.click()
        expect(staff_page.locator("body")).to_contain_text(f"También la pide {choosing.other_sponsor_name}")
        staff_page.get_by_label("Monto comprometido por institución (los cinco años)").fill("72000")
        staff_page.get_by_label("Mensaje para la empresa (opcional)").fill("Bienvenidos a la red del Alto Piura.")
        screenshot(staff_page, "choosing-06-staff-confirm-laptop")
        staff_page.get_by_role("button", name="Confirmar la solicitud").click()
        expect(staff_page.locator("h1 .badge")).to_contain_text("Confirmada")
        staff_context.close()

        page.goto(request_url)
        expect(page.locator("h1 .badge")).to_contain_text("Confirmada")
        expect(page.locator("body")).to_contain_text("S/ 72,000.00 por institución")
        expect(page.locator("body")).to_contain_text("Bienvenidos a la red del Alto Piura.")
        fits_the_phone(page)
        screenshot(page, "choosing-07-request-confirmed-phone")
        page.get_by_role("link", name="Inicio").click()
        expect(page.locator("body")).to_contain_text(first)
        expect(page.locator("body")).to_contain_text(second)
        screenshot(page, "choosing-08-home-with-new-schools-phone")
        context.close()

    school_request = SchoolRequest.objects.get(sponsor_id=choosing.sponsor_a)
    assert school_request.status == SchoolRequest.Status.CONFIRMED
    years = set(Sponsorship.objects.filter(request_item__request=school_request).values_list("start_year", "end_year"))
    [(start, end)] = years
    assert end == start + 4


def test_staff_build_a_group_from_the_padron_and_see_the_offer_as_companies_do(choosing, world):
    SchoolFactory(
        codigo_modular="0487654",
        name="I.E. N.° 14820 Virgen de Fátima",
        district=DistrictFactory(province__region=world.piura),
    )
    base = choosing.base
    with chromium() as browser:
        context = new_context(browser, **DESKTOP)
        context.route("**/*", only_the_app(base))
        page = context.new_page()
        sign_in(page, base, choosing.staff)
        page.get_by_role("link", name="Candidatas").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Instituciones candidatas")
        screenshot(page, "choosing-09-groups-desktop")
        page.get_by_role("link", name="Red propuesta Alto Tambo Grande").click()
        page.get_by_label("Buscar en el padrón").fill("487654")
        page.get_by_role("button", name="Buscar").click()
        page.get_by_role("button", name="Agregar I.E. N.° 14820 Virgen de Fátima").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("I.E. N.° 14820 Virgen de Fátima")
        page.get_by_label("Quintil de pobreza del distrito").select_option("1")
        page.get_by_label("Pobreza monetaria del distrito (%)").fill("44.2")
        screenshot(page, "choosing-10-candidate-facts-desktop")
        page.get_by_role("button", name="Guardar cifras").click()
        expect(page.locator("table")).to_contain_text("I.E. N.° 14820 Virgen de Fátima")
        screenshot(page, "choosing-11-group-desktop")
        page.goto(f"{base}{reverse('evaluations:candidate-offer')}")
        expect(page.locator("#offer-map")).to_have_attribute("data-state", "ready")
        screenshot(page, "choosing-12-offer-desktop")
        page.goto(f"{base}{reverse('evaluations:school-request-list')}")
        screenshot(page, "choosing-13-requests-desktop")
        context.close()
