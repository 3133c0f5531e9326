"""The sponsor portal's pages (`evaluations.views.portal`): each page's figures against the hand-worked
`portal_world`, nothing of any person or of the other company on any page, 404 out of the company's scope,
staff's preview exactly as the company sees it, and query counts that do not grow with the company's size.

Who may open which URL with which method is the authorization matrix's (authorization_rows_portal.py).
"""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import SponsorUserFactory
from evaluations.dashboard.figures import dashboard_figures
from evaluations.dashboard.figures.funding import sponsor_agreement
from evaluations.dashboard.scope import nation_scope
from evaluations.portal.pages import Portal, portal_filter
from evaluations.services.summaries import school_year_summaries_refresh
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory
from evaluations.tests.helpers import count_queries
from evaluations.tests.portal_world import (
    NOTE_A,
    forbidden_words,
    other_sponsor_words,
    photo,
)
from networks.services.summaries import summaries_refresh_all
from networks.tests.factories import VisitFactory
from schools.models import Contribution, School
from schools.selectors import schools_visible_to
from schools.tests.factories import (
    ContributionFactory,
    DirectorFactory,
    EnrollmentFactory,
    SchoolFactory,
    SponsorshipFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def program_settings(settings):
    """The settings the figures here are worked out with, whatever the environment says."""
    settings.CEE_USD_TO_PEN = Decimal("3.75")
    settings.CEE_VISIT_OVERDUE_DAYS = 30
    settings.CEE_VISITS_PER_SCHOOL_MONTH = 2


def url(name: str, *args) -> str:
    return reverse(f"evaluations:portal-{name}", args=args)


def preview_url(name: str, sponsor, *args) -> str:
    return reverse(f"evaluations:portal-preview-{name}", args=[sponsor.pk, *args])


def get(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, path
    return response


def sponsor_a_pages(pw) -> list[str]:
    world = pw.world
    return [
        reverse("evaluations:home"),
        url("portfolio"),
        url("progress"),
        url("stories"),
        url("story", pw.story_a.pk),
        url("school", world.sponsored_a[0].pk),
        url("school", world.sponsored_a[1].pk),
        url("map-points"),
    ]


# --- The portfolio ------------------------------------------------------------------------------
def test_the_portfolio_shows_the_companys_schools_reach_and_money_as_worked_out_by_hand(portal_world, client_for):
    pw, expected = portal_world, portal_world.expected
    world = pw.world
    context = get(client_for(world.sponsor_user), url("portfolio")).context
    figures = context["figures"]
    reach = figures.reach
    assert (reach.schools, reach.networks, reach.regions) == (expected.schools, expected.networks, expected.regions)
    assert (reach.teachers, reach.students) == (expected.teachers, expected.students)
    assert figures.visits.visits == expected.visits
    assert (context["teachers_trained"].reached, context["teachers_trained"].of) == (expected.teachers_trained, 4)
    assert context["parents_trained"].reached == expected.parents
    assert [(n.name, n.schools, n.program_year) for n in context["networks"]] == [(world.network_a.name, 2, 2)]
    assert [s.pk for s in context["schools_page"].object_list] == sorted(
        (s.pk for s in world.sponsored_a), key=lambda pk: School.objects.get(pk=pk).name
    )
    assert {s.network.pk for s in context["schools_page"].object_list} == {world.network_a.pk}
    assert [s.pk for s in context["stories"]] == [pw.story_a.pk]
    assert context["map"].total == 2


def test_the_portfolio_states_the_agreement_and_the_money_year_by_year(portal_world, client_for):
    pw = portal_world
    world, year = pw.world, pw.year
    contribution = Contribution.objects.get(sponsor=world.sponsor_a)  # S/ 10,000 to A0, 30 days ago
    agreement = get(client_for(world.sponsor_user), url("portfolio")).context["agreement"]
    assert agreement.committed.pen == Decimal("100000.00")
    assert agreement.committed.usd == Decimal("26666.67")  # at S/ 3.75 (the test settings' rate)
    assert (agreement.first_year, agreement.last_year, agreement.schools) == (year - 1, year + 3, 2)
    assert [(row.year, row.schools, row.committed.pen) for row in agreement.years] == [
        (year - 1, 2, Decimal("100000.00")),
        (year, 2, Decimal("100000.00")),
    ]
    received = {row.year: row.received.pen for row in agreement.years}
    assert received[contribution.date.year] == Decimal("10000.00")
    assert agreement.received.pen == Decimal("10000.00")
    assert agreement.received_share == Decimal("10.0")
    html = client_for(world.sponsor_user).get(url("portfolio")).content.decode()
    assert "S/ 100,000.00" in html
    assert "US$ 1 = S/ 3.75" in html


def test_the_portfolios_money_this_year_is_the_dashboards_money_block_for_the_company(portal_world):
    """One rule: this year's row equals `dashboard_figures`' funding with the sponsor filter."""
    world = portal_world.world
    portal = Portal(sponsor=world.sponsor_a, today=timezone.localdate())
    figures = dashboard_figures(scope=nation_scope(), filterset=portal_filter(portal))
    ids = schools_visible_to(portal.reader).values("pk")
    this_year = sponsor_agreement(ids=ids, sponsor=world.sponsor_a, until=portal.year).years[-1]
    assert (this_year.committed, this_year.received) == (figures.funding.committed, figures.funding.received)
    assert figures.funding.sponsors == 1


def test_the_home_of_a_companys_user_is_its_portfolio(portal_world, client_for):
    response = get(client_for(portal_world.world.sponsor_user), reverse("evaluations:home"))
    assert "evaluations/portal/portfolio.html" in [t.name for t in response.templates]
    assert response.context["figures"].reach.schools == portal_world.expected.schools
    html = response.content.decode()
    assert f'href="{url("progress")}"' in html
    assert f'href="{url("stories")}"' in html
    assert f'href="{reverse("evaluations:report-list")}"' in html


def test_a_sponsor_account_without_a_company_lands_on_an_empty_portfolio_and_no_portal_page(db, client_for):
    user = SponsorUserFactory(sponsor__unlinked=True)
    client = client_for(user)
    html = get(client, reverse("evaluations:home")).content.decode()
    assert "Su cuenta aún no está vinculada a una empresa auspiciadora" in html
    assert client.get(url("portfolio")).status_code == 403


def test_each_company_sees_only_its_own_figures(portal_world, client_for):
    world = portal_world.world
    figures_b = get(client_for(world.other_sponsor_user), url("portfolio")).context["figures"]
    assert (figures_b.reach.schools, figures_b.reach.students, figures_b.reach.teachers) == (2, 99, 6)
    assert [(row.name, row.schools) for row in figures_b.children] == [(world.cusco.name, 2)]
    assert figures_b.funding.committed.pen == Decimal("100000.00")
    figures_a = get(client_for(world.sponsor_user), url("portfolio")).context["figures"]
    assert [(row.name, row.schools) for row in figures_a.children] == [(world.piura.name, 2)]


# --- Progress ---------------------------------------------------------------------------------------
def test_progress_shows_the_coordinators_work_in_the_companys_schools(portal_world, client_for):
    expected = portal_world.expected
    context = get(client_for(portal_world.world.sponsor_user), url("progress")).context
    figures, held = context["figures"], context["held"]
    assert (figures.coverage.visited, figures.coverage.schools) == (expected.visited, expected.schools)
    assert figures.coverage.share == Decimal("50.0")
    assert figures.visits.visits == expected.visits
    assert (held.held, held.attendances, held.people, held.parents) == (
        expected.workshops_held,
        expected.attendances,
        2,
        expected.parents,
    )
    assert (figures.goals.on_track, figures.goals.no_measure, figures.goals.total) == (1, 1, 2)
    [reading] = [row for row in figures.results if row.subject == "reading"]
    assert (reading.year, reading.evaluated, reading.levels["satisfactorio"]) == (
        portal_world.year - 1,
        27,
        expected.reading_satisfactorio,
    )
    assert [(row.name, row.schools, row.visits) for row in figures.children] == [("Piura", 2, 1)]


# --- A school's page --------------------------------------------------------------------------------
def test_a_schools_page_shows_its_network_goals_workshops_results_and_stories(portal_world, client_for):
    pw = portal_world
    world = pw.world
    school = world.sponsored_a[0]
    response = get(client_for(world.sponsor_user), url("school", school.pk))
    context = response.context
    figures = context["figures"]
    assert (figures.reach.students, figures.reach.teachers, figures.visits.visits) == (30, 3, 1)
    assert context["scope"].network == world.network_a
    assert context["program_year"] == 2
    assert context["agreements"] == [(pw.year - 1, pw.year + 3)]
    assert [goal.pk for goal in context["goals"]] == [pw.not_measured.pk, pw.on_track.pk]
    assert (figures.goals.on_track, figures.goals.no_measure) == (1, 1)
    held = context["held"]
    assert (held.held, held.attendances, held.parents) == (3, 1, 12)
    [reading] = [row for row in figures.results if row.subject == "reading"]
    assert (reading.levels["satisfactorio"], reading.first_year) == (Decimal("25.9"), Decimal("25.9"))
    assert [story.pk for story in context["stories"]] == [pw.story_a.pk]
    assert figures.funding is None  # at one school it would add up every company that funds it
    html = response.content.decode()
    assert "Familias que leen en casa" in html
    assert NOTE_A in html


def test_a_school_the_company_does_not_fund_answers_404_whoever_guesses_its_id(portal_world, client_for):
    world = portal_world.world
    client = client_for(world.sponsor_user)
    for school in [*world.sponsored_b, world.schools_a[2], world.graduated_school]:
        get(client, url("school", school.pk), 404)
    get(client, "/auspicio/instituciones/2147483647/", 404)
    get(client, "/auspicio/instituciones/99999999999999999999/", 404)
    get(client, "/auspicio/instituciones/abc/", 404)


# --- Stories ------------------------------------------------------------------------------------------
def test_stories_are_the_photos_staff_approved_for_the_company_with_their_note(portal_world, client_for):
    pw = portal_world
    client = client_for(pw.world.sponsor_user)
    page = get(client, url("stories")).context["page"]
    assert [story.pk for story in page.object_list] == [pw.story_a.pk]
    html = get(client, url("story", pw.story_a.pk)).content.decode()
    assert NOTE_A in html
    assert f'src="{reverse("networks:visit-photo", args=[pw.story_a.pk])}"' in html
    assert get(client, reverse("networks:visit-photo", args=[pw.story_a.pk]))["Content-Type"] == "image/jpeg"


def test_an_unapproved_photo_or_another_companys_never_reaches_a_company(portal_world, client_for):
    pw = portal_world
    client = client_for(pw.world.sponsor_user)
    for story in (pw.pending_a, pw.story_b):
        get(client, url("story", story.pk), 404)
        get(client, reverse("networks:visit-photo", args=[story.pk]), 404)


# --- The map's points ---------------------------------------------------------------------------------
def test_the_maps_points_are_the_companys_schools_linked_to_their_portal_page(portal_world, client_for):
    world = portal_world.world
    for index, school in enumerate([*world.sponsored_a, *world.sponsored_b]):
        School.objects.filter(pk=school.pk).update(latitude=Decimal(-5 - index), longitude=Decimal(-80))
    data = get(client_for(world.sponsor_user), url("map-points")).json()
    ids = {point[data["fields"].index("id")] for point in data["points"]}
    assert ids == {school.pk for school in world.sponsored_a}
    assert data["urls"] == {"dashboard": url("school", 0)}
    assert data["total"] == 2


# --- Nothing of anyone: people, children, notes, the other company --------------------------------
def test_no_page_of_the_portal_shows_a_persons_name_dni_or_phone_or_a_visits_notes(portal_world, client_for):
    world = portal_world.world
    client = client_for(world.sponsor_user)
    words = forbidden_words(world)
    for path in sponsor_a_pages(portal_world):
        content = get(client, path).content.decode()
        found = [word for word in words if word in content]
        assert not found, f"{path} shows {found}"


def test_no_page_of_the_portal_shows_anything_of_the_other_company(portal_world, client_for):
    world = portal_world.world
    client = client_for(world.sponsor_user)
    words = other_sponsor_words(world)
    for path in sponsor_a_pages(portal_world):
        content = get(client, path).content.decode()
        found = [word for word in words if word in content]
        assert not found, f"{path} shows {found}"


def test_the_portal_answers_403_to_any_method_but_get(portal_world, client_for):
    client = client_for(portal_world.world.sponsor_user)
    path = url("school", portal_world.world.sponsored_a[0].pk)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(path).status_code == 403, method
    assert client.head(path).status_code == 200


# --- Staff's preview ----------------------------------------------------------------------------------
class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.actions = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.actions.append(dict(attrs).get("action"))


def main_part(html: str) -> str:
    """The page after the portal's menu to the end of <main>: what the company reads (the header, the
    preview's banner, the menus and the footer are the reader's own)."""
    start = html.index("</nav>", html.index('<nav class="portal-nav')) + len("</nav>")
    return html[start : html.index("</main>")]


@pytest.mark.parametrize("page", ["portfolio", "progress", "stories", "story", "school"])
def test_staffs_preview_is_exactly_what_the_company_sees_marked_read_only(portal_world, client_for, page):
    world = portal_world.world
    args = {"story": [portal_world.story_a.pk], "school": [world.sponsored_a[0].pk]}.get(page, [])
    own = get(client_for(world.sponsor_user), url(page, *args)).content.decode()
    preview = get(client_for(world.staff), preview_url(page, world.sponsor_a, *args)).content.decode()
    prefix = reverse("evaluations:portal-preview-portfolio", args=[world.sponsor_a.pk])
    assert main_part(preview).replace(prefix, url("portfolio")) == main_part(own)
    assert "Vista previa como Minera Andina del Norte S.A.C. — solo lectura" in preview
    forms = Forms()
    forms.feed(preview)
    assert set(forms.actions) == {reverse("accounts:logout"), reverse("set_language")}  # the header's and footer's


def test_the_preview_never_links_out_of_the_preview(portal_world, client_for):
    world = portal_world.world
    prefix = reverse("evaluations:portal-preview-portfolio", args=[world.sponsor_a.pk])
    html = get(client_for(world.staff), preview_url("portfolio", world.sponsor_a)).content.decode()
    portal_links = [link for link in re.findall(r'href="([^"]+)"', main_part(html)) if link.startswith("/auspicio/")]
    assert portal_links
    assert all(link.startswith(prefix) for link in portal_links), portal_links


def test_the_preview_list_offers_every_company_to_staff(portal_world, client_for):
    world = portal_world.world
    html = get(client_for(world.staff), reverse("evaluations:portal-preview-list")).content.decode()
    for sponsor in (world.sponsor_a, world.sponsor_b):
        assert f'href="{preview_url("portfolio", sponsor)}"' in html
    nav = get(client_for(world.staff), reverse("evaluations:home")).content.decode()
    assert f'href="{reverse("evaluations:portal-preview-list")}"' in nav


# --- Query counts: the same for a company with 2 schools or with 14 ----------------------------------
def grow(world, *, schools: int = 12) -> None:
    """Give sponsor A many more schools with everything a page reads: people, enrolment, visits, goals,
    results, money and stories."""
    today = timezone.localdate()
    for _ in range(schools):
        school = SchoolFactory(district=world.schools_a[0].district, network=world.network_a)
        SponsorshipFactory(sponsor=world.sponsor_a, school=school)
        DirectorFactory(school=school)
        TeacherFactory.create_batch(2, school=school)
        EnrollmentFactory(school=school, school_year=today.year, grade=2, students=40)
        visit = VisitFactory(school=school, coordinator=world.coordinator, date=today - datetime.timedelta(days=3))
        SchoolGoalFactory(school=school)
        AssessmentResultFactory(school=school)
        ContributionFactory(sponsor=world.sponsor_a, school=school)
        photo(world, visit, approved=True, note="Otra historia.")
    summaries_refresh_all()
    school_year_summaries_refresh()


@pytest.mark.parametrize("page", ["portfolio", "progress", "stories", "map-points"])
def test_a_portal_page_makes_as_many_queries_for_a_large_company_as_for_a_small_one(
    portal_world, client_for, django_user_model, page
):
    world = portal_world.world
    path = url(page)
    fresh = lambda: client_for(django_user_model.objects.get(pk=world.sponsor_user.pk))  # noqa: E731
    small = count_queries(fresh(), path)
    grow(world)
    large = count_queries(fresh(), path)
    assert large == small, f"{page}: {small} queries with 2 schools, {large} with 14"
    assert small <= 32, f"{page}: {small} queries"  # the portfolio: 30 (its figures are a dozen)


def test_a_schools_page_makes_as_many_queries_whatever_the_company_funds(portal_world, client_for):
    world = portal_world.world
    path = url("school", world.sponsored_a[0].pk)
    small = count_queries(client_for(world.sponsor_user), path)
    grow(world)
    assert count_queries(client_for(world.sponsor_user), path) == small


def test_a_school_funded_with_another_company_shows_neither_its_money_nor_its_name(portal_world, client_for):
    """The demo's networks have co-sponsors: a company sees its own money at a shared school, and nothing
    that says another company is there."""
    world = portal_world.world
    shared = world.sponsored_a[0]
    partner = SponsorshipFactory(school=shared, committed_amount=Decimal("70000.00")).sponsor
    ContributionFactory(sponsor=partner, school=shared, amount=Decimal("9000.00"))
    ContributionFactory(sponsor=partner, amount=Decimal("4000.00"))  # to its work in general
    client = client_for(world.sponsor_user)
    context = get(client, url("portfolio")).context
    assert context["figures"].funding.committed.pen == Decimal("100000.00")
    assert context["figures"].funding.sponsors == 1
    assert context["agreement"].committed.pen == Decimal("100000.00")
    assert context["agreement"].received.pen == Decimal("10000.00")
    for path in sponsor_a_pages(portal_world):
        content = get(client, path).content.decode()
        assert partner.name not in content, path
        assert "70,000" not in content, path
