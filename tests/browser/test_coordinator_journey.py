"""A coordinator in the field, on a phone: the acceptance journey of issue 3, and nothing typed is lost.

coord.piura opens a school that is overdue for a visit, logs a classroom visit with a rubric and a photo,
sees it first in the school's history and the school leave the overdue list; coord.cusco gets 404 on
that visit and its photo. Then the draft kept by static/js/visit-form.js: a reload, a server-side error,
a lost connection and a lost response all keep what was typed, and a retry never makes a second visit.

Playwright drives Debian's chromium as in test_login_journeys.py. The browser is opened inside each
test (`with chromium() as browser:`) and closed before the database is asked how many visits there
are: while Playwright's sync API runs, this thread has a running asyncio loop and Django refuses ORM
calls (the guard stays on; DJANGO_ALLOW_ASYNC_UNSAFE is not used). So everything a page needs is read
from the `journey` fixture before the browser starts, and the database is checked after it stops.
Screenshots go to test-artifacts/screenshots/coordinator-journey-*.png.
"""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from chromium import PlaywrightError, chromium, expect, screenshot
from django.utils import timezone
from helpers import PHONE_WIDTH, fits_the_phone, phone, sign_in

from networks.models import Visit
from networks.selectors import competencies_for
from networks.tests.factories import VisitFactory
from networks.tests.images import image_bytes

OLD_VISIT_DAYS_AGO = 45  # more than CEE_VISIT_OVERDUE_DAYS (30)

OBSERVATIONS = "La docente usó el cartel de lectura; 18 de 22 estudiantes participaron en la lectura en voz alta."
AGREEMENTS = "Preparar preguntas inferenciales para la próxima sesión y compartirlas con el director."

pytestmark = [
    pytest.mark.browser,
    # live_server makes these tests transactional; serialized_rollback puts back the rows that data
    # migrations load (regions, curriculum: the rubric's competencies), which the flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def journey(world, live_server):
    """coord.piura's caseload: one school visited today, one last visited 45 days ago (overdue).

    Everything the pages are checked against is read here, before any browser starts.
    """
    today = timezone.localdate()
    visited, overdue, never_visited = world.schools_a  # schools_a[0] got a visit today in `world`
    VisitFactory(
        coordinator=world.coordinator,
        school=overdue,
        kind=Visit.Kind.DIRECTOR,
        date=today - datetime.timedelta(days=OLD_VISIT_DAYS_AGO),
    )
    teacher = world.teachers_a[overdue.pk][0]
    program_year = world.network_a.program_year_on(today)
    return SimpleNamespace(
        base_url=live_server.url,
        today=today,
        today_text=today.strftime("%d/%m/%Y"),
        overdue=overdue,
        overdue_name=overdue.name,
        visited_name=visited.name,
        never_visited_name=never_visited.name,
        other_network_names=[s.name for s in world.schools_b],
        teacher_pk=str(teacher.pk),
        teacher_last_name=teacher.last_name,
        teacher_first_name=teacher.first_name,
        school_teacher_pks=sorted(str(t.pk) for t in overdue.teachers.filter(is_active=True)),
        competencies=list(competencies_for(program_year).values_list("name_es", flat=True)),
        visits_before=Visit.objects.filter(school=overdue).count(),
        form_url=f"{live_server.url}/redes/visitas/nueva/?school={overdue.pk}",
        school_url=f"{live_server.url}/redes/instituciones/{overdue.pk}/",
        coordinator=world.coordinator.username,
        other_coordinator=world.other_coordinator.username,
    )


@pytest.fixture
def photo(tmp_path) -> Path:
    """A phone-sized JPEG with EXIF and a GPS position (the server must strip both)."""
    path = tmp_path / "aula.jpg"
    path.write_bytes(image_bytes("JPEG", (1200, 900), with_exif=True))
    return path


def _screenshot(page, name: str, *, full_page: bool = True) -> None:
    screenshot(page, f"coordinator-journey-{name}", full_page=full_page)


def _name(name: str) -> re.Pattern:
    """`name` as a whole, so "I.E. N.° 1001" is not found inside "I.E. N.° 10012"."""
    return re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])")


def _link(section, name: str):
    """The links of a section whose accessible name holds the school `name` as a whole."""
    return section.get_by_role("link", name=_name(name))


