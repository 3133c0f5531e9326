"""The lists behind the dashboards: the rows the filters and the scope select, their links, keyset pages,
a count that stops at 1,000, a query count that does not grow with the rows, and bad input that never
gives a server error. On the root conftest's world (two networks of three schools, a graduated one)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.dashboard import lists
from evaluations.dashboard.filters import DashboardFilter
from evaluations.dashboard.lists import KINDS, list_context, list_url, scope_from_query
from evaluations.dashboard.scope import nation_scope, network_scope, region_scope, school_scope
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory
from networks.services import summaries_refresh_all
from networks.tests.factories import VisitFactory
from schools.models import School
from schools.tests.factories import SchoolFactory, TeacherFactory
from workshops.tests.factories import WorkshopFactory

KIND_SLUGS = tuple(KINDS)


def today():
    return timezone.localdate()


def this_year() -> str:
    return str(today().year)


def list_get(client, kind, **params):
    return client.get(reverse("evaluations:dashboard-list", kwargs={"kind": kind}), params)


def column(response, header) -> list:
    """The values of one column of the list's page, by its Spanish header."""
    index = response.context["headers"].index(header)
    return [row[index].value for row in response.context["rows"]]


def links(response, header) -> list:
    index = response.context["headers"].index(header)
    return [row[index].link for row in response.context["rows"]]


@pytest.fixture
def staff_client(world, client_for):
    return client_for(world.staff)


# --- Schools ---------------------------------------------------------------------------------------------
def test_the_school_list_of_the_nation_holds_every_school_by_name(world, staff_client):
    response = list_get(staff_client, "instituciones")

    assert response.status_code == 200
    names = sorted(School.objects.values_list("name", flat=True))
    assert column(response, "Institución educativa") == names
    assert response.context["shown"] == len(names)


def test_the_school_list_of_a_network_holds_its_schools_with_their_network_and_links(world, staff_client):
    response = list_get(staff_client, "instituciones", network=world.network_a.pk)

    assert set(column(response, "Institución educativa")) == {s.name for s in world.schools_a}
    assert set(column(response, "Red educativa")) == {"Red Chulucanas"}
    assert set(links(response, "Red educativa")) == {reverse("networks:network-detail", args=[world.network_a.pk])}
    school_links = set(links(response, "Institución educativa"))
    assert school_links == {reverse("evaluations:dashboard-school", args=[s.pk]) for s in world.schools_a}
    assert "Red Chulucanas" in response.context["title"]


def test_the_school_list_says_the_last_visit_and_the_days_since_from_the_summary(world, staff_client):
    VisitFactory(school=world.schools_a[1], coordinator=world.coordinator, date=today() - datetime.timedelta(days=3))
    summaries_refresh_all()

    response = list_get(staff_client, "instituciones", network=world.network_a.pk, period=this_year())

    by_name = dict(zip(column(response, "Institución educativa"), response.context["rows"], strict=True))
    headers = response.context["headers"]
    last, days = headers.index("Última visita"), headers.index("Días desde la última visita")
    first, second, third = world.schools_a
    assert (by_name[first.name][last].value, by_name[first.name][days].value) == (today(), 0)
    assert (by_name[second.name][last].value, by_name[second.name][days].value) == (
        today() - datetime.timedelta(days=3),
        3,
    )
    assert (by_name[third.name][last].value, by_name[third.name][days].value) == (None, None)


def test_the_region_and_area_filters_narrow_the_school_list(world, staff_client):
    rural = world.schools_b[0]
    School.objects.filter(pk__in=[s.pk for s in world.schools_b]).update(area_type=School.AreaType.URBAN)
    School.objects.filter(pk=rural.pk).update(area_type=School.AreaType.RURAL)

    response = list_get(staff_client, "instituciones", region="08", area="rural")

    assert column(response, "Institución educativa") == [rural.name]
    assert "Cusco" in response.context["title"]
    assert "Rural" in response.context["title"]


