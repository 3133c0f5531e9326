"""The staff dashboards' figures (`evaluations.dashboard.figures.dashboard_figures`) on a small world whose
every answer is worked out by hand below.

Today is 20 October 2025 for the filters (the period menu, the default period: October 2025).

Networks (cohort → program year in 2025): Alfa, Piura, 2024 → 2 · Beta, Piura, 2025 → 1 · Gamma, Cusco,
2023 → 3. Schools: A1 (Alfa, urban), A2 (Alfa since 1 March 2025, rural), B1 (Beta, rural), B2 (Beta,
peri-urban), C1 (Gamma, rural), C2 (Gamma since 1 March 2024, urban). Each has one director and two
teachers, all active; A1 also has an inactive teacher (never counted).
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import StaffFactory
from evaluations.dashboard.figures import _first_program_year_results, dashboard_figures
from evaluations.dashboard.figures.funding import sponsor_agreement
from evaluations.dashboard.filters import DashboardFilter
from evaluations.dashboard.scope import nation_scope, network_scope, region_scope, school_scope
from evaluations.national import NATIONAL_SATISFACTORIO
from evaluations.selectors.results import school_first_program_year
from evaluations.services.summaries import school_year_summaries_refresh
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory
from networks.models import SchoolMembership
from networks.services.summaries import summaries_refresh_all
from networks.tests.factories import NetworkFactory, VisitFactory
from schools.models import Currency, Region, School
from schools.tests.factories import (
    ContributionFactory,
    DirectorFactory,
    DistrictFactory,
    EnrollmentFactory,
    SchoolFactory,
    SponsorFactory,
    SponsorshipFactory,
    TeacherFactory,
)
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 10, 20)
D = datetime.date
MEASURED = D(2025, 7, 15)  # 136 of the school year's 305 days: 44.6 points of progress expected


class World:
    """The hand-built world of the module docstring; attributes name its objects."""

    def __init__(self):
        self.staff = StaffFactory()
        self.piura, self.cusco = Region.objects.get(code="20"), Region.objects.get(code="08")
        piura_district = DistrictFactory(province__region=self.piura, province__code="2004", ubigeo="200401")
        cusco_district = DistrictFactory(province__region=self.cusco, province__code="0813", ubigeo="081301")
        self.alfa = NetworkFactory(name="Red Alfa", region=self.piura, cohort_start_year=2024)
        self.beta = NetworkFactory(name="Red Beta", region=self.piura, cohort_start_year=2025)
        self.gamma = NetworkFactory(name="Red Gamma", region=self.cusco, cohort_start_year=2023)

        def school(name, network, area, district, joined_on=None):
            made = SchoolFactory(name=name, district=district, area_type=area)
            SchoolMembership.objects.create(school=made, network=network, joined_on=joined_on or network.program_start)
            director = DirectorFactory(school=made)
            teachers = TeacherFactory.create_batch(2, school=made)
            return made, director, teachers

        urban, rural, peri = School.AreaType.URBAN, School.AreaType.RURAL, School.AreaType.PERI_URBAN
        self.a1, self.a1_director, self.a1_teachers = school("I.E. A1", self.alfa, urban, piura_district)
        self.a2, self.a2_director, self.a2_teachers = school("I.E. A2", self.alfa, rural, piura_district, D(2025, 3, 1))
        self.b1, _, _ = school("I.E. B1", self.beta, rural, piura_district)
        self.b2, _, _ = school("I.E. B2", self.beta, peri, piura_district)
        self.c1, _, self.c1_teachers = school("I.E. C1", self.gamma, rural, cusco_district)
        self.c2, _, _ = school("I.E. C2", self.gamma, urban, cusco_district, D(2024, 3, 1))
        inactive = TeacherFactory(school=self.a1, is_active=False)

        # Visits. October (to the 20th): A1 2, B1 1, C1 3. Also A2 on 25 Sep (inside the 30 days that
        # end on 20 Oct: from 21 Sep), B2 in August, C2 in March. The year: 9 visits.
        for school_, day in [
            (self.a1, D(2025, 10, 3)),
            (self.a1, D(2025, 10, 15)),
            (self.a2, D(2025, 9, 25)),
            (self.b1, D(2025, 10, 20)),
            (self.b2, D(2025, 8, 10)),
            (self.c1, D(2025, 10, 1)),
            (self.c1, D(2025, 10, 2)),
            (self.c1, D(2025, 10, 5)),
            (self.c2, D(2025, 3, 10)),
        ]:
            VisitFactory(school=school_, date=day)
        VisitFactory(school=self.a1, date=D(2024, 10, 9))  # last year: in no 2025 figure

        # Goals of 2025 (20 → 40, measured 15 July): 30 on track, 25 at risk, 20 off track.
        def goal(school_, value):
            measured = {"latest_value": Decimal(value), "latest_measured_on": MEASURED} if value else {}
            return SchoolGoalFactory(school=school_, school_year=2025, **measured)

        goal(self.a1, 30), goal(self.a1, 25), goal(self.a2, 20), goal(self.b1, None)
        goal(self.c1, 30), goal(self.c1, 31)
        SchoolGoalFactory(school=self.a1, school_year=2024, latest_value=40, latest_measured_on=D(2024, 12, 1))

        # Results, 2.° grado: (previo, inicio, proceso, satisfactorio).
        def result(school_, year, levels, subject="reading"):
            names = ("level_previo_inicio", "level_en_inicio", "level_en_proceso", "level_satisfactorio")
            AssessmentResultFactory(school=school_, year=year, subject=subject, **dict(zip(names, levels, strict=True)))

        result(self.a1, 2024, (2, 6, 8, 4))  # A1's first program year (Alfa's 2024)
        result(self.c1, 2024, (0, 2, 3, 5))  # C1's first year is 2023: no result then
        result(self.c2, 2024, (2, 6, 6, 6))  # C2 joined in 2024: its first year
        result(self.a1, 2025, (1, 4, 7, 8))
        result(self.a2, 2025, (1, 3, 3, 3))  # A2 joined in 2025: its first year
        result(self.c1, 2025, (0, 1, 3, 6))
        result(self.c2, 2025, (2, 4, 6, 8))
        result(self.a1, 2025, (2, 6, 6, 6), "math")
        result(self.a2, 2025, (1, 2, 3, 4), "math")
        result(self.a1, 2026, (0, 0, 0, 20))  # after the period: never counted

        # Money. Sol: A1 2024-2028 PEN 100,000; A2 2025-2029 USD 20,000. Luna: C1 2020-2024 PEN 50,000
        # (ended); C2 2025-2029 USD 10,000. Estrella: B1 from 2026 (not yet).
        self.sol = SponsorFactory(name="Minera Sol S.A.C.")
        self.luna = SponsorFactory(name="Agro Luna S.A.")
        estrella = SponsorFactory(name="Estrella del Sur S.A.")
        SponsorshipFactory(sponsor=self.sol, school=self.a1, start_year=2024, committed_amount=100000)
        SponsorshipFactory(
            sponsor=self.sol, school=self.a2, start_year=2025, committed_amount=20000, currency=Currency.USD
        )
        SponsorshipFactory(sponsor=self.luna, school=self.c1, start_year=2020, committed_amount=50000)
        SponsorshipFactory(
            sponsor=self.luna, school=self.c2, start_year=2025, committed_amount=10000, currency=Currency.USD
        )
        SponsorshipFactory(sponsor=estrella, school=self.b1, start_year=2026, committed_amount=30000)
        ContributionFactory(sponsor=self.sol, school=self.a1, date=D(2025, 4, 1), amount=5000)
        ContributionFactory(sponsor=self.sol, school=self.a2, date=D(2025, 5, 1), amount=1000, currency=Currency.USD)
        ContributionFactory(sponsor=self.luna, school=None, date=D(2025, 6, 1), amount=2000, currency=Currency.USD)
        ContributionFactory(sponsor=self.luna, school=self.c1, date=D(2024, 12, 1), amount=3000)

        # Workshops of 2025: A1's director and first teacher came, A2's first teacher did not; C1's first
        # teacher came to a regional one; the inactive teacher came (not counted). Parents: B1 12, C2 8.
        alfa_workshop = WorkshopFactory(network=self.alfa, starts_on=D(2025, 5, 10), ends_on=D(2025, 5, 10))
        AttendanceFactory(workshop=alfa_workshop, teacher=self.a1_director)
        AttendanceFactory(workshop=alfa_workshop, teacher=self.a1_teachers[0])
        AttendanceFactory(workshop=alfa_workshop, teacher=self.a2_teachers[0], attended=False)
        AttendanceFactory(workshop=alfa_workshop, teacher=inactive)
        regional = WorkshopFactory(
            regional=True, region=self.cusco, starts_on=D(2025, 6, 2), ends_on=D(2025, 6, 2), for_parents=True
        )
        AttendanceFactory(workshop=regional, teacher=self.c1_teachers[0])
        ParentAttendanceFactory(workshop=regional, school=self.b1, count=12)
        ParentAttendanceFactory(workshop=regional, school=self.c2, count=8)
        old = WorkshopFactory(network=self.alfa, starts_on=D(2024, 5, 10), ends_on=D(2024, 5, 10))
        AttendanceFactory(workshop=old, teacher=self.a2_director)  # 2024: not reached in 2025

        # Enrolment: 2025 is the latest year on record: A1 30 + 25, C1 20 (A2's 2024 and B1's 2026 do not count).
        EnrollmentFactory(school=self.a1, school_year=2025, grade=1, students=30)
        EnrollmentFactory(school=self.a1, school_year=2025, grade=2, students=25)
        EnrollmentFactory(school=self.c1, school_year=2025, grade=2, students=20)
        EnrollmentFactory(school=self.a2, school_year=2024, grade=2, students=40)
        EnrollmentFactory(school=self.b1, school_year=2026, grade=2, students=50)

        summaries_refresh_all()
        school_year_summaries_refresh()

    def figures(self, scope=None, **query):
        filterset = DashboardFilter(query or None, user=self.staff, today=TODAY)
        return dashboard_figures(scope=scope or nation_scope(), filterset=filterset)


@pytest.fixture(autouse=True)
def program_settings(settings):
    """The settings every figure here is worked out with, whatever the environment says."""
    settings.CEE_VISITS_PER_SCHOOL_MONTH = 2
    settings.CEE_VISIT_OVERDUE_DAYS = 30
    settings.CEE_USD_TO_PEN = Decimal("3.75")


@pytest.fixture
def w():
    return World()


@pytest.fixture
def national_figures(monkeypatch):
    """National % satisfactorio for 2024 and 2025 (the real table stops in 2016)."""
    monkeypatch.setitem(NATIONAL_SATISFACTORIO, (2, "reading"), {2024: Decimal("35.0"), 2025: Decimal("38.5")})
    monkeypatch.setitem(NATIONAL_SATISFACTORIO, (2, "math"), {2025: Decimal("30.2")})


def pct(text: str) -> Decimal:
    return Decimal(text)


# --- The nation, October 2025 ----------------------------------------------------------------------
def test_reach_counts_regions_networks_schools_active_people_and_the_latest_enrolment(w):
    reach = w.figures().reach
    assert (reach.regions, reach.networks, reach.schools, reach.teachers, reach.students) == (2, 3, 6, 18, 75)


def test_visits_this_month_are_judged_against_the_plan_for_its_elapsed_days(w):
    visits = w.figures().visits
    # 6 schools x 2 visits x 20/31 of October = 7.74 -> 8 planned; 6 made.
    assert (visits.visits, visits.plan, visits.share, visits.per_school_month) == (6, 8, pct("75.0"), 2)
    assert [(m.month, m.visits, m.plan) for m in visits.months] == [(D(2025, 10, 1), 6, 8)]


def test_visits_of_the_year_add_up_every_month_so_far(w):
    visits = w.figures(period="2025").visits
    # January and February are the summer holidays (the school year runs from 1 March): nothing planned.
    # March-September: 6 x 2 = 12 a month (84), October 8: 92 planned; 9 visits made.
    assert (visits.visits, visits.plan, visits.share) == (9, 92, pct("9.8"))
    assert [m.visits for m in visits.months] == [0, 0, 1, 0, 0, 0, 0, 1, 1, 6]
    assert [m.plan for m in visits.months] == [0, 0, 12, 12, 12, 12, 12, 12, 12, 8]
    assert len(visits.months) == 10


def test_coverage_is_the_share_of_schools_visited_in_the_last_30_days(w):
    coverage = w.figures().coverage
    assert (coverage.visited, coverage.schools, coverage.share, coverage.days) == (4, 6, pct("66.7"), 30)


def test_a_past_month_is_covered_up_to_its_last_day(w):
    coverage = w.figures(period="2025-08").coverage  # 2 Aug - 31 Aug: only B2 (10 Aug)
    assert (coverage.visited, coverage.share) == (1, pct("16.7"))


def test_goals_are_counted_by_their_stored_status_in_the_periods_school_year(w):
    goals = w.figures().goals
    assert (goals.year, goals.on_track, goals.at_risk, goals.off_track, goals.no_measure) == (2025, 3, 1, 1, 1)
    assert goals.total == 6


def test_workshop_coverage_by_audience(w):
    rows = {row.audience: row for row in w.figures().workshops}
    assert (rows["directors"].reached, rows["directors"].of, rows["directors"].share) == (1, 6, pct("16.7"))
    assert (rows["teachers"].reached, rows["teachers"].of, rows["teachers"].share) == (2, 12, pct("16.7"))
    assert (rows["parents"].reached, rows["parents"].of, rows["parents"].share) == (20, None, None)
    assert [row.label for row in w.figures().workshops] == ["Directores", "Docentes", "Padres de familia"]


def test_funding_adds_up_both_currencies_at_the_stated_rate(w):
    funding = w.figures().funding
    assert funding.sponsors == 2  # Sol and Luna; Estrella's starts in 2026
    # In force in 2025: PEN 100,000 + USD 30,000.
    assert (funding.committed.pen, funding.committed.usd) == (pct("212500.00"), pct("56666.67"))
    # Given in 2025: PEN 5,000 (A1) + USD 1,000 (A2) + USD 2,000 (Luna, no school named).
    assert (funding.received.pen, funding.received.usd) == (pct("16250.00"), pct("4333.33"))
    assert funding.usd_to_pen == pct("3.75")


def test_networks_per_program_year_with_the_curriculums_focus(w):
    rows = w.figures().program_years
    assert [(r.year, r.networks, r.schools) for r in rows] == [(1, 1, 2), (2, 1, 2), (3, 1, 2), (4, 0, 0), (5, 0, 0)]
    assert rows[0].focus.startswith("Lectura")


def test_results_by_subject_and_year_against_the_nation_and_the_schools_first_program_year(w, national_figures):
    results = {(r.subject, r.year): r for r in w.figures().results}
    assert list(results) == [("reading", 2024), ("reading", 2025), ("math", 2025)]  # 2026 is after the period
    reading_2024, reading_2025, math = results.values()
    # 2024: A1 (20), C1 (10), C2 (20) = 50 evaluated: 4, 14, 17, 15.
    assert reading_2024.evaluated == 50
    assert reading_2024.levels == {
        "previo_inicio": pct("8.0"), "en_inicio": pct("28.0"), "en_proceso": pct("34.0"), "satisfactorio": pct("30.0")
    }  # fmt: skip
    # 2025: A1, A2, C1, C2 = 60 evaluated: 4, 12, 19, 25.
    assert reading_2025.levels == {
        "previo_inicio": pct("6.7"), "en_inicio": pct("20.0"), "en_proceso": pct("31.7"), "satisfactorio": pct("41.7")
    }  # fmt: skip
    assert (reading_2024.national, reading_2025.national, math.national) == (pct("35.0"), pct("38.5"), pct("30.2"))
    # First program years: A1 2024 (4 of 20), A2 2025 (3 of 10), C2 2024 (6 of 20); C1's 2023 has none.
    assert reading_2024.first_year == reading_2025.first_year == pct("26.0")
    # Math: only A2 has a result in its first year (4 of 10).
    assert (math.evaluated, math.levels["satisfactorio"], math.first_year) == (30, pct("33.3"), pct("40.0"))
    assert {r.grade for r in results.values()} == {2}


def test_a_year_without_a_national_figure_says_none(w):
    assert {r.national for r in w.figures().results} == {None}


def test_the_nation_lists_its_regions_with_their_figures(w):
    rows = w.figures().children
    assert [(r.kind, r.pk, r.name) for r in rows] == [("region", "08", "Cusco"), ("region", "20", "Piura")]
    cusco, piura = rows
    # Cusco: C1, C2. 3 visits, plan 2 x 2 x 20/31 = 2.58 -> 3; C1 visited; goals 2 of 2 on track; reading
    # 2025: (6 + 8) / 30.
    assert (cusco.schools, cusco.visits, cusco.plan, cusco.coverage) == (2, 3, 3, pct("50.0"))
    assert (cusco.goals_on_track, cusco.satisfactorio) == (pct("100.0"), pct("46.7"))
    # Piura: A1, A2, B1, B2. 3 visits, plan 4 x 2 x 20/31 = 5.16 -> 5; A1, A2, B1 visited; goals 1 of 4;
    # reading 2025: (8 + 3) / 30.
    assert (piura.schools, piura.visits, piura.plan, piura.coverage) == (4, 3, 5, pct("75.0"))
    assert (piura.goals_on_track, piura.satisfactorio) == (pct("25.0"), pct("36.7"))


def test_as_of_is_the_last_full_refresh(w):
    first = w.figures().as_of
    assert first is not None
    refresh = summaries_refresh_all()
    assert w.figures().as_of == refresh.finished_at > first


# --- Region, network, school ---------------------------------------------------------------------
def test_a_region_lists_its_networks(w):
    figures = w.figures(region_scope(user=w.staff, code="20"))
    assert figures.reach.schools == 4
    alfa, beta = figures.children
    assert (alfa.kind, alfa.pk, alfa.name, alfa.program_year) == ("network", w.alfa.pk, "Red Alfa", 2)
    # Alfa: A1, A2. 2 visits, plan 2 x 2 x 20/31 = 2.58 -> 3; both visited; goals 1 of 3; reading (8+3)/30.
    assert (alfa.schools, alfa.visits, alfa.plan, alfa.coverage) == (2, 2, 3, pct("100.0"))
    assert (alfa.goals_on_track, alfa.satisfactorio) == (pct("33.3"), pct("36.7"))
    # Beta: B1, B2. 1 visit; B1 visited; goals 0 of 1; no results.
    assert (beta.program_year, beta.schools, beta.visits, beta.plan, beta.coverage) == (1, 2, 1, 3, pct("50.0"))
    assert (beta.goals_on_track, beta.satisfactorio) == (pct("0.0"), None)
    # Money of the region's schools only: Luna's gift to no school stays national.
    assert (figures.funding.committed.pen, figures.funding.received.pen) == (pct("175000.00"), pct("8750.00"))
    assert figures.funding.sponsors == 1


def test_a_network_lists_its_schools(w):
    figures = w.figures(network_scope(user=w.staff, pk=w.alfa.pk))
    a1, a2 = figures.children
    assert (a1.kind, a1.pk, a1.name, a1.program_year) == ("school", w.a1.pk, "I.E. A1", 2)
    # A1: 2 visits, plan 2 x 20/31 = 1.29 -> 1; visited; goals 1 of 2; reading 2025 8/20.
    assert (a1.schools, a1.visits, a1.plan, a1.coverage, a1.goals_on_track, a1.satisfactorio) == (
        1, 2, 1, pct("100.0"), pct("50.0"), pct("40.0")
    )  # fmt: skip
    assert (a2.visits, a2.plan, a2.coverage, a2.goals_on_track, a2.satisfactorio) == (
        0, 1, pct("100.0"), pct("0.0"), pct("30.0")
    )  # fmt: skip
    assert figures.program_years[1].networks == 1
    assert figures.reach.networks == 1


def test_a_school_has_its_own_figures_and_no_level_below(w):
    figures = w.figures(school_scope(user=w.staff, pk=w.c1.pk, today=TODAY))
    assert figures.children == []
    assert (figures.reach.schools, figures.visits.visits, figures.coverage.visited) == (1, 3, 1)
    assert (figures.goals.on_track, figures.goals.total) == (2, 2)


# --- Filters -----------------------------------------------------------------------------------------
def test_the_region_filter_keeps_that_regions_schools(w):
    figures = w.figures(region="20")
    assert (figures.reach.schools, figures.visits.visits, figures.coverage.visited) == (4, 3, 3)
    assert [row.name for row in figures.children] == ["Piura"]


def test_the_area_filter_keeps_rural_schools(w):
    figures = w.figures(area="rural")  # A2, B1, C1
    assert (figures.reach.schools, figures.visits.visits, figures.coverage.visited) == (3, 4, 3)
    assert (figures.goals.on_track, figures.goals.off_track, figures.goals.no_measure) == (2, 1, 1)


def test_the_program_year_filter_keeps_the_networks_in_that_year(w):
    figures = w.figures(program_year="2")  # Alfa: A1, A2
    assert (figures.reach.schools, figures.reach.networks, figures.visits.visits) == (2, 1, 2)
    assert [(r.year, r.networks) for r in figures.program_years if r.networks] == [(2, 1)]


def test_the_sponsor_filter_keeps_its_schools_and_only_its_money(w):
    figures = w.figures(sponsor=str(w.sol.pk))  # A1, A2
    assert figures.reach.schools == 2
    funding = figures.funding
    assert (funding.sponsors, funding.committed.pen, funding.committed.usd) == (1, pct("175000.00"), pct("46666.67"))
    assert (funding.received.pen, funding.received.usd) == (pct("8750.00"), pct("2333.33"))


def test_a_companys_agreement_year_by_year_follows_the_money_blocks_rules(w):
    """Luna: C1 2020-2024 S/ 50,000 (ended), C2 2025-2029 US$ 10,000; S/ 3,000 to C1 in December 2024 and
    US$ 2,000 to its work in general in June 2025 (what the sponsor portal states)."""
    agreement = sponsor_agreement(ids=School.objects.values("pk"), sponsor=w.luna, until=2025)
    assert (agreement.first_year, agreement.last_year, agreement.schools) == (2020, 2029, 2)
    assert [(y.year, y.schools, y.committed.pen) for y in agreement.years] == [
        *((year, 1, pct("50000.00")) for year in range(2020, 2025)),
        (2025, 1, pct("37500.00")),
    ]
    assert [(y.year, y.received.pen) for y in agreement.years if y.received.pen] == [
        (2024, pct("3000.00")),
        (2025, pct("7500.00")),
    ]
    assert (agreement.years[-1].received_to_date.pen, agreement.years[-1].received_to_date.usd) == (
        pct("10500.00"),
        pct("2800.00"),
    )
    assert (agreement.committed.pen, agreement.committed.usd) == (pct("87500.00"), pct("23333.33"))
    assert agreement.received.pen == pct("10500.00")
    assert agreement.received_share == pct("12.0")
    # Its 2025 row is the money block of the national dashboard filtered by the company.
    funding = w.figures(sponsor=str(w.luna.pk), period="2025").funding
    assert (agreement.years[-1].committed, agreement.years[-1].received) == (funding.committed, funding.received)


def test_the_period_filter_moves_every_figure_to_that_period(w):
    figures = w.figures(period="2025-03")
    assert (figures.visits.visits, figures.visits.plan) == (1, 12)  # C2 on 10 March; a whole month
    assert (figures.coverage.visited, figures.coverage.share) == (1, pct("16.7"))
    last_year = w.figures(period="2024")
    assert (last_year.visits.visits, last_year.goals.on_track, last_year.goals.total) == (1, 1, 1)
    assert [(r.subject, r.year) for r in last_year.results] == [("reading", 2024)]


@pytest.mark.parametrize(
    "query",
    [
        {"region": "zz"},
        {"region": "99"},
        {"period": "abc"},
        {"period": "2031-01"},
        {"period": "9999"},
        {"area": "lunar"},
        {"program_year": "9"},
        {"program_year": "x"},
        {"sponsor": "999999"},
        {"sponsor": "abc"},
        {"region": "zz", "period": "2025-13", "area": "", "sponsor": "-1", "program_year": "0"},
    ],
)
def test_bad_filter_values_are_ignored_never_an_error(w, query):
    assert w.figures(**query) == w.figures()


# --- Queries -----------------------------------------------------------------------------------------
def _grow(w, n: int) -> None:
    """n more networks in each region, each with three visited schools with goals and results."""
    for index in range(n):
        for region, ubigeo in ((w.piura, "200401"), (w.cusco, "081301")):
            network = NetworkFactory(region=region, cohort_start_year=2022 + index % 4)
            for _ in range(3):
                school = SchoolFactory(district=DistrictFactory(ubigeo=ubigeo), network=network)
                DirectorFactory(school=school)
                VisitFactory.create_batch(2, school=school, date=D(2025, 10, 1 + index % 9))
                SchoolGoalFactory(school=school, school_year=2025)
                AssessmentResultFactory(school=school, year=2025)
                SponsorshipFactory(school=school, start_year=2025)
    summaries_refresh_all()
    school_year_summaries_refresh()


# What each page's figures cost today (the scope's own lookups are the page's, not counted here).
QUERY_CEILING = {"nation": 15, "region": 19, "network": 19, "school": 14}


def _queries(w, scope) -> int:
    with CaptureQueriesContext(connection) as captured:
        w.figures(scope, period="2025")
    return len(captured)


@pytest.mark.parametrize("kind", ["nation", "region", "network", "school"])
def test_the_number_of_queries_does_not_grow_with_the_data_or_the_children(w, kind):
    def scope():
        return {
            "nation": nation_scope,
            "region": lambda: region_scope(user=w.staff, code="20"),
            "network": lambda: network_scope(user=w.staff, pk=w.alfa.pk),
            "school": lambda: school_scope(user=w.staff, pk=w.a1.pk, today=TODAY),
        }[kind]()

    small = _queries(w, scope())
    _grow(w, 4)
    SchoolFactory.create_batch(3, district=w.a1.district, network=w.alfa)  # more schools in Alfa too
    assert _queries(w, scope()) == small
    assert small <= QUERY_CEILING[kind]


def test_the_first_program_year_in_sql_is_the_rule_of_the_school_results_page(w):
    ids = School.objects.values("pk")
    chosen = set(_first_program_year_results(ids, 2030).values_list("school_id", "year"))
    expected = {
        (school.pk, school_first_program_year(school))
        for school in School.objects.all()
        if school.assessment_results.filter(year=school_first_program_year(school)).exists()
    }
    assert chosen == expected == {(w.a1.pk, 2024), (w.a2.pk, 2025), (w.c2.pk, 2024)}
