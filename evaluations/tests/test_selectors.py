"""The sponsor's home-page summary: its counts come from its own scope, in a fixed number of queries.

(Staff land on the national dashboard: evaluations/tests/test_views_dashboard.py.)

The world (root conftest): networks A (Piura) and B (Cusco) with three schools and nine active people
each, one classroom visit today in each, one workshop per network plus regional ones in Piura and Lima.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from evaluations.selectors import sponsor_home_summary
from networks.tests.factories import VisitFactory, VisitPhotoFactory
from schools.tests.factories import DirectorFactory, SchoolFactory, SponsorshipFactory


# --- sponsor --------------------------------------------------------------------------
def test_sponsor_home_summary_shows_only_the_sponsors_schools_and_money(world, sponsor_user):
    summary = sponsor_home_summary(user=sponsor_user)
    assert summary["sponsor"] == world.sponsor_a
    assert [s.pk for s in summary["schools"]] == [s.pk for s in sorted(world.sponsored_a, key=lambda s: s.name)]
    assert summary["counts"] == {"schools": 2, "networks": 1, "regions": 1, "visits": 1}
    assert [(r["currency"], r["total"]) for r in summary["money"]["committed"]] == [("PEN", 100000)]
    assert [(r["currency"], r["total"]) for r in summary["money"]["contributed"]] == [("PEN", 10000)]


def test_sponsor_home_summary_gives_each_school_its_program_year_and_focus(world, sponsor_user):
    school = sponsor_home_summary(user=sponsor_user)["schools"][0]
    assert school.program_year == 2
    assert school.focus == "Pensamiento crítico y lógico"


def test_other_sponsor_home_summary_never_shows_sponsor_a(world, other_sponsor_user):
    summary = sponsor_home_summary(user=other_sponsor_user)
    assert {s.pk for s in summary["schools"]} == {s.pk for s in world.sponsored_b}
    assert summary["sponsor"] == world.sponsor_b
    assert summary["counts"]["visits"] == 1


# --- query counts ---------------------------------------------------------------------
def count_queries(func, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func(**kwargs)
    return len(ctx.captured_queries)


def grow_network_a(world, schools: int):
    """Add schools to network A, each funded by sponsor A, with a director, a teacher and a visit."""
    today = timezone.localdate()
    for school in SchoolFactory.create_batch(schools, network=world.network_a, district=world.schools_a[0].district):
        SponsorshipFactory(sponsor=world.sponsor_a, school=school)
        DirectorFactory(school=school)
        VisitFactory(coordinator=world.coordinator, school=school, date=today, classroom=True)


def test_sponsor_home_summary_runs_a_fixed_number_of_queries_whatever_the_scope_size(world):
    pk = world.sponsor_user.pk
    small = count_queries(sponsor_home_summary, user=User.objects.get(pk=pk))  # a fresh user, as a request has
    grow_network_a(world, 28)  # the sponsor goes from 2 schools to 30
    large = count_queries(sponsor_home_summary, user=User.objects.get(pk=pk))
    assert large == small
    # the sponsor link, the sponsor, page count, page rows, their networks, the curriculum's focus,
    # networks, regions, visits, money x2, photos (+1 spare)
    assert large <= 13


def test_sponsor_home_pages_a_long_list_of_schools(world):
    grow_network_a(world, 58)  # sponsor A: 60 schools
    user = User.objects.get(pk=world.sponsor_user.pk)
    first = sponsor_home_summary(user=user)
    second = sponsor_home_summary(user=user, page=2)
    assert first["counts"]["schools"] == 60
    assert len(first["schools"]) == 50
    assert len(second["schools"]) == 10
    assert not {s.pk for s in first["schools"]} & {s.pk for s in second["schools"]}


def test_the_grown_world_has_30_schools_for_sponsor_a(world):
    grow_network_a(world, 28)
    assert sponsor_home_summary(user=world.sponsor_user)["counts"]["schools"] == 30


# --- approved photos ------------------------------------------------------------------
def test_sponsor_home_shows_only_approved_photos_of_the_sponsors_own_schools(world, sponsor_user, photo_files):
    approved = VisitPhotoFactory(visit=world.visit_a, approved=True)
    VisitPhotoFactory(visit=world.visit_a)  # not approved yet: hidden from the sponsor
    VisitPhotoFactory(visit=world.visit_b, approved=True)  # another sponsor's school
    assert [p.pk for p in sponsor_home_summary(user=sponsor_user)["photos"]] == [approved.pk]


def test_sponsor_home_page_links_the_approved_photo_and_it_opens(world, sponsor_user, client_for, photo_files):
    photo = VisitPhotoFactory(visit=world.visit_a, approved=True)
    client = client_for(sponsor_user)
    page = client.get(reverse("evaluations:home"))
    photo_url = reverse("networks:visit-photo", args=[photo.pk])
    assert photo_url in page.content.decode()
    assert client.get(photo_url)["Content-Type"] == "image/jpeg"
