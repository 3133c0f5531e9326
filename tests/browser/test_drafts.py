"""Drafts of the visit form on a phone that coordinators share.

static/js/visit-form.js keeps what is typed in localStorage under a key that names the person
(`cee:visit:u<user pk>:new:<school pk>`, `cee:visit:u<user pk>:<visit pk>`) and never keeps the edit
form's `version` (nor the CSRF token): an edit's draft remembers what the form held when the person
began and the version it was. static/js/session.js asks before "Salir" throws this person's unsent
drafts away, then removes them. Journeys on a 360x740 phone against the live server:

1. one coordinator's draft never shows up for the next person who signs in on the same phone;
2. "Salir" with drafts asks first (cancel: nothing happens; accept: signed out, drafts gone), and
   without drafts signs out without asking;
3. a draft of the edit form kept while staff corrected the visit brings back what the person changed,
   over staff's correction, and the form keeps the version the server just sent: the save goes through
   and keeps both; where both changed the same field, staff's value stays and the person's text is
   shown beside the form, so a stale draft never silently undoes a correction.

Playwright drives Debian's chromium as in the other journeys (chromium.py, helpers.py); the data is
built before the browser starts and the database is read (or changed) only while no browser runs.
Screenshots go to test-artifacts/screenshots/drafts-*.png.
"""

import json
import re
from types import SimpleNamespace

import pytest
from chromium import chromium, expect, screenshot
from django.utils import timezone
from helpers import DRAFT_PREFIX, fits_the_phone, phone, sign_in, stored_drafts

from networks.models import Visit
from networks.services import visit_update
from networks.tests.factories import VisitFactory

OBSERVATIONS_A = "Borrador de Rosa: la docente de 2.° B leyó un cuento y 15 estudiantes respondieron preguntas."
AGREEMENTS = "Preparar material para la próxima visita."
CONFIRM = "Hay borradores sin guardar en este teléfono. Al salir se borrarán. ¿Desea salir?"

