"""The large exports' pages (`evaluations.views.exports`) and the list page's background button.

Gates: anonymous -> login; only staff (403 for coordinators and sponsors); an export is its requester's
alone (404 for every other person, staff and administrators included). Then: the list page offers
"Preparar … en segundo plano" past the limits, the button queues the list's own filters and goes to the
job's page, every malformed request is refused in Spanish and records nothing, the job's page polls
while it runs and offers the file, retry and "Pedir de nuevo", and the jobs page (/informes/) shows the
person's exports.
"""

import datetime
import uuid

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from evaluations.models import ExportJob
from evaluations.tests.factories import ExportJobFactory, MonitoringReportFactory
from evaluations.tests.helpers import MEGABYTE, assert_anonymous_is_sent_to_the_login_page, count_queries
from networks.tests.factories import VisitFactory

pytestmark = pytest.mark.django_db

Status = ExportJob.Status
REQUEST = reverse("evaluations:export-request")
EXPORTS = reverse("evaluations:export-list")
REPORTS = reverse("evaluations:report-list")
CSV = "\ufeffFecha,Tipo\r\n29/11/2026,Visita\r\n".encode()


def url(name: str, job) -> str:
    return reverse(f"evaluations:{name}", kwargs={"pk": job.pk})


def list_page(kind="visitas") -> str:
    return reverse("evaluations:dashboard-list", kwargs={"kind": kind})


def year() -> str:
    return str(timezone.localdate().year)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def staff(world, client_for):
    return client_for(world.staff)


@pytest.fixture
def ready(world):
    """`ready(**fields)`: the staff member's export, READY with its file, as the worker leaves it."""
    storage = ExportJob._meta.get_field("file").storage
    names = []

    def make(**fields) -> ExportJob:
        names.append(storage.save(f"exports/tests/{uuid.uuid4().hex}.csv", ContentFile(CSV)))
        finished = timezone.now()
        return ExportJobFactory(**{
            "requested_by": world.staff, "status": Status.READY, "progress": 100, "file": names[-1],
            "size_bytes": len(CSV), "rows_written": 1, "started_at": finished - datetime.timedelta(seconds=95),
            "finished_at": finished, "expires_at": finished + datetime.timedelta(days=7), **fields,
        })  # fmt: skip

    yield make
    for name in names:
        storage.delete(name)


def mine(world, **fields) -> ExportJob:
    return ExportJobFactory(requested_by=world.staff, **fields)


# --- Gates ---------------------------------------------------------------------------------------------
def test_anonymous_people_are_sent_to_the_login_page_from_every_export_url(world, client):
    job = mine(world)
    urls = [REQUEST, EXPORTS] + [url(name, job) for name in ("export-detail", "export-status", "export-download")]
    urls.append(url("export-retry", job))
    for address in urls:
        assert_anonymous_is_sent_to_the_login_page(client, address)


@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "former_coordinator", "sponsor"])
def test_exports_are_staff_only(world, client_for, user_of, persona):
    job = mine(world, status=Status.FAILED)
    client = client_for(user_of(persona))
    assert client.get(EXPORTS).status_code == 403
    assert client.post(REQUEST, {"kind": "visitas", "format": "csv"}).status_code == 403
    for name in ("export-detail", "export-status", "export-download"):
        assert client.get(url(name, job)).status_code == 403, name
    assert client.post(url("export-retry", job)).status_code == 403
    assert ExportJob.objects.count() == 1


@pytest.mark.parametrize("name", ["export-detail", "export-status", "export-download"])
def test_another_person_s_export_answers_404_even_to_staff_and_administrators(world, client_for, ready, name):
    job = ready()
    other_staff_member = ready(requested_by=world.admin)
    assert client_for(world.admin).get(url(name, job)).status_code == 404
    assert client_for(world.staff).get(url(name, other_staff_member)).status_code == 404
    assert client_for(world.staff).get(url(name, job)).status_code == 200
    assert client_for(world.staff).get(reverse(f"evaluations:{name}", kwargs={"pk": 987654321})).status_code == 404


def test_retrying_another_person_s_export_answers_404_and_changes_nothing(world, client_for):
    job = mine(world, status=Status.FAILED, error="x")
    assert client_for(world.admin).post(url("export-retry", job)).status_code == 404
    job.refresh_from_db()
    assert job.status == Status.FAILED


