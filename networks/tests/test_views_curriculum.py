"""The curriculum pages (networks/views/curriculum.py) and each network's page (its years and asks)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from networks import selectors
from networks.models import Competency, CurriculumYear, VisitScore
from networks.tests.factories import VisitFactory

CURRICULUM = reverse("networks:curriculum")


def edit_url(number: int) -> str:
    return reverse("networks:curriculum-edit", args=[number])


def edit_data(year: CurriculumYear, **changes) -> dict:
    competencies = list(year.competencies.order_by("order"))
    data = {
        "focus_es": year.focus_es,
        "focus_en": year.focus_en,
        "description_es": year.description_es,
        "description_en": year.description_en,
        "coordinator_tasks_es": year.coordinator_tasks_es,
        "coordinator_tasks_en": year.coordinator_tasks_en,
        "school_tasks_es": year.school_tasks_es,
        "school_tasks_en": year.school_tasks_en,
        "reason": "Acuerdo del comité pedagógico de noviembre",
        "form-TOTAL_FORMS": str(len(competencies) + 1),
        "form-INITIAL_FORMS": str(len(competencies)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
    }
    for i, c in enumerate(competencies):
        data |= {f"form-{i}-id": c.pk, f"form-{i}-name_es": c.name_es, f"form-{i}-name_en": c.name_en}
        if c.is_active:
            data[f"form-{i}-is_active"] = "on"
    return data | changes


@pytest.mark.parametrize("persona", ["staff", "coordinator", "sponsor", "former_coordinator"])
def test_every_signed_in_person_reads_the_five_years(client_for, user_of, persona):
    html = client_for(user_of(persona)).get(CURRICULUM).content.decode()

    for focus in ("Lectura y escritura", "Pensamiento crítico y lógico", "Socialización"):
        assert focus in html
    assert "Qué pide a los coordinadores" in html
    assert "Leer todos los días con un plan lector" in html  # what year 1 asks of schools
    assert ("Editar" in html) is (persona == "staff")


def test_staff_change_a_years_focus_with_a_reason_kept_in_history(world, client_for, staff_user):
    year = CurriculumYear.objects.get(number=2)

    response = client_for(staff_user).post(edit_url(2), edit_data(year, focus_es="Pensamiento crítico"))

    assert response.status_code == 302
    year.refresh_from_db()
    assert year.focus_es == "Pensamiento crítico"
    latest = year.history.latest()
    assert latest.history_change_reason == "Acuerdo del comité pedagógico de noviembre"
    assert latest.history_user == staff_user
    # Every page that names the year's focus reads the table: the network of year 2 shows the new words.
    assert selectors.focus_by_year()[2] == "Pensamiento crítico"
    page = client_for(world.coordinator).get(reverse("networks:network-detail", args=[world.network_a.pk]))
    assert "Año 2 · Pensamiento crítico" in page.content.decode()


def test_a_curriculum_change_without_a_reason_is_refused_and_changes_nothing(world, client_for, staff_user):
    year = CurriculumYear.objects.get(number=2)

    response = client_for(staff_user).post(edit_url(2), edit_data(year, focus_es="Otro enfoque", reason=""))

    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    year.refresh_from_db()
    assert year.focus_es == "Pensamiento crítico y lógico"


def test_a_retired_competency_leaves_the_rubric_but_past_visits_keep_its_score_and_words(world, client_for, staff_user):
    year = CurriculumYear.objects.get(number=2)
    first = year.competencies.order_by("order").first()
    old_name = first.name_es
    visit = VisitFactory(coordinator=world.coordinator, school=world.schools_a[1], date=timezone.localdate())
    VisitScore.objects.create(visit=visit, competency=first, score=3)
    data = edit_data(year)
    data["form-0-name_es"] = "Resuelve problemas con material concreto."
    del data["form-0-is_active"]

    response = client_for(staff_user).post(edit_url(2), data)

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_active is False
    assert first not in selectors.competencies_for(2)
    assert first in selectors.competencies_for(2, keep=[first.pk])  # the visit's correction keeps it
    detail = client_for(world.coordinator).get(reverse("networks:visit-detail", args=[visit.pk]))
    assert old_name in detail.content.decode()  # the words of the visit's day, not today's
    assert VisitScore.objects.filter(visit=visit, competency=first).exists()


def test_staff_add_a_competency_to_a_years_rubric(client_for, staff_user, db):
    year = CurriculumYear.objects.get(number=3)
    before = year.competencies.count()
    data = edit_data(year) | {f"form-{before}-name_es": "Escucha activamente.", f"form-{before}-name_en": "Listens."}
    data[f"form-{before}-is_active"] = "on"

    response = client_for(staff_user).post(edit_url(3), data)

    assert response.status_code == 302
    added = Competency.objects.get(year=year, name_es="Escucha activamente.")
    assert added.order == before + 1


def test_the_last_competency_in_force_cannot_be_retired(client_for, staff_user, db):
    year = CurriculumYear.objects.get(number=4)
    data = edit_data(year)
    for key in [k for k in data if k.endswith("-is_active")]:
        del data[key]

    response = client_for(staff_user).post(edit_url(4), data)

    assert response.status_code == 400
    assert "al menos una competencia vigente" in response.content.decode()
    assert year.competencies.filter(is_active=True).count() == 3


@pytest.mark.parametrize("number", [0, 6, 99999999999])
def test_a_year_outside_the_curriculum_answers_404(client_for, staff_user, db, number):
    assert client_for(staff_user).get(edit_url(number)).status_code == 404


@pytest.mark.parametrize(
    ("field", "value"), [("reason", "x" * 301), ("description_es", "x" * 2001), ("form-0-id", "abc")]
)
def test_malformed_curriculum_edits_are_refused_in_spanish(client_for, staff_user, db, field, value):
    year = CurriculumYear.objects.get(number=1)
    response = client_for(staff_user).post(edit_url(1), edit_data(year, **{field: value}))
    assert response.status_code == 400
    year.refresh_from_db()
    assert year.history.count() == 0


# --- A network's page ---------------------------------------------------------------------------
def test_a_networks_page_shows_its_years_what_this_year_asks_and_its_schools(world, client_for, coordinator):
    today = timezone.localdate()
    response = client_for(coordinator).get(reverse("networks:network-detail", args=[world.network_a.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    years = response.context["years"]
    assert [(y["school_year"], y["program_year"]) for y in years] == [(today.year - 1, 1), (today.year, 2)]
    assert years[-1]["is_current"]
    assert "Lo que pide el año 2" in html
    assert "equipar las aulas con material concreto" in html
    for school in world.schools_a:
        assert school.name in html
    assert "Rosa Chávez" in html  # the coordinator in charge today


def test_a_graduated_networks_page_lists_its_five_years(world, client_for, staff_user):
    response = client_for(staff_user).get(reverse("networks:network-detail", args=[world.graduated_network.pk]))
    assert [y["program_year"] for y in response.context["years"]] == [1, 2, 3, 4, 5]
    assert "Egresada" in response.content.decode()


def test_the_network_list_links_each_network_to_its_page(world, client_for, staff_user):
    html = client_for(staff_user).get(reverse("networks:network-list")).content.decode()
    assert reverse("networks:network-detail", args=[world.network_a.pk]) in html


def test_a_visit_logged_before_a_focus_change_keeps_its_focus(world, client_for, staff_user):
    visit = VisitFactory(coordinator=world.coordinator, school=world.schools_a[1], date=timezone.localdate())
    year = CurriculumYear.objects.get(number=2)
    client_for(staff_user).post(edit_url(2), edit_data(year, focus_es="Razonamiento"))

    html = client_for(staff_user).get(reverse("networks:visit-detail", args=[visit.pk])).content.decode()

    assert "Pensamiento crítico y lógico" in html
    assert "Año 2 · Razonamiento" not in html
