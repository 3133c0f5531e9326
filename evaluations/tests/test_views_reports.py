"""The monitoring reports' pages (`evaluations.views.reports`): the list, asking for a report, a job's page
and its polled status, retrying, a new version, and the file.

Gates: anonymous -> login; everyone signed in sees the list (their own reports); coordinators may not ask
(403); a report out of a person's scope answers 404 like a missing one. Then the happy paths (staff for
each scope, a sponsor for their company), the refusals in Spanish (queue full, bad input, a sponsor naming
another company), the live progress (htmx polling that stops by itself), and query counts that do not
grow with the jobs. Generation never runs here: the test's transaction never commits, so the jobs stay
queued; a READY report is made by the factory with a small file written to private storage.
"""

import datetime
import uuid

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.models import MonitoringReport, ReportDelivery
from evaluations.tests.factories import MonitoringReportFactory
from evaluations.tests.helpers import MEGABYTE, assert_anonymous_is_sent_to_the_login_page, count_queries
from evaluations.views.reports import duration_text

pytestmark = pytest.mark.django_db

Scope = MonitoringReport.Scope
Status = MonitoringReport.Status
LIST = reverse("evaluations:report-list")
REQUEST = reverse("evaluations:report-request")
PDF = b"%PDF-1.7\n% cee test report\n%%EOF\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name: str, report) -> str:
    return reverse(f"evaluations:{name}", kwargs={"pk": report.pk})


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def last_month() -> str:
    return f"{timezone.localdate().replace(day=1) - datetime.timedelta(days=1):%Y-%m}"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def stored_files():
    """`stored_files(content, suffix)`: a file in private storage, deleted after the test."""
    storage = MonitoringReport._meta.get_field("file").storage
    names = []

    def save(content: bytes = PDF, suffix: str = "pdf") -> str:
        name = storage.save(f"reports/tests/{uuid.uuid4().hex}.{suffix}", ContentFile(content))
        names.append(name)
        return name

    yield save
    for name in names:
        storage.delete(name)


@pytest.fixture
def ready(stored_files):
    """`ready(**fields)`: a READY report of this month with its file, as the worker leaves it."""

    def make(**fields) -> MonitoringReport:
        fmt = fields.get("format", MonitoringReport.Format.PDF)
        content = PDF if fmt == "pdf" else b"PK\x03\x04 xlsx"
        now = timezone.now()
        defaults = {
            "status": Status.READY,
            "progress": 100,
            "stage": "Listo",
            "file": stored_files(content, fmt),
            "size_bytes": len(content),
            "pages": 4 if fmt == "pdf" else None,
            "attempts": 1,
            "started_at": now - datetime.timedelta(seconds=83),
            "finished_at": now,
            "expires_at": now + datetime.timedelta(days=90),
        }
        return MonitoringReportFactory(**(defaults | fields))

    return make


def network_a_report(world, **fields):
    return MonitoringReportFactory(scope=Scope.NETWORK, network=world.network_a, requested_by=world.staff, **fields)


def sponsor_report(world, which="a", **fields):
    sponsor = world.sponsor_a if which == "a" else world.sponsor_b
    user = world.sponsor_user if which == "a" else world.other_sponsor_user
    return MonitoringReportFactory(scope=Scope.SPONSOR, sponsor=sponsor, requested_by=user, **fields)


# --- Gates ---------------------------------------------------------------------------------------------
def test_anonymous_people_are_sent_to_the_login_page_from_every_report_url(world, client):
    report = network_a_report(world)
    urls = [LIST, REQUEST] + [url(name, report) for name in ("report-detail", "report-status", "report-download")]
    urls += [url(name, report) for name in ("report-retry", "report-version")]
    for address in urls:
        assert_anonymous_is_sent_to_the_login_page(client, address)


def test_every_signed_in_persona_opens_the_list(world, client_for, user_of):
    for persona in ("staff", "admin", "coordinator", "other_coordinator", "former_coordinator", "sponsor"):
        assert client_for(user_of(persona)).get(LIST).status_code == 200, persona


