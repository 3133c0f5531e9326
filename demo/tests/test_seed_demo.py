"""`manage.py seed_demo`: the demo is valid, scoped as the README says, repeatable and never in production.

The default-size demo is loaded once for the `TestDefaultDemo` class, inside a transaction that is
rolled back when the class is done; each test runs in its own savepoint within it. The deferred
foreign keys of the seeded rows are checked once, right after loading.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import StaffFactory
from demo import candidates, data, places
from demo.build import MARKER_RUC
from demo.plan import network_sizes, plan_networks, size_for
from evaluations.models import (
    AssessmentResult,
    GoalProgress,
    GoalStatus,
    SchoolGoal,
    SchoolYearResult,
    SchoolYearSummary,
)
from evaluations.national import NATIONAL_SATISFACTORIO
from networks.models import (
    CoordinatorAssignment,
    Network,
    NetworkMeeting,
    SchoolLastVisit,
    SchoolMembership,
    SchoolVisitMonth,
    Visit,
    VisitPhoto,
)
from networks.selectors import networks_visible_to, photos_visible_to, with_school_counts
from schools.models import (
    Candidate,
    CandidateGroup,
    Contribution,
    Enrollment,
    School,
    SchoolRequest,
    SchoolRequestItem,
    Sponsor,
    Sponsorship,
    Teacher,
)
from schools.selectors import schools_visible_to
from schools.validators import validate_ruc
from workshops.models import Attendance, ParentAttendance, Workshop
from workshops.selectors import network_coverage
from workshops.services import workshop_check

GOAL_PAGES = ("evaluations:goal-detail", "evaluations:goal-edit", "evaluations:goal-progress-create")
COUNTED = [
    School,
    Teacher,
    Enrollment,
    Sponsor,
    Sponsorship,
    Contribution,
    Network,
    CoordinatorAssignment,
    Visit,
    NetworkMeeting,
    Workshop,
    Attendance,
    ParentAttendance,
    SchoolGoal,
    GoalProgress,
    AssessmentResult,
    User,
]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """The default demo, loaded once for the class and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        output = seed()
        # Check the deferred foreign keys now, at this level: a check inside each test's savepoint would
        # be undone with it and repeated by every test.
        connection.check_constraints()
    yield output
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_output")
class TestDefaultDemo:
    def test_the_default_demo_has_four_networks_per_program_region(self):
        assert Network.objects.count() == data.DEFAULT_NETWORKS
        assert School.objects.count() == data.DEFAULT_SCHOOLS + candidates.SCHOOLS
        assert Visit.objects.count() == data.DEFAULT_SCHOOLS * data.VISITS_PER_SCHOOL
        per_region = Network.objects.values("region__code").distinct()
        assert {row["region__code"] for row in per_region} == set(places.PLACES)

    def test_the_demo_dashboards_have_their_summaries_computed(self):
        """The demo is bulk-loaded past the services: its seed refreshes every summary the dashboards read,
        so the national dashboard shows visits, trained teachers, goals and results at once."""
        year = timezone.localdate().year
        assert SchoolVisitMonth.objects.exists()
        assert SchoolLastVisit.objects.count() == Visit.objects.values("school").distinct().count()
        this_year = SchoolYearSummary.objects.filter(year=year)
        assert this_year.count() == School.objects.count()
        totals = this_year.aggregate(trained=Sum("teachers_trained"), goals=Sum("goals_on_track"))
        assert totals["trained"] > 0
        assert totals["goals"] > 0
        assert SchoolYearResult.objects.exists()

    def test_seeding_twice_changes_nothing(self):
        before = counts()
        output = seed()
        assert "ya estaban cargados" in output
        assert counts() == before

    def test_the_demo_accounts_exist_with_their_roles(self, demo_output):
        users = {u.username: u for u in User.objects.filter(username__in=data_accounts())}
        assert users["admin"].role == Role.ADMIN
        assert users["admin"].is_superuser
        assert users["ipae"].role == Role.STAFF
        assert users["ipae"].is_staff
        assert not users["ipae"].is_superuser
        assert users["coord.piura"].role == Role.COORDINATOR
        assert users["coord.cusco"].role == Role.COORDINATOR
        assert users["sponsor.a"].role == Role.SPONSOR
        assert users["sponsor.b"].role == Role.SPONSOR
        assert users["sponsor.a"].sponsor_link.sponsor != users["sponsor.b"].sponsor_link.sponsor
        for user in users.values():
            assert user.check_password(data.DEFAULT_PASSWORD)
            assert user.username in demo_output

    def test_other_coordinators_cannot_log_in_with_the_demo_password(self):
        others = User.objects.filter(role=Role.COORDINATOR).exclude(username__in=data_accounts())
        assert others.exists()
        assert not any(user.has_usable_password() for user in others)

    def test_sponsor_a_and_sponsor_b_fund_disjoint_schools(self):
        a = set(schools_visible_to(User.objects.get(username="sponsor.a")).values_list("pk", flat=True))
        b = set(schools_visible_to(User.objects.get(username="sponsor.b")).values_list("pk", flat=True))
        assert a
        assert b
        assert not a & b
        assert set(School.objects.filter(pk__in=a).values_list("district__province__region__code", flat=True)) == {
            places.PIURA
        }
        assert set(School.objects.filter(pk__in=b).values_list("district__province__region__code", flat=True)) == {
            places.CUSCO
        }

    def test_each_demo_sponsor_has_approved_stories_with_notes_and_staff_have_one_to_approve(self, client):
        for username in ("sponsor.a", "sponsor.b"):
            user = User.objects.get(username=username)
            stories = photos_visible_to(user)
            assert stories.count() == 6
            assert all(story.story_note and story.consent_recorded for story in stories)
            assert len({story.visit.school_id for story in stories}) == 6
            client.force_login(user)
            for story in stories:
                response = client.get(reverse("networks:visit-photo", args=[story.pk]))
                assert response.status_code == 200
                assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # a JPEG
        pending = VisitPhoto.objects.filter(approved_at__isnull=True)
        assert pending.count() == 1
        assert not photos_visible_to(User.objects.get(username="sponsor.a")).filter(pk__in=pending).exists()

    def test_every_page_of_sponsor_as_portal_has_content(self, client):
        client.force_login(User.objects.get(username="sponsor.a"))
        portfolio = client.get(reverse("evaluations:portal-portfolio")).context
        assert portfolio["figures"].reach.schools
        assert portfolio["stories"]
        assert portfolio["agreement"].years
        school = portfolio["schools_page"].object_list[0]
        page = client.get(reverse("evaluations:portal-school", args=[school.pk])).context
        assert page["goals"]
        assert page["figures"].results
        assert page["figures"].visits.visits
        assert client.get(reverse("evaluations:portal-progress")).context["held"].held

    @pytest.mark.parametrize(("username", "region"), [("coord.piura", "Piura"), ("coord.cusco", "Cusco")])
    def test_a_demo_coordinator_sees_only_networks_of_their_region(self, username, region):
        networks = networks_visible_to(User.objects.get(username=username))
        assert networks.exists()
        assert set(networks.values_list("region__name", flat=True)) == {region}
        every_assignment = CoordinatorAssignment.objects.filter(coordinator__username=username)
        assert set(every_assignment.values_list("network__region__name", flat=True)) == {region}

    def test_some_assignments_have_ended_and_coord_piura_took_over_a_network(self):
        assert CoordinatorAssignment.objects.filter(ends_on__lt=timezone.localdate()).exists()
        taken_over = CoordinatorAssignment.objects.filter(coordinator__username="coord.piura", ends_on=None)
        earlier = CoordinatorAssignment.objects.filter(
            network__in=taken_over.values("network"), ends_on__isnull=False
        ).exclude(coordinator__username="coord.piura")
        assert earlier.exists()

    def test_every_network_has_at_most_one_open_assignment_and_no_overlaps(self):
        for assignment in CoordinatorAssignment.objects.select_related("coordinator"):
            assignment.full_clean()

    def test_networks_cover_every_program_year_and_a_graduated_one(self):
        today = timezone.localdate()
        years = {network.program_year_on(today) for network in Network.objects.all()}
        assert {1, 2, 3, 4, 5} <= years
        assert any(year > 5 for year in years)

    def test_a_couple_of_networks_are_outside_the_usual_size(self):
        networks = with_school_counts(Network.objects.all(), timezone.localdate())
        flagged = [n for n in networks if n.size_is_flagged(n.school_count)]
        assert 1 <= len(flagged) <= 4

    def test_one_school_changed_network_last_july_without_a_gap(self):
        moved = School.objects.annotate(n=Count("memberships")).filter(n__gt=1)
        [school] = moved
        before, after = school.memberships.order_by("joined_on")
        assert after.joined_on == datetime.date(timezone.localdate().year - 1, 7, 1)
        assert before.left_on == after.joined_on - datetime.timedelta(days=1)
        assert after.left_on is None
        assert before.network.region_id == after.network.region_id
        # Every school is in a network, but the padrón schools offered to sponsors as candidates.
        assert not School.objects.filter(memberships__isnull=True, candidacies__isnull=True).exists()

    def test_no_visit_is_in_the_future_and_every_program_year_is_1_to_5(self):
        today = timezone.localdate()
        assert not Visit.objects.filter(date__gt=today).exists()
        assert not Visit.objects.filter(Q(program_year__lt=1) | Q(program_year__gt=5)).exists()
        assert not Visit.objects.filter(date__lt=today - datetime.timedelta(days=731)).exists()

    def test_a_visits_program_year_follows_the_cohort_of_its_schools_network_that_day(self):
        membership = SchoolMembership.objects.filter(school=OuterRef("school"), joined_on__lte=OuterRef("date")).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=OuterRef("date"))
        )
        visits = Visit.objects.annotate(cohort=Subquery(membership.values("network__cohort_start_year")[:1]))
        assert not visits.filter(cohort__isnull=True).exists()
        assert not visits.exclude(program_year=F("date__year") - F("cohort") + 1).exists()

    def test_every_visit_is_made_by_the_coordinator_in_charge_that_day(self):
        in_charge = CoordinatorAssignment.objects.filter(
            Q(network__memberships__left_on__isnull=True) | Q(network__memberships__left_on__gte=OuterRef("date")),
            Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("date")),
            network__memberships__school=OuterRef("school"),
            network__memberships__joined_on__lte=OuterRef("date"),
            coordinator=OuterRef("coordinator"),
            starts_on__lte=OuterRef("date"),
        )
        assert not Visit.objects.filter(~Exists(in_charge)).exists()

    def test_classroom_visits_observe_a_teacher_of_the_same_school(self):
        classroom = Visit.objects.filter(kind=Visit.Kind.CLASSROOM)
        assert classroom.exists()
        assert not classroom.filter(teacher__isnull=True).exists()
        assert not classroom.exclude(teacher__school=F("school")).exists()
        assert set(Visit.objects.values_list("kind", flat=True)) == set(Visit.Kind.values)

    def test_each_school_has_one_active_director(self):
        without = School.objects.exclude(teachers__position="director", teachers__is_active=True)
        assert not without.exists()

    def test_assessment_levels_add_up_to_the_students_evaluated(self):
        results = AssessmentResult.objects.all()
        assert results.exists()
        for result in results:
            levels = (
                result.level_previo_inicio
                + result.level_en_inicio
                + result.level_en_proceso
                + result.level_satisfactorio
            )
            assert levels == result.students_evaluated <= result.students_programmed

    def test_urban_results_are_near_the_national_figures_and_rural_ones_lower(self):
        def share(area, subject):
            totals = AssessmentResult.objects.filter(school__area_type=area, subject=subject).aggregate(
                satisfactorio=Sum("level_satisfactorio"), evaluated=Sum("students_evaluated")
            )
            return 100 * totals["satisfactorio"] / totals["evaluated"]

        assert 40 <= share("urban", "reading") <= 55
        assert 28 <= share("urban", "math") <= 44
        assert share("rural", "reading") < share("urban", "reading") - 10
        assert share("rural", "math") < share("urban", "math") - 10

    def test_goals_say_who_agreed_them(self):
        goals = SchoolGoal.objects.all()
        assert goals.exists()
        assert not goals.filter(Q(agreed_by_director="") | Q(agreed_teachers__isnull=True)).exists()
        assert not goals.filter(Q(agreed_parents__lt=1) | Q(agreed_on__gt=timezone.localdate())).exists()

    def test_goals_are_on_track_at_risk_off_track_and_not_yet_measured(self):
        statuses = {goal.status for goal in SchoolGoal.objects.all()}
        assert statuses == set(GoalStatus)

    def test_a_goals_latest_value_is_its_latest_measure(self):
        latest = GoalProgress.objects.filter(goal=OuterRef("pk")).order_by("-measured_on", "-pk")
        goals = SchoolGoal.objects.annotate(
            entry_value=Subquery(latest.values("value")[:1]), entry_on=Subquery(latest.values("measured_on")[:1])
        )
        assert goals.filter(entry_value__isnull=False).exists()
        assert not goals.exclude(latest_value=F("entry_value")).exclude(latest_value=None, entry_value=None).exists()
        assert not goals.exclude(latest_measured_on=F("entry_on")).exclude(latest_measured_on=None).exists()

    def test_measures_are_of_the_goals_year_by_a_coordinator_and_not_in_the_future(self):
        entries = GoalProgress.objects.all()
        assert entries.count() > SchoolGoal.objects.count()
        assert not entries.exclude(measured_on__year=F("goal__school_year")).exists()
        assert not entries.filter(measured_on__gt=timezone.localdate()).exists()
        assert set(entries.values_list("recorded_by__role", flat=True).distinct()) == {Role.COORDINATOR}

    def test_some_results_fall_in_years_with_a_national_figure(self):
        national_years = set(NATIONAL_SATISFACTORIO[(2, "reading")])
        assert AssessmentResult.objects.filter(year__in=national_years).exists()
        assert AssessmentResult.objects.values("year").distinct().count() >= 5

    def test_the_school_tier_pages_open_on_the_demo_for_every_status(self, client):
        """Goals of each status, their forms and the results pages, as coord.piura and staff on the untidy demo."""
        coordinator, staff = User.objects.get(username="coord.piura"), User.objects.get(username="ipae")
        schools = schools_visible_to(coordinator)
        goals = list(SchoolGoal.objects.filter(school__in=schools).select_related("school"))
        by_status = {goal.status: goal for goal in goals}
        assert set(by_status) == set(GoalStatus)
        result = AssessmentResult.objects.filter(school__in=schools).order_by("year").first()
        goal = by_status[GoalStatus.AT_RISK]
        urls = [
            *(reverse(name, args=[each.pk]) for each in by_status.values() for name in GOAL_PAGES),
            reverse("evaluations:goal-list", args=[goal.school_id]) + f"?year={goal.school_year}",
            reverse("evaluations:goal-create", args=[goal.school_id]),
            reverse("evaluations:school-results", args=[result.school_id]),
        ]
        client.force_login(coordinator)
        for url in urls:
            assert client.get(url).status_code == 200, url
        client.force_login(staff)
        for url in [*urls, reverse("evaluations:result-edit", args=[result.pk])]:
            assert client.get(url).status_code == 200, url
        client.force_login(User.objects.get(username="coord.cusco"))
        assert client.get(urls[0]).status_code == 404

    def test_sponsors_are_invented_with_valid_rucs_in_several_sectors(self):
        sponsors = Sponsor.objects.all()
        for sponsor in sponsors:
            validate_ruc(sponsor.ruc)
        assert len({s.sector for s in sponsors}) >= 5
        assert {s.name for s in sponsors} == {spec.name for spec in data.SPONSORS}
        assert Sponsor.objects.filter(ruc=MARKER_RUC).exists()

    def test_workshops_have_people_parents_per_school_and_some_planned_ahead(self):
        today = timezone.localdate()
        ahead = Workshop.objects.filter(starts_on__gt=today)
        assert ahead.exists()
        assert not Attendance.objects.filter(workshop__in=ahead).exists()
        assert not ParentAttendance.objects.filter(workshop__in=ahead).exists()
        assert Attendance.objects.filter(attended=True).exists()
        assert ParentAttendance.objects.filter(count__gt=0).exists()
        assert not ParentAttendance.objects.filter(workshop__for_parents=False).exists()
        assert not Workshop.objects.filter(modality="virtual").exclude(venue__startswith="https://").exists()
        regional = Workshop.objects.filter(region__isnull=False)
        assert regional.exists()
        for workshop in [*Workshop.objects.filter(network__isnull=False)[:40], *regional[:5]]:
            workshop_check(workshop)  # the planning service's rules: the network's year, a program region

    def test_a_couple_of_teachers_of_each_demo_coordinators_network_missed_every_workshop(self):
        user = User.objects.get(username="coord.piura")
        for network in networks_visible_to(user):
            coverage = network_coverage(user=user, network=network, year=timezone.localdate().year)
            missed = [person for person in coverage.missed if person.position == "docente"]
            assert len(missed) >= 2, network
            assert 0 < coverage.teachers.attended < coverage.teachers.total
            assert coverage.parents > 0

    def test_candidate_groups_are_offered_and_each_demo_sponsor_has_asked(self):
        published = CandidateGroup.objects.filter(published_at__isnull=False)
        assert published.count() == 2
        assert CandidateGroup.objects.filter(published_at__isnull=True).count() == 1
        assert Candidate.objects.count() == candidates.SCHOOLS
        assert not Candidate.objects.filter(distance_km__isnull=True).exists()
        assert Candidate.objects.filter(results_year__isnull=False).exists()
        a = SchoolRequest.objects.filter(sponsor__users__user__username="sponsor.a")
        assert set(a.values_list("status", flat=True)) == {"pendiente", "confirmada"}
        b = SchoolRequest.objects.filter(sponsor__users__user__username="sponsor.b")
        assert set(b.values_list("status", flat=True)) == {"no_aprobada"}
        confirmed = SchoolRequestItem.objects.get(outcome="confirmada")
        assert confirmed.sponsorship.sponsor == confirmed.request.sponsor
        assert confirmed.sponsorship.end_year == confirmed.sponsorship.start_year + 4
        for obj in [*Candidate.objects.all(), *SchoolRequest.objects.all(), *SchoolRequestItem.objects.all()]:
            obj.full_clean()

    def test_seeded_rows_pass_model_validation(self):
        samples = [
            *School.objects.all()[:15],
            *Teacher.objects.all()[:15],
            *Visit.objects.all()[:15],
            *NetworkMeeting.objects.all()[:15],
            *Workshop.objects.all()[:15],
            *Attendance.objects.all()[:15],
            *ParentAttendance.objects.all()[:15],
            *SchoolGoal.objects.all()[:15],
            *GoalProgress.objects.select_related("goal")[:15],
            *AssessmentResult.objects.all()[:15],
            *Sponsorship.objects.all()[:15],
            *Contribution.objects.all()[:15],
        ]
        for obj in samples:
            obj.full_clean()


