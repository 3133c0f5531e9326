"""Field-work reads: a coordinator's caseload, the school term, who sees which photos; query ceilings.

The world (root conftest): network A (Piura, `coordinator`) and network B (Cusco, `other_coordinator`),
three schools each with two teachers and a director; a classroom visit today at the first school of each.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import CoordinatorFactory
from networks.models import SchoolMembership, Visit
from networks.selectors import coordinator_caseload, photos_visible_to, school_term, visit_recency
from networks.tests.factories import CoordinatorAssignmentFactory, NetworkFactory, VisitFactory
from schools.models import School, Teacher
from schools.tests.factories import DistrictFactory, SchoolFactory, TeacherFactory


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def visit(coordinator, school, days: int, **fields) -> Visit:
    return VisitFactory(coordinator=coordinator, school=school, date=days_ago(days), **fields)


# --- school_term ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("on", "term"),
    [
        (datetime.date(2026, 1, 15), (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))),
        (datetime.date(2026, 2, 28), (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))),
        (datetime.date(2026, 3, 1), (datetime.date(2026, 3, 1), datetime.date(2026, 5, 31))),
        (datetime.date(2026, 3, 10), (datetime.date(2026, 3, 1), datetime.date(2026, 5, 31))),
        (datetime.date(2026, 5, 31), (datetime.date(2026, 3, 1), datetime.date(2026, 5, 31))),
        (datetime.date(2026, 6, 1), (datetime.date(2026, 6, 1), datetime.date(2026, 7, 31))),
        (datetime.date(2026, 8, 20), (datetime.date(2026, 8, 1), datetime.date(2026, 9, 30))),
        (datetime.date(2026, 11, 26), (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))),
        (datetime.date(2026, 12, 31), (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))),
    ],
)
def test_school_term_is_the_teaching_block_of_the_date_with_the_holidays_in_the_last_one(on, term):
    assert school_term(on) == term


# --- coordinator_caseload: overdue schools ----------------------------------------------
def test_caseload_lists_never_visited_schools_as_overdue(world, coordinator):
    caseload = coordinator_caseload(user=coordinator)
    first, second, third = world.schools_a  # the first was visited today (the world's visit)
    assert {s.pk for s in caseload["overdue"]} == {second.pk, third.pk}
    assert all(s.days_since_visit is None for s in caseload["overdue"])
    visited = next(s for s in caseload["schools"] if s.pk == first.pk)
    assert (visited.days_since_visit, visited.is_overdue) == (0, False)


def test_caseload_puts_the_most_overdue_school_first(world, coordinator, settings):
    settings.CEE_VISIT_OVERDUE_DAYS = 30
    _, never_a, never_b = world.schools_a
    long_ago, a_while_ago, recent, on_the_limit = SchoolFactory.create_batch(4, network=world.network_a)
    visit(coordinator, long_ago, 100)
    visit(coordinator, a_while_ago, 31)
    visit(coordinator, recent, 3)
    visit(coordinator, on_the_limit, 30)
    visit(coordinator, long_ago, 200)  # an older visit does not count: the last one does

    caseload = coordinator_caseload(user=coordinator)

    overdue = [s.pk for s in caseload["overdue"]]
    assert set(overdue[:2]) == {never_a.pk, never_b.pk}  # never visited: the most overdue of all
    assert overdue[2:] == [long_ago.pk, a_while_ago.pk]
    days = {s.pk: (s.days_since_visit, s.is_overdue) for s in caseload["schools"]}
    assert days[recent.pk] == (3, False)
    assert days[on_the_limit.pk] == (30, False)
    assert days[long_ago.pk] == (100, True)


def test_caseload_follows_the_overdue_setting(world, coordinator, settings):
    settings.CEE_VISIT_OVERDUE_DAYS = 2
    school = world.schools_a[1]
    visit(coordinator, school, 3)
    caseload = coordinator_caseload(user=coordinator)
    assert school.pk in {s.pk for s in caseload["overdue"]}
    assert caseload["overdue_days"] == 2


def test_caseload_counts_a_visit_by_anyone_at_the_school(world, coordinator):
    school = world.schools_a[1]
    visit(CoordinatorFactory(), school, 5)  # e.g. the previous coordinator, or a colleague covering
    assert school.pk not in {s.pk for s in coordinator_caseload(user=coordinator)["overdue"]}


def test_caseload_holds_only_the_schools_of_my_current_networks(world, coordinator):
    former = NetworkFactory()
    CoordinatorAssignmentFactory(coordinator=coordinator, network=former, ends_on=days_ago(1))
    former_school = SchoolFactory(network=former)
    TeacherFactory(school=former_school)
    second = NetworkFactory()
    CoordinatorAssignmentFactory(coordinator=coordinator, network=second)
    second_school = SchoolFactory(network=second)

    caseload = coordinator_caseload(user=coordinator)

    expected = {s.pk for s in world.schools_a} | {second_school.pk}
    assert {s.pk for s in caseload["schools"]} == expected
    assert {s.pk for s in caseload["overdue"]} <= expected
    assert {n.pk for n in caseload["networks"]} == {world.network_a.pk, second.pk}
    assert {t.school_id for t in caseload["teachers_not_observed"]} <= expected


# --- coordinator_caseload: teachers not observed this term ------------------------------
def test_caseload_lists_the_teachers_not_observed_in_a_classroom_this_term(world, coordinator):
    observed = world.visit_a.teacher  # classroom visit today
    docentes = {t.pk for teachers in world.teachers_a.values() for t in teachers}
    caseload = coordinator_caseload(user=coordinator)
    assert {t.pk for t in caseload["teachers_not_observed"]} == docentes - {observed.pk}
    assert caseload["term"] == school_term(today())


def test_a_classroom_visit_this_term_takes_the_teacher_off_the_list(world, coordinator):
    school = world.schools_a[1]
    teacher = world.teachers_a[school.pk][0]
    term_start, _ = school_term(today())
    visit(coordinator, school, (today() - term_start).days, kind=Visit.Kind.CLASSROOM, teacher=teacher)
    assert teacher not in coordinator_caseload(user=coordinator)["teachers_not_observed"]


def test_a_classroom_visit_last_term_or_another_kind_of_visit_does_not_count(world, coordinator):
    school = world.schools_a[1]
    last_term, other_kind = world.teachers_a[school.pk]
    term_start, _ = school_term(today())
    before_term = (today() - term_start).days + 1
    visit(coordinator, school, before_term, kind=Visit.Kind.CLASSROOM, teacher=last_term)
    visit(coordinator, school, 0, kind=Visit.Kind.HOME, teacher=other_kind)
    not_observed = coordinator_caseload(user=coordinator)["teachers_not_observed"]
    assert last_term in not_observed
    assert other_kind in not_observed


def test_the_teachers_list_leaves_out_directors_and_inactive_teachers(world, coordinator):
    school = world.schools_a[1]
    inactive = TeacherFactory(school=school, is_active=False)
    not_observed = coordinator_caseload(user=coordinator)["teachers_not_observed"]
    assert inactive not in not_observed
    assert all(t.position == Teacher.Position.TEACHER for t in not_observed)


# --- coordinator_caseload: follow-ups due ------------------------------------------------
def test_caseload_lists_follow_ups_due_until_a_later_visit_resolves_them(world, coordinator):
    second, third = world.schools_a[1:]
    due = visit(coordinator, second, 10, follow_up_on=days_ago(2))
    due_today = visit(coordinator, third, 12, follow_up_on=today())
    visit(coordinator, third, 20, follow_up_on=days_ago(15))  # resolved by the visit 12 days ago
    visit(coordinator, world.schools_a[0], 3, follow_up_on=today() + datetime.timedelta(days=5))  # not yet due

    follow_ups = coordinator_caseload(user=coordinator)["follow_ups_due"]

    assert [v.pk for v in follow_ups] == [due.pk, due_today.pk]  # soonest follow-up date first
    visit(coordinator, second, 1)
    assert [v.pk for v in coordinator_caseload(user=coordinator)["follow_ups_due"]] == [due_today.pk]


def test_follow_ups_of_a_former_network_are_not_due_any_more(world, coordinator):
    visit(coordinator, world.schools_a[1], 10, follow_up_on=days_ago(2))
    world.assignment_a.ends_on = days_ago(1)
    world.assignment_a.save()
    caseload = coordinator_caseload(user=coordinator)
    assert caseload["follow_ups_due"] == []
    assert caseload["schools"] == []


def test_the_other_coordinators_follow_ups_are_not_mine(world, coordinator, other_coordinator):
    visit(other_coordinator, world.schools_b[1], 10, follow_up_on=days_ago(2))
    assert coordinator_caseload(user=coordinator)["follow_ups_due"] == []
    assert len(coordinator_caseload(user=other_coordinator)["follow_ups_due"]) == 1


def test_a_new_coordinator_inherits_the_follow_ups_due_at_their_schools(world, coordinator):
    pending = visit(coordinator, world.schools_a[1], 10, follow_up_on=days_ago(2))
    world.assignment_a.ends_on = days_ago(1)
    world.assignment_a.save()
    successor = CoordinatorFactory()
    CoordinatorAssignmentFactory(coordinator=successor, network=world.network_a, starts_on=today())
    assert [v.pk for v in coordinator_caseload(user=successor)["follow_ups_due"]] == [pending.pk]


# --- photos_visible_to ------------------------------------------------------------------
PHOTO_VISIBILITY = {
    "anonymous": set(),
    "staff": {"pending", "approved", "approved_unfunded", "approved_b"},
    "coordinator": {"pending", "approved", "approved_unfunded"},
    "other_coordinator": {"approved_b"},
    "sponsor": {"approved"},
    "other_sponsor": {"approved_b"},
}


@pytest.fixture
def photos(world, coordinator, staff_user, make_photo):
    """Photos by label: of visit A (sponsored school), of an unsponsored school of A, of visit B."""
    unfunded = visit(coordinator, world.schools_a[2], 4)
    return {
        "pending": make_photo(world.visit_a),
        "approved": make_photo(world.visit_a, approved_by=staff_user),
        "approved_unfunded": make_photo(unfunded, approved_by=staff_user),
        "approved_b": make_photo(world.visit_b, approved_by=staff_user),
    }


@pytest.mark.parametrize(("persona", "expected"), PHOTO_VISIBILITY.items())
def test_photos_visible_to_each_persona(photos, user_of, persona, expected):
    labels = {photo.pk: label for label, photo in photos.items()}
    assert {labels[p.pk] for p in photos_visible_to(user_of(persona))} == expected


# --- Query ceilings ---------------------------------------------------------------------
def coordinator_with_schools(n: int, *, tag: int):
    """A coordinator of two networks with `n` schools between them, each with two teachers and a mix of
    visits (recent, overdue, with a follow-up due). Bulk-created: 1,000 schools take a second."""
    coordinator = CoordinatorFactory()
    networks = NetworkFactory.create_batch(2)
    for network in networks:
        CoordinatorAssignmentFactory(coordinator=coordinator, network=network)
    district = DistrictFactory()
    schools = School.objects.bulk_create(
        School(
            codigo_modular=f"{tag}{i:06d}",
            name=f"I.E. {tag}-{i:04d}",
            district=district,
            minedu_area=School.MineduArea.RURAL,
            area_type=School.AreaType.RURAL,
            caracteristica=School.Caracteristica.MULTIGRADO,
        )
        for i in range(n)
    )
    SchoolMembership.objects.bulk_create(
        SchoolMembership(school=school, network=networks[i % 2], joined_on=networks[i % 2].program_start)
        for i, school in enumerate(schools)
    )
    teachers = Teacher.objects.bulk_create(
        Teacher(school=school, first_name=f"Docente {j}", last_name=school.name, grades=[j + 1])
        for school in schools
        for j in range(2)
    )
    visits = []
    for i, school in enumerate(schools):
        if i % 3 == 2:
            continue  # never visited
        days = 3 if i % 3 == 0 else 45
        teacher = teachers[2 * i]
        follow_up = days_ago(1) if i % 5 == 0 else None
        visits.append(
            Visit(
                coordinator=coordinator,
                school=school,
                teacher=teacher,
                kind=Visit.Kind.CLASSROOM,
                date=days_ago(days),
                follow_up_on=follow_up,
                program_year=networks[0].program_year_on(days_ago(days)),
            )
        )
    Visit.objects.bulk_create(visits)
    return coordinator


def queries_for(client, user, url) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_caseload_page_makes_as_many_queries_for_1000_schools_as_for_10(db, client):
    small = coordinator_with_schools(10, tag=7)
    large = coordinator_with_schools(1000, tag=8)
    assert len(coordinator_caseload(user=large)["schools"]) == 1000

    home = reverse("evaluations:home")
    small_count = queries_for(client, small, home)
    large_count = queries_for(client, large, home)

    assert small_count == large_count, f"{small_count} queries for 10 schools, {large_count} for 1,000"


def test_the_school_page_makes_as_many_queries_for_200_visits_as_for_5(world, client, coordinator):
    few, many = world.schools_a[1:]
    for school, count in ((few, 5), (many, 200)):
        teacher = world.teachers_a[school.pk][0]
        Visit.objects.bulk_create(
            Visit(
                coordinator=coordinator,
                school=school,
                teacher=teacher,
                kind=Visit.Kind.CLASSROOM,
                date=days_ago(i % 300),
                program_year=world.network_a.program_year_on(days_ago(i % 300)),
            )
            for i in range(count)
        )

    few_count = queries_for(client, coordinator, reverse("networks:school-detail", args=[few.pk]))
    many_count = queries_for(client, coordinator, reverse("networks:school-detail", args=[many.pk]))

    assert few_count == many_count, f"{few_count} queries for 5 visits, {many_count} for 200"


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [(None, (None, True)), (0, (0, False)), (30, (30, False)), (31, (31, True))],
)
def test_visit_recency_counts_days_and_marks_overdue_after_the_threshold(days_ago, expected, settings):
    settings.CEE_VISIT_OVERDUE_DAYS = 30
    today = datetime.date(2026, 11, 26)
    last = None if days_ago is None else today - datetime.timedelta(days=days_ago)
    assert visit_recency(last, today) == expected