def _overdue_section(page):
    return page.get_by_role("region", name=re.compile("con visita atrasada"))


def _fill_visit(page, j, *, observations: str = OBSERVATIONS, rubric: bool = True) -> None:
    """Kind, teacher, duration, rubric, observations and agreements; the date stays today."""
    page.locator(".kind-choices").get_by_text("En aula", exact=True).click()
    expect(page.get_by_label("En aula", exact=True)).to_be_checked()
    page.get_by_label("Docente observado(a)").select_option(j.teacher_pk)
    page.get_by_label("Minutos").fill("45")
    if rubric:
        for competency in j.competencies:
            page.get_by_role("group", name=competency, exact=True).locator("label", has_text="3 · Logrado").click()
    page.get_by_label("Observaciones").fill(observations)
    page.get_by_label("Acuerdos").fill(AGREEMENTS)


# --- The acceptance journey -------------------------------------------------------------------------------


def test_coordinator_logs_a_classroom_visit_at_an_overdue_school_on_a_phone(journey, photo):
    j = journey
    with chromium() as browser:
        context, page = phone(browser)

        # 1. The caseload: the overdue school in the "visita atrasada" section, at the top.
        sign_in(page, j.base_url, j.coordinator)
        expect(page.get_by_role("heading", level=1)).to_have_text("Mi trabajo de campo")
        overdue = _overdue_section(page)
        expect(overdue.get_by_role("heading")).to_have_text("2 instituciones con visita atrasada")
        expect(_link(overdue, j.overdue_name)).to_have_count(1)
        expect(_link(overdue, j.never_visited_name)).to_have_count(1)
        expect(_link(overdue, j.visited_name)).to_have_count(0)
        for name in j.other_network_names:
            expect(_link(page.locator("main"), name)).to_have_count(0)
        first_section = page.locator("main section").first
        expect(first_section).to_have_attribute("aria-labelledby", "overdue-title")
        fits_the_phone(page)
        _screenshot(page, "01-caseload")

        # 2. The overdue school: "Atrasada"; "Registrar visita".
        _link(overdue, j.overdue_name).click()
        expect(page).to_have_url(j.school_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(j.overdue_name)
        expect(page.locator(".status-bad")).to_have_text(f"⚠ Atrasada: última visita hace {OLD_VISIT_DAYS_AGO} días")
        fits_the_phone(page)
        _screenshot(page, "02-school-overdue")
        page.get_by_role("link", name="Registrar visita").click()

        expect(page).to_have_url(j.form_url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Registrar visita")
        expect(page.get_by_label("Institución educativa")).to_have_value(str(j.overdue.pk))
        expect(page.get_by_label("Fecha de la visita")).to_have_value(j.today.isoformat())
        # Only this school's teachers to choose from (and "Elija…").
        options = page.get_by_label("Docente observado(a)").locator("option:not([value=''])")
        assert sorted(options.evaluate_all("os => os.map(o => o.value)")) == j.school_teacher_pks
        expect(page.locator(".rubric fieldset")).to_have_count(len(j.competencies))
        fits_the_phone(page)
        _screenshot(page, "03-visit-form")
        _screenshot(page, "03-visit-form-first-screen", full_page=False)

        # 3. Log the classroom visit with a photo; a double tap on "Guardar visita".
        _fill_visit(page, j)
        page.set_input_files("input[name=photos]", photo)
        page.get_by_label("Acuerdos").scroll_into_view_if_needed()
        _screenshot(page, "03-visit-form-filled")
        _screenshot(page, "03-visit-form-filled-at-agreements", full_page=False)
        page.get_by_role("button", name="Guardar visita").dblclick()

        expect(page).to_have_url(re.compile(r"/redes/visitas/\d+/\?saved="))
        visit_path = urlsplit(page.url).path
        expect(page.get_by_role("status")).to_have_text("Visita guardada.")
        expect(page.get_by_role("heading", level=1)).to_have_text("Visita de acompañamiento en aula")
        main = page.locator("main")
        expect(main).to_contain_text(j.today_text)
        expect(main).to_contain_text(f"{j.teacher_first_name} {j.teacher_last_name}")
        expect(main).to_contain_text("45 minutos")
        expect(main).to_contain_text(OBSERVATIONS)
        expect(main).to_contain_text(AGREEMENTS)
        rubric = page.get_by_role("region", name="Rúbrica de observación")
        expect(rubric.locator("tbody tr")).to_have_count(len(j.competencies))
        figure = page.locator("figure")
        expect(figure).to_have_count(1)
        expect(figure.locator("figcaption")).to_have_text("Pendiente de aprobación")
        image = figure.get_by_role("img")
        image.scroll_into_view_if_needed()
        expect(image).to_have_attribute("alt", re.compile(rf"Foto de la visita a .*{re.escape(j.today_text)}"))
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        photo_url = j.base_url + image.get_attribute("src")
        answer = page.request.get(photo_url)
        assert answer.status == 200
        assert answer.headers["content-type"] == "image/jpeg"
        assert b"GPS-Phone" not in answer.body(), "the phone's EXIF survived the re-encoding"
        fits_the_phone(page)
        page.evaluate("window.scrollTo(0, 0)")
        _screenshot(page, "04-visit-saved")

        # 4. First in the school's history, "Al día"; the school left the overdue list.
        page.locator("main nav").get_by_role("link", name=j.overdue_name).click()
        expect(page).to_have_url(j.school_url)
        expect(page.locator(".status-ok")).to_contain_text("Al día")
        history = page.get_by_role("region", name="Historial de visitas").locator(".visit-row")
        expect(history).to_have_count(j.visits_before + 1)
        expect(history.first.get_by_role("link")).to_have_attribute("href", visit_path)
        expect(history.first).to_contain_text(f"{j.today_text} · Visita de acompañamiento en aula")
        expect(history.nth(1)).to_contain_text("Reunión con el director")
        fits_the_phone(page)
        _screenshot(page, "05-school-up-to-date")

        page.get_by_role("link", name="cee").first.click()
        expect(page).to_have_url(f"{j.base_url}/")
        overdue = _overdue_section(page)
        expect(overdue.get_by_role("heading")).to_have_text("1 institución con visita atrasada")
        expect(_link(overdue, j.overdue_name)).to_have_count(0)
        expect(_link(overdue, j.never_visited_name)).to_have_count(1)
        school_row = page.get_by_role("region", name="Mis instituciones").get_by_role(
            "link", name=_name(j.overdue_name)
        )
        expect(school_row).to_contain_text("Visitada hoy")
        fits_the_phone(page)
        _screenshot(page, "06-caseload-after")

        # 6. Sign out; coord.cusco, in a new context, gets 404 for the visit and for its photo.
        page.get_by_role("button", name="Salir").click()
        expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
        context.close()

        context, page = phone(browser)
        sign_in(page, j.base_url, j.other_coordinator)
        for url, name in (
            (j.base_url + visit_path, "07-other-coordinator-visit"),
            (photo_url, "08-other-coordinator-photo"),
        ):
            response = page.goto(url)
            assert response.status == 404, url
            expect(page.get_by_role("heading", level=1)).to_have_text("No encontramos esta página")
            expect(page.locator("main")).not_to_contain_text(OBSERVATIONS)
            fits_the_phone(page)
            _screenshot(page, name)
        context.close()

    # 5. Double submit protection: one visit, with its rubric and its photo awaiting approval.
    visits = Visit.objects.filter(school=j.overdue).order_by("-created_at")
    assert visits.count() == j.visits_before + 1
    visit = visits.first()
    assert visit_path == f"/redes/visitas/{visit.pk}/"
    assert (visit.coordinator.username, visit.kind, visit.date) == (j.coordinator, Visit.Kind.CLASSROOM, j.today)
    assert (str(visit.teacher_id), visit.duration_minutes) == (j.teacher_pk, 45)
    assert sorted(visit.scores.values_list("score", flat=True)) == [3] * len(j.competencies)
    assert [p.approved_at for p in visit.photos.all()] == [None]


# --- Nothing typed is lost --------------------------------------------------------------------------------


def test_a_reload_and_a_server_error_keep_what_was_typed(journey):
    j = journey
    typed = "Observación larga escrita en el aula: no debe perderse si la señal se corta."
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, j.base_url, j.coordinator)
        page.goto(j.form_url)
        expect(page.locator("[data-draft-note]")).to_be_hidden()
        page.get_by_label("Docente observado(a)").select_option(j.teacher_pk)
        page.get_by_label("Observaciones").fill(typed)
        client_uuid = page.locator("input[name=client_uuid]").input_value()

        # A reload (a retry after a lost connection) gives a fresh form: the draft fills it back.
        page.reload()
        expect(page.get_by_label("Observaciones")).to_have_value(typed)
        expect(page.get_by_label("Docente observado(a)")).to_have_value(j.teacher_pk)
        expect(page.locator("input[name=client_uuid]")).to_have_value(client_uuid)
        note = page.locator("[data-draft-note]")
        expect(note).to_be_visible()
        expect(note).to_contain_text("Recuperamos lo que escribió")
        _screenshot(page, "draft-01-restored", full_page=False)

        # A date in the future (typed around the date picker's max): a Spanish error next to the date.
        page.eval_on_selector("#id_date", "e => e.value = '2099-01-01'")
        page.get_by_role("button", name="Guardar visita").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Registrar visita")
        date = page.get_by_label("Fecha de la visita")
        expect(date).to_have_class(re.compile(r"\bis-invalid\b"))
        expect(date).to_have_value("2099-01-01")
        error = page.locator("#div_id_date .invalid-feedback")
        expect(error).to_have_text("La fecha no puede ser posterior a hoy.")
        expect(error).to_be_visible()
        expect(page.get_by_label("Observaciones")).to_have_value(typed)
        expect(page.get_by_label("Docente observado(a)")).to_have_value(j.teacher_pk)
        expect(page.locator("input[name=client_uuid]")).to_have_value(client_uuid)
        expect(page.locator(".is-invalid")).to_have_count(1)
        date.scroll_into_view_if_needed()
        fits_the_phone(page)
        _screenshot(page, "draft-02-future-date-error")
        _screenshot(page, "draft-02-future-date-error-at-date", full_page=False)
        context.close()

    assert Visit.objects.filter(school=j.overdue).count() == j.visits_before


def test_offline_submit_keeps_the_draft_and_the_retry_makes_one_visit(journey):
    j = journey
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, j.base_url, j.coordinator)
        page.goto(j.form_url)
        _fill_visit(page, j)
        client_uuid = page.locator("input[name=client_uuid]").input_value()

        # The signal drops as "Guardar visita" is tapped: the navigation fails.
        context.set_offline(True)
        with pytest.raises(PlaywrightError), page.expect_navigation():
            page.get_by_role("button", name="Guardar visita").click()

        # Back online, the form again: the same visit (same UUID) with everything typed.
        context.set_offline(False)
        page.goto(j.form_url)
        expect(page.locator("[data-draft-note]")).to_be_visible()
        expect(page.locator("input[name=client_uuid]")).to_have_value(client_uuid)
        expect(page.get_by_label("Observaciones")).to_have_value(OBSERVATIONS)
        expect(page.get_by_label("Acuerdos")).to_have_value(AGREEMENTS)
        expect(page.get_by_label("Docente observado(a)")).to_have_value(j.teacher_pk)
        expect(page.get_by_label("Minutos")).to_have_value("45")
        for competency in j.competencies:
            expect(page.get_by_role("group", name=competency, exact=True).get_by_label("3 · Logrado")).to_be_checked()
        _screenshot(page, "offline-01-draft-restored", full_page=False)

        page.get_by_role("button", name="Guardar visita").click()
        expect(page).to_have_url(re.compile(r"/redes/visitas/\d+/\?saved=" + client_uuid))
        expect(page.get_by_role("status")).to_have_text("Visita guardada.")
        _screenshot(page, "offline-02-saved")

        # The saved visit's draft is gone (visit-saved.js runs deferred, after the page shows): the next
        # visit starts empty.
        page.wait_for_function(
            "uuid => !Object.keys(localStorage).some(k => (localStorage.getItem(k) || '').includes(uuid))",
            arg=client_uuid,
        )
        page.goto(j.form_url)
        expect(page.locator("[data-draft-note]")).to_be_hidden()
        expect(page.get_by_label("Observaciones")).to_have_value("")
        expect(page.locator("input[name=client_uuid]")).not_to_have_value(client_uuid)
        context.close()

    assert Visit.objects.filter(school=j.overdue).count() == j.visits_before + 1
    assert Visit.objects.get(client_uuid=client_uuid).observations == OBSERVATIONS


