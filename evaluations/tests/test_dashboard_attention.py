"""The attention list (evaluations:attention): each rule on hand-built rows, one just inside its limit and
one just outside, the section pages paged by keyset, the scope, bad input, and a query count that does not
grow with the data."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.dashboard.attention import (
    GOALS_OFF_TRACK,
    NO_COORDINATOR,
    NO_OBSERVATIONS,
    NO_RESULTS,
    SPONSORSHIPS_ENDING,
    UNOBSERVED,
    UNVISITED,
    Context,
    add_months,
    attention_sections,
    ending_years,
)
from evaluations.dashboard.paging import memory_page
from evaluations.dashboard.period import month_period
from evaluations.models import GoalStatus
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory
from networks.services.summaries import summaries_refresh_all
from networks.tests.factories import CoordinatorAssignmentFactory, NetworkFactory, VisitFactory
from schools.models import School, Teacher
from schools.tests.factories import SchoolFactory, SponsorshipFactory, TeacherFactory

from .helpers import count_queries

ATTENTION = reverse("evaluations:attention")

pytestmark = pytest.mark.django_db


def ids(rows) -> set[int]:
    return {row.pk for row in rows}


def section(response, key):
    return next(s for s in response.context["sections"] if s.key == key)


def all_rows(client, key, **query):
    """Every row of a section, through its own page (25 a page: the tests stay under one page)."""
    response = client.get(ATTENTION, {"seccion": key, **query})
    assert response.status_code == 200
    return section(response, key)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def staff(world, client_for):
    return client_for(world.staff)


# --- schools not visited in N days ----------------------------------------------------------------
@pytest.fixture
def visited(world, today):
    """In network A: a0 visited today (the world's visit), a1 30 days ago, a2 31 days ago, a3 never."""
    a0, a1, a2 = world.schools_a
    a3 = SchoolFactory(district=a0.district, network=world.network_a, name="I.E. Nunca Visitada")
    VisitFactory(school=a1, coordinator=world.coordinator, date=today - datetime.timedelta(days=30))
    VisitFactory(school=a2, coordinator=world.coordinator, date=today - datetime.timedelta(days=31))
    summaries_refresh_all()
    return a3


def test_schools_not_visited_in_n_days_never_visited_first(world, staff, visited):
    response = staff.get(ATTENTION, {"network": world.network_a.pk})
    unvisited = section(response, UNVISITED)
    # 30 days ago is within the last 30 days; 31 is not. Never visited comes first.
    assert [school.pk for school in unvisited.rows] == [visited.pk, world.schools_a[2].pk]
    assert unvisited.count == 2
    assert unvisited.rows[0].last_visit_on is None
    assert unvisited.rows[1].days_since == 31
    assert unvisited.rows[1].network == world.network_a


def test_schools_of_graduated_networks_or_of_none_are_not_listed(world, staff, visited):
    loose = SchoolFactory(district=world.schools_a[0].district)  # in no network
    rows = all_rows(staff, UNVISITED).rows
    assert visited.pk in ids(rows)
    assert world.graduated_school.pk not in ids(rows)  # last visited two years ago, its network graduated
    assert loose.pk not in ids(rows)
    teachers = ids(all_rows(staff, UNOBSERVED, region="20").rows)
    assert not teachers & set(world.graduated_school.teachers.values_list("pk", flat=True))


def test_the_days_come_from_the_url(world, staff, visited):
    response = staff.get(ATTENTION, {"network": world.network_a.pk, "dias": "29"})
    assert ids(section(response, UNVISITED).rows) == {visited.pk, world.schools_a[1].pk, world.schools_a[2].pk}
    response = staff.get(ATTENTION, {"network": world.network_a.pk, "dias": "31"})
    assert ids(section(response, UNVISITED).rows) == {visited.pk}


@pytest.mark.parametrize("days", ["abc", "0", "-3", "99999", "1e3", "x" * 5000])
def test_bad_days_are_ignored_with_a_message(world, staff, visited, days):
    response = staff.get(ATTENTION, {"network": world.network_a.pk, "dias": days})
    assert response.status_code == 200
    assert response.context["days"] == 30
    assert "El número de días debe estar entre 1 y 3650" in response.content.decode()


def test_a_list_in_memory_pages_by_keyset_back_and_forth():
    keys = [("", pk) for pk in range(1, 11)] + [(f"2026-01-{day:02d}", 100 + day) for day in range(1, 31)]
    keys += [(f"2026-02-{day:02d}", 200 + day) for day in range(1, 21)]
    first = memory_page(keys, None, salt="t")
    assert first.object_list == list(range(25))
    assert first.newer is None
    second = memory_page(keys, first.older, salt="t")
    assert second.object_list == list(range(25, 50))
    third = memory_page(keys, second.older, salt="t")
    assert third.object_list == list(range(50, 60))
    assert third.older is None
    assert memory_page(keys, third.newer, salt="t").object_list == list(range(25, 50))
    assert memory_page(keys, second.newer, salt="t").object_list == list(range(25))
    # A bad cursor, or one signed for another list, gives the first page.
    for cursor in ("not-a-cursor", "x" * 600, memory_page(keys, None, salt="other").older):
        assert memory_page(keys, cursor, salt="t").object_list == list(range(25))


# --- networks without a coordinator today -------------------------------------------------------
def test_networks_without_a_coordinator_today(world, staff, today):
    district = world.schools_a[0].district

    def network(name, start_year, *, ends_on="none"):
        made = NetworkFactory(name=name, region=world.piura, cohort_start_year=start_year)
        SchoolFactory(district=district, network=made)
        if ends_on != "none":
            CoordinatorAssignmentFactory(network=made, ends_on=ends_on)
        return made

    left_yesterday = network("Red Se Fue Ayer", today.year - 1, ends_on=today - datetime.timedelta(days=1))
    leaves_today = network("Red Sale Hoy", today.year - 1, ends_on=today)
    year_five = network("Red Año Cinco", today.year - 4)
    graduated = network("Red Egresada Hoy", today.year - 5)
    rows = all_rows(staff, NO_COORDINATOR).rows
    assert ids(rows) == {left_yesterday.pk, year_five.pk}
    assert leaves_today.pk not in ids(rows)
    assert graduated.pk not in ids(rows)
    by_pk = {row.pk: row for row in rows}
    assert by_pk[left_yesterday.pk].last_coordinated_on == today - datetime.timedelta(days=1)
    assert by_pk[year_five.pk].program_year == 5
    assert by_pk[year_five.pk].last_coordinated_on is None
    # Narrowed to Cusco, none of them (their schools are in Piura).
    assert section(staff.get(ATTENTION, {"region": "08"}), NO_COORDINATOR).count == 0


# --- classroom visits without observations -------------------------------------------------------
def test_classroom_visits_without_observations_in_the_period(world, staff, today):
    a0 = world.schools_a[0]
    teacher = a0.teachers.filter(position="docente").first()

    def visit(on, observations, kind="classroom"):
        return VisitFactory(
            school=a0,
            coordinator=world.coordinator,
            kind=kind,
            teacher=teacher if kind == "classroom" else None,
            date=on,
            observations=observations,
        )

    empty = visit(today, "")
    spaces = visit(today, "   ")  # only spaces (the summary trims spaces as PostgreSQL TRIM does)
    visit(today.replace(day=1) - datetime.timedelta(days=1), "")  # last month: outside this month's period
    visit(today, "", kind="director")  # not a classroom visit
    summaries_refresh_all()
    found = all_rows(staff, NO_OBSERVATIONS)
    assert ids(found.rows) == {empty.pk, spaces.pk}
    assert found.count == 2  # from the monthly summary, the same visits


# --- teachers never observed this year ------------------------------------------------------------
def test_active_teachers_never_observed_this_school_year(world, staff, today):
    a1 = world.schools_a[1]
    observed_jan_1, observed_last_year, never = TeacherFactory.create_batch(3, school=a1)
    inactive = TeacherFactory(school=a1, is_active=False)
    VisitFactory(
        school=a1,
        coordinator=world.coordinator,
        kind="classroom",
        teacher=observed_jan_1,
        date=today.replace(month=1, day=1),
    )
    VisitFactory(
        school=a1,
        coordinator=world.coordinator,
        kind="classroom",
        teacher=observed_last_year,
        date=datetime.date(today.year - 1, 12, 31),
    )
    summaries_refresh_all()  # the factories write no summaries (the services do, on commit)
    year = str(today.year)
    rows = all_rows(staff, UNOBSERVED, period=year, network=world.network_a.pk).rows
    found = ids(rows)
    assert never.pk in found
    assert observed_last_year.pk in found
    assert observed_jan_1.pk not in found
    assert inactive.pk not in found
    # The world's classroom visit observed a0's first teacher today; directors are never listed.
    assert world.visit_a.teacher_id not in found
    assert not Teacher.objects.filter(pk__in=found, position=Teacher.Position.DIRECTOR).exists()


# --- sponsorships ending within six months --------------------------------------------------------
@pytest.mark.parametrize(
    ("today", "years"),
    [
        (datetime.date(2026, 6, 30), []),  # 31/12 is six months and a day away
        (datetime.date(2026, 7, 1), [2026]),
        (datetime.date(2026, 12, 31), [2026]),
        (datetime.date(2027, 1, 1), []),
    ],
)
def test_a_sponsorship_is_ending_from_six_months_before_its_31_december(today, years):
    assert ending_years(today) == years


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 7, 1), 6) == datetime.date(2027, 1, 1)