def test_the_navigation_offers_informes_to_whoever_sees_reports(world, client_for):
    for user in (world.staff, world.coordinator, world.sponsor_user):
        page = client_for(user).get(reverse("evaluations:home"), follow=True).content.decode()
        assert f'href="{LIST}"' in page, user.username


def test_coordinators_see_the_list_without_the_form_and_may_not_ask(world, client_for):
    client = client_for(world.coordinator)
    page = client.get(LIST).content.decode()
    assert "Pedir un informe" not in page
    assert f'action="{REQUEST}"' not in page
    assert client.get(REQUEST).status_code == 403
    response = client.post(REQUEST, {"scope": "network", "network": world.network_a.pk, "period": last_month()})
    assert response.status_code == 403
    assert not MonitoringReport.objects.exists()


# --- Asking for a report: staff -------------------------------------------------------------------------
@pytest.mark.parametrize("scope", ["nation", "region", "network", "sponsor"])
def test_staff_ask_for_a_report_of_each_scope_and_land_on_its_page(world, client_for, scope):
    targets = {"region": world.piura, "network": world.network_b, "sponsor": world.sponsor_b}
    data = {"scope": scope, "period": last_month(), "format": "pdf"}
    if scope in targets:
        data[scope] = targets[scope].pk
    response = client_for(world.staff).post(REQUEST, data)

    report = MonitoringReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("report-detail", report)
    assert report.scope == scope
    assert report.target == targets.get(scope)
    assert (report.status, report.version, report.requested_by) == (Status.QUEUED, 1, world.staff)
    assert f"{report.period_start:%Y-%m}" == last_month()
    assert any(message.startswith("Su informe está en cola") for message in messages_of(response))


def test_staff_targets_of_other_scopes_left_in_the_form_are_ignored(world, client_for):
    data = {
        "scope": "network",
        "network": world.network_a.pk,
        "region": world.cusco.pk,
        "sponsor": "abc",
        "period": this_month(),
        "format": "xlsx",
    }
    assert client_for(world.staff).post(REQUEST, data).status_code == 302
    report = MonitoringReport.objects.get()
    assert (report.network, report.region, report.sponsor, report.format) == (world.network_a, None, None, "xlsx")


def test_staff_comment_is_kept_with_the_report(world, client_for):
    data = {"scope": "nation", "period": last_month(), "format": "pdf", "narrative": "  Buen avance en Piura.  "}
    client_for(world.staff).post(REQUEST, data)
    assert MonitoringReport.objects.get().narrative == "Buen avance en Piura."


def test_asking_again_for_a_report_being_prepared_returns_the_same_job(world, client_for):
    client = client_for(world.staff)
    data = {"scope": "network", "network": world.network_a.pk, "period": last_month(), "format": "pdf"}
    first = client.post(REQUEST, data)
    second = client.post(REQUEST, data)
    assert first["Location"] == second["Location"]
    assert MonitoringReport.objects.count() == 1
    assert "Ese informe ya se está preparando: esta es su página." in messages_of(second)


