"""Large list exports in a real browser: a list too long for a request, its file prepared in the background.

1. Staff (laptop): the visits of the year hold more rows than a request writes (the limits are lowered
   for the test), so the list offers "Preparar CSV en segundo plano" instead of its links. The button
   lands on the export's page; the live server commits, so the Celery task runs eagerly when the request's
   transaction commits and the file is ready by the time the page shows. The CSV downloads with the
   list's rows; the jobs page (/informes/) lists it under "Sus exportaciones".
2. Staff (phone): an export is running at 40 %; a stand-in for the worker (a thread) moves it to 80 % and
   then to ready. The page's panel follows without a reload (htmx polling) with the rows written, the
   download button appears, and the page stops polling.
Screenshots: test-artifacts/screenshots/exports-*.png.
"""

import csv
import datetime
import io
import threading
from types import SimpleNamespace

import pytest
from chromium import LAPTOP, chromium, expect, new_context, screenshot
from django.core.files.base import ContentFile
from django.db import connections
from django.utils import timezone
from helpers import fits_the_phone, phone, sign_in

from evaluations.models import ExportJob
from evaluations.tests.factories import ExportJobFactory
from networks.tests.factories import VisitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Status = ExportJob.Status
CSV = "\ufeffFecha,Tipo\r\n29/11/2026,Visita\r\n".encode()
WAIT_MS = 10_000


@pytest.fixture
def stored_csv():
    storage = ExportJob._meta.get_field("file").storage
    name = storage.save("exports/tests/browser-live.csv", ContentFile(CSV))
    yield name
    storage.delete(name)


@pytest.fixture
def exports(world, live_server, settings, stored_csv):
    settings.CEE_EXPORT_MAX_ROWS, settings.CEE_EXPORT_XLSX_MAX_ROWS = 10, 5
    today = timezone.localdate()
    schools = world.schools_a + world.schools_b
    for index in range(16):  # with the world's two: 18 visits this year, past both limits
        VisitFactory(school=schools[index % len(schools)], coordinator=world.coordinator, date=today)
    running = ExportJobFactory(
        requested_by=world.staff,
        kind="docentes",
        title="Directores y docentes · Todo el país · al 29/11/2026",
        status=Status.RUNNING,
        progress=40,
        stage="Escribiendo las filas",
        rows_total=18_400,
        rows_written=7_000,
        attempts=1,
        started_at=timezone.now(),
    )
    yield SimpleNamespace(
        base=live_server.url,
        staff=world.staff.username,
        year=str(today.year),
        running=running.pk,
        running_url=f"{live_server.url}{running.get_absolute_url()}",
        file=stored_csv,
    )
    storage = ExportJob._meta.get_field("file").storage
    for name in ExportJob.objects.exclude(file="").exclude(file=stored_csv).values_list("file", flat=True):
        storage.delete(name)


class Steps(threading.Thread):
    """A stand-in for the worker: each time it is told, it writes the next of `steps` to the export's row."""

    def __init__(self, pk: int, steps: list[dict]):
        super().__init__(daemon=True)
        self.pk, self.steps = pk, steps
        self.go_on = threading.Event()
        self.error: BaseException | None = None

    def run(self):
        try:
            for fields in self.steps:
                self.go_on.wait(30)
                self.go_on.clear()
                ExportJob.objects.filter(pk=self.pk).update(updated_at=timezone.now(), **fields)
        except BaseException as error:  # reported by the test after the browser stops
            self.error = error
        finally:
            connections.close_all()


def test_staff_prepare_a_long_list_in_the_background_and_download_it(exports):
    with chromium() as browser:
        context = new_context(browser, accept_downloads=True, **LAPTOP)
        page = context.new_page()
        sign_in(page, exports.base, exports.staff)
        page.goto(f"{exports.base}/panel/listas/visitas/?period={exports.year}")
        expect(page.get_by_role("link", name="Descargar CSV")).to_have_count(0)
        expect(page.get_by_text("Esta lista tiene más de 10 filas")).to_be_visible()
        screenshot(page, "exports-01-list-buttons-laptop", full_page=False)

        page.get_by_role("button", name="Preparar CSV en segundo plano").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Visitas · Todo el país")
        expect(page.locator("#export-status .badge")).to_contain_text("Listo", timeout=60_000)
        expect(page.locator("#export-status")).to_contain_text("El archivo está listo: 18 filas.")
        screenshot(page, "exports-02-detail-ready-laptop")
        with page.expect_download() as download:
            page.get_by_role("link", name="Descargar CSV").click()
        body = download.value.path().read_bytes().decode("utf-8")
        filename = download.value.suggested_filename

        page.get_by_role("link", name="Informes de monitoreo").click()
        section = page.locator("section", has=page.get_by_role("heading", name="Sus exportaciones"))
        expect(section.locator("#export-rows tr")).to_have_count(2)  # the new one, and the running one
        screenshot(page, "exports-03-jobs-page-laptop")
        context.close()

    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0][:2] == ["Fecha", "Tipo"]
    assert len(rows) == 1 + 18
    assert filename.startswith(f"visitas_nacional_{exports.year}_")


def test_staff_watch_an_export_move_on_a_phone(exports):
    now = timezone.now()
    ready = {"status": Status.READY, "progress": 100, "stage": "Listo", "file": exports.file, "rows_written": 18_400,
             "size_bytes": len(CSV), "finished_at": now, "expires_at": now + datetime.timedelta(days=7)}  # fmt: skip
    worker = Steps(exports.running, [{"progress": 80, "rows_written": 15_000}, ready])
    worker.start()
    with chromium() as browser:
        context, page = phone(browser, accept_downloads=True)
        sign_in(page, exports.base, exports.staff)
        page.goto(f"{exports.base}/panel/listas/visitas/?period={exports.year}")
        button = page.get_by_role("button", name="Preparar XLSX en segundo plano")
        expect(button).to_be_visible()
        button.scroll_into_view_if_needed()
        fits_the_phone(page)
        screenshot(page, "exports-04-list-buttons-phone", full_page=False)

        page.goto(exports.running_url)
        panel = page.locator("#export-status")
        expect(panel).to_contain_text("7,000 de 18,400 filas escritas")
        fits_the_phone(page)
        screenshot(page, "exports-05-detail-running-phone")

        worker.go_on.set()  # 80 %: the panel follows without a reload
        expect(panel).to_contain_text("15,000 de 18,400 filas escritas", timeout=WAIT_MS)
        expect(panel.locator("progress")).to_have_attribute("value", "80")

        worker.go_on.set()  # ready: the download button appears by itself
        download_button = page.get_by_role("link", name="Descargar CSV")
        expect(download_button).to_be_visible(timeout=WAIT_MS)
        expect(page.locator("#export-live")).to_contain_text("Estado del archivo: Listo.")
        fits_the_phone(page)
        screenshot(page, "exports-06-detail-ready-phone")
        with page.expect_download() as download:
            download_button.click()
        body = download.value.path().read_bytes()

        page.goto(f"{exports.base}/informes/")
        fits_the_phone(page)
        screenshot(page, "exports-07-jobs-page-phone")
        context.close()
    worker.join(5)

    assert worker.error is None, worker.error
    assert body == CSV
