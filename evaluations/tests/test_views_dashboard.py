"""The staff dashboards (`evaluations.views.dashboard`): the nation, a region, a network, one school.

The world (root conftest): network A (Piura, program year 2) and network B (Cusco, year 2) with three
schools each, one director and two teachers per school, one classroom visit today at the first school
of each; a graduated network in Piura with one school, visited two years ago. Every school is rural. The
summary tables are refreshed before each test, as the scheduled task does.
"""

import calendar
import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from evaluations.services.summaries import school_year_summaries_refresh
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory
from networks.services.summaries import summaries_refresh_all
from networks.tests.factories import VisitFactory
from schools.models import School
from schools.tests.factories import DirectorFactory, SchoolFactory, TeacherFactory

LOGIN = reverse("accounts:login")


@pytest.fixture
def refreshed(world):
    """The world with its summary tables refreshed (the scheduled task's work)."""
    summaries_refresh_all()
    school_year_summaries_refresh()
    return world


def nation(world=None) -> str:
    return reverse("evaluations:dashboard")


def piura(world) -> str:
    return reverse("evaluations:dashboard-region", kwargs={"code": world.piura.code})


def network_a(world) -> str:
    return reverse("evaluations:dashboard-network", kwargs={"pk": world.network_a.pk})


def school_a(world) -> str:
    return reverse("evaluations:dashboard-school", kwargs={"pk": world.schools_a[0].pk})


PAGES = (nation, piura, network_a, school_a)


