"""The visits-per-school-and-month summary: refreshed on every visit write (on commit) and in full."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks.models import SchoolVisitMonth, SummaryRefresh, Visit
from networks.selectors import last_visit_dates, summaries_as_of
from networks.services import visit_log, visit_update
from networks.services.summaries import _upsert_all_portable, school_month_refresh, summaries_refresh_all
from networks.tasks import summaries_refresh_task
from networks.tests.factories import VisitFactory
from schools.models import School

pytestmark = pytest.mark.django_db


def rows() -> dict:
    """{(school id, month): (visits, classroom, classroom without observations, last visit)}."""
    return {
        (r.school_id, r.month): (r.visits, r.classroom_visits, r.classroom_without_observations, r.last_visit_on)
        for r in SchoolVisitMonth.objects.all()
    }


def two_months_this_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Today and a day of last month, in the same school year (a visit's date may move only within it)."""
    if today.month == 1:
        pytest.skip("In January there is no earlier month of the same school year.")
    return today, today.replace(day=1) - datetime.timedelta(days=1)


def test_logging_a_visit_through_the_service_counts_it_in_its_month_once_committed(
    world, coordinator, django_capture_on_commit_callbacks
):
    school = world.schools_a[1]
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        visit_log(user=coordinator, client_uuid=uuid.uuid4(), school=school, kind=Visit.Kind.DIRECTOR, date=today)
    assert len(callbacks) == 1
    assert rows()[(school.pk, today.replace(day=1))] == (1, 0, 0, today)


def test_the_refresh_waits_for_the_commit(world, coordinator, django_capture_on_commit_callbacks):
    school = world.schools_a[1]
    with django_capture_on_commit_callbacks(execute=False):
        visit_log(
            user=coordinator,
            client_uuid=uuid.uuid4(),
            school=school,
            kind=Visit.Kind.DIRECTOR,
            date=timezone.localdate(),
        )
    assert not SchoolVisitMonth.objects.filter(school=school).exists()


def test_correcting_a_visits_date_recounts_the_old_and_the_new_month(
    world, coordinator, django_capture_on_commit_callbacks
):
    school = world.schools_a[1]
    today, last_month = two_months_this_year(timezone.localdate())
    teacher = world.teachers_a[school.pk][0]
    with django_capture_on_commit_callbacks(execute=True):
        visit, _ = visit_log(
            user=coordinator,
            client_uuid=uuid.uuid4(),
            school=school,
            kind=Visit.Kind.CLASSROOM,
            teacher=teacher,
            date=today,
            observations="   ",
        )
    assert rows()[(school.pk, today.replace(day=1))] == (1, 1, 1, today)

    with django_capture_on_commit_callbacks(execute=True):
        visit_update(
            user=coordinator, visit=visit, expected_version=visit.version, date=last_month, observations="Bien."
        )
    summary = rows()
    assert (school.pk, today.replace(day=1)) not in summary  # its only visit left: the row goes
    assert summary[(school.pk, last_month.replace(day=1))] == (1, 1, 0, last_month)