def test_sponsorships_ending_within_six_months(world):
    july_first = datetime.date(2026, 7, 1)
    ending = SponsorshipFactory(sponsor=world.sponsor_a, school=world.schools_a[2], start_year=2022, end_year=2026)
    SponsorshipFactory(sponsor=world.sponsor_a, school=world.schools_a[2], start_year=2023, end_year=2027)
    SponsorshipFactory(sponsor=world.sponsor_b, school=world.schools_b[2], start_year=2021, end_year=2025)
    ctx = Context(
        user=world.staff,
        schools=School.objects.all(),
        period=month_period(2026, 7, july_first),
        today=july_first,
        days=30,
    )
    [found] = attention_sections(ctx, only=SPONSORSHIPS_ENDING)
    assert ids(found.rows) == {ending.pk}
    assert found.count == 1
    ctx_b = Context(
        user=world.staff,
        schools=School.objects.all(),
        period=ctx.period,
        today=july_first,
        days=30,
        sponsor=world.sponsor_b,
    )
    assert attention_sections(ctx_b, only=SPONSORSHIPS_ENDING)[0].count == 0


# --- schools without last year's results -----------------------------------------------------------
def test_schools_with_no_results_last_year(world, staff, today):
    a0, a1, a2 = world.schools_a
    AssessmentResultFactory(school=a0, year=today.year - 1)
    AssessmentResultFactory(school=a1, year=today.year - 2)
    AssessmentResultFactory(school=a2, year=today.year)
    found = all_rows(staff, NO_RESULTS, network=world.network_a.pk)
    assert ids(found.rows) == {a1.pk, a2.pk}
    assert found.count == 2