def test_a_lost_response_then_a_retry_makes_one_visit(journey):
    """The visit reached the server but its answer never reached the phone: the retry must not duplicate."""
    j = journey
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, j.base_url, j.coordinator)
        page.goto(j.form_url)
        _fill_visit(page, j, rubric=False)
        client_uuid = page.locator("input[name=client_uuid]").input_value()

        def deliver_then_drop(route):
            route.fetch(max_redirects=0)  # the server saves the visit...
            route.abort("timedout")  # ...and the phone never hears back

        page.route(re.compile(r"/redes/visitas/nueva/"), deliver_then_drop)
        with pytest.raises(PlaywrightError), page.expect_navigation():
            page.get_by_role("button", name="Guardar visita").click()
        page.unroute(re.compile(r"/redes/visitas/nueva/"))

        page.goto(j.form_url)
        expect(page.locator("input[name=client_uuid]")).to_have_value(client_uuid)
        expect(page.get_by_label("Observaciones")).to_have_value(OBSERVATIONS)
        page.get_by_role("button", name="Guardar visita").click()
        expect(page).to_have_url(re.compile(r"/redes/visitas/\d+/\?saved=" + client_uuid))
        expect(page.get_by_role("status")).to_have_text("Esta visita ya estaba guardada: no se duplicó.")
        _screenshot(page, "retry-01-not-duplicated")
        context.close()

    assert Visit.objects.filter(school=j.overdue).count() == j.visits_before + 1