def test_the_sponsor_filter_keeps_the_schools_it_funds(world, staff_client):
    response = list_get(staff_client, "instituciones", sponsor=world.sponsor_a.pk, period=this_year())

    assert set(column(response, "Institución educativa")) == {s.name for s in world.sponsored_a}


def test_a_school_scope_lists_that_school_only(world, staff_client):
    school = world.schools_b[2]
    response = list_get(staff_client, "instituciones", school=school.pk)

    assert column(response, "Institución educativa") == [school.name]


# --- Teachers --------------------------------------------------------------------------------------------
def test_the_teacher_list_shows_active_teachers_and_directors_without_dni_or_phone(world, staff_client):
    teacher = world.teachers_a[world.schools_a[0].pk][0]
    teacher.dni, teacher.phone = "40506070", "987654321"
    teacher.save()
    TeacherFactory(school=world.schools_a[0], is_active=False, last_name="Inactiva")

    response = list_get(staff_client, "docentes", school=world.schools_a[0].pk)

    names = column(response, "Apellidos y nombres")
    assert len(names) == 3  # the director and two teachers; the inactive one is not listed
    assert not any("Inactiva" in name for name in names)
    assert set(column(response, "Cargo")) == {"Director(a)", "Docente"}
    assert reverse("networks:teacher-detail", args=[teacher.pk]) in links(response, "Apellidos y nombres")
    html = response.content.decode()
    assert "40506070" not in html
    assert "987654321" not in html


# --- Visits ----------------------------------------------------------------------------------------------
def test_the_visit_list_holds_the_visits_of_the_period_newest_first(world, staff_client):
    earlier = VisitFactory(
        school=world.schools_a[1], coordinator=world.coordinator, date=datetime.date(today().year - 1, 6, 10)
    )

    response = list_get(staff_client, "visitas", network=world.network_a.pk, period=this_year())
    assert column(response, "Fecha") == [world.visit_a.date]
    assert links(response, "Fecha") == [reverse("networks:visit-detail", args=[world.visit_a.pk])]
    assert column(response, "Coordinador(a)") == ["Rosa Chávez"]

    last_year = list_get(staff_client, "visitas", network=world.network_a.pk, period=str(today().year - 1))
    assert links(last_year, "Fecha") == [reverse("networks:visit-detail", args=[earlier.pk])]


def test_the_visit_list_says_whether_anything_was_observed(world, staff_client):
    world.visit_a.observations = "   "
    world.visit_a.save()

    response = list_get(staff_client, "visitas", period=this_year())

    observed = dict(zip(links(response, "Fecha"), column(response, "Con observaciones"), strict=True))
    assert observed[reverse("networks:visit-detail", args=[world.visit_a.pk])] == "No"
    assert observed[reverse("networks:visit-detail", args=[world.visit_b.pk])] == "Sí"


# --- Workshops -------------------------------------------------------------------------------------------
def test_a_network_lists_its_workshops_and_its_regions_and_no_others(world, staff_client):
    response = list_get(staff_client, "talleres", network=world.network_a.pk, period=this_year())

    assert set(column(response, "Taller")) == {world.workshop_a.title, world.workshop_piura.title}
    assert reverse("workshops:workshop-detail", args=[world.workshop_a.pk]) in links(response, "Taller")


def test_the_national_workshop_list_holds_every_workshop_of_the_period(world, staff_client):
    last_year = datetime.date(today().year - 1, 5, 4)
    WorkshopFactory(network=world.network_b, starts_on=last_year, ends_on=last_year)

    response = list_get(staff_client, "talleres", period=this_year())

    expected = {world.workshop_a, world.workshop_b, world.workshop_piura, world.workshop_lima}
    assert set(column(response, "Taller")) == {w.title for w in expected}


