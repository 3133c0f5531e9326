"""The data admin writes goals and results through the same services as the app's pages.

A goal's new baseline or target after 1 March of its year needs a reason there too (simple-history's
"revert to this version" included); its progress entries are read-only; a result obeys `result_check`.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AdminUserFactory
from evaluations.models import AssessmentResult, SchoolGoal
from evaluations.services import goal_update
from evaluations.tests.factories import AssessmentResultFactory, GoalProgressFactory

INLINE = {
    "progress_entries-TOTAL_FORMS": "0",
    "progress_entries-INITIAL_FORMS": "0",
    "progress_entries-MIN_NUM_FORMS": "0",
    "progress_entries-MAX_NUM_FORMS": "1000",
}


def goal_post(goal, **overrides) -> dict:
    return {
        "area": goal.area,
        "indicator": goal.indicator,
        "baseline": str(goal.baseline),
        "target": str(goal.target),
        "agreed_by_director": goal.agreed_by_director,
        "agreed_teachers": str(goal.agreed_teachers),
        "agreed_parents": str(goal.agreed_parents),
        "agreed_on": goal.agreed_on.isoformat(),
        "change_reason": "",
        **INLINE,
    } | overrides


def test_staff_changing_a_target_in_the_admin_without_a_reason_are_refused(goal_a, client_for, staff_user):
    url = reverse("admin:evaluations_schoolgoal_change", args=[goal_a.pk])
    response = client_for(staff_user).post(url, goal_post(goal_a, target="45"))

    assert response.status_code == 200
    assert "ya empezó: para cambiar la línea de base o la meta" in response.content.decode()
    goal_a.refresh_from_db()
    assert goal_a.target == Decimal("40.00")


def test_with_a_reason_the_admin_saves_through_the_service_and_keeps_the_reason(goal_a, client_for, staff_user):
    url = reverse("admin:evaluations_schoolgoal_change", args=[goal_a.pk])
    response = client_for(staff_user).post(url, goal_post(goal_a, target="45", change_reason="Corrección de la UGEL"))

    assert response.status_code == 302
    latest = goal_a.history.order_by("-history_id").first()
    assert (latest.target, latest.history_change_reason, latest.history_user) == (
        Decimal("45.00"),
        "Corrección de la UGEL",
        staff_user,
    )


def test_reverting_to_an_older_target_needs_a_reason_too(goal_a, client_for, staff_user, coordinator):
    old = goal_a.history.get()
    goal_update(user=coordinator, goal=goal_a, target=Decimal("45"), change_reason="Nueva prueba")
    url = reverse("admin:evaluations_schoolgoal_simple_history", args=[goal_a.pk, old.history_id])
    client = client_for(staff_user)

    refused = client.post(url, goal_post(goal_a, target="40"))
    assert refused.status_code == 200
    goal_a.refresh_from_db()
    assert goal_a.target == Decimal("45.00")

    reverted = client.post(url, goal_post(goal_a, target="40", change_reason="Se vuelve a la meta acordada"))
    assert reverted.status_code == 302
    goal_a.refresh_from_db()
    assert goal_a.target == Decimal("40.00")


def test_a_goal_added_in_the_admin_is_recorded_by_the_service(world, client_for, staff_user):
    data = {
        "school": str(world.schools_b[0].pk),
        "school_year": str(timezone.localdate().year),
        "area": "teaching",
        "indicator": "% de docentes que aplican estrategias de comprensión lectora",
        "baseline": "30",
        "target": "30",
        "agreed_by_director": "",
        "agreed_teachers": "",
        "agreed_parents": "",
        "agreed_on": "",
        **INLINE,
    }
    url = reverse("admin:evaluations_schoolgoal_add")
    client = client_for(staff_user)
    assert client.post(url, data).status_code == 200  # target equal to baseline: the model's rule
    assert client.post(url, data | {"target": "45"}).status_code == 302
    goal = SchoolGoal.objects.get()
    assert goal.history.get().history_user == staff_user


def test_the_admin_shows_a_goals_measures_without_letting_anyone_change_them(goal_a, client_for, in_last_year):
    GoalProgressFactory(goal=goal_a, measured_on=in_last_year(7, 15), value=Decimal("33"))
    page = client_for(AdminUserFactory()).get(reverse("admin:evaluations_schoolgoal_change", args=[goal_a.pk]))
    html = page.content.decode()
    assert "33.00" in html
    assert 'name="progress_entries-0-value"' not in html
    assert 'name="latest_value"' not in html


def result_post(**overrides) -> dict:
    return {
        "year": str(timezone.localdate().year - 1),
        "grade": "2",
        "subject": "reading",
        "students_programmed": "30",
        "students_evaluated": "28",
        "level_previo_inicio": "2",
        "level_en_inicio": "6",
        "level_en_proceso": "10",
        "level_satisfactorio": "10",
        "mean_score": "",
    } | overrides


def test_a_result_added_in_the_admin_obeys_the_rules_of_the_app(world, client_for, staff_user):
    url = reverse("admin:evaluations_assessmentresult_add")
    client = client_for(staff_user)
    data = result_post(school=str(world.schools_a[0].pk))

    refused = client.post(url, data | {"level_satisfactorio": "9"})
    assert refused.status_code == 200
    assert not AssessmentResult.objects.exists()

    assert client.post(url, data).status_code == 302
    assert AssessmentResult.objects.get().history.get().history_user == staff_user


def test_a_result_corrected_in_the_admin_goes_through_the_service(world, client_for, staff_user):
    result = AssessmentResultFactory(school=world.schools_a[0])
    url = reverse("admin:evaluations_assessmentresult_change", args=[result.pk])
    response = client_for(staff_user).post(url, result_post(year=str(result.year)))
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.level_satisfactorio == 10
    assert result.history.order_by("-history_id").first().history_user == staff_user


@pytest.mark.parametrize("persona", ["coordinator", "sponsor"])
def test_no_one_outside_ipae_enters_the_goals_admin(goal_a, client_for, user_of, persona):
    response = client_for(user_of(persona)).get(reverse("admin:evaluations_schoolgoal_change", args=[goal_a.pk]))
    assert response.status_code == 302