# --- Regressions: bugs these journeys once found (future date lost the rubric, drafts crossing schools,
# status sentences wider than the phone).


def test_a_future_date_keeps_the_rubric_scores(journey):
    j = journey
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, j.base_url, j.coordinator)
        page.goto(j.form_url)
        _fill_visit(page, j)
        page.eval_on_selector("#id_date", "e => e.value = '2099-01-01'")
        page.get_by_role("button", name="Guardar visita").click()
        expect(page.locator("#div_id_date .invalid-feedback")).to_have_text("La fecha no puede ser posterior a hoy.")
        messages = page.locator(".alert-danger").all_inner_texts()
        checked = page.locator(".rubric input[type=radio]:checked").evaluate_all("es => es.map(e => e.value)")
        context.close()
    assert not any("None" in message for message in messages), messages
    assert checked == ["3"] * len(j.competencies)


def test_a_draft_for_one_school_does_not_move_another_schools_form(journey, world):
    j = journey
    other_school = world.schools_a[2]
    other_form_url = f"{j.base_url}/redes/visitas/nueva/?school={other_school.pk}"
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, j.base_url, j.coordinator)
        page.goto(j.form_url)
        page.get_by_label("Observaciones").fill(OBSERVATIONS)  # a draft for the overdue school, not sent
        page.goto(other_form_url)
        expect(page.locator("main p.mb-2 .fw-semibold")).to_have_text(other_school.name)
        chosen = page.get_by_label("Institución educativa").input_value()
        context.close()
    assert chosen == str(other_school.pk), "the form for one school now posts to another"


