"""A coordinator on a phone records a meeting of parents and teachers, then follows it up to its resolution.

From the school's page: "Registrar reunión con familias" → the problem, the agreements at home and at
school, how many came, who follows up and when → saved once though tapped twice → it shows on the school's
page as open → later, "Registrar seguimiento" closes it → it shows as resolved. Another coordinator gets 404.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from chromium import chromium, expect, screenshot
from django.utils import timezone
from helpers import fits_the_phone, phone, sign_in

from networks.models import FamilyMeeting

pytestmark = [
    pytest.mark.browser,
    # live_server makes these tests transactional; serialized_rollback puts back the migrated rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROBLEM = "Varios estudiantes de 3.° llegan sin desayunar y se duermen en clase."


@pytest.fixture
def journey(world, live_server):
    school = world.schools_a[2]
    return SimpleNamespace(
        base_url=live_server.url,
        school=school,
        school_url=f"{live_server.url}/redes/instituciones/{school.pk}/",
        a=world.coordinator.username,
        b=world.other_coordinator.username,
        follow_up=(timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    )


def _screenshot(page, name: str, *, full_page: bool = True) -> None:
    screenshot(page, f"family-meeting-{name}", full_page=full_page)


def test_a_coordinator_records_a_meeting_with_families_and_closes_it(journey):
    j = journey
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, j.base_url, j.a)
        page.goto(j.school_url)
        page.get_by_role("link", name="Registrar reunión con familias").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Registrar reunión con familias")
        expect(page.get_by_label("Institución educativa")).to_have_value(str(j.school.pk))
        page.get_by_text("Escuela de padres").click()
        page.get_by_label("Problema que se trató").fill(PROBLEM)
        page.get_by_label("Acuerdos para la casa").fill("Las familias se turnan para el desayuno comunal.")
        page.get_by_label("Acuerdos para la escuela").fill("La docente avisa a la familia el mismo día.")
        page.get_by_role("spinbutton", name="Padres de familia").fill("18")
        page.get_by_role("spinbutton", name="Docentes").fill("2")
        page.get_by_label("Quién hace el seguimiento").fill("Comité de padres de familia")
        page.get_by_label("Fecha de seguimiento").fill(j.follow_up)
        fits_the_phone(page)
        _screenshot(page, "01-form")
        button = page.get_by_role("button", name="Guardar reunión")
        button.dblclick()
        expect(page).to_have_url(re.compile(r"/redes/familias/\d+/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Escuela de padres")
        expect(page.locator("main")).to_contain_text(PROBLEM)
        expect(page.locator("main")).to_contain_text("Abierto")
        fits_the_phone(page)
        _screenshot(page, "02-saved")
        detail_url = page.url

        page.goto(j.school_url)
        expect(page.locator("section[aria-labelledby=families-title]")).to_contain_text(PROBLEM[:40])

        page.goto(detail_url)
        page.get_by_role("link", name="Registrar seguimiento").click()
        page.get_by_label("Resuelto el").fill(timezone.localdate().isoformat())
        page.get_by_label("Cómo se resolvió").fill("El desayuno comunal funciona desde hace dos semanas.")
        fits_the_phone(page)
        _screenshot(page, "03-follow-up")
        page.get_by_role("button", name="Guardar seguimiento").click()
        expect(page).to_have_url(detail_url)
        expect(page.locator("main")).to_contain_text("Resuelto el")
        _screenshot(page, "04-resolved")
        context.close()

        context, page = phone(browser)
        sign_in(page, j.base_url, j.b)
        response = page.goto(detail_url)
        assert response.status == 404
        context.close()

    [meeting] = FamilyMeeting.objects.all()
    assert meeting.kind == FamilyMeeting.Kind.PARENTS_SCHOOL
    assert (meeting.parents, meeting.teachers, meeting.version) == (18, 2, 2)
    assert meeting.resolved_on == timezone.localdate()