pytestmark = [
    pytest.mark.browser,
    # live_server makes these tests transactional; serialized_rollback puts back the rows that data
    # migrations load (regions, curriculum: the rubric's competencies), which the flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def phones(world, live_server):
    """coord.piura (network A) and coord.cusco (network B), with the form of one school of each."""
    base_url = live_server.url
    school_a, school_b = world.schools_a[1], world.schools_b[1]
    return SimpleNamespace(
        base_url=base_url,
        a=world.coordinator.username,
        a_pk=world.coordinator.pk,
        b=world.other_coordinator.username,
        b_pk=world.other_coordinator.pk,
        form_a=f"{base_url}/redes/visitas/nueva/?school={school_a.pk}",
        key_a=f"cee:visit:u{world.coordinator.pk}:new:{school_a.pk}",
        form_b=f"{base_url}/redes/visitas/nueva/?school={school_b.pk}",
        key_b=f"cee:visit:u{world.other_coordinator.pk}:new:{school_b.pk}",
        school_b_name=school_b.name,
    )


def _screenshot(page, name: str, *, full_page: bool = False, at: str | None = None) -> None:
    """One screen of the phone (or the whole page); `at` names a field to scroll to first."""
    if at:
        page.get_by_label(at).scroll_into_view_if_needed()
    screenshot(page, f"drafts-{name}", full_page=full_page)


def _type_a_draft(page, form_url: str, text: str = OBSERVATIONS_A) -> None:
    """Open the form and type observations (kept by visit-form.js on every keystroke); nothing is sent."""
    page.goto(form_url)
    expect(page.locator("[data-draft-note]")).to_be_hidden()
    page.get_by_label("Observaciones").fill(text)


def _form_values(page) -> list[str]:
    """Every value a form control of the page holds (what a person could read or send)."""
    return page.locator("input, textarea, select").evaluate_all("els => els.map(e => e.value)")


def _end_the_session(context) -> None:
    """The session ends without "Salir" (it expired, or the cookies were cleared): localStorage stays."""
    context.clear_cookies()


# --- 1. Drafts are per person -----------------------------------------------------------------------------


def test_a_draft_stays_with_the_person_who_typed_it(phones):
    p = phones
    with chromium() as browser:
        context, page = phone(browser)

        # coord.piura types observations at one of her schools and does not send them.
        sign_in(page, p.base_url, p.a)
        _type_a_draft(page, p.form_a)
        drafts = stored_drafts(page)
        assert list(drafts) == [p.key_a], drafts
        assert f":u{p.a_pk}:" in p.key_a
        assert json.loads(drafts[p.key_a])["values"]["observations"] == OBSERVATIONS_A
        fits_the_phone(page)
        _screenshot(page, "01-a-typing", at="Observaciones")

        # Her session ends without "Salir"; coord.cusco signs in on the same phone (same localStorage).
        _end_the_session(context)
        sign_in(page, p.base_url, p.b)

        # B cannot open A's school (other network): a form without a school, and without A's text.
        page.goto(p.form_a)
        expect(page.get_by_role("status")).to_contain_text("no está a su cargo")
        expect(page.get_by_label("Institución educativa")).to_have_value("")
        expect(page.get_by_label("Observaciones")).to_have_value("")
        expect(page.locator("[data-draft-note]")).to_be_hidden()
        assert OBSERVATIONS_A not in _form_values(page)
        expect(page.locator("body")).not_to_contain_text(OBSERVATIONS_A)
        fits_the_phone(page)
        _screenshot(page, "02-b-at-a-school")

        # B's own school: an empty form.
        page.goto(p.form_b)
        expect(page.locator("main p.mb-2 .fw-semibold")).to_have_text(p.school_b_name)
        expect(page.get_by_label("Observaciones")).to_have_value("")
        expect(page.locator("[data-draft-note]")).to_be_hidden()
        assert OBSERVATIONS_A not in _form_values(page)
        expect(page.locator("body")).not_to_contain_text(OBSERVATIONS_A)
        fits_the_phone(page)
        _screenshot(page, "03-b-own-school", at="Observaciones")

        # B types too: B's draft gets B's key; A's draft is still A's, untouched.
        page.get_by_label("Observaciones").fill("Borrador de Luis.")
        drafts = stored_drafts(page)
        assert sorted(drafts) == sorted([p.key_a, p.key_b]), drafts
        assert json.loads(drafts[p.key_a])["values"]["observations"] == OBSERVATIONS_A
        assert json.loads(drafts[p.key_b])["values"]["observations"] == "Borrador de Luis."
        assert all(k.startswith(f"cee:visit:u{p.a_pk}:") for k, v in drafts.items() if OBSERVATIONS_A in v)

        # A, back on the phone later, finds her draft where she left it.
        _end_the_session(context)
        sign_in(page, p.base_url, p.a)
        page.goto(p.form_a)
        expect(page.get_by_label("Observaciones")).to_have_value(OBSERVATIONS_A)
        expect(page.locator("[data-draft-note]")).to_contain_text("Recuperamos lo que escribió")
        _screenshot(page, "04-a-back", at="Observaciones")
        context.close()


# --- 2. Logout clears drafts, after asking ----------------------------------------------------------------


def test_salir_asks_before_throwing_drafts_away(phones):
    p = phones
    dialogs = []

    def answer(accept: bool):
        def handle(dialog):
            dialogs.append((dialog.type, dialog.message))
            dialog.accept() if accept else dialog.dismiss()

        return handle

    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, p.base_url, p.a)
        _type_a_draft(page, p.form_a)
        _screenshot(page, "05-draft-before-salir", at="Observaciones")

        # "Salir", then "Cancelar": still signed in, still on the form, the draft still on the phone.
        page.once("dialog", answer(accept=False))
        page.get_by_role("button", name="Salir").click()
        expect(page.get_by_role("button", name="Salir")).to_be_visible()
        expect(page).to_have_url(p.form_a)
        expect(page.get_by_label("Observaciones")).to_have_value(OBSERVATIONS_A)
        assert list(stored_drafts(page)) == [p.key_a]
        page.reload()  # the session really is still open (and the page is no longer held by the dialog)
        expect(page).to_have_url(p.form_a)
        expect(page.get_by_label("Observaciones")).to_have_value(OBSERVATIONS_A)
        assert dialogs == [("confirm", CONFIRM)]
        _screenshot(page, "06-salir-cancelled", at="Observaciones")

        # "Salir", then "Aceptar": signed out, and no "cee:" key left on the phone.
        page.once("dialog", answer(accept=True))
        page.get_by_role("button", name="Salir").click()
        expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
        assert dialogs == [("confirm", CONFIRM)] * 2
        assert stored_drafts(page) == {}
        assert not page.evaluate("prefix => Object.keys(localStorage).some(k => k.startsWith(prefix))", DRAFT_PREFIX)
        fits_the_phone(page)
        _screenshot(page, "07-signed-out")

        # Signed in again, the form is empty: nothing of the draft came back.
        sign_in(page, p.base_url, p.a)
        page.goto(p.form_a)
        expect(page.get_by_label("Observaciones")).to_have_value("")
        expect(page.locator("[data-draft-note]")).to_be_hidden()
        context.close()