def test_the_request_and_retry_urls_answer_only_post(world, staff):
    job = mine(world, status=Status.FAILED)
    assert staff.get(REQUEST).status_code == 405
    assert staff.get(url("export-retry", job)).status_code == 405


# --- The list page's button ------------------------------------------------------------------------------
def test_a_small_list_downloads_at_once(world, staff):
    page = staff.get(list_page(), {"period": year()}).content.decode()
    assert "Descargar CSV" in page
    assert "Descargar XLSX" in page
    assert "en segundo plano" not in page


def test_past_the_limits_the_links_become_buttons_that_prepare_the_file(world, staff, settings):
    settings.CEE_EXPORT_MAX_ROWS, settings.CEE_EXPORT_XLSX_MAX_ROWS = 1, 1  # the world has 2 visits this year
    response = staff.get(list_page(), {"period": year(), "network": "", "area": ""})
    page = response.content.decode()
    assert "Descargar CSV" not in page
    assert "Preparar CSV en segundo plano" in page
    assert "Preparar XLSX en segundo plano" in page
    assert "Esta lista tiene más de 1 filas: el archivo se prepara en segundo plano." in page
    form = page.split(f'action="{REQUEST}"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="kind" value="visitas"' in form
    assert f'name="query" value="period={year()}"' in form


def test_only_the_xlsx_waits_between_its_limit_and_the_csv_s(world, staff, settings):
    settings.CEE_EXPORT_MAX_ROWS, settings.CEE_EXPORT_XLSX_MAX_ROWS = 100, 1
    page = staff.get(list_page(), {"period": year()}).content.decode()
    assert "Descargar CSV" in page
    assert "Preparar XLSX en segundo plano" in page
    assert "el Excel se prepara en segundo plano" in page


def test_past_a_thousand_rows_the_list_counts_once_more_up_to_the_limit(world, staff, settings, monkeypatch):
    """The list counts to COUNT_LIMIT; past it, one more query counts up to the largest limit."""
    monkeypatch.setattr("evaluations.dashboard.lists.COUNT_LIMIT", 1)
    monkeypatch.setattr("evaluations.views.lists.COUNT_LIMIT", 1)
    settings.CEE_EXPORT_MAX_ROWS, settings.CEE_EXPORT_XLSX_MAX_ROWS = 3, 2
    VisitFactory(school=world.schools_a[1], coordinator=world.coordinator, date=timezone.localdate())
    page = staff.get(list_page(), {"period": year()}).content.decode()  # 3 visits: CSV at once, XLSX waits
    assert "Descargar CSV" in page
    assert "Preparar XLSX en segundo plano" in page


def test_a_direct_link_past_the_limit_sends_back_to_the_list_with_the_button(world, staff, settings):
    settings.CEE_EXPORT_MAX_ROWS, settings.CEE_EXPORT_XLSX_MAX_ROWS = 100, 1
    response = staff.get(reverse("evaluations:dashboard-export", kwargs={"kind": "visitas", "fmt": "xlsx"}))
    assert response.status_code == 302
    assert "Preparar XLSX en segundo plano" in messages_of(response)[0]
    assert not ExportJob.objects.exists()


def test_the_button_queues_the_list_s_filters_and_lands_on_the_job_s_page(
    world, staff, django_capture_on_commit_callbacks
):
    query = f"period={year()}&network={world.network_a.pk}"
    with django_capture_on_commit_callbacks(execute=True):  # the task runs in this process (eager) on commit
        response = staff.post(REQUEST, {"kind": "visitas", "format": "xlsx", "query": query})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("export-detail", job)
    assert (job.kind, job.format, job.query, job.requested_by) == ("visitas", "xlsx", query, world.staff)
    assert messages_of(response)[0].startswith("Su archivo se está preparando. Esta página muestra su avance")
    assert job.status == Status.READY
    page = staff.get(response["Location"]).content.decode()
    assert "Visitas · Red Chulucanas" in page
    assert "Descargar Excel" in page
    assert f'href="{list_page()}?period={year()}&amp;network={world.network_a.pk}"' in page  # back to the rows
    job.file.delete()


def test_asking_again_for_an_export_being_prepared_returns_the_same_job(world, staff):
    job = mine(world, status=Status.RUNNING, progress=40)
    response = staff.post(REQUEST, {"kind": job.kind, "format": job.format, "query": job.query})
    assert response["Location"] == url("export-detail", job)
    assert messages_of(response) == ["Ese archivo ya se está preparando: esta es su página."]
    assert ExportJob.objects.count() == 1


def test_a_full_queue_sends_back_to_the_list_with_the_reason_and_records_nothing(world, staff, settings):
    settings.CEE_REPORT_MAX_QUEUED_PER_USER = 2
    MonitoringReportFactory(requested_by=world.staff)
    mine(world, kind="docentes")
    response = staff.post(REQUEST, {"kind": "visitas", "format": "csv", "query": f"period={year()}"})
    assert response.status_code == 302
    assert response["Location"] == f"{list_page()}?period={year()}"
    assert messages_of(response) == [
        "Ya tiene 1 informe y 1 exportación en preparación, el máximo a la vez. Espere a que alguno termine y "
        "vuelva a pedirlo."
    ]
    assert ExportJob.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "fotos", "format": "csv"}, "Esa lista no existe en el panel."),
        ({"kind": "", "format": "csv"}, "Falta la lista."),
        ({"format": "csv"}, "Falta la lista."),
        ({"kind": "visitas", "format": "pdf"}, "Elija CSV o Excel (XLSX)."),
        ({"kind": "visitas"}, "Elija CSV o Excel (XLSX)."),
        ({"kind": "visitas", "format": "csv", "query": MEGABYTE}, "Los filtros de la lista son demasiado largos"),
        ({"kind": "visitas", "format": "csv", "query": "period=1\x00"}, "caracteres nulos"),
    ],
)
def test_a_request_no_list_page_sends_is_refused_in_a_page_in_words(world, staff, data, message):
    response = staff.post(REQUEST, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("network=abc", "Un filtro de la lista no es válido"),  # letters where an id goes
        ("school=99999999999999999999", "Un filtro de la lista no es válido"),  # past PostgreSQL's bigint
        ("network=987654321", "La red o la institución educativa de la lista no existe."),
        ("period=9999-12", "Un filtro de la lista no es válido"),  # a date in year 9999
        ("period=2026-13", "Un filtro de la lista no es válido"),
        ("region=zz", "Un filtro de la lista no es válido"),
        ("program_year=0", "Un filtro de la lista no es válido"),
        ("sponsor=-1", "Un filtro de la lista no es válido"),
    ],
)
def test_filters_that_are_not_a_list_s_are_refused_in_words_and_record_nothing(world, staff, query, message):
    response = staff.post(REQUEST, {"kind": "visitas", "format": "csv", "query": query})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ExportJob.objects.exists()


