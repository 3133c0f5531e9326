"""Keyset paging (`core.pagination.keyset_page`) on the visit lists: newer/older, boundaries, bad cursors.

Visits are the list it was built for (a million at Peru's scale); the helper is the core's, tested here on
the model whose index it walks. The visit lists' own behaviour (filters kept, query counts) is at the end.
"""

import datetime

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.pagination import count_up_to, keyset_page
from networks.models import Visit
from networks.tests.factories import VisitFactory
from networks.tests.helpers import days_ago
from networks.views.visits import VISIT_ORDER

PER_PAGE = 4


@pytest.fixture
def visits(world):
    """Eleven visits at one school: three share a day and a creation time (bulk loads do), the rest differ."""
    school = world.schools_a[1]
    made = [VisitFactory(coordinator=world.coordinator, school=school, date=days_ago(d)) for d in range(8)]
    same_moment = timezone.now() - datetime.timedelta(days=30)
    tied = [VisitFactory(coordinator=world.coordinator, school=school, date=days_ago(10)) for _ in range(3)]
    Visit.objects.filter(pk__in=[v.pk for v in tied]).update(created_at=same_moment)
    return Visit.objects.filter(pk__in=[v.pk for v in made + tied])


def expected(queryset):
    return list(queryset.order_by(*VISIT_ORDER).values_list("pk", flat=True))


def walk_older(queryset, **options):
    """Every page from the first, following the older cursors: a list of lists of ids."""
    pages, cursor = [], None
    while True:
        page = keyset_page(queryset, ordering=VISIT_ORDER, cursor=cursor, per_page=PER_PAGE, **options)
        pages.append(page)
        if page.older is None:
            return pages
        cursor = page.older


@pytest.mark.parametrize("scope_is_small", [False, True])
def test_following_the_older_links_shows_every_visit_once_in_order(visits, scope_is_small):
    pages = walk_older(visits, scope_is_small=scope_is_small)

    assert [len(p.object_list) for p in pages] == [4, 4, 3]
    assert [v.pk for p in pages for v in p.object_list] == expected(visits)
    assert pages[0].newer is None
    assert all(p.newer for p in pages[1:])


@pytest.mark.parametrize("scope_is_small", [False, True])
def test_following_the_newer_links_back_shows_the_same_pages(visits, scope_is_small):
    pages = walk_older(visits, scope_is_small=scope_is_small)
    back = keyset_page(
        visits, ordering=VISIT_ORDER, cursor=pages[-1].newer, per_page=PER_PAGE, scope_is_small=scope_is_small
    )

    assert [v.pk for v in back.object_list] == [v.pk for v in pages[1].object_list]
    assert back.newer is not None  # the first page is still before it
    first = keyset_page(visits, ordering=VISIT_ORDER, cursor=back.newer, per_page=PER_PAGE)
    assert [v.pk for v in first.object_list] == [v.pk for v in pages[0].object_list]
    assert first.newer is None


def test_going_back_with_fewer_than_a_page_of_newer_visits_gives_the_full_first_page(visits):
    ids = expected(visits)
    first = keyset_page(visits, ordering=VISIT_ORDER, cursor=None, per_page=PER_PAGE)
    # A cursor made on the second visit: only one visit is newer than it.
    one_in = keyset_page(visits.exclude(pk=ids[0]), ordering=VISIT_ORDER, cursor=None, per_page=1)
    back = keyset_page(visits, ordering=VISIT_ORDER, cursor=one_in.older, per_page=PER_PAGE)
    assert back.object_list[0].pk == ids[2]
    newer = keyset_page(visits, ordering=VISIT_ORDER, cursor=back.newer, per_page=PER_PAGE)

    assert [v.pk for v in newer.object_list] == [v.pk for v in first.object_list]
    assert newer.newer is None


@pytest.mark.parametrize(("rows", "sizes"), [(0, [0]), (1, [1]), (4, [4]), (5, [4, 1]), (8, [4, 4])])
def test_a_page_boundary_leaves_no_empty_page_and_no_dead_link(world, rows, sizes):
    made = [
        VisitFactory(coordinator=world.coordinator, school=world.schools_a[1], date=days_ago(d)).pk for d in range(rows)
    ]

    pages = walk_older(Visit.objects.filter(pk__in=made))

    assert [len(p.object_list) for p in pages] == sizes
    assert pages[-1].older is None
    assert pages[0].has_other_pages == (len(sizes) > 1)


