"""The coverage pages (`workshops.views.coverage`): a network's (coordinators, staff), a region's (staff).

Gates, the figures with their base ("2 de 6"), who missed every workshop with a link to their page, the
year in the URL (a bad one is reported and this year shown), and the query count of the page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from networks.tests.factories import NetworkFactory
from schools.tests.factories import DirectorFactory, SchoolFactory, TeacherFactory
from workshops.tests.conftest import people_of
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory
from workshops.tests.helpers import (
    COORDINATORS,
    MALFORMED_YEARS,
    SPONSORS,
    STAFF,
    Page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_answers,
    page_id,
)

PAGES = [
    Page(
        "coverage-network",
        args=lambda w: [w.network_a.pk],
        allowed=(*STAFF, "coordinator"),
        forbidden=SPONSORS,
        out_of_scope=("other_coordinator", "former_coordinator"),
    ),
    Page(
        "coverage-region",
        args=lambda w: [w.piura.pk],
        allowed=STAFF,
        forbidden=(*SPONSORS, *COORDINATORS, "former_coordinator"),
    ),
]


def network_url(network) -> str:
    return reverse("workshops:coverage-network", args=[network.pk])


def region_url(region) -> str:
    return reverse("workshops:coverage-region", args=[region.pk])


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_anonymous_people_are_sent_to_the_login_page(world, client, page):
    assert_anonymous_is_sent_to_the_login_page(client, world, page)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_each_page_answers_each_persona(world, client_for, user_of, page):
    assert_answers(world, client_for, user_of, page)


@pytest.fixture
def some_came(world, extra):
    """Two teachers and a director of network A's first school came; 9 parents of its second school."""
    director, *teachers = people_of(world, world.schools_a[0])
    for person in (director, *teachers):
        AttendanceFactory(workshop=world.workshop_a, teacher=person)
    ParentAttendanceFactory(workshop=extra.parents_workshop, school=world.schools_a[1], count=9)


def test_a_coordinator_sees_their_networks_figures_with_the_base(world, some_came, client_for, coordinator):
    response = client_for(coordinator).get(network_url(world.network_a))
    html = response.content.decode()
    assert "2 de 6 docentes asistieron al menos a un taller" in html
    assert "1 de 3 directores asistieron al menos a un taller" in html
    assert "33.3 %" in html
    assert "padres de familia asistentes, de las 3 instituciones de la red" in html
    assert "6 personas no asistieron a ningún taller" in html


def test_who_missed_every_workshop_links_to_their_page(world, some_came, client_for, coordinator):
    html = client_for(coordinator).get(network_url(world.network_a)).content.decode()
    _director, *teachers = people_of(world, world.schools_a[1])
    for teacher in teachers:
        assert reverse("networks:teacher-detail", args=[teacher.pk]) in html
        assert f"{teacher.last_name}, {teacher.first_name}" in html
    came = world.teachers_a[world.schools_a[0].pk][0]
    assert reverse("networks:teacher-detail", args=[came.pk]) not in html
    assert f"{reverse('workshops:workshop-create')}?network={world.network_a.pk}" in html


def test_a_year_in_the_url_shows_that_year(world, some_came, client_for, staff_user):
    last_year = timezone.localdate().year - 1
    response = client_for(staff_user).get(network_url(world.network_a), {"year": last_year})
    assert response.context["coverage"].year == last_year
    assert "0 de 6 docentes" in response.content.decode()


@pytest.mark.parametrize("year", [*MALFORMED_YEARS, str(timezone.localdate().year + 1)])
def test_a_bad_year_is_reported_and_this_year_shown(world, client_for, staff_user, year):
    for url in (network_url(world.network_a), region_url(world.piura)):
        response = client_for(staff_user).get(url, {"year": year})
        assert response.status_code == 200
        assert response.context["coverage"].year in {timezone.localdate().year, int(year) if year.isdigit() else 0}


def test_a_bad_year_says_so_in_spanish(world, client_for, staff_user):
    html = client_for(staff_user).get(network_url(world.network_a), {"year": "9999"}).content.decode()
    assert f"Escriba un año entre 2000 y {timezone.localdate().year}." in html
    assert f"Se muestra {timezone.localdate().year}." in html


@pytest.mark.parametrize("pk", ["abc", "-1", "9" * 30])
def test_a_coverage_url_with_a_malformed_id_is_not_found(world, client_for, staff_user, pk):
    assert client_for(staff_user).get(f"/talleres/cobertura/redes/{pk}/").status_code == 404
    assert client_for(staff_user).get(f"/talleres/cobertura/regiones/{pk}/").status_code == 404


def test_a_regions_page_has_a_row_per_network_linking_to_its_coverage(world, some_came, client_for, staff_user):
    response = client_for(staff_user).get(region_url(world.piura))
    html = response.content.decode()
    assert network_url(world.network_a) in html
    assert network_url(world.graduated_network) not in html  # graduated: no longer in the program
    assert "Año 2 · Pensamiento crítico y lógico" in html
    assert "2 de 6" in html


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_network_page_makes_as_many_queries_for_30_schools_as_for_3(world, client_for, staff_user):
    client = client_for(staff_user)
    few = page_queries(client, network_url(world.network_a))
    big = NetworkFactory(region=world.piura)
    for _ in range(30):
        school = SchoolFactory(network=big)
        DirectorFactory(school=school)
        TeacherFactory.create_batch(2, school=school)
    assert page_queries(client, network_url(big)) == few


def test_the_region_page_makes_as_many_queries_for_8_networks_as_for_2(world, client_for, staff_user):
    client = client_for(staff_user)
    few = page_queries(client, region_url(world.piura))
    for _ in range(6):
        network = NetworkFactory(region=world.piura)  # in its year 2, like network A
        SchoolFactory(network=network)
    assert page_queries(client, region_url(world.piura)) == few