@pytest.mark.django_db
def test_a_bigger_run_builds_exactly_the_schools_and_visits_asked_for():
    output = seed("--schools", "200", "--visits", "2000")
    assert School.objects.count() == 200 + candidates.SCHOOLS
    assert Visit.objects.count() == 2000
    assert Network.objects.count() == 20
    assert "coord.piura" in output
    assert not Visit.objects.filter(date__gt=timezone.localdate()).exists()


@pytest.mark.django_db
def test_the_same_size_on_the_same_day_gives_the_same_data():
    def fingerprint():
        return (
            list(School.objects.order_by("codigo_modular", "anexo").values_list("codigo_modular", "anexo", "name")),
            list(Visit.objects.order_by("client_uuid").values_list("client_uuid", "date", "kind", "program_year")),
            list(AssessmentResult.objects.order_by("school__codigo_modular", "school__anexo", "year", "subject")
                 .values_list("level_satisfactorio", "students_evaluated")),
        )  # fmt: skip

    with transaction.atomic():
        seed("--schools", "60", "--visits", "600")
        first = fingerprint()
        transaction.set_rollback(True)
    seed("--schools", "60", "--visits", "600")
    assert fingerprint() == first


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_production_settings(settings):
    settings.SETTINGS_MODULE = "cee.settings.production"
    with pytest.raises(CommandError, match="producción"):
        seed()
    assert not Network.objects.exists()


@pytest.mark.django_db
def test_seed_demo_refuses_when_a_demo_username_is_taken_by_someone_else():
    StaffFactory(username="ipae")
    with pytest.raises(CommandError, match="ipae"):
        seed("--schools", "30", "--visits", "100")
    assert not School.objects.exists()
    assert not Sponsor.objects.exists()


@pytest.mark.django_db
def test_the_password_option_sets_the_demo_accounts_password():
    seed("--schools", "30", "--visits", "100", "--password", "otra-clave-demo")
    assert User.objects.get(username="ipae").check_password("otra-clave-demo")


def test_network_sizes_add_up_and_include_two_flagged_networks():
    sizes = network_sizes(60, 600)
    assert sum(sizes) == 600
    assert sorted(s for s in sizes if not 6 <= s <= 15) == [5, 16]
    assert sum(network_sizes(2000, 20_000)) == 20_000


def test_the_plan_is_the_same_every_time():
    today = datetime.date(2026, 5, 4)
    size = size_for(schools=None, visits=None)
    assert plan_networks(size, today) == plan_networks(size, today)


def data_accounts() -> list[str]:
    return ["admin", "ipae", "coord.piura", "coord.cusco", "sponsor.a", "sponsor.b"]