# --- One export's page -----------------------------------------------------------------------------------
def test_a_running_export_shows_its_rows_and_polls_its_status(world, staff):
    job = mine(world, status=Status.RUNNING, progress=55, stage="Escribiendo las filas", rows_total=513230,
               rows_written=280000)  # fmt: skip
    page = staff.get(url("export-detail", job)).content.decode()
    assert f'hx-get="{url("export-status", job)}?visto=running"' in page
    assert 'hx-trigger="every 2s"' in page
    assert '<progress class="w-100" max="100" value="55" aria-label="Avance del archivo"' in page
    assert "280,000 de 513,230 filas escritas" in page
    assert "le avisaremos por correo" in page
    assert ">Actualizar</a>" in page


def test_the_status_fragment_stops_polling_and_offers_the_file_once_ready(world, staff, ready):
    job = ready(rows_written=513230)
    body = staff.get(url("export-status", job), {"visto": "running"}).content.decode()
    assert body.lstrip().startswith('<section id="export-status"')
    assert "hx-trigger" not in body
    assert "El archivo está listo: 513,230 filas." in body
    assert f'href="{url("export-download", job)}"' in body
    assert "Estado del archivo: Listo. Ya se puede descargar." in body  # told to screen readers once
    again = staff.get(url("export-status", job), {"visto": "ready"}).content.decode()
    assert "Estado del archivo" not in again


def test_a_failed_export_says_why_and_its_requester_retries_it(world, staff):
    job = mine(world, status=Status.FAILED, attempts=3, error="No se pudo preparar el archivo: disco lleno")
    page = staff.get(url("export-detail", job)).content.decode()
    assert "No se pudo preparar el archivo: disco lleno" in page
    assert f'action="{url("export-retry", job)}"' in page
    response = staff.post(url("export-retry", job))
    assert response["Location"] == url("export-detail", job)
    job.refresh_from_db()
    assert job.attempts in (0, 1)  # queued again from zero (the eager test task may have run it)
    assert job.status in (Status.QUEUED, Status.READY)


