"""A coordinator records a workshop's attendance on a 360 × 740 phone, and another coordinator cannot.

coord.piura opens the workshops, then a workshop of their network (for directors, teachers and parents,
held today), ticks two teachers, writes the parents of one school, and double-taps "Guardar asistencia":
one save. Reopening the attendance shows the ticks and the parents. coord.cusco gets 404 on the workshop
and on its attendance.

As in test_coordinator_journey.py, everything the pages are checked against is read before the browser
starts, and the database is checked after it stops (Django refuses ORM calls while Playwright's sync
API runs). Screenshots go to test-artifacts/screenshots/workshop-attendance-*.png.
"""

from types import SimpleNamespace

import pytest
from chromium import chromium, expect, screenshot
from django.utils import timezone
from helpers import fits_the_phone, phone, sign_in

from workshops.models import Attendance, ParentAttendance, Workshop
from workshops.tests.factories import WorkshopFactory

PARENTS = 14

pytestmark = [
    pytest.mark.browser,
    # live_server makes these tests transactional; serialized_rollback puts back the rows that data
    # migrations load (regions, curriculum), which the flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def journey(world, live_server):
    """A workshop of network A today, for directors, teachers and parents; nothing recorded yet."""
    today = timezone.localdate()
    workshop = WorkshopFactory(
        network=world.network_a,
        title="Taller de lectura en familia",
        starts_on=today,
        ends_on=today,
        for_directors=True,
        for_teachers=True,
        for_parents=True,
        duration_hours=3,
    )
    school = world.schools_a[0]
    teachers = world.teachers_a[school.pk]
    return SimpleNamespace(
        base_url=live_server.url,
        workshop_pk=workshop.pk,
        title=workshop.title,
        detail_url=f"{live_server.url}/talleres/{workshop.pk}/",
        attendance_url=f"{live_server.url}/talleres/{workshop.pk}/asistencia/",
        school_name=school.name,
        school_pk=school.pk,
        teacher_names=[f"{t.first_name} {t.last_name}" for t in teachers],
        teacher_pks={t.pk for t in teachers},
        other_teacher_names=[f"{t.first_name} {t.last_name}" for t in world.teachers_a[world.schools_a[1].pk]],
        coordinator=world.coordinator.username,
        other_coordinator=world.other_coordinator.username,
    )


def _screenshot(page, name: str, *, full_page: bool = True) -> None:
    screenshot(page, f"workshop-attendance-{name}", full_page=full_page)


def test_a_coordinator_records_attendance_on_a_phone_once_and_another_coordinator_gets_404(journey):
    j = journey
    posts = []
    with chromium() as browser:
        context, page = phone(browser)
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/asistencia/" in r.url else None)

        # 1. The workshops of my networks; the workshop's page; "Registrar asistencia".
        sign_in(page, j.base_url, j.coordinator)
        page.goto(f"{j.base_url}/talleres/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Talleres")
        fits_the_phone(page)
        _screenshot(page, "01-list")
        page.locator("main").get_by_role("link", name=j.title).first.click()
        expect(page).to_have_url(j.detail_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(j.title)
        expect(page.locator("main")).to_contain_text("Aún no se registró la asistencia.")
        fits_the_phone(page)
        _screenshot(page, "02-workshop")
        page.get_by_role("link", name="Registrar asistencia").click()
        expect(page).to_have_url(j.attendance_url)

        # 2. Two teachers ticked (big boxes: a tap on the name ticks), the parents of one school.
        school = page.locator("fieldset.roster-school", has_text=j.school_name)
        for name in j.teacher_names:
            box = school.get_by_label(name, exact=True)
            expect(box).not_to_be_checked()
            school.locator("label.tick", has_text=name).tap()
            expect(box).to_be_checked()
            assert school.locator("label.tick", has_text=name).bounding_box()["height"] >= 44
        school.get_by_label("Padres de familia asistentes").fill(str(PARENTS))
        fits_the_phone(page)
        _screenshot(page, "03-ticked")
        _screenshot(page, "03-ticked-first-screen", full_page=False)

        # 3. A double tap on "Guardar asistencia": one save.
        page.get_by_role("button", name="Guardar asistencia").dblclick()
        expect(page).to_have_url(j.detail_url)
        expect(page.get_by_role("status").first).to_have_text("Asistencia guardada.")
        expect(page.locator("main")).to_contain_text("de 6 docentes invitados")
        expect(page.locator(".stat-card").nth(1)).to_contain_text("2")
        fits_the_phone(page)
        _screenshot(page, "04-saved")

        # 4. Reopened: the two ticks and the parents are there; nobody else is ticked.
        page.get_by_role("link", name="Corregir asistencia").click()
        expect(page).to_have_url(j.attendance_url)
        school = page.locator("fieldset.roster-school", has_text=j.school_name)
        for name in j.teacher_names:
            expect(school.get_by_label(name, exact=True)).to_be_checked()
        for name in j.other_teacher_names:
            expect(page.get_by_label(name, exact=True)).not_to_be_checked()
        expect(school.get_by_label("Padres de familia asistentes")).to_have_value(str(PARENTS))
        expect(page.locator("input[name=attended]:checked")).to_have_count(2)
        _screenshot(page, "05-reopened")
        context.close()

        # 5. coord.cusco: 404 on the workshop and on its attendance.
        context, page = phone(browser)
        sign_in(page, j.base_url, j.other_coordinator)
        for url, name in ((j.detail_url, "06-other-coordinator-workshop"), (j.attendance_url, "07-other-attendance")):
            response = page.goto(url)
            assert response.status == 404, url
            expect(page.get_by_role("heading", level=1)).to_have_text("No encontramos esta página")
            expect(page.locator("main")).not_to_contain_text(j.title)
            fits_the_phone(page)
            _screenshot(page, name)
        context.close()

    # One save: the two teachers, once each in the history; the parents once; the version bumped once.
    assert 1 <= len(posts) <= 2
    came = Attendance.objects.filter(workshop_id=j.workshop_pk, attended=True)
    assert set(came.values_list("teacher_id", flat=True)) == j.teacher_pks
    assert Attendance.history.filter(workshop_id=j.workshop_pk).count() == 2
    assert list(ParentAttendance.objects.filter(workshop_id=j.workshop_pk).values_list("school_id", "count")) == [
        (j.school_pk, PARENTS)
    ]
    assert ParentAttendance.history.filter(workshop_id=j.workshop_pk).count() == 1
    assert Workshop.objects.get(pk=j.workshop_pk).attendance_version == 1
