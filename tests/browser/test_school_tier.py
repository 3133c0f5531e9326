"""The school tier in a real browser: a coordinator measures a goal on a phone, staff read a school's results.

coord.piura opens a school's goals on a 360 px phone, records a measure of a goal (a negative value is
refused next to the field, then the measure is saved once and the goal's status follows it), and is
refused a new target without a reason; staff see the results page's chart and its table on a laptop.
Playwright drives Debian's chromium through the shared launcher in tests/browser/chromium.py; the data
is built before the browser starts and checked after it stops (the ORM may not run meanwhile).
Screenshots go to test-artifacts/screenshots/school-tier-*.png.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from chromium import DESKTOP, chromium, expect, new_context, screenshot
from helpers import fits_the_phone, phone, sign_in

from evaluations.models import GoalProgress
from evaluations.tests.factories import AssessmentResultFactory, GoalProgressFactory, SchoolGoalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def tier(world, live_server):
    school = world.schools_a[0]
    year = world.network_a.cohort_start_year  # last school year: its year has started and ended
    goal = SchoolGoalFactory(school=school, school_year=year, indicator="% de estudiantes que leen en casa")
    GoalProgressFactory(goal=goal, measured_on=goal.agreed_on.replace(month=6, day=1), value=Decimal("24"))
    SchoolGoalFactory(school=school, school_year=year, indicator="N.° de jornadas de planificación", area="management")
    for offset, satisfactorio in ((0, 5), (1, 8)):
        AssessmentResultFactory(school=school, year=year + offset, level_satisfactorio=satisfactorio)
    AssessmentResultFactory(school=school, year=2016, level_satisfactorio=9)
    return SimpleNamespace(
        base=live_server.url,
        goal=goal,
        year=year,
        school_name=school.name,
        goals_url=f"{live_server.url}/instituciones/{school.pk}/metas/?year={year}",
        results_url=f"{live_server.url}/instituciones/{school.pk}/resultados/",
        coordinator=world.coordinator.username,
        staff=world.staff.username,
    )


def test_a_coordinator_measures_a_goal_on_a_phone(tier):
    with chromium() as browser:
        context, page = phone(browser)
        sign_in(page, tier.base, tier.coordinator)
        page.goto(tier.goals_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Metas de la institución · {tier.year}")
        expect(page.locator("article")).to_have_count(2)
        fits_the_phone(page)
        screenshot(page, "school-tier-01-goals")

        page.get_by_role("link", name="Registrar avance · % de estudiantes que leen en casa").click()
        page.get_by_label("Fecha de la medición").fill(f"{tier.year}-11-20")
        page.get_by_label("Valor medido").fill("-3")
        page.get_by_role("button", name="Guardar avance").click()
        expect(page.get_by_text("El número no puede ser negativo.")).to_be_visible()
        fits_the_phone(page)
        screenshot(page, "school-tier-02-progress-refused")

        page.get_by_label("Valor medido").fill("37.5")
        page.get_by_label("Nota").fill("Encuesta a las familias de 2.° grado.")
        page.get_by_role("button", name="Guardar avance").dblclick()
        expect(page.get_by_role("status")).to_have_text("Avance guardado.")
        expect(page.get_by_role("heading", level=1)).to_have_text("% de estudiantes que leen en casa")
        expect(page.locator("main")).to_contain_text("En camino")
        expect(page.locator("main")).to_contain_text(f"20/11/{tier.year} · valor 37.50")
        fits_the_phone(page)
        screenshot(page, "school-tier-03-goal-measured")

        page.get_by_role("link", name="Editar meta").click()
        page.locator("#id_target").fill("45")
        page.get_by_role("button", name="Guardar meta").click()
        reason = page.locator("#id_change_reason")
        expect(reason).to_have_attribute("aria-invalid", "true")
        expect(page.locator("main")).to_contain_text(f"El año escolar {tier.year} ya empezó: para cambiar")
        fits_the_phone(page)
        screenshot(page, "school-tier-04-target-needs-a-reason")
        context.close()

    entries = GoalProgress.objects.filter(goal=tier.goal)
    assert entries.count() == 2  # the one from the fixture and one saved, despite the double tap
    tier.goal.refresh_from_db()
    assert (tier.goal.latest_value, tier.goal.target) == (Decimal("37.50"), Decimal("40.00"))


def test_staff_read_a_schools_results_chart_and_its_table(tier):
    with chromium() as browser:
        context = new_context(browser, **DESKTOP)
        page = context.new_page()
        sign_in(page, tier.base, tier.staff)
        page.goto(tier.results_url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Resultados de evaluación")
        chart = page.get_by_role("img", name="% de estudiantes en nivel satisfactorio por año · 2.° grado · Lectura")
        expect(chart).to_be_visible()
        table = page.get_by_role("table", name="Resultados por año · 2.° grado · Lectura")
        expect(table.locator("tbody tr")).to_have_count(3)
        expect(table.locator("tbody tr").first).to_contain_text("46.4")  # the national figure of 2016
        screenshot(page, "school-tier-05-results")
        context.close()
