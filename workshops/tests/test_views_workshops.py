"""The workshop pages (`workshops.views.workshops`): the list, a workshop, planning one and changing it.

Gates (anonymous → login, wrong role → 403, out of scope → 404, allowed → 200), the list's filters in
the URL (a bad value is reported and the others still apply), the happy POSTs and their refusals, and
malformed input everywhere.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from workshops.models import Workshop
from workshops.tests.factories import AttendanceFactory
from workshops.tests.helpers import (
    COORDINATORS,
    MALFORMED_IDS,
    MALFORMED_PAGES,
    MALFORMED_YEARS,
    SPONSORS,
    STAFF,
    Page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_answers,
    page_id,
)

PAGES = [
    Page("workshop-list", allowed=(*STAFF, *COORDINATORS, "former_coordinator"), forbidden=SPONSORS),
    Page("workshop-create", allowed=(*STAFF, *COORDINATORS), forbidden=(*SPONSORS, "former_coordinator")),
    Page(
        "workshop-detail",
        args=lambda w: [w.workshop_a.pk],
        allowed=(*STAFF, "coordinator"),
        forbidden=SPONSORS,
        out_of_scope=("other_coordinator", "former_coordinator"),
    ),
    Page(
        "workshop-edit",
        args=lambda w: [w.workshop_a.pk],
        allowed=(*STAFF, "coordinator"),
        forbidden=(*SPONSORS, "former_coordinator"),
        out_of_scope=("other_coordinator",),
    ),
]
LIST = reverse("workshops:workshop-list")
CREATE = reverse("workshops:workshop-create")


def detail(workshop) -> str:
    return reverse("workshops:workshop-detail", args=[workshop.pk])


def edit(workshop) -> str:
    return reverse("workshops:workshop-edit", args=[workshop.pk])


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_anonymous_people_are_sent_to_the_login_page(world, client, page):
    assert_anonymous_is_sent_to_the_login_page(client, world, page)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_each_page_answers_each_persona(world, client_for, user_of, page):
    assert_answers(world, client_for, user_of, page)


# --- The list -----------------------------------------------------------------------------
def titles_on(response) -> set[str]:
    return {w.title for w in response.context["page"].object_list}


def test_a_coordinator_lists_their_networks_and_regions_workshops_with_links_to_coverage(
    world, client_for, coordinator
):
    response = client_for(coordinator).get(LIST)
    assert titles_on(response) == {world.workshop_a.title, world.workshop_piura.title}
    html = response.content.decode()
    assert reverse("workshops:coverage-network", args=[world.network_a.pk]) in html
    assert reverse("workshops:workshop-create") in html
    assert reverse("workshops:coverage-region", args=[world.piura.pk]) not in html


def test_staff_list_every_workshop_with_links_to_each_regions_coverage(world, client_for, staff_user):
    response = client_for(staff_user).get(LIST)
    assert len(titles_on(response)) == 4
    assert reverse("workshops:coverage-region", args=[world.piura.pk]) in response.content.decode()


def test_a_former_coordinator_gets_an_empty_list_and_no_plan_button(world, client_for, former_coordinator):
    response = client_for(former_coordinator).get(LIST)
    assert titles_on(response) == set()
    assert "No hay talleres con estos filtros." in response.content.decode()
    assert reverse("workshops:workshop-create") not in response.content.decode()


def test_the_list_filters_by_network_region_and_year_in_the_url(world, client_for, staff_user):
    client = client_for(staff_user)
    assert titles_on(client.get(LIST, {"network": world.network_b.pk})) == {world.workshop_b.title}
    assert titles_on(client.get(LIST, {"region": "15"})) == {world.workshop_lima.title}
    assert titles_on(client.get(LIST, {"year": timezone.localdate().year - 3})) == set()
    piura = client.get(LIST, {"region": "20"})
    assert reverse("workshops:coverage-region", args=[world.piura.pk]) in piura.content.decode()


def test_a_bad_filter_is_reported_and_the_others_still_apply(world, client_for, staff_user):
    response = client_for(staff_user).get(LIST, {"year": "abc", "network": world.network_b.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Un filtro no es válido y no se aplicó; los demás sí." in html
    assert "Escriba un año entre 2000 y" in html
    assert titles_on(response) == {world.workshop_b.title}


def test_a_coordinator_filtering_by_another_network_is_told_it_is_not_theirs(world, client_for, coordinator):
    response = client_for(coordinator).get(LIST, {"network": world.network_b.pk})
    assert "Esa red no existe o no está entre las que usted ve." in response.content.decode()
    assert titles_on(response) == {world.workshop_a.title, world.workshop_piura.title}


@pytest.mark.parametrize(
    "query",
    [
        *({"year": value} for value in MALFORMED_YEARS),
        *({"network": value} for value in MALFORMED_IDS),
        *({"region": value} for value in [*MALFORMED_IDS, "2" * 200]),
        *({"page": value} for value in MALFORMED_PAGES),
        {"year": "2026", "network": "x", "region": "y", "page": "z"},
    ],
)
def test_malformed_list_queries_answer_200(world, client_for, staff_user, query):
    assert client_for(staff_user).get(LIST, query).status_code == 200


# --- A workshop ---------------------------------------------------------------------------
def test_a_workshop_page_shows_its_audience_invited_schools_and_attendance(world, client_for, coordinator):
    school = world.schools_a[0]
    AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[school.pk][0])
    response = client_for(coordinator).get(detail(world.workshop_a))
    html = response.content.decode()
    assert response.context["summary"]["teachers_attended"] == 1
    assert "de 6 docentes invitados" in html
    assert "de 3 directores invitados" in html
    assert "3 instituciones invitadas" in html
    for s in world.schools_a:
        assert s.name in html
    assert reverse("workshops:attendance", args=[world.workshop_a.pk]) in html
    assert "Corregir asistencia" in html
    assert edit(world.workshop_a) in html


def test_a_future_workshop_says_attendance_comes_later(world, extra, client_for, coordinator):
    html = client_for(coordinator).get(detail(extra.future_workshop)).content.decode()
    assert "Este taller aún no se realiza" in html
    assert reverse("workshops:attendance", args=[extra.future_workshop.pk]) not in html


def test_a_regional_workshop_offers_a_coordinator_no_action(world, client_for, coordinator):
    html = client_for(coordinator).get(detail(world.workshop_piura)).content.decode()
    assert reverse("workshops:attendance", args=[world.workshop_piura.pk]) not in html
    assert edit(world.workshop_piura) not in html


@pytest.mark.parametrize("pk", ["abc", "-1", "9" * 30])
def test_a_workshop_url_with_a_malformed_id_is_not_found(world, client_for, staff_user, pk):
    assert client_for(staff_user).get(f"/talleres/{pk}/").status_code == 404


# --- Planning -----------------------------------------------------------------------------
def plan_data(world, **overrides) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=12)
    data = {
        "title": "Taller de producción de textos",
        "network": str(world.network_a.pk),
        "program_year": "",
        "modality": "on_site",
        "starts_on": day.isoformat(),
        "ends_on": "",
        "duration_hours": "3.5",
        "venue": "Local comunal de Chulucanas",
        "audiences": ["teachers"],
        "facilitator": "",
    }
    return data | overrides


def test_a_coordinator_plans_a_workshop_for_their_network(world, client_for, coordinator):
    response = client_for(coordinator).post(CREATE, plan_data(world))
    workshop = Workshop.objects.get(title="Taller de producción de textos")
    assert response.status_code == 302
    assert response["Location"] == detail(workshop)
    assert (workshop.network, workshop.ends_on, workshop.program_year) == (world.network_a, workshop.starts_on, 2)
    assert (workshop.for_directors, workshop.for_teachers, workshop.for_parents) == (False, True, False)


def test_a_coordinators_form_offers_only_their_networks_and_no_region(world, client_for, coordinator):
    form = client_for(coordinator).get(CREATE).context["form"]
    assert list(form.fields["network"].queryset) == [world.network_a]
    assert "region" not in form.fields


def test_staff_plan_a_regional_virtual_workshop(world, client_for, staff_user):
    data = plan_data(
        world,
        network="",
        region=str(world.piura.pk),
        program_year="1",
        modality="virtual",
        venue="https://aula.ipae.example/cee/piura",
        audiences=["directors", "parents"],
    )
    response = client_for(staff_user).post(CREATE, data)
    assert response.status_code == 302
    workshop = Workshop.objects.get(title="Taller de producción de textos")
    assert (workshop.region, workshop.network, workshop.modality) == (world.piura, None, "virtual")


def test_the_network_is_preselected_from_the_url_and_a_bad_value_ignored(world, client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(CREATE, {"network": world.network_a.pk}).context["form"].initial["network"] == world.network_a
    for value in [world.network_b.pk, "abc", "9" * 30]:
        response = client.get(CREATE, {"network": value})
        assert response.status_code == 200
        assert "network" not in response.context["form"].initial


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"network": "", "region": ""}, "Un taller es para una región o para una red: elija solo una."),
        ({"region": "20"}, "Un taller es para una región o para una red: elija solo una."),
        ({"modality": "virtual"}, "Un taller virtual necesita el enlace de la reunión (que empiece con https://)."),
        ({"venue": "https://meet.example/x"}, "Un taller presencial necesita el lugar"),
        ({"audiences": []}, "Elija al menos un público: directores, docentes o padres de familia."),
        ({"program_year": "4"}, "la red está en el año 2 del programa"),
        ({"starts_on": "2026-13-45"}, "Introduzca una fecha válida."),
        ({"starts_on": "9999-01-01"}, "(un año desde hoy)"),
        ({"starts_on": "1999-01-01"}, "La fecha no puede ser anterior al año 2000."),
        ({"ends_on": "2000-01-01"}, "La fecha de fin no puede ser anterior a la de inicio."),
        ({"duration_hours": "abc"}, "Introduzca un número."),
        ({"duration_hours": "9999"}, ""),
        ({"duration_hours": "0"}, ""),
        ({"network": "abc"}, "Elija una de las redes de la lista."),
        ({"network": "9" * 30}, "Elija una de las redes de la lista."),
        ({"program_year": "9"}, "El año del programa debe estar entre 1 y 5."),
        ({"modality": "<script>"}, ""),
        ({"audiences": ["everyone"]}, "Elija al menos un público"),
        ({"title": "x" * 1_000_000}, "Asegúrese de que este valor tenga menos de 150 caracteres (tiene 1000000)."),
        ({"venue": "x" * 1_000_000}, "Asegúrese de que este valor tenga menos de 200 caracteres (tiene 1000000)."),
        (
            {"facilitator": "x" * 1_000_000},
            "Asegúrese de que este valor tenga menos de 150 caracteres (tiene 1000000).",
        ),
    ],
)
def test_a_refused_plan_is_answered_in_spanish_next_to_the_field_and_saves_nothing(
    world, client_for, staff_user, overrides, message
):
    response = client_for(staff_user).post(CREATE, plan_data(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Workshop.objects.filter(title="Taller de producción de textos").exists()


def test_a_coordinator_posting_another_network_is_refused_by_the_form(world, client_for, coordinator):
    response = client_for(coordinator).post(CREATE, plan_data(world, network=str(world.network_b.pk)))
    assert response.status_code == 400
    assert not Workshop.objects.filter(title="Taller de producción de textos").exists()


# --- Changing a workshop ------------------------------------------------------------------
def edit_data(workshop, **overrides) -> dict:
    data = {
        "title": workshop.title,
        "network": str(workshop.network_id),
        "program_year": str(workshop.program_year),
        "modality": workshop.modality,
        "starts_on": workshop.starts_on.isoformat(),
        "ends_on": workshop.ends_on.isoformat(),
        "duration_hours": str(workshop.duration_hours),
        "venue": workshop.venue,
        "audiences": ["directors", "teachers"],
        "facilitator": workshop.facilitator,
    }
    return data | overrides


def test_the_edit_form_opens_with_the_workshop_as_it_is(world, client_for, coordinator):
    form = client_for(coordinator).get(edit(world.workshop_a)).context["form"]
    assert form.initial["title"] == world.workshop_a.title
    assert form.initial["audiences"] == ["directors", "teachers"]


def test_a_coordinator_corrects_their_networks_workshop(world, client_for, coordinator):
    response = client_for(coordinator).post(edit(world.workshop_a), edit_data(world.workshop_a, title="Nuevo título"))
    assert response.status_code == 302
    assert response["Location"] == detail(world.workshop_a)
    world.workshop_a.refresh_from_db()
    assert world.workshop_a.title == "Nuevo título"


def test_an_audience_with_attendance_cannot_be_removed_and_the_page_says_why(world, client_for, coordinator):
    school = world.schools_a[0]
    AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[school.pk][0])
    response = client_for(coordinator).post(
        edit(world.workshop_a), edit_data(world.workshop_a, audiences=["directors"])
    )
    assert response.status_code == 400
    assert "Ya hay docentes registrados como asistentes" in response.content.decode()


def test_a_coordinator_may_not_change_a_regional_workshop(world, client_for, coordinator):
    response = client_for(coordinator).post(edit(world.workshop_piura), {"title": "x"})
    assert response.status_code == 403


# --- Many networks: the region first (Peru has about 2,000) -----------------------------------------
def test_with_many_networks_staff_choose_the_region_before_the_network(world, client_for, staff_user, settings):
    settings.CEE_LONG_CHOICE = 2
    create = reverse("workshops:workshop-create")

    first = client_for(staff_user).get(create)
    by_region = client_for(staff_user).get(create, {"region": world.piura.code})

    assert list(first.context["form"].fields["network"].queryset) == []
    assert first.context["regions_first"] is True
    assert f'href="?region={world.piura.code}"' in first.content.decode()
    assert set(by_region.context["form"].fields["network"].queryset) == {world.network_a, world.graduated_network}


def test_with_many_networks_the_list_filter_offers_the_regions_networks(world, client_for, staff_user, settings):
    settings.CEE_LONG_CHOICE = 2
    url = reverse("workshops:workshop-list")

    unfiltered = client_for(staff_user).get(url)
    in_cusco = client_for(staff_user).get(url, {"region": world.cusco.code})
    one = client_for(staff_user).get(url, {"network": world.network_b.pk})

    assert list(unfiltered.context["filter_form"].fields["network"].queryset) == []
    assert list(in_cusco.context["filter_form"].fields["network"].queryset) == [world.network_b]
    assert list(one.context["filter_form"].fields["network"].queryset) == [world.network_b]
