"""Monitoring reports in a real browser: asking for one, watching it move, downloading it.

1. Live progress (phone): a network report is running at 20 %. coord.piura opens the list and then the
   job's page; a stand-in for the worker (a thread, which may use the ORM while the browser runs) moves
   it to 70 % and then to ready. The list's rows and the job's panel follow without a reload (htmx
   polling), the download button appears, the file is a PDF, and the page stops polling once done.
2. Staff (laptop) ask for network A's report with the form (the network found by typing), land on its
   page and download the PDF. The live server commits, so the Celery task runs eagerly when the request's
   transaction commits: the report is ready (or failed) by the time the page shows.
3. sponsor.a (phone) asks for the company's report (only period and format are offered), downloads it,
   and finds nothing at sponsor.b's report address (404).

Journeys 2 and 3 build real PDFs: they need the renderers of `evaluations/reporting/` (WeasyPrint).
Screenshots: test-artifacts/screenshots/reports-*.png.
"""

import datetime
import threading
from types import SimpleNamespace

import pytest
from chromium import DESKTOP, chromium, expect, new_context, screenshot
from django.core.files.base import ContentFile
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from helpers import fits_the_phone, phone, sign_in

from evaluations.models import MonitoringReport
from evaluations.tests.factories import MonitoringReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Status = MonitoringReport.Status
PDF = b"%PDF-1.7\n% stand-in for the worker's file\n%%EOF\n"
WAIT_MS = 10_000  # a poll every 2 s: a change shows within one or two of them


@pytest.fixture
def stored_pdf():
    storage = MonitoringReport._meta.get_field("file").storage
    name = storage.save("reports/tests/browser-live.pdf", ContentFile(PDF))
    yield name
    storage.delete(name)


@pytest.fixture
def reports(world, live_server, stored_pdf):
    running = MonitoringReportFactory(
        scope=MonitoringReport.Scope.NETWORK,
        network=world.network_a,
        requested_by=world.staff,
        status=Status.RUNNING,
        progress=20,
        stage="Calculando las cifras",
        attempts=1,
        started_at=timezone.now(),
    )
    other_company = MonitoringReportFactory(
        scope=MonitoringReport.Scope.SPONSOR,
        sponsor=world.sponsor_b,
        requested_by=world.other_sponsor_user,
        status=Status.READY,
        file=stored_pdf,
    )
    return SimpleNamespace(
        base=live_server.url,
        running=running.pk,
        running_url=f"{live_server.url}{running.get_absolute_url()}",
        other_company_urls=[
            f"{live_server.url}{reverse(name, kwargs={'pk': other_company.pk})}"
            for name in ("evaluations:report-detail", "evaluations:report-download")
        ],
        file=stored_pdf,
        coordinator=world.coordinator.username,
        staff=world.staff.username,
        sponsor=world.sponsor_user.username,
        network=world.network_a.name,
        sponsor_name=world.sponsor_a.name,
        other_sponsor_name=world.sponsor_b.name,
    )


class Worker(threading.Thread):
    """Moves a report through its run when told: what a Celery worker does to the row, nothing more."""

    def __init__(self, pk: int, file: str):
        super().__init__(daemon=True)
        self.pk, self.file = pk, file
        self.go_on = threading.Event()
        self.error: BaseException | None = None

    def step(self, **fields):
        MonitoringReport.objects.filter(pk=self.pk).update(updated_at=timezone.now(), **fields)

    def run(self):
        try:
            self.go_on.wait(30)
            self.go_on.clear()
            self.step(progress=70, stage="Escribiendo el PDF")
            self.go_on.wait(30)
            now = timezone.now()
            self.step(
                status=Status.READY,
                progress=100,
                stage="Listo",
                file=self.file,
                size_bytes=len(PDF),
                pages=3,
                finished_at=now,
                expires_at=now + datetime.timedelta(days=90),
            )
        except BaseException as error:  # reported by the test after the browser stops
            self.error = error
        finally:
            connections.close_all()


def htmx_requests(page) -> list[str]:
    """The htmx requests (polls) the page makes from now on."""
    seen = []
    page.on("request", lambda request: seen.append(request.url) if request.headers.get("hx-request") else None)
    return seen


