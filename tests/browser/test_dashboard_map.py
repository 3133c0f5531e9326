"""IPAE staff open the map of the schools with no tile server reachable: the points are still drawn (on
one canvas), the program regions are labelled, the legend says each colour in words, and a point's popup
links to the school's dashboard and record.

Every request that leaves the live server is aborted (a tile server is configured, so the page would try
to reach it): the map must not need it. Screenshot: test-artifacts/screenshots/dashboard-map.png.
"""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from chromium import DESKTOP, chromium, expect, new_context, screenshot
from django.utils import timezone
from helpers import sign_in

from evaluations.services.summaries import school_year_summaries_refresh
from networks.services.summaries import summaries_refresh_all
from networks.tests.factories import VisitFactory
from schools.models import School
from schools.tests.factories import SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Away from the regions' capitals, where the labels sit above the points.
PLACES = [("-4.95", "-80.25"), ("-5.10", "-80.16"), ("-4.90", "-80.70"), ("-13.30", "-72.12"), ("-13.52", "-71.97")]
DAYS_AGO = [0, 45, 75, 120, 0]  # a0 and b0 were visited today (the world's visits)


@pytest.fixture
def mapped(world, live_server, settings):
    settings.CEE_MAP_TILES_URL = "https://tiles.example.invalid/{z}/{x}/{y}.png"
    settings.CEE_MAP_TILES_ATTRIBUTION = "Teselas de prueba"
    today = timezone.localdate()
    schools = [*world.schools_a, world.schools_b[1], world.schools_b[0]]
    for school, (lat, lon), days in zip(schools, PLACES, DAYS_AGO, strict=True):
        School.objects.filter(pk=school.pk).update(latitude=Decimal(lat), longitude=Decimal(lon))
        if days:
            VisitFactory(school=school, coordinator=world.coordinator, date=today - datetime.timedelta(days=days))
    for n in range(40):  # a crowd around Piura, to see the canvas draw many points at once
        SchoolFactory(
            district=world.schools_a[0].district,
            network=world.network_a,
            latitude=Decimal(f"{-5.0 - n * 0.02:.5f}"),
            longitude=Decimal(f"{-80.5 + (n % 7) * 0.03:.5f}"),
        )
    summaries_refresh_all()
    school_year_summaries_refresh()
    first = world.schools_a[0]
    return {
        "base": live_server.url,
        "staff": world.staff.username,
        "drawn": School.objects.filter(latitude__isnull=False).count(),
        "point": {"pk": first.pk, "name": first.name, "lat": float(PLACES[0][0]), "lon": float(PLACES[0][1])},
    }


def test_staff_see_the_schools_on_the_map_without_tiles(mapped):
    base, point = mapped["base"], mapped["point"]
    own_host = urlsplit(base).netloc
    left_out = []

    def only_the_app(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            left_out.append(route.request.url)
            route.abort()

    with chromium() as browser:
        context = new_context(browser, **DESKTOP)
        context.route("**/*", only_the_app)
        page = context.new_page()
        sign_in(page, base, mapped["staff"])
        page.goto(f"{base}/panel/mapa/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mapa de instituciones")
        school_map = page.locator("#school-map")
        expect(school_map).to_have_attribute("data-state", "ready")
        expect(school_map).to_have_attribute("data-points-drawn", str(mapped["drawn"]))
        # The canvas holds the points: count its painted pixels.
        painted = page.evaluate(
            """() => {
                const canvas = document.querySelector('#school-map .leaflet-overlay-pane canvas');
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
                return painted;
            }"""
        )
        assert painted > 500, painted
        expect(page.locator(".map-region-label", has_text="Piura")).to_be_visible()
        expect(page.locator(".map-legend")).to_contain_text("Visitada en los últimos 30 días")
        expect(page.locator(".map-legend")).to_contain_text("Nunca visitada")
        school_map.scroll_into_view_if_needed()
        screenshot(page, "dashboard-map", full_page=False)

        # Click the first school where the map drew it: its popup says its last visit in words and links on.
        xy = page.evaluate(
            "([lat, lon]) => document.getElementById('school-map').leafletMap.latLngToContainerPoint([lat, lon])",
            [point["lat"], point["lon"]],
        )
        page.locator("#school-map").click(position={"x": xy["x"], "y": xy["y"]})
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_contain_text(point["name"])
        expect(popup).to_contain_text("Última visita: hoy")
        expect(popup.get_by_role("link", name="Ver ficha")).to_have_attribute(
            "href", f"/redes/instituciones/{point['pk']}/"
        )
        screenshot(page, "dashboard-map-popup", full_page=False)
        popup.get_by_role("link", name="Ver panel").click()
        expect(page).to_have_url(re.compile(rf"/panel/instituciones/{point['pk']}/"))
        context.close()
    # The page may have tried the tile server; nothing from outside was needed to draw the points.
    assert all("tiles.example.invalid" in url for url in left_out), left_out


def test_staff_read_the_attention_list_and_open_a_section(mapped):
    base = mapped["base"]
    with chromium() as browser:
        context = new_context(browser, **DESKTOP)
        page = context.new_page()
        sign_in(page, base, mapped["staff"])
        page.goto(f"{base}/panel/atencion/?dias=60")
        expect(page.get_by_role("heading", level=1)).to_have_text("Lista de atención")
        unvisited = page.locator("#sin-visita")
        expect(unvisited.get_by_role("heading", level=2)).to_contain_text("Instituciones sin visita reciente")
        expect(unvisited).to_contain_text("Nunca visitada")
        screenshot(page, "dashboard-attention")
        unvisited.get_by_role("link", name=re.compile(r"^Ver todos")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Instituciones sin visita reciente")
        expect(page.get_by_label("Sin visita en los últimos (días)")).to_have_value("60")
        page.get_by_role("link", name="Anteriores").click()
        expect(page.locator("#sin-visita tbody tr").first).to_be_visible()
        screenshot(page, "dashboard-attention-section")
        context.close()


def test_without_javascript_the_map_page_still_gives_its_figures(mapped):
    base = mapped["base"]
    with chromium() as browser:
        signed_in = new_context(browser, **DESKTOP)
        page = signed_in.new_page()
        sign_in(page, base, mapped["staff"])
        cookies = signed_in.cookies()
        no_script = new_context(browser, **DESKTOP, java_script_enabled=False)
        no_script.add_cookies(cookies)
        page = no_script.new_page()
        page.goto(f"{base}/panel/mapa/")
        expect(page.locator("#school-map")).to_contain_text("El mapa necesita JavaScript")
        legend = page.get_by_role("table", name="Instituciones por color del mapa")
        expect(legend.get_by_role("row", name=re.compile(r"^Nunca visitada"))).to_contain_text(
            "41"
        )  # the crowd of 40 and b2
        legend.get_by_role("link", name=re.compile(r"^41")).click()
        expect(page.locator("#lista")).to_contain_text("Nunca visitada")
        screenshot(page, "dashboard-map-no-javascript")
        no_script.close()
        signed_in.close()