def test_the_caseload_fits_the_phone_when_every_school_is_up_to_date(world, live_server):
    today = timezone.localdate()
    for school in world.schools_a[1:]:
        VisitFactory(coordinator=world.coordinator, school=school, date=today - datetime.timedelta(days=3))
    j = SimpleNamespace(base_url=live_server.url)
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, j.base_url, world.coordinator.username)
        expect(_overdue_section(page)).to_contain_text("Al día: todas sus instituciones tienen una visita reciente.")
        _screenshot(page, "bug-caseload-all-up-to-date")
        width = page.evaluate("document.documentElement.scrollWidth")
        context.close()
    assert width <= PHONE_WIDTH


def test_a_long_overdue_status_fits_the_phone(world, live_server):
    school = world.schools_a[1]
    VisitFactory(coordinator=world.coordinator, school=school, date=timezone.localdate() - datetime.timedelta(days=150))
    j = SimpleNamespace(base_url=live_server.url)
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, j.base_url, world.coordinator.username)
        page.goto(f"{live_server.url}/redes/instituciones/{school.pk}/")
        expect(page.locator(".status-bad")).to_have_text("⚠ Atrasada: última visita hace 150 días")
        _screenshot(page, "bug-school-150-days", full_page=False)
        width = page.evaluate("document.documentElement.scrollWidth")
        context.close()
    assert width <= PHONE_WIDTH
