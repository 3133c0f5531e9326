"""The staff map (evaluations:dashboard-map) and its points (evaluations:dashboard-map-points).

On the root conftest's world plus a few visits whose days since the last visit sit on each side of the
buckets' limits (30/31, 60/61, 90/91), a school never visited and schools without coordinates. The
answers are known: which school falls in which colour, what the JSON holds, what a scope keeps.

Measured on 20,000 schools (19,600 with coordinates, a bench database, not the suite): the points answer
is 1,393 KB of JSON, 341 KB gzipped as sent; the same points as one GeoJSON Feature each would be
3,880 KB (377 KB gzipped).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.dashboard.geo import (
    POINT_FIELDS,
    PROGRAM_YEAR,
    VISIT,
    VISIT_BUCKETS,
    YEAR_BUCKETS,
    map_data,
    visit_bucket,
    year_bucket,
)
from networks.services.summaries import summaries_refresh_all
from networks.tests.factories import VisitFactory
from schools.models import School
from schools.tests.factories import SchoolFactory

from .helpers import count_queries

MAP = reverse("evaluations:dashboard-map")
POINTS = reverse("evaluations:dashboard-map-points")

pytestmark = pytest.mark.django_db


def place(school, lat="-5.2", lon="-80.6"):
    School.objects.filter(pk=school.pk).update(latitude=Decimal(lat), longitude=Decimal(lon))


@pytest.fixture
def mapped(world):
    """a0 and b0 were visited today (the world's visits); a1 30 days ago, a2 31, b1 90 days ago; b2 91 days
    ago but has no coordinates; a3 (new, network A) was never visited; the graduated school has no
    coordinates and its last visit is two years old."""
    today = timezone.localdate()
    a0, a1, a2 = world.schools_a
    b0, b1, b2 = world.schools_b
    a3 = SchoolFactory(district=a0.district, network=world.network_a, name="I.E. Nunca Visitada")
    for school in (a0, a1, a2, a3):
        place(school)
    for school in (b0, b1):
        place(school, "-13.3", "-72.1")
    for school, days in ((a1, 30), (a2, 31), (b1, 90), (b2, 91)):
        VisitFactory(school=school, coordinator=world.coordinator, date=today - datetime.timedelta(days=days))
    summaries_refresh_all()
    world.a3 = a3
    world.today = today
    return world


def points_by_id(payload) -> dict[int, dict]:
    fields = payload["fields"]
    return {row[0]: dict(zip(fields, row, strict=True)) for row in payload["points"]}


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),
        (None, "nunca"),
    ],
)
def test_days_since_the_last_visit_fall_in_their_bucket(days, bucket):
    assert VISIT_BUCKETS[visit_bucket(days)].key == bucket


@pytest.mark.parametrize(("year", "bucket"), [(1, "1"), (5, "5"), (6, "egresada"), (9, "egresada"), (None, "sin-red")])
def test_program_years_fall_in_their_bucket(year, bucket):
    assert YEAR_BUCKETS[year_bucket(year)].key == bucket


def test_map_data_counts_every_school_and_draws_only_those_with_coordinates(mapped):
    data = map_data(School.objects.all(), on=mapped.today, color=VISIT)
    counts = dict(zip([b.key for b in data.buckets], data.counts, strict=True))
    # a0, a1, b0 | a2 | b1 | b2, graduated | a3
    assert counts == {"0-30": 3, "31-60": 1, "61-90": 1, "90+": 2, "nunca": 1}
    assert data.total == 8
    assert data.without_coordinates == 2
    assert len(data.points) == 6


def test_the_points_say_each_schools_days_bucket_and_program_year(mapped, client_for):
    response = client_for(mapped.staff).get(POINTS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert payload["fields"] == list(POINT_FIELDS)
    assert payload["on"] == mapped.today.isoformat()
    assert payload["total"] == 8
    assert payload["withoutCoordinates"] == 2
    points = points_by_id(payload)
    a0, a1, a2 = mapped.schools_a
    b0, b1 = mapped.schools_b[:2]
    assert set(points) == {a0.pk, a1.pk, a2.pk, mapped.a3.pk, b0.pk, b1.pk}
    keys = [item["key"] for item in payload["legend"]]
    assert {pk: (p["days"], keys[p["bucket"]]) for pk, p in points.items()} == {
        a0.pk: (0, "0-30"),
        a1.pk: (30, "0-30"),
        a2.pk: (31, "31-60"),
        mapped.a3.pk: (None, "nunca"),
        b0.pk: (0, "0-30"),
        b1.pk: (90, "61-90"),
    }
    year_a = mapped.network_a.program_year_on(mapped.today)
    assert points[a1.pk]["year"] == year_a
    assert points[a1.pk]["lat"] == -5.2
    assert points[a1.pk]["lon"] == -80.6
    assert points[a0.pk]["name"] == a0.name
    # Every colour has its words and its count (with or without coordinates).
    assert [(item["label"], item["count"]) for item in payload["legend"]] == [
        ("Visitada en los últimos 30 días", 3),
        ("Última visita hace 31 a 60 días", 1),
        ("Última visita hace 61 a 90 días", 1),
        ("Última visita hace más de 90 días", 2),
        ("Nunca visitada", 1),
    ]
    assert [region[1] for region in payload["regions"]][:3] == ["Apurímac", "Arequipa", "Ayacucho"]
    assert len(payload["regions"]) == 15
    assert payload["urls"]["dashboard"] == reverse("evaluations:dashboard-school", kwargs={"pk": 0})
    assert payload["urls"]["record"] == reverse("networks:school-detail", kwargs={"pk": 0})


def test_the_points_coloured_by_program_year(mapped, client_for):
    payload = client_for(mapped.staff).get(POINTS, {"color": PROGRAM_YEAR}).json()
    assert payload["color"] == PROGRAM_YEAR
    # A bad network id does not lose the colouring.
    assert client_for(mapped.staff).get(POINTS, {"color": PROGRAM_YEAR, "network": "x"}).json()["color"] == PROGRAM_YEAR
    keys = [item["key"] for item in payload["legend"]]
    year_a = str(mapped.network_a.program_year_on(mapped.today))
    year_b = str(mapped.network_b.program_year_on(mapped.today))
    points = points_by_id(payload)
    assert keys[points[mapped.schools_a[0].pk]["bucket"]] == year_a
    assert keys[points[mapped.schools_b[0].pk]["bucket"]] == year_b
    counts = {item["key"]: item["count"] for item in payload["legend"]}
    assert counts["egresada"] == 1  # the graduated school, counted though it has no coordinates


def test_the_points_keep_the_filters_and_the_network_scope(mapped, client_for):
    client = client_for(mapped.staff)
    piura = points_by_id(client.get(POINTS, {"region": "20"}).json())
    assert set(piura) == {school.pk for school in mapped.schools_a} | {mapped.a3.pk}
    payload = client.get(POINTS, {"network": mapped.network_b.pk}).json()
    assert set(points_by_id(payload)) == {school.pk for school in mapped.schools_b[:2]}
    assert payload["withoutCoordinates"] == 1
    # A past period counts the days on its last day: last month's end, before today's visits.
    last_month_end = mapped.today.replace(day=1) - datetime.timedelta(days=1)
    period = f"{last_month_end:%Y-%m}"
    past = client.get(POINTS, {"period": period}).json()
    assert past["on"] == last_month_end.isoformat()
    assert points_by_id(past)[mapped.a3.pk]["days"] is None


@pytest.mark.parametrize(
    "query",
    [
        {"region": "zz"},
        {"period": "abc"},
        {"period": "9999-01"},
        {"color": "rojo"},
        {"network": "abc"},
        {"network": "-4"},
        {"program_year": "9"},
        {"sponsor": "x" * 1000},
        {"area": "luna"},
    ],
)
def test_bad_input_is_ignored_not_an_error(mapped, client_for, query):
    client = client_for(mapped.staff)
    assert client.get(MAP, query).status_code == 200
    assert client.get(POINTS, query).status_code == 200


def test_a_network_that_does_not_exist_is_not_found(mapped, client_for):
    client = client_for(mapped.staff)
    assert client.get(POINTS, {"network": 987654}).status_code == 404
    assert client.get(MAP, {"network": 987654}).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "former_coordinator", "sponsor"])
def test_only_staff_see_the_map(mapped, client_for, user_of, persona):
    client = client_for(user_of(persona))
    assert client.get(MAP).status_code == 403
    assert client.get(POINTS).status_code == 403


def test_anonymous_people_are_sent_to_the_login(mapped, client):
    for url in (MAP, POINTS):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_is_the_maps_table_twin(mapped, client_for):
    response = client_for(mapped.staff).get(MAP, {"region": "20"})
    assert response.status_code == 200
    page = response.content.decode()
    rows = response.context["rows"]
    assert [(row["bucket"].key, row["count"]) for row in rows] == [
        ("0-30", 2),
        ("31-60", 1),
        ("61-90", 0),
        ("90+", 1),
        ("nunca", 1),
    ]
    # The school without coordinates is named, linked to its record.
    graduated = mapped.graduated_school
    assert [school.pk for school in response.context["no_coordinates_page"]] == [graduated.pk]
    assert reverse("networks:school-detail", args=[graduated.pk]) in page
    # Each count links to its list.
    assert "?region=20&amp;color=visita&amp;lista=nunca#lista" in page
    assert "Sin coordenadas" in page
    # The script fetches the points with the same filters.
    assert f'data-points-url="{POINTS}?region=20&amp;color=visita"' in page
    assert 'src="/static/vendor/leaflet/leaflet.js"' in page
    assert "Nunca visitada" in page


def test_each_count_of_the_legend_lists_its_schools_longest_without_a_visit_first(mapped, client_for):
    client = client_for(mapped.staff)
    a0, a1, a2 = mapped.schools_a
    b0, _b1, b2 = mapped.schools_b

    def listed(**query):
        response = client.get(MAP, query)
        assert response.status_code == 200
        page = response.context["bucket_page"]
        return [school.pk for school in page] if page is not None else None

    assert listed(lista="0-30") == [a1.pk, *sorted([a0.pk, b0.pk])]
    assert listed(lista="31-60") == [a2.pk]
    assert listed(lista="90+") == [mapped.graduated_school.pk, b2.pk]  # two years, then 91 days
    assert listed(lista="nunca") == [mapped.a3.pk]
    assert listed(lista="nunca", network=mapped.network_b.pk) == []
    year_a = str(mapped.network_a.program_year_on(mapped.today))
    assert set(listed(lista=year_a, color=PROGRAM_YEAR)) >= {a0.pk, a1.pk, a2.pk, mapped.a3.pk}
    assert listed(lista="egresada", color=PROGRAM_YEAR) == [mapped.graduated_school.pk]
    # A group of the other colouring, or none at all, lists nothing (with a message).
    assert listed(lista="egresada") is None
    assert listed(lista="zz") is None
    assert listed(lista="nunca", cursor="garbage") == [mapped.a3.pk]
    # The schools without coordinates, in full, by name.
    response = client.get(MAP, {"lista": "sin-coordenadas"})
    assert {school.pk for school in response.context["no_coordinates_page"]} == {b2.pk, mapped.graduated_school.pk}


def test_the_map_and_its_points_take_the_same_queries_at_two_sizes(mapped, client_for):
    client = client_for(mapped.staff)
    small = (count_queries(client, MAP), count_queries(client, POINTS))
    small_list = count_queries(client, f"{MAP}?lista=nunca")
    for n in range(6):
        school = SchoolFactory(district=mapped.schools_a[0].district, network=mapped.network_a)
        place(school)
        VisitFactory(school=school, coordinator=mapped.coordinator, date=mapped.today - datetime.timedelta(days=n * 20))
        SchoolFactory(district=mapped.schools_b[0].district, network=mapped.network_b)  # no coordinates
    summaries_refresh_all()
    large = (count_queries(client, MAP), count_queries(client, POINTS))
    assert large == small
    listed = f"{MAP}?lista=nunca"
    assert count_queries(client, listed) == small_list
    assert small[1] <= 8