def test_salir_without_drafts_signs_out_without_asking(phones):
    p = phones
    dialogs = []
    with chromium() as browser:
        context, page = phone(browser)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        sign_in(page, p.base_url, p.a)
        page.goto(p.form_a)  # opened, nothing typed: no draft is kept
        assert stored_drafts(page) == {}
        page.get_by_role("button", name="Salir").click()
        expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
        expect(page.get_by_role("button", name="Ingresar")).to_be_visible()
        context.close()
    assert dialogs == []


# --- 3. A stale draft never restores the version ----------------------------------------------------------


@pytest.fixture
def correction(world, live_server):
    """coord.piura's own classroom visit of today (version 1, hers to edit for 7 days), and staff to correct it."""
    school = world.schools_a[0]
    first_teacher, other_teacher = world.teachers_a[school.pk]
    visit = VisitFactory(
        coordinator=world.coordinator,
        school=school,
        kind=Visit.Kind.CLASSROOM,
        teacher=first_teacher,
        date=timezone.localdate(),
        observations="",
        agreements=AGREEMENTS,
    )
    assert visit.version == 1
    return SimpleNamespace(
        base_url=live_server.url,
        visit=visit,
        staff=world.staff,
        a=world.coordinator.username,
        key=f"cee:visit:u{world.coordinator.pk}:{visit.pk}",
        edit_url=f"{live_server.url}/redes/visitas/{visit.pk}/editar/",
        first_teacher=str(first_teacher.pk),
        other_teacher=other_teacher,
    )


