"""A school's full record for staff (evaluations.dashboard.record), shown on its dashboard page; the field
page (networks:school-detail, which may not read goals, results or workshops) links staff to it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.dashboard.record import school_record
from evaluations.models import GoalStatus
from evaluations.tests.factories import AssessmentResultFactory, GoalProgressFactory, SchoolGoalFactory
from networks.tests.factories import FamilyMeetingFactory
from schools.tests.factories import SponsorFactory, SponsorshipFactory, TeacherFactory
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory, WorkshopFactory


def this_year() -> int:
    return timezone.localdate().year


def grow(world, school, n: int):
    """More of everything the record shows, at the school and elsewhere."""
    SchoolGoalFactory(school=school)
    AssessmentResultFactory(school=school, year=this_year() - 2, grade=n, subject="math")
    teacher = TeacherFactory(school=school)
    workshop = WorkshopFactory(network=world.network_a, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    AttendanceFactory(workshop=workshop, teacher=teacher)
    FamilyMeetingFactory(school=school, coordinator=world.coordinator)
    SponsorshipFactory(sponsor=SponsorFactory(), school=school, start_year=this_year())


def test_the_record_holds_the_schools_goals_results_workshops_meetings_teachers_and_sponsors(world):
    school = world.schools_a[0]
    today = timezone.localdate()
    goal = SchoolGoalFactory(school=school, indicator="Lectura 2.° grado")
    GoalProgressFactory(goal=goal, value=goal.target, measured_on=today)
    SchoolGoalFactory(school=school, indicator="Sin medir")
    SchoolGoalFactory(school=school, school_year=this_year() - 1, indicator="Del año pasado")
    SchoolGoalFactory(school=world.schools_a[1], indicator="De otra institución")
    AssessmentResultFactory(school=school, year=this_year() - 2, level_satisfactorio=3)
    AssessmentResultFactory(school=school, year=this_year() - 1, level_satisfactorio=15, students_programmed=40)
    teacher = world.teachers_a[school.pk][0]
    attended = WorkshopFactory(network=world.network_a, starts_on=today, ends_on=today, title="Fue")
    AttendanceFactory(workshop=attended, teacher=teacher)
    absent = WorkshopFactory(network=world.network_a, starts_on=today, ends_on=today, title="No fue")
    AttendanceFactory(workshop=absent, teacher=teacher, attended=False)
    AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[world.schools_a[1].pk][0])
    parents = WorkshopFactory(network=world.network_a, starts_on=today, ends_on=today, for_parents=True, title="Padres")
    ParentAttendanceFactory(workshop=parents, school=school, count=12)
    meeting = FamilyMeetingFactory(school=school, coordinator=world.coordinator)
    TeacherFactory(school=school, is_active=False)

    record = school_record(user=world.staff, school=school, year=this_year())

    assert [g.indicator for g in record.goals] == ["Lectura 2.° grado", "Sin medir"]
    assert record.goal_counts[GoalStatus.ON_TRACK] == 1
    assert record.goal_counts[GoalStatus.NO_MEASURE] == 1
    assert [(line.year, line.grade, str(line.satisfactorio)) for line in record.results] == [
        (this_year() - 1, 2, str(round(100 * 15 / (2 + 8 + 10 + 15), 1)))
    ]
    by_title = {w.title: (w.people, w.parents) for w in record.workshops}
    assert by_title == {"Fue": (1, 0), "Padres": (0, 12)}
    assert record.family_meetings == [meeting]
    assert len(record.teachers) == 3  # the director and two teachers, the inactive one left out
    assert record.teachers[0].position == "director"
    assert [s.sponsor for s in record.sponsorships] == [world.sponsor_a]


def test_the_record_takes_the_same_queries_with_more_data(world):
    school = world.schools_a[0]

    def count():
        with CaptureQueriesContext(connection) as queries:
            school_record(user=world.staff, school=school, year=this_year())
        return len(queries)

    small = count()
    grow(world, school, 3)
    grow(world, school, 4)
    assert count() == small


def test_the_school_dashboard_shows_the_full_record_with_its_links(world, client_for):
    school = world.schools_a[0]
    goal = SchoolGoalFactory(school=school, indicator="Asistencia de padres")

    response = client_for(world.staff).get(reverse("evaluations:dashboard-school", args=[school.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Metas del año escolar" in html
    assert reverse("evaluations:goal-detail", args=[goal.pk]) in html
    assert reverse("evaluations:goal-list", args=[school.pk]) in html
    assert reverse("evaluations:school-results", args=[school.pk]) in html
    assert world.sponsor_a.name in html
    assert f"{reverse('evaluations:dashboard-list', args=['instituciones'])}?sponsor={world.sponsor_a.pk}" in html


@pytest.mark.parametrize(("persona", "sees_link"), [("staff", True), ("coordinator", False)])
def test_the_field_page_of_a_school_links_staff_to_its_full_record(world, client_for, persona, sees_link):
    school = world.schools_a[0]

    response = client_for(getattr(world, persona)).get(reverse("networks:school-detail", args=[school.pk]))

    assert response.status_code == 200
    link = reverse("evaluations:dashboard-school", args=[school.pk])
    assert (f'href="{link}"' in response.content.decode()) is sees_link


def test_the_record_of_last_year_shows_last_years_goals(world):
    school = world.schools_b[0]
    SchoolGoalFactory(school=school, school_year=this_year() - 1, indicator="Del año pasado")
    FamilyMeetingFactory(school=school, coordinator=world.other_coordinator, date=datetime.date(this_year() - 1, 5, 2))

    record = school_record(user=world.staff, school=school, year=this_year() - 1)

    assert [g.indicator for g in record.goals] == ["Del año pasado"]