def test_a_coordinator_watches_a_report_move_and_downloads_it_on_a_phone(reports):
    worker = Worker(reports.running, reports.file)
    worker.start()
    with chromium() as browser:
        context, page = phone(browser, accept_downloads=True)
        sign_in(page, reports.base, reports.coordinator)
        page.get_by_role("navigation", name="Navegación principal").get_by_role("link", name="Informes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Informes de monitoreo")
        expect(page.get_by_role("heading", name="Pedir un informe")).to_have_count(0)  # coordinators receive theirs
        row = page.locator("#report-rows tr").filter(has_text=reports.network)
        expect(row).to_contain_text("20 %")
        expect(row).to_contain_text("En proceso")
        fits_the_phone(page)
        screenshot(page, "reports-01-list-running-phone")

        worker.go_on.set()  # 70 %: the row follows without a reload
        expect(row).to_contain_text("70 %", timeout=WAIT_MS)
        expect(row).to_contain_text("Escribiendo el PDF")

        page.get_by_role("link", name=reports.network).click()
        expect(page.locator("#report-status")).to_contain_text("70 %")
        expect(page.locator("#report-status progress")).to_have_attribute("value", "70")
        screenshot(page, "reports-02-detail-running-phone")

        polls = htmx_requests(page)
        worker.go_on.set()  # ready: the download button appears by itself
        download_button = page.get_by_role("link", name="Descargar PDF")
        expect(download_button).to_be_visible(timeout=WAIT_MS)
        expect(page.locator("#report-status .badge")).to_contain_text("Listo")
        expect(page.locator("#report-live")).to_contain_text("Estado del informe: Listo.")
        fits_the_phone(page)
        screenshot(page, "reports-03-detail-ready-phone")
        done_at = len(polls)
        page.wait_for_timeout(4_500)  # two poll periods: none may come once the report is finished
        polls_after = len(polls) - done_at

        with page.expect_download() as download:
            download_button.click()
        pdf = download.value.path().read_bytes()
        filename = download.value.suggested_filename
        context.close()
    worker.join(5)

    assert worker.error is None, worker.error
    assert polls_after == 0
    assert pdf.startswith(b"%PDF")
    assert filename.startswith("informe-red-chulucanas-")
    assert filename.endswith("-v1.pdf")


def test_staff_ask_for_a_network_report_and_download_the_pdf(reports):
    with chromium() as browser:
        context = new_context(browser, accept_downloads=True, **DESKTOP)
        page = context.new_page()
        sign_in(page, reports.base, reports.staff)
        page.goto(f"{reports.base}/informes/")
        form = page.locator("form[data-report-form]")
        page.get_by_label("Red educativa", exact=True).check()
        expect(page.get_by_label("Región del informe")).to_be_hidden()  # only the scope's target shows
        page.get_by_label("Buscar red educativa").fill("chulu")
        expect(form.locator("[data-network-count]")).to_have_text("Redes que coinciden: 1")
        expect(form.locator("select[name=network] option:checked")).to_have_text(reports.network)
        page.get_by_label("PDF").check()
        screenshot(page, "reports-04-request-form-desktop", full_page=False)
        page.get_by_role("button", name="Pedir informe").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(reports.network)
        # The task ran when the request's transaction committed (no broker here): the message says so.
        expect(page.get_by_role("status").filter(has_text="Su informe está listo para descargar.")).to_be_visible()
        badge = page.locator("#report-status .badge")
        expect(badge).to_contain_text("Listo", timeout=60_000)
        screenshot(page, "reports-05-detail-ready-desktop")
        with page.expect_download() as download:
            page.get_by_role("link", name="Descargar PDF").click()
        pdf = download.value.path().read_bytes()
        page.get_by_role("link", name="Informes de monitoreo").click()
        expect(page.locator("#report-rows tr")).to_have_count(3)  # the new one, the running one, sponsor B's
        screenshot(page, "reports-08-list-desktop")
        context.close()

    assert pdf.startswith(b"%PDF")
    report = MonitoringReport.objects.filter(requested_by__username=reports.staff).exclude(pk=reports.running).get()
    assert (report.status, report.network.name, report.format) == (Status.READY, reports.network, "pdf")


def test_a_sponsor_asks_for_the_company_report_and_cannot_open_another_company_s(reports):
    with chromium() as browser:
        context, page = phone(browser, accept_downloads=True)
        sign_in(page, reports.base, reports.sponsor)
        page.get_by_role("navigation", name="Navegación principal").get_by_role("link", name="Informes").click()
        form = page.locator("form[data-report-form]")
        expect(form).to_contain_text(reports.sponsor_name)
        expect(form.locator("[name=scope], [name=sponsor], [name=network], [name=region]")).to_have_count(0)
        expect(page.locator("body")).not_to_contain_text(reports.other_sponsor_name)
        fits_the_phone(page)
        screenshot(page, "reports-06-sponsor-list-phone")

        page.get_by_role("button", name="Pedir informe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(reports.sponsor_name)
        expect(page.locator("#report-status .badge")).to_contain_text("Listo", timeout=60_000)
        fits_the_phone(page)
        screenshot(page, "reports-07-sponsor-detail-phone")
        with page.expect_download() as download:
            page.get_by_role("link", name="Descargar PDF").click()
        pdf = download.value.path().read_bytes()

        answers = []
        for url in reports.other_company_urls:
            response = page.goto(url)
            answers.append(response.status)
            expect(page.get_by_role("heading", level=1)).to_have_text("No encontramos esta página")
        context.close()

    assert pdf.startswith(b"%PDF")
    assert answers == [404, 404]
    mine = MonitoringReport.objects.filter(requested_by__username=reports.sponsor).get()
    assert mine.sponsor.name == reports.sponsor_name