def _open_the_edit_form_and_type(c, text: str) -> dict:
    """coord.piura opens her visit, types observations and closes the tab; returns the phone's storage."""
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, c.base_url, c.a)
        page.goto(c.edit_url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Editar visita")
        expect(page.locator("input[name=version]")).to_have_value("1")
        page.get_by_label("Observaciones").fill(text)
        draft = json.loads(stored_drafts(page)[c.key])
        assert draft["values"]["observations"] == text
        assert draft["baseVersion"] == "1"
        assert "version" not in draft["values"], draft
        assert "csrfmiddlewaretoken" not in draft["values"], draft
        _screenshot(page, "08-edit-draft", at="Observaciones")
        state = context.storage_state()  # the phone keeps its cookie and its localStorage
        context.close()
    return state


def test_a_stale_draft_of_the_edit_form_keeps_the_servers_version(correction):
    """The draft comes back, the version does not: the form carries the version the server just sent."""
    c = correction
    typed = "Rosa completa desde el teléfono: la sesión fue de comprensión lectora; 20 estudiantes leyeron."
    staffs = "Corrección de IPAE: enviar al director el plan de lectura antes del viernes."
    state = _open_the_edit_form_and_type(c, typed)

    # Meanwhile, staff correct the visit (the agreements, which Rosa did not touch): version 2.
    visit_update(user=c.staff, visit=c.visit, expected_version=1, agreements=staffs)
    server_version = str(Visit.objects.get(pk=c.visit.pk).version)
    assert server_version == "2"

    with chromium() as browser:
        context, page = phone(browser, storage_state=state)
        page.goto(c.edit_url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Editar visita")
        note = page.locator("[data-draft-note]")
        expect(note).to_be_visible()
        expect(note).to_contain_text("Recuperamos lo que escribió")
        expect(page.get_by_label("Observaciones")).to_have_value(typed)  # from the draft
        expect(page.get_by_label("Acuerdos")).to_have_value(staffs)  # from the server
        expect(page.locator("input[name=version]")).to_have_value(server_version)  # the server's, not the draft's
        fits_the_phone(page)
        _screenshot(page, "09-edit-draft-restored")
        _screenshot(page, "09-edit-draft-restored-at-observations", at="Observaciones")
        _screenshot(page, "09-edit-draft-restored-full", full_page=True)

        # The version is current: the save goes through the normal way, and the draft is forgotten.
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.get_by_role("button", name="Guardar visita").click()
        assert posted.value.status == 302
        expect(page).to_have_url(re.compile(rf"/redes/visitas/{c.visit.pk}/\?saved="))
        expect(page.get_by_role("status")).to_have_text("Cambios guardados.")
        expect(page.locator("main")).to_contain_text(typed)
        expect(page.locator("main")).to_contain_text(staffs)
        # visit-saved.js (deferred) forgets the draft that produced the saved visit.
        page.wait_for_function("key => localStorage.getItem(key) === null", arg=c.key)
        fits_the_phone(page)
        _screenshot(page, "10-edit-saved")
        context.close()

    visit = Visit.objects.get(pk=c.visit.pk)
    assert (visit.version, visit.observations, visit.agreements) == (3, typed, staffs)


def test_a_stale_draft_never_silently_undoes_a_correction(correction):
    """Rosa typed observations; staff then corrected the teacher and the observations.

    Her draft brings back nothing staff changed: the teacher stays staff's, and where both changed the
    observations, staff's text stays in the field and hers is shown beside the form to copy. Saving
    keeps staff's correction.
    """
    c = correction
    rosa = "Texto de Rosa, escrito antes de la corrección."
    state = _open_the_edit_form_and_type(c, rosa)
    visit_update(
        user=c.staff, visit=c.visit, expected_version=1, teacher=c.other_teacher, observations="Corrección de IPAE."
    )
    with chromium() as browser:
        context, page = phone(browser, storage_state=state)
        page.goto(c.edit_url)
        expect(page.locator("input[name=version]")).to_have_value("2")
        expect(page.get_by_label("Docente observado(a)")).to_have_value(str(c.other_teacher.pk))
        expect(page.get_by_label("Observaciones")).to_have_value("Corrección de IPAE.")
        stale = page.locator("[data-draft-stale]")
        expect(stale).to_be_visible()
        expect(stale).to_contain_text("Otra persona guardó cambios en esta visita")
        expect(stale.locator("li")).to_have_text(f"Observaciones: {rosa}")
        fits_the_phone(page)
        _screenshot(page, "11-stale-draft-over-a-correction")
        _screenshot(page, "11-stale-draft-over-a-correction-full", full_page=True)

        page.reload()  # the person's text stays shown until saved or discarded
        expect(page.locator("[data-draft-stale] li")).to_have_text(f"Observaciones: {rosa}")

        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.get_by_role("button", name="Guardar visita").click()
        status = posted.value.status
        page.wait_for_load_state()
        context.close()
    visit = Visit.objects.get(pk=c.visit.pk)
    assert status == 302
    assert (visit.teacher_id, visit.observations) == (c.other_teacher.pk, "Corrección de IPAE.")
