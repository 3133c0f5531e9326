"""Authorization rows of the school tier: a school's goals, their progress and its assessment results.

Staff and the administrator: every school. Coordinators: the schools of their networks today (another
network's school answers 404); a former coordinator (no network today) may open the pages' doors but
finds no school (404), and may not record (403). Sponsors: nothing yet (403). Results are entered by
staff only. Each POST sends valid data and names what it changes.
"""

import uuid

from django.utils import timezone

from accounts.tests.authorization import READ_ONLY_POST, STAFF, TO_LOGIN, Effect, Redirect, Row
from evaluations.models import AssessmentResult, GoalProgress, SchoolGoal
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory

RECORDERS = frozenset({*STAFF, "coordinator"})


def school_tier(*, staff, coordinator, other_coordinator, former_coordinator, sponsor=403, other_sponsor=403):
    """The answers of a school-tier page; anonymous people go to the login, the administrator answers as staff."""
    return {
        "anonymous": TO_LOGIN,
        "staff": staff,
        "admin": staff,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "former_coordinator": former_coordinator,
        "sponsor": sponsor,
        "other_sponsor": other_sponsor,
    }


def school_a(world) -> dict:
    return {"pk": world.schools_a[0].pk}


def goal_a(world) -> dict:
    """A goal of network A's first school, this school year, last year's (so it has started)."""
    goal = SchoolGoal.objects.filter(school=world.schools_a[0], indicator="Matriz: lectura").first()
    if goal is None:
        goal = SchoolGoalFactory(
            school=world.schools_a[0], school_year=timezone.localdate().year - 1, indicator="Matriz: lectura"
        )
    return {"pk": goal.pk}


def result_a(world) -> dict:
    result = AssessmentResult.objects.filter(school=world.schools_a[0]).first() or AssessmentResultFactory(
        school=world.schools_a[0]
    )
    return {"pk": result.pk}


def new_goal(world) -> dict:
    return {
        "school_year": str(timezone.localdate().year),
        "area": SchoolGoal.Area.FAMILIES,
        "indicator": "% de padres que asisten a las reuniones de aula",
        "baseline": "40",
        "target": "60",
        "agreed_by_director": "Carmen Rojas Vílchez",
        "agreed_teachers": "6",
        "agreed_parents": "25",
        "agreed_on": "",
    }


def goal_change(world) -> dict:
    goal_a(world)
    return {
        "area": SchoolGoal.Area.LEARNING,
        "indicator": "Matriz: lectura",
        "baseline": "20",
        "target": "45",
        "agreed_by_director": "Carmen Rojas Vílchez",
        "agreed_teachers": "6",
        "agreed_parents": "18",
        "agreed_on": "",
        "change_reason": "La UGEL cambió la prueba de entrada.",
    }


def progress_entry(world) -> dict:
    goal = SchoolGoal.objects.get(**goal_a(world))
    return {
        "client_uuid": str(uuid.uuid4()),
        "measured_on": f"{goal.school_year}-07-15",
        "value": "31.5",
        "note": "Prueba de comprensión lectora de julio.",
    }


def new_result(world) -> dict:
    return {
        "year": str(timezone.localdate().year - 2),
        "grade": "4",
        "subject": AssessmentResult.Subject.MATH,
        "students_programmed": "28",
        "students_evaluated": "26",
        "level_previo_inicio": "3",
        "level_en_inicio": "8",
        "level_en_proceso": "9",
        "level_satisfactorio": "6",
        "mean_score": "498.5",
    }


def result_change(world) -> dict:
    result_a(world)
    return {**new_result(world), "year": str(timezone.localdate().year - 1), "grade": "2", "subject": "reading"}


def goal_count(world):
    return SchoolGoal.objects.count()


def goal_a_target(world):
    return SchoolGoal.objects.filter(indicator="Matriz: lectura").values_list("target", flat=True).first()


def progress_count(world):
    return GoalProgress.objects.count()


def result_count(world):
    return AssessmentResult.objects.count()


def results_of_school_a(world):
    return tuple(
        AssessmentResult.objects.filter(school=world.schools_a[0])
        .order_by("pk")
        .values_list("year", "grade", "subject", "students_evaluated", "level_satisfactorio", "mean_score")
    )


ROWS = {
    "evaluations:goal-list": (
        Row(school_tier(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=school_a),
        Row(
            school_tier(staff=READ_ONLY_POST, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=school_a,
        ),
    ),
    "evaluations:goal-create": (
        Row(school_tier(staff=200, coordinator=200, other_coordinator=404, former_coordinator=403), kwargs=school_a),
        Row(
            school_tier(
                staff=Redirect("evaluations:goal-detail"),
                coordinator=Redirect("evaluations:goal-detail"),
                other_coordinator=404,
                former_coordinator=403,
            ),
            method="post",
            kwargs=school_a,
            data=new_goal,
            effect=Effect(goal_count, by=RECORDERS),
        ),
    ),
    "evaluations:goal-detail": (
        Row(school_tier(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=goal_a),
        Row(
            school_tier(staff=READ_ONLY_POST, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=goal_a,
        ),
    ),
    "evaluations:goal-edit": (
        Row(school_tier(staff=200, coordinator=200, other_coordinator=404, former_coordinator=403), kwargs=goal_a),
        Row(
            school_tier(
                staff=Redirect("evaluations:goal-detail"),
                coordinator=Redirect("evaluations:goal-detail"),
                other_coordinator=404,
                former_coordinator=403,
            ),
            method="post",
            kwargs=goal_a,
            data=goal_change,
            effect=Effect(goal_a_target, by=RECORDERS),
        ),
    ),
    "evaluations:goal-progress-create": (
        Row(school_tier(staff=200, coordinator=200, other_coordinator=404, former_coordinator=403), kwargs=goal_a),
        Row(
            school_tier(
                staff=Redirect("evaluations:goal-detail"),
                coordinator=Redirect("evaluations:goal-detail"),
                other_coordinator=404,
                former_coordinator=403,
            ),
            method="post",
            kwargs=goal_a,
            data=progress_entry,
            effect=Effect(progress_count, by=RECORDERS),
        ),
    ),
    "evaluations:school-results": (
        Row(school_tier(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=school_a),
        Row(
            school_tier(staff=READ_ONLY_POST, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=school_a,
        ),
    ),
    "evaluations:result-create": (
        Row(school_tier(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403), kwargs=school_a),
        Row(
            school_tier(
                staff=Redirect("evaluations:school-results"),
                coordinator=403,
                other_coordinator=403,
                former_coordinator=403,
            ),
            method="post",
            kwargs=school_a,
            data=new_result,
            effect=Effect(result_count, by=STAFF),
        ),
    ),
    "evaluations:result-edit": (
        Row(school_tier(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403), kwargs=result_a),
        Row(
            school_tier(
                staff=Redirect("evaluations:school-results"),
                coordinator=403,
                other_coordinator=403,
                former_coordinator=403,
            ),
            method="post",
            kwargs=result_a,
            data=result_change,
            effect=Effect(results_of_school_a, by=STAFF),
        ),
    ),
}
