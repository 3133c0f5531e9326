"""IPAE staff filter a dashboard list and download it: the CSV and the XLSX hold exactly the rows the table
shows, over both of its pages (keyset: "Anteriores"), in the same order.

Network A gets 30 visits this year (more than a page); the list is the network's visits of this year.
Screenshot: test-artifacts/screenshots/dashboard-list-visits.png.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from chromium import DESKTOP, chromium, expect, new_context, screenshot
from django.urls import reverse
from django.utils import timezone
from helpers import sign_in

from networks.tests.factories import VisitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def busy_network(world):
    today = timezone.localdate()
    for index in range(30):
        day = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=index))
        VisitFactory(school=world.schools_a[index % 3], coordinator=world.coordinator, date=day)
    return {
        "username": world.staff.username,
        "url": reverse("evaluations:dashboard-list", kwargs={"kind": "visitas"}),
        "network": world.network_a.pk,
        "year": str(today.year),
    }


def table_rows(page) -> list[list[str]]:
    """The table's rows as their cells' text (the first cell is the row's header)."""
    return page.locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.children).map(c => c.innerText.trim()))"
    )


def test_staff_download_a_filtered_list_whose_rows_match_the_table(live_server, busy_network):
    with chromium() as browser:
        context = new_context(browser, accept_downloads=True, **DESKTOP)
        page = context.new_page()
        sign_in(page, live_server.url, busy_network["username"])

        page.goto(f"{live_server.url}{busy_network['url']}?network={busy_network['network']}")
        page.get_by_label("Periodo").select_option(busy_network["year"])
        page.get_by_role("button", name="Aplicar").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Visitas · Red Chulucanas")
        screenshot(page, "dashboard-list-visits")

        shown = table_rows(page)
        page.get_by_role("link", name="Anteriores").click()
        expect(page.get_by_role("link", name="Más recientes")).to_be_visible()
        shown += table_rows(page)

        with page.expect_download() as csv_download:
            page.get_by_role("link", name="Descargar CSV").click()
        csv_text = csv_download.value.path().read_text(encoding="utf-8-sig")
        with page.expect_download() as xlsx_download:
            page.get_by_role("link", name="Descargar XLSX").click()
        # The download's path has no extension, which openpyxl looks at: read it as bytes.
        xlsx_bytes = xlsx_download.value.path().read_bytes()
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes), read_only=True).active
        xlsx = [list(row) for row in sheet.iter_rows(values_only=True)]
        filename = csv_download.value.suggested_filename
        context.close()

    assert len(shown) == 31  # the network's 30 visits and the world's one, on two pages
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0][:3] == ["Fecha", "Tipo", "Institución educativa"]
    # The table writes "—" where the file leaves the cell empty.
    assert [[cell or "—" for cell in row] for row in rows[1:]] == shown
    assert [row[0].strftime("%d/%m/%Y") for row in xlsx[1:]] == [row[0] for row in shown]
    assert [row[2] for row in xlsx[1:]] == [row[2] for row in shown]
    assert filename.startswith(f"visitas_red-chulucanas_{busy_network['year']}_")
