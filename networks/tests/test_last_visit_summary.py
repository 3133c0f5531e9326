"""Each school's latest visit (`SchoolLastVisit`) and each teacher's first classroom visit of a year
(`TeacherClassroomYear`): equal to what the visits say, kept on every visit write (on commit) and by the
full refresh; the latest visit read up to a day by `last_visit_dates`."""

import datetime
import uuid

import pytest
from django.db.models import Max
from django.utils import timezone

from networks.models import SchoolLastVisit, SchoolVisitMonth, TeacherClassroomYear, Visit
from networks.selectors import last_visit_dates
from networks.services import visit_log, visit_update
from networks.services.summaries import (
    _last_visits_all_portable,
    _teacher_years_all_portable,
    school_month_refresh,
    summaries_refresh_all,
)
from networks.tests.factories import VisitFactory
from schools.models import School

pytestmark = pytest.mark.django_db


def stored() -> dict[int, datetime.date]:
    return dict(SchoolLastVisit.objects.values_list("school_id", "last_visit_on"))


def raw(until: datetime.date | None = None) -> dict[int, datetime.date]:
    """The latest visit of each school, grouped from the visits themselves."""
    visits = Visit.objects.all() if until is None else Visit.objects.filter(date__lte=until)
    return dict(visits.order_by().values("school_id").annotate(latest=Max("date")).values_list("school_id", "latest"))


def scatter_visits(world) -> None:
    """Visits over two years, a different pattern per school; one school of network B never visited."""
    for n, school in enumerate([*world.schools_a, *world.schools_b[:-1]]):
        for day in (datetime.date(2024, 11, 3 + n), datetime.date(2025, 2, 27 - n), datetime.date(2025, 6, 1 + n)):
            VisitFactory(school=school, date=day)
        if n % 2:
            VisitFactory(school=school, date=datetime.date(2025, 6, 20), kind=Visit.Kind.HOME)


def test_the_full_refresh_stores_each_schools_latest_visit_as_the_visits_say(world):
    scatter_visits(world)
    SchoolLastVisit.objects.all().delete()
    summaries_refresh_all()
    assert stored() == raw()
    assert world.schools_b[-1].pk not in stored()


def test_the_full_refresh_fixes_wrong_rows_and_removes_schools_without_visits(world):
    scatter_visits(world)
    summaries_refresh_all()
    expected = stored()
    never = world.schools_b[-1]
    SchoolLastVisit.objects.create(school=never, last_visit_on=datetime.date(2020, 1, 1))
    SchoolLastVisit.objects.filter(school=world.schools_a[0]).update(last_visit_on=datetime.date(2021, 3, 3))
    summaries_refresh_all()
    assert stored() == expected == raw()


def test_the_portable_refresh_gives_the_same_rows(world):
    scatter_visits(world)
    summaries_refresh_all()
    expected = stored()
    SchoolLastVisit.objects.filter(school=world.schools_a[1]).delete()
    SchoolLastVisit.objects.create(school=world.schools_b[-1], last_visit_on=datetime.date(2020, 1, 1))
    SchoolLastVisit.objects.filter(school=world.schools_a[0]).update(last_visit_on=datetime.date(2021, 3, 3))
    _last_visits_all_portable()
    assert stored() == expected


def test_a_visit_logged_through_the_service_is_the_schools_latest_once_committed(
    world, coordinator, django_capture_on_commit_callbacks
):
    school = world.schools_a[1]
    today = timezone.localdate()
    VisitFactory(school=school, date=datetime.date(2024, 5, 5))
    summaries_refresh_all()
    with django_capture_on_commit_callbacks(execute=False):
        visit_log(user=coordinator, client_uuid=uuid.uuid4(), school=school, kind=Visit.Kind.DIRECTOR, date=today)
    assert stored()[school.pk] == datetime.date(2024, 5, 5)  # not before the commit
    with django_capture_on_commit_callbacks(execute=True):
        visit_log(user=coordinator, client_uuid=uuid.uuid4(), school=school, kind=Visit.Kind.DIRECTOR, date=today)
    assert stored()[school.pk] == today == raw()[school.pk]


def test_moving_the_latest_visit_back_makes_the_previous_month_the_latest(
    world, coordinator, django_capture_on_commit_callbacks
):
    school = world.schools_a[2]  # never visited in the world
    today = timezone.localdate()
    if today.month == 1:
        pytest.skip("In January there is no earlier month of the same school year.")
    earlier = today.replace(day=1) - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        visit, _ = visit_log(
            user=coordinator, client_uuid=uuid.uuid4(), school=school, kind=Visit.Kind.HOME, date=today
        )
    assert stored()[school.pk] == today
    with django_capture_on_commit_callbacks(execute=True):
        visit_update(user=coordinator, visit=visit, expected_version=visit.version, date=earlier)
    assert stored()[school.pk] == earlier == raw()[school.pk]