def test_only_a_failed_export_is_retried(world, staff, ready):
    job = ready()
    response = staff.post(url("export-retry", job))
    assert messages_of(response) == ["Solo se reintenta una exportación que falló."]
    job.refresh_from_db()
    assert job.status == Status.READY


def test_an_expired_export_says_when_its_file_was_removed_and_offers_to_ask_again(world, staff):
    job = mine(world, status=Status.EXPIRED, expires_at=timezone.now() - datetime.timedelta(days=1))
    page = staff.get(url("export-detail", job)).content.decode()
    assert "Este archivo venció: se eliminó el" in page
    form = page.split(f'action="{REQUEST}"')[1].split("</form>")[0]
    assert f'name="query" value="{job.query}"' in form
    response = staff.get(url("export-download", job))
    assert response.status_code == 410
    assert "Este archivo ya no está disponible" in response.content.decode()


def test_the_file_downloads_with_the_list_s_name_to_its_requester(world, staff, ready):
    job = ready(filename="visitas_nacional_2026_2026-11-29.csv")
    response = staff.get(url("export-download", job))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="visitas_nacional_2026_2026-11-29.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == CSV


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RUNNING, Status.FAILED])
def test_there_is_no_file_before_the_export_is_ready(world, staff, status):
    assert staff.get(url("export-download", mine(world, status=status))).status_code == 404


def test_a_ready_export_whose_file_is_missing_answers_404(world, staff):
    job = mine(world, status=Status.READY, file="exports/tests/missing.csv")
    assert staff.get(url("export-download", job)).status_code == 404


# --- The person's exports ----------------------------------------------------------------------------------
def test_the_jobs_page_shows_the_person_s_exports_and_polls_them_while_one_runs(world, staff, ready):
    done = ready(title="Docentes · Todo el país · al 29/11/2026", kind="docentes")
    running = mine(world, status=Status.RUNNING, progress=30, title="Visitas · Todo el país · 2026")
    ready(requested_by=world.admin, title="Metas · de otra persona")
    page = staff.get(REPORTS).content.decode()
    assert "Sus exportaciones" in page
    assert done.title in page
    assert running.title in page
    assert "de otra persona" not in page
    assert f'hx-get="{EXPORTS}?recientes=1"' in page
    body = staff.get(EXPORTS, {"recientes": "1"}, HTTP_HX_REQUEST="true").content.decode().strip()
    assert body.startswith('<tbody id="export-rows"')
    assert running.title in body


def test_the_jobs_page_has_no_export_section_without_exports_nor_for_coordinators(world, client_for):
    assert "Sus exportaciones" not in client_for(world.staff).get(REPORTS).content.decode()
    assert "Sus exportaciones" not in client_for(world.coordinator).get(REPORTS).content.decode()


def test_the_recent_fragment_without_htmx_goes_to_the_whole_list(world, staff):
    response = staff.get(EXPORTS, {"recientes": "1"})
    assert (response.status_code, response["Location"]) == (302, EXPORTS)


def test_the_export_list_pages_by_keyset_and_ignores_a_forged_cursor(world, staff):
    for index in range(27):
        mine(world, status=Status.READY, title=f"Exportación {index:02d}")
    first = staff.get(EXPORTS).content.decode()
    assert "Exportación 26" in first
    assert "Exportación 01" not in first
    assert "Anteriores" in first
    assert staff.get(EXPORTS, {"cursor": "forjado"}).content.decode().count("Exportación 26") == 1


def test_the_export_list_shows_an_empty_state_in_words(world, staff):
    page = staff.get(EXPORTS).content.decode()
    assert "Aún no ha pedido ninguna exportación." in page


def test_the_export_list_and_the_jobs_page_take_the_same_queries_with_more_exports(world, staff):
    mine(world, status=Status.READY)
    few = (count_queries(staff, EXPORTS), count_queries(staff, REPORTS))
    for index in range(10):
        mine(world, status=Status.FAILED, title=f"Exportación {index}")
    assert (count_queries(staff, EXPORTS), count_queries(staff, REPORTS)) == few