# --- Goals and results -----------------------------------------------------------------------------------
def test_the_goal_list_holds_the_goals_of_the_periods_school_year_with_their_status(world, staff_client):
    goal = SchoolGoalFactory(school=world.schools_a[0], indicator="Lectura 2.° grado")
    SchoolGoalFactory(school=world.schools_a[0], school_year=today().year - 1, indicator="Del año pasado")
    SchoolGoalFactory(school=world.schools_b[0], indicator="De otra red")

    response = list_get(staff_client, "metas", network=world.network_a.pk, period=this_year())

    assert column(response, "Indicador") == ["Lectura 2.° grado"]
    assert links(response, "Indicador") == [reverse("evaluations:goal-detail", args=[goal.pk])]
    assert column(response, "Estado") == ["Sin medición"]


def test_the_result_list_gives_the_share_at_each_level(world, staff_client):
    AssessmentResultFactory(
        school=world.schools_a[0],
        year=today().year - 1,
        level_previo_inicio=1,
        level_en_inicio=3,
        level_en_proceso=4,
        level_satisfactorio=12,
    )

    response = list_get(staff_client, "resultados", school=world.schools_a[0].pk, period=this_year())

    row = [cell.value for cell in response.context["rows"][0]]
    assert row[1:5] == [today().year - 1, 2, "Lectura", 20]
    assert [str(value) for value in row[5:]] == ["5.0", "15.0", "20.0", "60.0"]


# --- Keyset pages and counts ------------------------------------------------------------------------------
def test_the_school_list_pages_by_keyset_and_every_school_appears_once(world, staff_client):
    SchoolFactory.create_batch(30, district=world.schools_a[0].district)
    expected = list(School.objects.order_by("name", "id").values_list("name", flat=True))

    seen, cursor, pages = [], None, 0
    while True:
        params = {"cursor": cursor} if cursor else {}
        response = list_get(staff_client, "instituciones", **params)
        seen += column(response, "Institución educativa")
        pages += 1
        cursor = response.context["page"].older
        if not cursor:
            break
    assert seen == expected
    assert pages == 2
    assert "Anteriores" not in response.content.decode()