def plan(schools: int) -> int:
    """This month's plan for that many schools: 2 visits a month, on the share of the month elapsed today;
    none in January and February (the summer holidays, before the school year)."""
    today = timezone.localdate()
    if today.month < 3:
        return 0
    days = calendar.monthrange(today.year, today.month)[1]
    planned = Decimal(schools * settings.CEE_VISITS_PER_SCHOOL_MONTH * today.day) / days
    return int(planned.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def text_of(response) -> str:
    """The page's visible text, tags removed and spaces folded, for asserting what a person reads."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def card(response, label: str) -> str:
    """The value of the stat card with this label ("120" for "Instituciones educativas")."""
    html = response.content.decode()
    match = re.search(
        r'<div class="stat-value">([^<]*)</div>\s*<div class="stat-label">' + re.escape(label) + r"</div>", html
    )
    assert match, f"no stat card labelled {label!r}"
    return unescape(match.group(1)).strip()


# --- who may open them ------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.__name__)
def test_a_dashboard_sends_anonymous_people_to_the_login(world, client_for, page):
    response = client_for(None).get(page(world))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.__name__)
@pytest.mark.parametrize("persona", ["coordinator", "former_coordinator", "sponsor"])
def test_a_dashboard_is_refused_to_coordinators_and_sponsors(world, client_for, user_of, page, persona):
    assert client_for(user_of(persona)).get(page(world)).status_code == 403


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.__name__)
@pytest.mark.parametrize("persona", ["staff", "admin"])
def test_a_dashboard_opens_for_staff_and_administrators(refreshed, client_for, user_of, page, persona):
    assert client_for(user_of(persona)).get(page(refreshed)).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/panel/regiones/99/",  # no such department
        "/panel/regiones/14/",  # Lambayeque: a department, not a program region
        "/panel/regiones/zz/",
        "/panel/redes/999999/",
        "/panel/instituciones/999999/",
        "/panel/redes/99999999999999999999999/",
    ],
)
def test_an_unknown_region_network_or_school_answers_404(refreshed, client_for, url):
    assert client_for(refreshed.staff).get(url).status_code == 404


def test_the_staff_home_is_the_national_dashboard(refreshed, client_for):
    response = client_for(refreshed.staff).get(reverse("evaluations:home"))
    assert response.status_code == 200
    assert "Panel nacional" in text_of(response)
    assert response.context["scope"].kind == "nation"
    assert card(response, "Instituciones educativas") == "7"


# --- what they show -----------------------------------------------------------------------------
def test_the_national_dashboard_shows_the_worlds_figures(refreshed, client_for):
    response = client_for(refreshed.staff).get(nation())
    assert card(response, "Instituciones educativas") == "7"
    assert card(response, "Docentes y directores activos") == "21"
    # This month: the two visits of today, against 2 visits a month for 7 schools (on the days elapsed).
    assert card(response, "Visitas en el periodo") == "2"
    text = text_of(response)
    assert f"de {plan(7)} planificadas" in text
    # Coverage: two of the seven schools were visited in the last 30 days.
    assert "2 de 7 instituciones" in text
    assert "28.6 %" in text


def test_the_region_page_counts_the_schools_that_stand_in_it(refreshed, client_for):
    response = client_for(refreshed.staff).get(piura(refreshed))
    assert card(response, "Instituciones educativas") == "4"  # network A's three and the graduated one
    assert card(response, "Visitas en el periodo") == "1"
    assert "Región Piura" in text_of(response)


def test_the_network_page_counts_its_member_schools(refreshed, client_for):
    response = client_for(refreshed.staff).get(network_a(refreshed))
    assert card(response, "Instituciones educativas") == "3"
    assert card(response, "Docentes y directores activos") == "9"
    assert card(response, "Visitas en el periodo") == "1"
    assert f"de {plan(3)} planificadas" in text_of(response)


def test_the_school_page_shows_its_own_figures_and_links_its_full_record(refreshed, client_for):
    school = refreshed.schools_a[0]
    response = client_for(refreshed.staff).get(school_a(refreshed))
    assert card(response, "Docentes y directores activos") == "3"
    assert card(response, "Visitas en el periodo") == "1"
    html = response.content.decode()
    for url in (
        reverse("networks:school-detail", args=[school.pk]),
        reverse("evaluations:goal-list", args=[school.pk]),
        reverse("evaluations:school-results", args=[school.pk]),
        "#record-families-title",
    ):
        assert f'href="{url}"' in html


def test_the_figures_say_when_the_summaries_were_last_refreshed(world, client_for):
    never = client_for(world.staff).get(nation())
    assert "aún no se han calculado" in text_of(never)

    refresh = summaries_refresh_all()
    fresh = client_for(world.staff).get(nation())
    stamp = timezone.localtime(refresh.finished_at).strftime("%d/%m/%Y %H:%M")
    assert f"Cifras al {stamp}" in text_of(fresh)


def test_the_money_block_states_both_currencies_and_the_exchange_rate(refreshed, client_for, settings):
    text = text_of(client_for(refreshed.staff).get(nation()))
    assert "S/ " in text
    assert "US$ " in text
    assert f"US$ 1 = S/ {settings.CEE_USD_TO_PEN:.2f}" in text


def test_the_results_table_shows_each_level_and_the_national_figure(refreshed, client_for):
    year = timezone.localdate().year - 1
    AssessmentResultFactory(
        school=refreshed.schools_a[0],
        year=year,
        grade=2,
        subject="reading",
        students_programmed=20,
        students_evaluated=20,
        level_previo_inicio=2,
        level_en_inicio=4,
        level_en_proceso=6,
        level_satisfactorio=8,
    )
    school_year_summaries_refresh()  # results loaded after the refresh reach the figures by the next one
    response = client_for(refreshed.staff).get(school_a(refreshed))
    tables = {table["subject"]: table for table in response.context["results_tables"]}
    [row] = tables["reading"]["rows"]
    assert row["row"].year == year
    text = text_of(response)
    assert f"{year} 20 10.0 % 20.0 % 30.0 % 40.0 %" in text


def test_the_goals_table_counts_the_goals_by_status(refreshed, client_for):
    year = timezone.localdate().year
    for school in refreshed.schools_a:
        SchoolGoalFactory(school=school, school_year=year)
    school_year_summaries_refresh()  # goals loaded without the services reach the figures by the refresh
    response = client_for(refreshed.staff).get(network_a(refreshed))
    assert response.context["figures"].goals.total == 3
    assert sum(row["count"] for row in response.context["goal_rows"]) == 3


# --- filters ------------------------------------------------------------------------------------
def test_the_region_filter_narrows_the_national_figures(refreshed, client_for):
    response = client_for(refreshed.staff).get(nation(), {"region": refreshed.cusco.code})
    assert card(response, "Instituciones educativas") == "3"
    assert card(response, "Visitas en el periodo") == "1"


def test_the_area_filter_narrows_the_figures(refreshed, client_for):
    School.objects.filter(pk=refreshed.schools_a[0].pk).update(area_type=School.AreaType.URBAN)
    client = client_for(refreshed.staff)
    assert card(client.get(nation(), {"area": "urban"}), "Instituciones educativas") == "1"
    assert card(client.get(nation(), {"area": "rural"}), "Instituciones educativas") == "6"


def test_the_program_year_filter_keeps_the_networks_in_that_year(refreshed, client_for):
    response = client_for(refreshed.staff).get(nation(), {"program_year": "2"})
    assert card(response, "Instituciones educativas") == "6"  # networks A and B; not the graduated one


def test_the_sponsor_filter_keeps_the_schools_it_funds(refreshed, client_for):
    response = client_for(refreshed.staff).get(nation(), {"sponsor": refreshed.sponsor_a.pk})
    assert card(response, "Instituciones educativas") == "2"


def test_a_past_period_counts_that_periods_visits(refreshed, client_for):
    year = timezone.localdate().year - 2  # the graduated network's school was visited then
    response = client_for(refreshed.staff).get(piura(refreshed), {"period": str(year)})
    assert card(response, "Visitas en el periodo") == "1"
    assert response.context["figures"].period.value == str(year)


def test_bad_filter_values_answer_with_the_errors_next_to_their_fields(refreshed, client_for):
    bad = {"period": "abc", "region": "zz", "program_year": "9", "sponsor": "x", "orden": "zz"}
    for page in PAGES:
        response = client_for(refreshed.staff).get(page(refreshed), bad)
        assert response.status_code == 200, page.__name__
        text = text_of(response)
        assert "Un filtro no es válido y no se aplicó" in text
        assert "Escoja una opción válida" in text
        form = response.context["filter_form"]
        assert {"period", "program_year", "sponsor"} <= set(form.errors)
        if page is nation:
            assert "region" in form.errors
        # The page still answers, with those filters off: this month, every school of the scope.
        assert response.context["figures"].period.value == f"{timezone.localdate():%Y-%m}"
        if page is not school_a:
            assert "Orden de la tabla" in text


def test_a_megabyte_in_a_filter_answers_with_an_error_not_a_crash(refreshed, client_for):
    response = client_for(refreshed.staff).get(nation(), {"period": "x" * 1_000_000, "orden": "y" * 10_000})
    assert response.status_code == 200


def test_every_link_the_page_makes_keeps_the_filters(refreshed, client_for):
    query = {"period": str(timezone.localdate().year), "area": "rural"}
    response = client_for(refreshed.staff).get(school_a(refreshed), query)
    html = response.content.decode()
    crumbs = re.findall(r'<li class="breadcrumb-item"><a href="([^"]+)"', html)
    assert [resolve(url.split("?")[0]).url_name for url in crumbs] == [
        "dashboard",
        "dashboard-region",
        "dashboard-network",
    ]
    for url in crumbs:
        assert "period=" in url
        assert "area=rural" in url
    for url in response.context["lists"].values():
        assert "area=rural" in url
        assert f"school={refreshed.schools_a[0].pk}" in url


def test_the_lists_behind_the_figures_carry_the_scope(refreshed, client_for):
    lists = client_for(refreshed.staff).get(network_a(refreshed)).context["lists"]
    assert set(lists) == {"instituciones", "docentes", "visitas", "talleres", "metas", "resultados"}
    for url in lists.values():
        assert resolve(url.split("?")[0]).url_name == "dashboard-list"
        assert f"network={refreshed.network_a.pk}" in url


# --- the table of the level below -----------------------------------------------------------
@pytest.mark.parametrize(
    ("page", "child"),
    [(nation, "dashboard-region"), (piura, "dashboard-network"), (network_a, "dashboard-school")],
    ids=["regions", "networks", "schools"],
)
def test_every_name_in_the_table_links_to_its_own_dashboard_and_it_opens(refreshed, client_for, page, child):
    client = client_for(refreshed.staff)
    response = client.get(page(refreshed), {"area": "rural"})
    rows = response.context["children"]
    assert rows
    for row in rows:
        assert resolve(row.url.split("?")[0]).url_name == child
        assert "area=rural" in row.url
        assert f'href="{row.url.replace("&", "&amp;")}"' in response.content.decode()
        assert client.get(row.url).status_code == 200


def test_the_regions_table_lists_piura_and_cusco_with_their_schools(refreshed, client_for):
    rows = client_for(refreshed.staff).get(nation()).context["children"]
    by_name = {row.name: row for row in rows}
    assert by_name["Piura"].schools == 4
    assert by_name["Cusco"].schools == 3


def test_a_school_counts_in_the_region_where_it_stands_whatever_its_network(refreshed, client_for):
    """A school of a Piura network that stands in Cusco: it and its visit count in Cusco, once."""
    border = SchoolFactory(district=refreshed.schools_b[0].district, network=refreshed.network_a)
    VisitFactory(coordinator=refreshed.coordinator, school=border, date=timezone.localdate())
    summaries_refresh_all()
    school_year_summaries_refresh()
    rows = {row.name: row for row in client_for(refreshed.staff).get(nation()).context["children"]}
    assert (rows["Cusco"].schools, rows["Cusco"].visits) == (4, 2)
    assert (rows["Piura"].schools, rows["Piura"].visits) == (4, 1)


def test_inactive_teachers_are_not_counted(refreshed, client_for):
    TeacherFactory(school=refreshed.schools_a[0], is_active=False)
    assert card(client_for(refreshed.staff).get(nation()), "Docentes y directores activos") == "21"


def test_the_table_sorts_by_the_column_the_url_names(refreshed, client_for):
    client = client_for(refreshed.staff)
    by_schools = [row.name for row in client.get(nation(), {"orden": "-instituciones"}).context["children"]]
    assert by_schools.index("Piura") < by_schools.index("Cusco")
    by_name = [row.name for row in client.get(nation(), {"orden": "nombre"}).context["children"]]
    assert by_name.index("Cusco") < by_name.index("Piura")
    # Coverage ascending: the laggards first. Network A's schools: one of three visited; same for B.
    response = client.get(piura(refreshed), {"orden": "cobertura"})
    coverages = [row.coverage for row in response.context["children"] if row.coverage is not None]
    assert coverages == sorted(coverages)


def test_an_unknown_order_sorts_by_name_and_says_so(refreshed, client_for):
    response = client_for(refreshed.staff).get(nation(), {"orden": "zz"})
    assert response.context["order"] == "nombre"
    assert "Se muestra por nombre" in text_of(response)


# --- charts ---------------------------------------------------------------------------------
def test_the_charts_data_travels_as_json_and_no_script_runs_inline(refreshed, client_for):
    response = client_for(refreshed.staff).get(nation())
    html = response.content.decode()
    assert '<script id="dashboard-charts-data" type="application/json">' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "js/dashboard-charts.js" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or "application/json" in tag or "nonce=" in tag, tag
    charts = response.context["charts"]
    assert sum(charts["visits"]["visits"]) == 2
    # Every chart box is hidden until the script draws it, and its canvas is hidden from screen readers:
    # the table beside it is what a screen reader, a printer and a browser without JavaScript read.
    for box in re.findall(r'<div class="chart-box[^"]*"[^>]*>', html):
        assert "hidden" in box
    assert html.count("<canvas") == html.count('<canvas aria-hidden="true">')


# --- query counts ---------------------------------------------------------------------------
def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(world, schools: int) -> None:
    """More schools in network A and network B, each with a director, a teacher, a visit and a goal."""
    today = timezone.localdate()
    for network, district, coordinator in (
        (world.network_a, world.schools_a[0].district, world.coordinator),
        (world.network_b, world.schools_b[0].district, world.other_coordinator),
    ):
        for school in SchoolFactory.create_batch(schools, network=network, district=district):
            DirectorFactory(school=school)
            TeacherFactory(school=school)
            VisitFactory(coordinator=coordinator, school=school, date=today, classroom=True)
            VisitFactory(coordinator=coordinator, school=school, date=today - datetime.timedelta(days=40))
            SchoolGoalFactory(school=school, school_year=today.year)
    summaries_refresh_all()
    school_year_summaries_refresh()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.__name__)
def test_a_dashboards_query_count_does_not_grow_with_the_data(refreshed, client_for, page):
    client = client_for(refreshed.staff)
    client.get(page(refreshed))  # the first request warms the session and the site's caches
    small = count_queries(client, page(refreshed))
    grow(refreshed, 12)
    large = count_queries(client, page(refreshed))
    assert large == small


def test_each_page_links_its_own_map_and_attention_list_with_its_filters(refreshed, client_for):
    client = client_for(refreshed.staff)
    network = refreshed.network_a
    year = timezone.localdate().year
    pages = {
        nation(): "period=2026",
        piura(refreshed): f"period=2026&region={refreshed.piura.code}",
        network_a(refreshed): f"period=2026&network={network.pk}",
    }
    for url, expected in pages.items():
        expected = expected.replace("2026", str(year))
        html = client.get(url, {"period": str(year)}).content.decode()
        assert f'href="{reverse("evaluations:dashboard-map")}?{expected}"'.replace("&", "&amp;") in html
        assert f'href="{reverse("evaluations:attention")}?{expected}"'.replace("&", "&amp;") in html
    school_page = client.get(school_a(refreshed)).content.decode()
    assert reverse("evaluations:dashboard-map") not in school_page


def test_the_money_block_says_how_much_each_sponsor_committed_and_gave(refreshed, client_for):
    """Each company: 2 schools x S/ 50,000 committed; S/ 10,000 given (Minera to a school, Agro in general)."""
    year = str((timezone.localdate() - datetime.timedelta(days=30)).year)  # the contributions' year
    client = client_for(refreshed.staff)

    nation_page = client.get(nation(), {"period": year})
    rows = {row.name: row for row in nation_page.context["sponsor_money"]}

    assert set(rows) == {"Minera Andina del Norte S.A.C.", "Agroexportadora Valle Sagrado S.A."}
    for row in rows.values():
        assert (row.schools, row.committed.pen, row.received.pen) == (2, Decimal("100000.00"), Decimal("10000.00"))
        assert row.committed.usd == (Decimal("100000") / settings.CEE_USD_TO_PEN).quantize(Decimal("0.01"))
        assert row.received_share == Decimal("10.0")
    text = text_of(nation_page)
    assert "Minera Andina del Norte S.A.C. 2 S/ 100,000.00" in text
    minera = rows["Minera Andina del Norte S.A.C."]
    assert resolve(minera.url.split("?")[0]).url_name == "dashboard-list"
    assert f"sponsor={minera.pk}" in minera.url

    # In Piura only Minera funds schools, and the general contribution belongs to no region.
    region_rows = client.get(piura(refreshed), {"period": year}).context["sponsor_money"]
    assert [(row.name, row.schools, row.received.pen) for row in region_rows] == [
        ("Minera Andina del Norte S.A.C.", 2, Decimal("10000.00"))
    ]