# --- goals off track -------------------------------------------------------------------------------
def test_goals_off_track_this_school_year(world, staff, today):
    a0 = world.schools_a[0]
    measured = {
        "latest_value": Decimal("1"),
        "latest_measured_on": today,
        "baseline": Decimal("0"),
        "target": Decimal("100"),
    }
    off = SchoolGoalFactory(
        school=a0, school_year=today.year, indicator="Lectura", status=GoalStatus.OFF_TRACK, **measured
    )
    SchoolGoalFactory(school=a0, school_year=today.year, indicator="Asistencia", status=GoalStatus.AT_RISK, **measured)
    SchoolGoalFactory(
        school=a0,
        school_year=today.year - 1,
        indicator="Lectura",
        status=GoalStatus.OFF_TRACK,
        latest_value=Decimal("1"),
        latest_measured_on=datetime.date(today.year - 1, 11, 1),
    )
    response = staff.get(ATTENTION)
    goals = section(response, GOALS_OFF_TRACK)
    assert ids(goals.rows) == {off.pk}
    assert reverse("evaluations:goal-detail", args=[off.pk]) in response.content.decode()


# --- the page ----------------------------------------------------------------------------------------
def test_every_section_links_its_names_and_offers_all_its_rows(world, staff, visited):
    TeacherFactory.create_batch(3, school=visited)
    response = staff.get(ATTENTION)
    assert response.status_code == 200
    page = response.content.decode()
    assert [s.key for s in response.context["sections"]] == [
        UNVISITED,
        NO_COORDINATOR,
        NO_OBSERVATIONS,
        UNOBSERVED,
        SPONSORSHIPS_ENDING,
        NO_RESULTS,
        GOALS_OFF_TRACK,
    ]
    assert reverse("evaluations:dashboard-school", args=[visited.pk]) in page
    assert reverse("networks:network-detail", args=[world.network_a.pk]) in page
    # More than ten teachers were never observed: the section links to all of them.
    teachers = section(response, UNOBSERVED)
    assert teachers.count > len(teachers.rows) == 10
    assert f"seccion={UNOBSERVED}" in page