def test_an_older_cursor_past_the_last_visit_gives_the_first_page(visits):
    pages = walk_older(visits)
    last_cursor = keyset_page(visits, ordering=VISIT_ORDER, cursor=None, per_page=len(expected(visits)) - 1).older
    Visit.objects.filter(pk=expected(visits)[-1]).delete()  # the only visit older than the cursor goes

    page = keyset_page(visits, ordering=VISIT_ORDER, cursor=last_cursor, per_page=PER_PAGE)

    assert [v.pk for v in page.object_list] == [v.pk for v in pages[0].object_list]
    assert page.newer is None


def _signed(payload, ordering=VISIT_ORDER):
    return signing.dumps(payload, salt=f"core.pagination.keyset:{','.join(ordering)}")


MALFORMED_CURSORS = {
    "letters": "abc",
    "empty": "",
    "a megabyte": "x" * 1_000_000,
    "not ascii": "ñandú:ü:€",
    "tampered": None,  # a real cursor with its last character changed
    "another ordering": None,  # a real cursor of a list ordered otherwise
    "unknown direction": _signed(["x", ["2026-01-01", "2026-01-01T00:00:00+00:00", "1"]]),
    "too few values": _signed(["o", ["2026-01-01"]]),
    "not a date": _signed(["o", ["2026-02-30", "2026-01-01T00:00:00+00:00", "1"]]),
    "year 9999 and letters": _signed(["o", ["9999-12-31", "nope", "abc"]]),
    "nulls": _signed(["o", [None, None, None]]),
    "not a list": _signed({"o": 1}),
}


@pytest.mark.parametrize("name", MALFORMED_CURSORS)
def test_a_malformed_cursor_gives_the_first_page(visits, name):
    cursor = MALFORMED_CURSORS[name]
    real = walk_older(visits)[0].older
    if name == "tampered":
        cursor = real[:-1] + ("A" if real[-1] != "A" else "B")
    elif name == "another ordering":
        cursor = keyset_page(visits, ordering=("-date", "-created_at", "-id"), cursor=None, per_page=PER_PAGE).older

    page = keyset_page(visits, ordering=VISIT_ORDER, cursor=cursor, per_page=PER_PAGE)

    assert [v.pk for v in page.object_list] == expected(visits)[:PER_PAGE]
    assert page.newer is None


def test_an_ordering_on_a_related_field_is_refused_when_written(visits):
    with pytest.raises(ValueError, match="own fields"):
        keyset_page(visits, ordering=("-school__name", "id"), cursor=None)


def test_count_up_to_stops_counting_past_its_limit(visits):
    assert count_up_to(visits, 100) == 11
    assert count_up_to(visits, 5) == 6


# --- The visit lists ------------------------------------------------------------------------------
def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries), response


def _add_visits(world, n, start):
    for d in range(start, start + n):
        VisitFactory(coordinator=world.coordinator, school=world.schools_a[0], date=days_ago(d))


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
@pytest.mark.parametrize(
    "page_of",
    [
        lambda w: reverse("networks:visit-list"),
        lambda w: reverse("networks:school-detail", args=[w.schools_a[0].pk]),
    ],
    ids=["visit-list", "school-detail"],
)
def test_a_visit_list_reads_as_many_queries_with_ten_times_the_visits(world, client_for, user_of, persona, page_of):
    client, url = client_for(user_of(persona)), page_of(world)
    _add_visits(world, 30, 0)
    small_first, response = _queries(client, url)
    small_older, _ = _queries(client, url, {"cursor": response.context["page"].older})
    _add_visits(world, 270, 30)
    large_first, response = _queries(client, url)
    large_older, _ = _queries(client, url, {"cursor": response.context["page"].older})

    assert large_first == small_first
    assert large_older == small_older


def test_the_visit_list_says_how_many_visits_up_to_its_limit(world, client_for, staff_user, monkeypatch):
    _add_visits(world, 4, 0)
    shown = Visit.objects.count()
    monkeypatch.setattr("networks.views.visits.VISIT_COUNT_LIMIT", shown)
    client = client_for(staff_user)
    assert f"{shown} visitas" in client.get(reverse("networks:visit-list")).content.decode()

    _add_visits(world, 1, 10)
    assert f"Más de {shown} visitas" in client.get(reverse("networks:visit-list")).content.decode()


def test_a_numbered_page_from_an_old_bookmark_opens_the_first_page(world, client_for, staff_user):
    _add_visits(world, 30, 0)

    page = client_for(staff_user).get(reverse("networks:visit-list"), {"page": "2"}).context["page"]

    assert page.newer is None
    assert len(page.object_list) == 25
