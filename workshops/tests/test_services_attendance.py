"""Recording attendance: `attendance_record` sets exactly what was ticked, once, with history, and refuses
what it must (future workshops, people not invited, other people's networks, stale forms)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from networks.models import SchoolMembership
from schools.tests.factories import TeacherFactory
from workshops.models import Attendance, ParentAttendance, Workshop
from workshops.services import AttendanceConflictError, attendance_record
from workshops.tests.conftest import people_of
from workshops.tests.factories import AttendanceFactory


def record(user, workshop, attended=(), parents=None, version=None) -> bool:
    workshop.refresh_from_db()
    return attendance_record(
        user=user,
        workshop=workshop,
        expected_version=workshop.attendance_version if version is None else version,
        attended=[getattr(p, "pk", p) for p in attended],
        parents={getattr(s, "pk", s): n for s, n in (parents or {}).items()},
    )


def came(workshop) -> set[int]:
    return set(Attendance.objects.filter(workshop=workshop, attended=True).values_list("teacher_id", flat=True))


def history_rows(workshop) -> int:
    return (
        Attendance.history.filter(workshop_id=workshop.pk).count()
        + ParentAttendance.history.filter(workshop_id=workshop.pk).count()
    )


@pytest.fixture
def two_teachers(world):
    school = world.schools_a[0]
    return world.teachers_a[school.pk]


def test_a_coordinator_records_who_came_with_history(world, coordinator, two_teachers):
    assert record(coordinator, world.workshop_a, two_teachers) is True
    assert came(world.workshop_a) == {t.pk for t in two_teachers}
    world.workshop_a.refresh_from_db()
    assert world.workshop_a.attendance_version == 1
    entry = Attendance.history.filter(teacher=two_teachers[0]).get()
    assert (entry.history_user, entry.history_change_reason) == (
        coordinator,
        f"Asistencia registrada por {coordinator}",
    )


def test_the_same_attendance_sent_twice_writes_nothing_the_second_time(world, coordinator, two_teachers):
    record(coordinator, world.workshop_a, two_teachers)
    before = history_rows(world.workshop_a)
    # A double tap: the second copy carries the version the form was opened with.
    assert record(coordinator, world.workshop_a, two_teachers, version=0) is False
    assert history_rows(world.workshop_a) == before
    world.workshop_a.refresh_from_db()
    assert world.workshop_a.attendance_version == 1


def test_a_later_correction_unticks_someone_and_keeps_the_history(world, coordinator, staff_user, two_teachers):
    record(coordinator, world.workshop_a, two_teachers)
    assert record(staff_user, world.workshop_a, two_teachers[:1]) is True
    assert came(world.workshop_a) == {two_teachers[0].pk}
    row = Attendance.objects.get(workshop=world.workshop_a, teacher=two_teachers[1])
    assert not row.attended
    assert list(row.history.values_list("attended", flat=True)) == [False, True]


def test_an_older_form_that_would_change_something_is_a_conflict(world, coordinator, staff_user, two_teachers):
    record(coordinator, world.workshop_a, two_teachers)
    with pytest.raises(AttendanceConflictError):
        record(staff_user, world.workshop_a, two_teachers[:1], version=0)
    assert came(world.workshop_a) == {t.pk for t in two_teachers}


def test_a_workshop_in_the_future_takes_no_attendance_yet(extra, coordinator, world, two_teachers):
    with pytest.raises(ValidationError) as excinfo:
        record(coordinator, extra.future_workshop, two_teachers)
    day = extra.future_workshop.starts_on.strftime("%d/%m/%Y")
    assert excinfo.value.messages == [
        f"Este taller aún no se realiza: la asistencia se registra desde el {day}, su primer día."
    ]
    assert not Attendance.objects.exists()


def test_someone_not_invited_is_refused(world, coordinator):
    outsider = world.teachers_b[world.schools_b[0].pk][0]
    with pytest.raises(ValidationError) as excinfo:
        record(coordinator, world.workshop_a, [outsider])
    assert "no están invitadas" in excinfo.value.messages[0]
    assert not Attendance.objects.exists()


def test_a_director_at_a_workshop_only_for_teachers_is_not_invited(world, staff_user):
    world.workshop_a.for_directors = False
    world.workshop_a.save()
    director, *_ = people_of(world, world.schools_a[0])
    with pytest.raises(ValidationError):
        record(staff_user, world.workshop_a, [director])


def test_an_inactive_teacher_is_not_on_the_roster_unless_already_marked(world, staff_user, two_teachers):
    retired = TeacherFactory(school=world.schools_a[0], is_active=False)
    with pytest.raises(ValidationError):
        record(staff_user, world.workshop_a, [retired])
    AttendanceFactory(workshop=world.workshop_a, teacher=retired)
    assert record(staff_user, world.workshop_a, []) is True  # unticked: corrected to absent
    assert not Attendance.objects.get(teacher=retired).attended


def test_a_school_that_left_the_network_before_the_workshop_is_not_invited(world, staff_user):
    school = world.schools_a[2]
    membership = SchoolMembership.objects.get(school=school)
    membership.left_on = world.workshop_a.starts_on - datetime.timedelta(days=1)
    membership.save()
    teacher = world.teachers_a[school.pk][0]
    with pytest.raises(ValidationError):
        record(staff_user, world.workshop_a, [teacher])


@pytest.mark.parametrize("persona", ["other_coordinator", "former_coordinator", "sponsor", "anonymous"])
def test_nobody_else_records_network_as_attendance(world, user_of, persona, two_teachers):
    with pytest.raises(PermissionDenied):
        record(user_of(persona), world.workshop_a, two_teachers)


def test_a_coordinator_records_no_regional_workshop_but_staff_do(world, coordinator, staff_user):
    director, *_ = people_of(world, world.schools_a[0])
    with pytest.raises(PermissionDenied):
        record(coordinator, world.workshop_piura, [director])
    assert record(staff_user, world.workshop_piura, [director]) is True


def test_a_regional_workshop_invites_the_schools_of_the_regions_networks_in_the_program(world, staff_user):
    graduated_director = world.graduated_school.teachers.get(position="director")
    with pytest.raises(ValidationError):  # Red Ayabaca graduated: its schools are not invited
        record(staff_user, world.workshop_piura, [graduated_director])
    cusco_director = world.schools_b[0].teachers.get(position="director")
    with pytest.raises(ValidationError):  # another region
        record(staff_user, world.workshop_piura, [cusco_director])


# --- Parents per school ---------------------------------------------------------------------
def test_parents_are_set_per_school_and_a_school_left_out_is_zero(world, extra, coordinator):
    first, second, third = world.schools_a
    record(coordinator, extra.parents_workshop, parents={first: 12, second: 5})
    assert dict(ParentAttendance.objects.values_list("school", "count")) == {first.pk: 12, second.pk: 5}
    record(coordinator, extra.parents_workshop, parents={first: 10, third: 2})
    assert dict(ParentAttendance.objects.values_list("school", "count")) == {first.pk: 10, second.pk: 0, third.pk: 2}
    row = ParentAttendance.objects.get(school=first)
    assert list(row.history.values_list("count", flat=True)) == [10, 12]


def test_parents_sent_again_change_nothing(world, extra, coordinator):
    record(coordinator, extra.parents_workshop, parents={world.schools_a[0]: 12})
    before = history_rows(extra.parents_workshop)
    assert record(coordinator, extra.parents_workshop, parents={world.schools_a[0]: 12}, version=0) is False
    assert history_rows(extra.parents_workshop) == before


def test_parents_at_a_workshop_not_for_parents_are_refused(world, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        record(coordinator, world.workshop_a, parents={world.schools_a[0]: 3})
    assert excinfo.value.message_dict == {
        "parents": ["Solo se registran padres de familia si el taller es para padres."]
    }


def test_parents_of_a_school_not_invited_are_refused(world, extra, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        record(coordinator, extra.parents_workshop, parents={world.schools_b[0]: 3})
    assert excinfo.value.messages == ["Registró padres de una institución que no está invitada a este taller."]


@pytest.mark.parametrize("count", [-1, 1001])
def test_parents_of_one_school_go_from_0_to_1000(world, extra, coordinator, count):
    with pytest.raises(ValidationError) as excinfo:
        record(coordinator, extra.parents_workshop, parents={world.schools_a[0]: count})
    assert excinfo.value.message_dict == {"parents": ["Los padres de familia de una institución van de 0 a 1000."]}
    assert not ParentAttendance.objects.exists()


def test_a_workshop_with_no_change_is_not_bumped(world, staff_user):
    assert record(staff_user, world.workshop_a, []) is False
    assert Workshop.objects.get(pk=world.workshop_a.pk).attendance_version == 0


def test_the_attendance_of_a_workshop_that_started_today_is_recorded(world, coordinator, two_teachers):
    assert world.workshop_a.starts_on == timezone.localdate()
    assert record(coordinator, world.workshop_a, two_teachers)