def test_the_section_page_goes_to_the_next_page_and_back(world, staff):
    for _n in range(30):
        TeacherFactory(school=world.schools_b[1])
    first = all_rows(staff, UNOBSERVED, network=world.network_b.pk)
    assert len(first.rows) == 25
    assert first.rows.older
    second = all_rows(staff, UNOBSERVED, network=world.network_b.pk, cursor=first.rows.older)
    assert not ids(first.rows) & ids(second.rows)
    assert len(first.rows) + len(second.rows) == first.count


@pytest.mark.parametrize(
    "query",
    [
        {"seccion": "nada"},
        {"seccion": UNVISITED, "cursor": "garbage"},
        {"seccion": NO_RESULTS, "cursor": "x" * 2000},
        {"network": "abc"},
        {"region": "zz", "period": "abc"},
        {"program_year": "0", "area": "luna", "sponsor": "abc"},
    ],
)
def test_bad_input_is_answered_not_an_error(world, staff, query):
    assert staff.get(ATTENTION, query).status_code == 200


def test_a_network_out_of_reach_is_not_found(world, staff):
    assert staff.get(ATTENTION, {"network": 987654}).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "sponsor", "other_sponsor"])
def test_only_staff_see_the_attention_list(world, client_for, user_of, persona):
    assert client_for(user_of(persona)).get(ATTENTION).status_code == 403


def test_the_attention_list_takes_the_same_queries_at_two_sizes(world, staff, today):
    # An empty section costs its count only, so the fewest queries are those of a list with empty sections.
    fewest = count_queries(staff, ATTENTION)

    def add_schools_needing_attention():
        for school in SchoolFactory.create_batch(4, district=world.schools_a[0].district, network=world.network_a):
            teacher = TeacherFactory(school=school)
            VisitFactory(
                school=school, coordinator=world.coordinator, kind="classroom", teacher=teacher, date=today,
                observations="",
            )  # fmt: skip
            SchoolGoalFactory(school=school, school_year=today.year, status=GoalStatus.OFF_TRACK)
            SponsorshipFactory(sponsor=world.sponsor_a, school=school, start_year=today.year - 4, end_year=today.year)
        NetworkFactory(region=world.piura)
        summaries_refresh_all()

    add_schools_needing_attention()
    small = count_queries(staff, ATTENTION)
    small_section = count_queries(staff, f"{ATTENTION}?seccion={UNVISITED}")
    add_schools_needing_attention()
    add_schools_needing_attention()
    assert count_queries(staff, ATTENTION) == small
    assert count_queries(staff, f"{ATTENTION}?seccion={UNVISITED}") == small_section
    assert fewest <= small <= 30