def test_more_than_a_thousand_rows_are_not_counted(world, staff_client, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_LIMIT", 3)
    monkeypatch.setattr("evaluations.views.lists.COUNT_LIMIT", 3)

    response = list_get(staff_client, "instituciones")

    assert response.context["shown"] == 4
    assert "Más de 3 filas" in response.content.decode()


@pytest.mark.parametrize("kind", KIND_SLUGS)
def test_a_list_page_takes_the_same_queries_with_more_rows(world, staff_client, kind):
    def grow():
        for school in world.schools_a + world.schools_b:
            VisitFactory(school=school, coordinator=world.coordinator, date=today())
            SchoolGoalFactory(school=school)
            AssessmentResultFactory(school=school)
            TeacherFactory(school=school)
        WorkshopFactory(network=world.network_a, starts_on=today(), ends_on=today())
        SchoolFactory.create_batch(4, district=world.schools_a[0].district, network=world.network_a)
        summaries_refresh_all()

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = list_get(staff_client, kind, period=this_year())
        assert response.status_code == 200
        return len(queries), len(response.context["rows"])

    summaries_refresh_all()
    small, small_rows = count()
    grow()
    large, large_rows = count()
    assert large_rows > small_rows
    assert large == small


# --- The scope in the query string and bad input -----------------------------------------------------------
@pytest.mark.parametrize("kind", KIND_SLUGS)
@pytest.mark.parametrize(
    "params",
    [
        {"network": "abc"},
        {"school": "1e3"},
        {"network": "9" * 30},
        {"cursor": "x"},
        {"cursor": "a" * 2000},
        {"period": "abc"},
        {"period": "9999-12"},
        {"region": "zz"},
        {"area": "lunar"},
        {"program_year": "9"},
        {"sponsor": "abc"},
        {"page": "-1"},
    ],
)
def test_malformed_input_is_ignored_never_a_server_error(world, staff_client, kind, params):
    response = list_get(staff_client, kind, **params)

    assert response.status_code == 200


def test_a_malformed_scope_is_ignored_with_a_notice(world, staff_client):
    response = list_get(staff_client, "instituciones", network="abc")

    assert response.context["scope"].kind == "nation"
    assert "valor no válido" in response.context["notice"]
    assert "valor no válido" in response.content.decode()


@pytest.mark.parametrize("key", ["network", "school"])
def test_a_scope_that_does_not_exist_answers_404(world, staff_client, key):
    assert list_get(staff_client, "visitas", **{key: "999999"}).status_code == 404


def test_an_unknown_kind_of_list_answers_404(world, staff_client):
    assert list_get(staff_client, "fotos").status_code == 404


def test_coordinators_and_sponsors_may_not_open_the_lists(world, client_for):
    for person in (world.coordinator, world.sponsor_user):
        assert list_get(client_for(person), "visitas").status_code == 403


def test_scope_from_query_resolves_through_the_scope_functions(world):
    scope, notice = scope_from_query({"network": str(world.network_b.pk)}, user=world.staff)
    assert (scope.kind, scope.network, notice) == ("network", world.network_b, None)

    scope, notice = scope_from_query({"school": str(world.schools_a[1].pk), "network": "x"}, user=world.staff)
    assert (scope.kind, scope.school) == ("school", world.schools_a[1])

    scope, notice = scope_from_query({"network": "１２"}, user=world.staff)  # full-width digits
    assert scope.kind == "nation"
    assert notice


# --- Links for the other pages ------------------------------------------------------------------------------
def test_list_url_carries_the_filters_and_the_scope(world):
    base = reverse("evaluations:dashboard-list", kwargs={"kind": "visitas"})

    assert list_url("visitas") == base
    assert list_url("visitas", nation_scope(), "period=2026&cursor=abc") == f"{base}?period=2026"
    network = network_scope(user=world.staff, pk=world.network_a.pk)
    assert list_url("visitas", network, "area=rural&school=3") == (f"{base}?area=rural&network={world.network_a.pk}")
    school = school_scope(user=world.staff, pk=world.schools_b[0].pk)
    assert list_url("metas", school, "").endswith(f"?school={world.schools_b[0].pk}")
    region = region_scope(user=world.staff, code="08")
    assert list_url("talleres", region, "?region=20").endswith("?region=08")
    with pytest.raises(ValueError, match="unknown list kind"):
        list_url("fotos")


def test_the_list_page_links_to_both_files_and_to_every_other_list_with_its_query(world, staff_client):
    response = list_get(staff_client, "visitas", network=world.network_a.pk, area="rural", cursor="x")

    html = response.content.decode()
    query = f"area=rural&amp;network={world.network_a.pk}"
    for fmt in ("csv", "xlsx"):
        assert reverse("evaluations:dashboard-export", kwargs={"kind": "visitas", "fmt": fmt}) + "?" + query in html
    assert reverse("evaluations:dashboard-list", kwargs={"kind": "metas"}) + "?" + query in html
    assert "Descargar CSV" in html
    assert "Descargar XLSX" in html


def test_the_list_context_starts_from_the_scopes_schools(world):
    filterset = DashboardFilter(None, user=world.staff)
    ctx = list_context(
        user=world.staff, scope=network_scope(user=world.staff, pk=world.network_b.pk), filterset=filterset
    )

    assert set(ctx.schools) == set(world.schools_b)


def test_choice_labels_are_the_models_own_words_in_the_active_language(db):
    assert lists.label(School.AreaType, "peri_urban") == "Periurbana"
    assert lists.label(School.AreaType, None) is None
    assert lists.label(School.AreaType, "lunar") == "lunar"  # a value the choices lack is written as it is
    with translation.override("en"):
        assert lists.label(School.AreaType, "peri_urban") == str(School.AreaType.PERI_URBAN.label)