def test_a_school_whose_visits_are_all_gone_has_no_latest_visit(world):
    school = world.schools_a[0]  # visited today in the world
    summaries_refresh_all()
    assert school.pk in stored()
    months = list(SchoolVisitMonth.objects.filter(school=school).values_list("month", flat=True))
    Visit.objects.filter(school=school).delete()
    for month in months:
        school_month_refresh(school_id=school.pk, month=month)
    assert school.pk not in stored()


@pytest.mark.parametrize(
    "until",
    [
        None,
        datetime.date(2025, 6, 30),  # after every scattered visit but the world's own (today)
        datetime.date(2025, 6, 10),  # within a month some schools were visited later in
        datetime.date(2025, 1, 31),  # a past period: every school visited since
        datetime.date(2024, 11, 4),  # only the first school visited by then
        datetime.date(2024, 10, 31),  # before any visit
    ],
)
def test_last_visit_dates_equal_the_latest_visit_up_to_the_day(world, until):
    scatter_visits(world)
    summaries_refresh_all()
    schools = School.objects.all()
    # Up to the day's month, as the school-months count (a period ends on a month's last day or today,
    # and visits are never in the future).
    end_of_month = None if until is None else (until.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    expected = raw(None if end_of_month is None else end_of_month - datetime.timedelta(days=1))
    assert last_visit_dates(schools, until=until) == expected


# --- each teacher's first classroom visit of a year ------------------------------------------------
def teacher_years() -> dict[tuple[int, int], datetime.date]:
    return {(r.teacher_id, r.year): r.first_observed_on for r in TeacherClassroomYear.objects.all()}


def raw_teacher_years() -> dict[tuple[int, int], datetime.date]:
    """The first classroom visit of each teacher and year, grouped from the visits themselves."""
    firsts = {}
    for teacher_id, day in Visit.objects.filter(kind=Visit.Kind.CLASSROOM).values_list("teacher_id", "date"):
        key = (teacher_id, day.year)
        firsts[key] = min(firsts.get(key, day), day)
    return firsts


def observe_teachers(world) -> None:
    """Classroom visits over two years, and visits of other kinds that observe nobody."""
    for n, school in enumerate(world.schools_a):
        for teacher in world.teachers_a[school.pk]:
            for day in (datetime.date(2024, 12, 30 - n), datetime.date(2025, 3, 3 + n), datetime.date(2025, 1, 9)):
                VisitFactory(school=school, date=day, kind=Visit.Kind.CLASSROOM, teacher=teacher)
        VisitFactory(school=school, date=datetime.date(2024, 1, 2), kind=Visit.Kind.HOME)


def test_the_full_refresh_stores_each_teachers_first_classroom_visit_of_each_year(world):
    observe_teachers(world)
    TeacherClassroomYear.objects.create(
        teacher=world.teachers_b[world.schools_b[0].pk][0], year=2020, first_observed_on=datetime.date(2020, 5, 5)
    )  # no such visit: removed
    summaries_refresh_all()
    assert teacher_years() == raw_teacher_years()
    assert len(teacher_years()) > len(world.schools_a)


def test_the_portable_refresh_gives_the_same_teacher_years(world):
    observe_teachers(world)
    summaries_refresh_all()
    expected = teacher_years()
    TeacherClassroomYear.objects.filter(year=2025).update(first_observed_on=datetime.date(2025, 12, 31))
    TeacherClassroomYear.objects.filter(year=2024).delete()
    _teacher_years_all_portable()
    assert teacher_years() == expected


def test_a_classroom_visit_logged_or_moved_through_the_services_keeps_the_teacher_years(
    world, coordinator, django_capture_on_commit_callbacks
):
    school = world.schools_a[1]
    first, second = world.teachers_a[school.pk][:2]
    today = timezone.localdate()
    summaries_refresh_all()
    with django_capture_on_commit_callbacks(execute=True):
        visit, _ = visit_log(
            user=coordinator, client_uuid=uuid.uuid4(), school=school, kind=Visit.Kind.CLASSROOM,
            teacher=first, date=today, observations="Bien.",
        )  # fmt: skip
    assert teacher_years()[(first.pk, today.year)] == today
    assert teacher_years() == raw_teacher_years()

    # The visit was of the other teacher: the first one was never observed this year after all.
    with django_capture_on_commit_callbacks(execute=True):
        visit_update(user=coordinator, visit=visit, expected_version=visit.version, teacher=second)
    assert (first.pk, today.year) not in teacher_years()
    assert teacher_years()[(second.pk, today.year)] == today
    assert teacher_years() == raw_teacher_years()


def test_the_attention_rule_reads_the_summary_as_the_visits_say(world):
    """Observed up to a day = a first classroom visit of the year on or before it."""
    observe_teachers(world)
    summaries_refresh_all()
    teacher = world.teachers_a[world.schools_a[0].pk][0]
    observed_by = {
        day: TeacherClassroomYear.objects.filter(teacher=teacher, year=2025, first_observed_on__lte=day).exists()
        for day in (datetime.date(2025, 1, 8), datetime.date(2025, 1, 9), datetime.date(2025, 12, 31))
    }
    assert observed_by == {datetime.date(2025, 1, 8): False, datetime.date(2025, 1, 9): True,
                           datetime.date(2025, 12, 31): True}  # fmt: skip