def test_a_full_queue_is_refused_in_words_and_nothing_is_recorded(world, client_for, settings):
    settings.CEE_REPORT_MAX_QUEUED_PER_USER = 2
    MonitoringReportFactory.create_batch(2, requested_by=world.staff)
    data = {"scope": "network", "network": world.network_a.pk, "period": last_month(), "format": "pdf"}
    response = client_for(world.staff).post(REQUEST, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ya tiene 2 informes en preparación, el máximo a la vez." in page
    assert 'role="alert"' in page
    assert MonitoringReport.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period": "abc"}, "Elija un periodo de la lista: un mes o un año ya empezado."),
        ({"period": "9999-12"}, "Elija un periodo de la lista: un mes o un año ya empezado."),
        ({"scope": "zz"}, "Elija el alcance del informe: nacional, región, red o empresa."),
        ({"network": "abc"}, "Elija una red educativa de la lista."),
        ({"network": "999999999"}, "Elija una red educativa de la lista."),
        ({"network": ""}, "Elija la red educativa del informe."),
        ({"format": "doc"}, "Elija PDF o Excel."),
        ({"narrative": MEGABYTE}, "El texto puede tener como máximo 4000 caracteres"),
        ({"scope": "region", "region": "abc"}, "Elija una región del programa de la lista."),
        ({"scope": "sponsor", "sponsor": "-1"}, "Elija una empresa auspiciadora de la lista."),
    ],
)
def test_malformed_requests_are_refused_in_spanish_and_nothing_is_recorded(world, client_for, change, message):
    data = {"scope": "network", "network": world.network_a.pk, "period": last_month(), "format": "pdf"} | change
    response = client_for(world.staff).post(REQUEST, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MonitoringReport.objects.exists()


def test_a_region_outside_the_program_is_not_offered_nor_accepted(world, client_for):
    outside = world.piura.__class__.objects.filter(is_program_region=False).first()
    data = {"scope": "region", "region": outside.pk, "period": last_month(), "format": "pdf"}
    response = client_for(world.staff).post(REQUEST, data)
    assert response.status_code == 400
    assert not MonitoringReport.objects.exists()


def test_the_request_form_page_shows_alone_for_people_who_may_ask(world, client_for):
    page = client_for(world.staff).get(REQUEST).content.decode()
    assert 'name="scope"' in page
    assert world.network_b.name in page
    assert world.sponsor_b.name in page


def csrf_token_of(page: str, action: str) -> str:
    form = page.split(f'action="{action}"')[1].split("</form>")[0]
    return form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_every_report_form_carries_its_csrf_token(world, ready):
    """The forms are included `only` (components): the token must be handed to them."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    page = client.get(LIST).content.decode()
    data = {
        "scope": "nation",
        "period": last_month(),
        "format": "pdf",
        "csrfmiddlewaretoken": csrf_token_of(page, REQUEST),
    }
    assert client.post(REQUEST, data).status_code == 302
    page = client.get(REQUEST).content.decode()
    assert csrf_token_of(page, REQUEST)
    expired = network_a_report(world, status=Status.EXPIRED, file="")
    for address in (url("report-detail", expired), url("report-download", expired)):
        assert csrf_token_of(client.get(address).content.decode(), REQUEST)
    failed = network_a_report(world, status=Status.FAILED)
    page = client.get(url("report-detail", failed)).content.decode()
    assert csrf_token_of(page, url("report-retry", failed))
    assert csrf_token_of(page, url("report-version", failed))
    page = client.get(LIST).content.decode()
    assert csrf_token_of(page, url("report-retry", failed))


# --- Asking for a report: sponsors ----------------------------------------------------------------------
def test_a_sponsor_asks_for_their_company_report(world, client_for):
    response = client_for(world.sponsor_user).post(REQUEST, {"period": last_month(), "format": "pdf"})
    report = MonitoringReport.objects.get()
    assert response["Location"] == url("report-detail", report)
    assert (report.scope, report.sponsor, report.requested_by) == (Scope.SPONSOR, world.sponsor_a, world.sponsor_user)


def test_a_sponsor_form_names_no_other_company_and_offers_no_scope(world, client_for):
    for address in (LIST, REQUEST):
        page = client_for(world.sponsor_user).get(address).content.decode()
        assert world.sponsor_a.name in page
        assert world.sponsor_b.name not in page
        assert 'name="scope"' not in page
        assert 'name="sponsor"' not in page
        assert 'name="narrative"' not in page


@pytest.mark.parametrize(
    "tampered",
    [
        {"sponsor": "other"},
        {"scope": "region", "region": "piura"},
        {"scope": "nation"},
        {"scope": "network", "network": "a"},
        {"narrative": "Comentario"},
    ],
)
def test_a_sponsor_naming_another_company_or_scope_is_refused_and_nothing_is_recorded(world, client_for, tampered):
    values = {"other": world.sponsor_b.pk, "piura": world.piura.pk, "a": world.network_a.pk}
    data = {"period": last_month(), "format": "pdf"} | {k: values.get(v, v) for k, v in tampered.items()}
    response = client_for(world.sponsor_user).post(REQUEST, data)
    assert response.status_code == 403
    assert not MonitoringReport.objects.exists()


def test_a_sponsor_may_name_their_own_company(world, client_for):
    data = {"scope": "sponsor", "sponsor": world.sponsor_a.pk, "period": last_month(), "format": "xlsx"}
    assert client_for(world.sponsor_user).post(REQUEST, data).status_code == 302
    assert MonitoringReport.objects.get().sponsor == world.sponsor_a


# --- The list -----------------------------------------------------------------------------------------
def everyones_reports(world):
    return {
        "network_a": network_a_report(world),
        "network_b": MonitoringReportFactory(scope=Scope.NETWORK, network=world.network_b),
        "sponsor_a": sponsor_report(world, "a"),
        "sponsor_b": sponsor_report(world, "b"),
        "nation": MonitoringReportFactory(),
        "region": MonitoringReportFactory(scope=Scope.REGION, region=world.cusco),
    }


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("staff", {"network_a", "network_b", "sponsor_a", "sponsor_b", "nation", "region"}),
        ("coordinator", {"network_a"}),
        ("other_coordinator", {"network_b"}),
        ("former_coordinator", set()),
        ("sponsor", {"sponsor_a"}),
        ("other_sponsor", {"sponsor_b"}),
    ],
)
def test_the_list_shows_only_the_reports_a_person_may_see(world, client_for, user_of, persona, sees):
    reports = everyones_reports(world)
    page = client_for(user_of(persona)).get(LIST).content.decode()
    shown = {name for name, report in reports.items() if f'href="{url("report-detail", report)}"' in page}
    assert shown == sees


def test_a_sponsor_never_learns_of_another_company_s_reports(world, client_for):
    theirs = sponsor_report(world, "b", status=Status.FAILED, error="No se pudo generar el informe: X")
    page = client_for(world.sponsor_user).get(LIST).content.decode()
    assert world.sponsor_b.name not in page
    assert "Aún no hay informes." in page
    assert str(theirs.pk) not in page.split('id="jobs-title"')[1].split("</section>")[0]


def test_the_list_row_says_what_the_report_is_who_asked_and_how_long_it_took(world, client_for, ready):
    report = ready(scope=Scope.NETWORK, network=world.network_a, requested_by=world.staff, version=2)
    scheduled = MonitoringReportFactory(scope=Scope.NETWORK, network=world.network_a, scheduled=True, requested_by=None)
    page = client_for(world.staff).get(LIST).content.decode()
    assert "Red Chulucanas" in page
    assert f"Red educativa · {report.period_label} · PDF · v2" in page
    assert "Ana Salas" in page
    assert "1 min 23 s" in page
    assert "✓</span> Listo" in page
    assert f'href="{url("report-download", report)}"' in page
    assert "Calendario mensual" in page
    assert f'href="{url("report-download", scheduled)}"' not in page


def test_a_running_job_shows_its_progress_in_a_bar_and_in_words(world, client_for):
    network_a_report(world, status=Status.RUNNING, progress=45, stage="Calculando las cifras")
    page = client_for(world.staff).get(LIST).content.decode()
    assert '<progress class="w-100" max="100" value="45"' in page
    assert "45&nbsp;%</span> · Calculando las cifras" in page
    assert "En proceso" in page


def test_the_table_polls_every_two_seconds_while_a_job_is_active_and_not_after(world, client_for):
    client = client_for(world.staff)
    report = network_a_report(world, status=Status.RUNNING, progress=10)
    page = client.get(LIST).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "htmx" in page  # the script is served with the page
    assert ">Actualizar</a>" in page  # without JavaScript, a link reloads the page

    report.status = Status.FAILED
    report.save()
    page = client.get(LIST).content.decode()
    assert 'hx-trigger="every 2s"' not in page
    assert "htmx" not in page


def test_htmx_polling_gets_only_the_rows_and_they_stop_polling_once_nothing_is_active(world, client_for, ready):
    client = client_for(world.staff)
    running = network_a_report(world, status=Status.RUNNING, progress=60, stage="Escribiendo el PDF")
    response = client.get(LIST, HTTP_HX_REQUEST="true")
    body = response.content.decode().strip()
    assert body.startswith('<tbody id="report-rows"')
    assert body.endswith("</tbody>")
    assert 'hx-trigger="every 2s"' in body
    assert "Escribiendo el PDF" in body
    assert "HX-Request" in response["Vary"]

    running.delete()
    ready(scope=Scope.NETWORK, network=world.network_a)
    body = client.get(LIST, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' not in body
    assert "Descargar PDF" in body


def test_the_status_filter_shows_one_status(world, client_for, ready):
    done = ready(scope=Scope.NETWORK, network=world.network_a)
    queued = network_a_report(world)
    page = client_for(world.staff).get(LIST, {"status": "ready"}).content.decode()
    assert url("report-detail", done) in page
    assert url("report-detail", queued) not in page


@pytest.mark.parametrize("status", ["zz", "ready'--", "x" * 5000])
def test_a_bad_status_filter_is_ignored_with_a_message(world, client_for, status):
    report = network_a_report(world)
    response = client_for(world.staff).get(LIST, {"status": status})
    assert response.status_code == 200
    assert "Ese estado no existe: se muestran los informes en todos los estados." in messages_of(response)
    assert url("report-detail", report) in response.content.decode()


def test_a_forged_cursor_gives_the_first_page(world, client_for):
    report = network_a_report(world)
    response = client_for(world.staff).get(LIST, {"cursor": "abc:def"})
    assert response.status_code == 200
    assert url("report-detail", report) in response.content.decode()


def test_the_list_pages_by_keyset_newest_first(world, client_for):
    reports = MonitoringReportFactory.create_batch(27, requested_by=world.staff)
    client = client_for(world.staff)
    first = client.get(LIST).content.decode()
    assert url("report-detail", reports[-1]) in first
    assert url("report-detail", reports[0]) not in first
    assert "Anteriores" in first
    cursor = first.split("cursor=")[1].split('"')[0].replace("&amp;", "&")
    older = client.get(f"{LIST}?cursor={cursor}").content.decode()
    assert url("report-detail", reports[0]) in older


@pytest.mark.parametrize("persona", ["staff", "coordinator", "sponsor"])
def test_the_list_query_count_does_not_grow_with_the_jobs(world, client_for, user_of, persona):
    def add(n):
        for _ in range(n):
            network_a_report(world)
            sponsor_report(world, "a", status=Status.FAILED)

    client = client_for(user_of(persona))
    add(1)
    few = count_queries(client, LIST)
    add(10)
    many = count_queries(client, LIST)
    assert many == few
    assert many <= 14


# --- One report -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["report-detail", "report-status", "report-download"])
def test_a_report_out_of_scope_answers_404_like_a_missing_one(world, client_for, ready, name):
    network = ready(scope=Scope.NETWORK, network=world.network_a)
    company = ready(scope=Scope.SPONSOR, sponsor=world.sponsor_a, requested_by=world.sponsor_user)
    for user, report in [
        (world.other_sponsor_user, company),
        (world.other_sponsor_user, network),
        (world.sponsor_user, network),
        (world.other_coordinator, network),
        (world.former_coordinator, network),
        (world.coordinator, company),
    ]:
        assert client_for(user).get(url(name, report)).status_code == 404, (user.username, report.scope)
    assert client_for(world.staff).get(reverse(f"evaluations:{name}", kwargs={"pk": 999999999})).status_code == 404
    assert client_for(world.sponsor_user).get(url(name, company)).status_code == 200
    assert client_for(world.coordinator).get(url(name, network)).status_code == 200


def test_the_job_page_of_a_queued_report_polls_its_status(world, client_for):
    report = network_a_report(world)
    page = client_for(world.coordinator).get(url("report-detail", report)).content.decode()
    assert f'hx-get="{url("report-status", report)}?visto=queued"' in page
    assert 'hx-trigger="every 2s"' in page
    assert 'aria-live="polite"' in page
    assert "En cola" in page
    assert "Ana Salas" in page


def test_the_status_fragment_stops_polling_and_offers_the_file_once_ready(world, client_for, ready):
    report = ready(scope=Scope.NETWORK, network=world.network_a)
    response = client_for(world.staff).get(url("report-status", report) + "?visto=running", HTTP_HX_REQUEST="true")
    body = response.content.decode().strip()
    assert body.startswith('<section id="report-status"')
    assert "hx-trigger" not in body
    assert f'href="{url("report-download", report)}"' in body
    assert "4 páginas" in body
    assert "1 min 23 s" in body
    # The state changed since the page last saw it: its live region is told.
    assert 'id="report-live" hx-swap-oob="innerHTML"' in body
    assert "Estado del informe: Listo. Ya se puede descargar." in body


def test_the_status_fragment_does_not_repeat_an_unchanged_state(world, client_for):
    report = network_a_report(world, status=Status.RUNNING, progress=30)
    body = client_for(world.staff).get(url("report-status", report) + "?visto=running").content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert "hx-swap-oob" not in body


def test_a_failed_report_says_why_and_offers_to_retry_to_whoever_asked(world, client_for):
    report = sponsor_report(
        world, "a", status=Status.FAILED, attempts=3, error="No se pudo generar el informe: superó el tiempo límite"
    )
    page = client_for(world.sponsor_user).get(url("report-detail", report)).content.decode()
    assert "No se pudo preparar el informe." in page
    assert "superó el tiempo límite" in page
    assert f'action="{url("report-retry", report)}"' in page
    # A coordinator sees failed network reports but may not retry them.
    failed = network_a_report(world, status=Status.FAILED, error="x")
    page = client_for(world.coordinator).get(url("report-detail", failed)).content.decode()
    assert f'action="{url("report-retry", failed)}"' not in page


def test_an_expired_report_says_when_its_file_was_removed_and_offers_to_ask_again(world, client_for):
    expired_on = timezone.now() - datetime.timedelta(days=2)
    report = sponsor_report(world, "a", status=Status.EXPIRED, expires_at=expired_on, file="")
    page = client_for(world.sponsor_user).get(url("report-detail", report)).content.decode()
    assert f"su archivo se eliminó el {timezone.localtime(expired_on):%d/%m/%Y}" in page
    assert "Pedir de nuevo" in page
    assert f'name="period" value="{report.period_start:%Y-%m}"' in page
    assert 'name="sponsor"' not in page  # a sponsor's "ask again" names no company: theirs is implied
    assert (
        "Pedir de nuevo"
        not in client_for(world.coordinator)
        .get(url("report-detail", network_a_report(world, status=Status.EXPIRED, file="")))
        .content.decode()
    )


def test_asking_again_for_an_expired_report_makes_its_next_version(world, client_for):
    report = network_a_report(world, status=Status.EXPIRED, key="network:x:2026-10:pdf")
    page = client_for(world.staff).get(url("report-detail", report)).content.decode()
    fields = {
        part.split('name="')[1].split('"')[0]: part.split('value="')[1].split('"')[0]
        for part in page.split('<input type="hidden"')[1:]
        if 'name="' in part and "csrfmiddlewaretoken" not in part.split(">")[0]
    }
    assert fields == {"scope": "network", "network": str(world.network_a.pk), "period": this_month(), "format": "pdf"}
    response = client_for(world.staff).post(REQUEST, fields)
    assert response.status_code == 302
    assert MonitoringReport.objects.count() == 2


def test_staff_see_who_was_told_and_others_do_not(world, client_for, ready):
    report = ready(scope=Scope.NETWORK, network=world.network_a)
    ReportDelivery.objects.create(
        report=report, recipient=world.coordinator, email="rosa@example.com", status=ReportDelivery.Status.SENT
    )
    ReportDelivery.objects.create(
        report=report, recipient=world.staff, email="ana@example.com", status="failed", error="SMTPRecipientsRefused"
    )
    page = client_for(world.staff).get(url("report-detail", report)).content.decode()
    assert "Avisos por correo" in page
    assert "rosa@example.com" in page
    assert "✓ Enviado" in page
    assert "SMTPRecipientsRefused" in page
    assert "Nueva versión con comentario del equipo" in page
    coordinator_page = client_for(world.coordinator).get(url("report-detail", report)).content.decode()
    assert "rosa@example.com" not in coordinator_page
    assert "Nueva versión" not in coordinator_page


def test_the_job_page_links_the_other_versions_of_the_same_report(world, client_for, ready):
    first = ready(scope=Scope.NETWORK, network=world.network_a, key="network:a:2026-10:pdf", version=1)
    second = network_a_report(world, key="network:a:2026-10:pdf", version=2, narrative="Nota del equipo.")
    page = client_for(world.coordinator).get(url("report-detail", second)).content.decode()
    assert f'<a href="{url("report-detail", first)}">v1</a>' in page
    assert "Nota del equipo." in page


# --- Retry and new versions ---------------------------------------------------------------------------
def test_staff_retry_a_failed_report(world, client_for):
    report = network_a_report(world, status=Status.FAILED, attempts=3, error="No se pudo generar el informe: X")
    response = client_for(world.staff).post(url("report-retry", report))
    assert response["Location"] == url("report-detail", report)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (Status.QUEUED, 0, "")


def test_only_a_failed_report_is_retried(world, client_for, ready):
    report = ready(scope=Scope.NETWORK, network=world.network_a)
    response = client_for(world.staff).post(url("report-retry", report))
    assert response.status_code == 302
    assert "Solo se reintenta un informe que falló." in messages_of(response)
    report.refresh_from_db()
    assert report.status == Status.READY


def test_retry_is_refused_out_of_scope_and_to_coordinators(world, client_for):
    company = sponsor_report(world, "a", status=Status.FAILED)
    network = network_a_report(world, status=Status.FAILED)
    assert client_for(world.other_sponsor_user).post(url("report-retry", company)).status_code == 404
    assert client_for(world.sponsor_user).post(url("report-retry", network)).status_code == 404
    assert client_for(world.coordinator).post(url("report-retry", network)).status_code == 403
    assert client_for(world.staff).get(url("report-retry", network)).status_code == 405
    assert set(MonitoringReport.objects.values_list("status", flat=True)) == {Status.FAILED}


def test_staff_make_a_new_version_with_the_team_comment(world, client_for, ready):
    # The service's key of this report (the factory's own keys carry a suffix to stay unique).
    report = ready(scope=Scope.NETWORK, network=world.network_a, key=f"network:{world.network_a.pk}:{this_month()}:pdf")
    response = client_for(world.staff).post(url("report-version", report), {"narrative": "Subió la cobertura."})
    new = MonitoringReport.objects.exclude(pk=report.pk).get()
    assert response["Location"] == url("report-detail", new)
    assert (new.key, new.version, new.narrative) == (report.key, 2, "Subió la cobertura.")
    assert "La versión 2 está en cola. Esta página muestra su avance." in messages_of(response)


def test_a_new_version_with_a_megabyte_of_comment_is_refused_in_words(world, client_for):
    report = network_a_report(world, status=Status.FAILED)
    response = client_for(world.staff).post(url("report-version", report), {"narrative": MEGABYTE})
    assert response.status_code == 400
    assert "El texto puede tener como máximo 4000 caracteres" in response.content.decode()
    assert MonitoringReport.objects.count() == 1


def test_only_staff_make_new_versions(world, client_for):
    company = sponsor_report(world, "a")
    network = network_a_report(world)
    assert client_for(world.sponsor_user).post(url("report-version", company), {"narrative": "x"}).status_code == 403
    assert client_for(world.coordinator).post(url("report-version", network), {"narrative": "x"}).status_code == 403
    assert MonitoringReport.objects.count() == 2


# --- The file ------------------------------------------------------------------------------------------
def test_the_file_downloads_as_an_attachment_with_a_readable_name(world, client_for, ready):
    report = ready(scope=Scope.NETWORK, network=world.network_a)
    response = client_for(world.coordinator).get(url("report-download", report))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    month = f"{report.period_start:%Y-%m}"
    assert response["Content-Disposition"] == f'attachment; filename="informe-red-chulucanas-{month}-v1.pdf"'


def test_a_spreadsheet_downloads_with_its_own_type_and_name(world, client_for, ready):
    report = ready(scope=Scope.SPONSOR, sponsor=world.sponsor_a, format="xlsx", version=3)
    response = client_for(world.sponsor_user).get(url("report-download", report))
    assert response["Content-Type"] == XLSX_TYPE
    month = f"{report.period_start:%Y-%m}"
    assert f'filename="informe-minera-andina-del-norte-sac-{month}-v3.xlsx"' in response["Content-Disposition"]
    response.close()


def test_a_nation_report_of_a_year_is_named_for_the_nation_and_the_year(world, client_for, ready):
    year = timezone.localdate().year - 1
    report = ready(period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31))
    response = client_for(world.staff).get(url("report-download", report))
    assert f'filename="informe-nacional-{year}-v1.pdf"' in response["Content-Disposition"]
    response.close()


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RUNNING, Status.FAILED])
def test_there_is_no_file_to_download_before_the_report_is_ready(world, client_for, status):
    report = network_a_report(world, status=status)
    assert client_for(world.staff).get(url("report-download", report)).status_code == 404


def test_an_expired_file_answers_410_with_a_page_in_words(world, client_for, ready):
    expired = network_a_report(world, status=Status.EXPIRED, file="", expires_at=timezone.now())
    response = client_for(world.staff).get(url("report-download", expired))
    assert response.status_code == 410
    assert "Este informe venció: su archivo se eliminó el" in response.content.decode()
    # Past its expiry but not yet swept by the nightly task: the same answer, never the file.
    late = ready(scope=Scope.NETWORK, network=world.network_a, expires_at=timezone.now() - datetime.timedelta(hours=1))
    assert client_for(world.staff).get(url("report-download", late)).status_code == 410


def test_a_ready_report_whose_file_is_missing_answers_404(world, client_for):
    report = network_a_report(world, status=Status.READY, file="reports/tests/missing.pdf")
    assert client_for(world.staff).get(url("report-download", report)).status_code == 404


def test_guessing_ids_finds_nothing_of_another_sponsor(world, client_for, ready):
    theirs = [ready(scope=Scope.SPONSOR, sponsor=world.sponsor_b) for _ in range(3)]
    client = client_for(world.sponsor_user)
    for pk in range(min(r.pk for r in theirs) - 2, max(r.pk for r in theirs) + 3):
        for name in ("report-detail", "report-status", "report-download"):
            assert client.get(reverse(f"evaluations:{name}", kwargs={"pk": pk})).status_code == 404


# --- Presentation ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (45, "45 s"), (83, "1 min 23 s"), (605, "10 min 05 s"), (3720, "1 h 02 min")],
)
def test_durations_read_at_a_glance(seconds, text):
    assert duration_text(datetime.timedelta(seconds=seconds)) == text
    assert duration_text(None) == ""