def test_a_month_keeps_its_other_visits_when_one_moves_away(world, coordinator, django_capture_on_commit_callbacks):
    school = world.schools_a[1]
    today, last_month = two_months_this_year(timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = visit_log(
            user=coordinator, client_uuid=uuid.uuid4(), school=school, kind=Visit.Kind.HOME, date=today
        )
        visit_log(user=coordinator, client_uuid=uuid.uuid4(), school=school, kind=Visit.Kind.HOME, date=today)
    with django_capture_on_commit_callbacks(execute=True):
        visit_update(user=coordinator, visit=first, expected_version=first.version, date=last_month)
    summary = rows()
    assert summary[(school.pk, today.replace(day=1))] == (1, 0, 0, today)
    assert summary[(school.pk, last_month.replace(day=1))] == (1, 0, 0, last_month)


def test_the_full_refresh_counts_visits_written_outside_the_services(world):
    school = world.schools_a[2]
    day = datetime.date(2025, 6, 10)
    VisitFactory(school=school, date=day, kind=Visit.Kind.CLASSROOM, teacher=world.teachers_a[school.pk][0])
    VisitFactory(
        school=school, date=day.replace(day=20), kind=Visit.Kind.CLASSROOM,
        teacher=world.teachers_a[school.pk][1], observations="",
    )  # fmt: skip
    VisitFactory(school=school, date=datetime.date(2025, 7, 1), kind=Visit.Kind.HOME)

    refresh = summaries_refresh_all()

    summary = rows()
    assert summary[(school.pk, datetime.date(2025, 6, 1))] == (2, 2, 1, datetime.date(2025, 6, 20))
    assert summary[(school.pk, datetime.date(2025, 7, 1))] == (1, 0, 0, datetime.date(2025, 7, 1))
    assert refresh.rows == SchoolVisitMonth.objects.count() == len(summary)
    assert summaries_as_of() == refresh.finished_at


def test_the_full_refresh_equals_refreshing_every_school_month_one_by_one(world):
    for school in [*world.schools_a, *world.schools_b]:
        for day in (datetime.date(2025, 3, 3), datetime.date(2025, 3, 28), datetime.date(2025, 9, 30)):
            VisitFactory(school=school, date=day)
    summaries_refresh_all()
    full = rows()

    SchoolVisitMonth.objects.all().delete()
    for school_id, date in Visit.objects.values_list("school_id", "date").distinct():
        school_month_refresh(school_id=school_id, month=date)
    assert rows() == full
    assert len(full) == len({(s, d.replace(day=1)) for s, d in Visit.objects.values_list("school_id", "date")})


def test_the_full_refresh_removes_rows_whose_visits_are_gone_and_fixes_wrong_figures(world):
    school = world.schools_a[0]
    month = timezone.localdate().replace(day=1)
    stale = SchoolVisitMonth.objects.create(
        school=world.schools_b[2], month=datetime.date(2024, 2, 1), visits=9, last_visit_on=datetime.date(2024, 2, 9)
    )
    SchoolVisitMonth.objects.update_or_create(
        school=school, month=month, defaults={"visits": 99, "last_visit_on": month}
    )
    summaries_refresh_all()
    assert not SchoolVisitMonth.objects.filter(pk=stale.pk).exists()
    assert rows()[(school.pk, month)] == (1, 1, 0, timezone.localdate())  # the world's classroom visit


def test_a_second_full_refresh_changes_nothing(world):
    summaries_refresh_all()
    before = {r.pk: (r.updated_at, r.visits) for r in SchoolVisitMonth.objects.all()}
    summaries_refresh_all()
    assert {r.pk: (r.updated_at, r.visits) for r in SchoolVisitMonth.objects.all()} == before
    assert SummaryRefresh.objects.count() == 2


def test_the_full_refresh_takes_the_same_queries_whatever_the_number_of_visits(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            summaries_refresh_all()
        return len(captured)

    small = queries()
    for school in [*world.schools_a, *world.schools_b]:
        for month in range(1, 13):
            VisitFactory.create_batch(2, school=school, date=datetime.date(2024, month, 5))
    assert queries() == small


def test_the_task_refreshes_and_returns_the_rows(world):
    assert summaries_refresh_task.delay().get() == SchoolVisitMonth.objects.count() > 0


def test_last_visit_dates_gives_each_schools_latest_visit_up_to_a_day(world):
    school = world.schools_a[2]
    VisitFactory(school=school, date=datetime.date(2025, 5, 2))
    VisitFactory(school=school, date=datetime.date(2025, 8, 30))
    summaries_refresh_all()
    schools = School.objects.filter(pk__in=[school.pk, world.schools_a[0].pk, world.schools_a[1].pk])

    latest = last_visit_dates(schools)
    assert latest == {school.pk: datetime.date(2025, 8, 30), world.schools_a[0].pk: timezone.localdate()}
    assert last_visit_dates(schools, until=datetime.date(2025, 7, 31)) == {school.pk: datetime.date(2025, 5, 2)}


def test_the_portable_full_refresh_of_the_embedded_database_gives_the_same_rows(world):
    for school in world.schools_b:
        VisitFactory(school=school, date=datetime.date(2025, 2, 3), kind=Visit.Kind.HOME)
        VisitFactory(
            school=school, date=datetime.date(2025, 2, 9), kind=Visit.Kind.CLASSROOM,
            teacher=world.teachers_b[school.pk][0], observations=" ",
        )  # fmt: skip
    summaries_refresh_all()
    expected = rows()
    SchoolVisitMonth.objects.filter(school=world.schools_b[0]).delete()
    SchoolVisitMonth.objects.create(
        school=world.schools_b[1], month=datetime.date(2023, 1, 1), visits=1, last_visit_on=datetime.date(2023, 1, 2)
    )
    _upsert_all_portable()
    assert rows() == expected


def test_a_month_of_refresh_records_is_kept(world):
    old = summaries_refresh_all()
    SummaryRefresh.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=40))
    recent = summaries_refresh_all()
    assert list(SummaryRefresh.objects.values_list("pk", flat=True)) == [recent.pk]
