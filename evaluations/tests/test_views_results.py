"""A school's assessment results pages (`evaluations.views.results`): the trend page, and entering or
correcting one result (staff).

Gates: anonymous -> login, sponsors -> 403, coordinators -> 403 on the forms, another network's
coordinator -> 404 on the page; then the table and its chart, the refusals next to their field, malformed
input, and a query count that does not grow with the years, grades and subjects.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import AssessmentResult
from evaluations.tests.factories import AssessmentResultFactory
from evaluations.tests.helpers import (
    MEGABYTE,
    SPONSORS,
    Page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_answers,
    count_queries,
    page_id,
)

COORDINATORS = ("coordinator", "other_coordinator", "former_coordinator")


class Objects:
    def __init__(self, world):
        self.world = world
        self.result = AssessmentResultFactory(school=world.schools_a[0])


@pytest.fixture
def objects(world):
    return Objects(world)


def school_a(o):
    return {"pk": o.world.schools_a[0].pk}


def result_of_a(o):
    return {"pk": o.result.pk}


PAGES = [
    Page(
        "school-results",
        school_a,
        allowed=("staff", "admin", "coordinator"),
        forbidden=SPONSORS,
        out_of_scope=("other_coordinator", "former_coordinator"),
    ),
    Page("result-create", school_a, allowed=("staff", "admin"), forbidden=(*SPONSORS, *COORDINATORS)),
    Page("result-edit", result_of_a, allowed=("staff", "admin"), forbidden=(*SPONSORS, *COORDINATORS)),
]


# --- The gates ------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_anonymous_people_are_sent_to_the_login_page(objects, client, page):
    assert_anonymous_is_sent_to_the_login_page(client, page.url(objects))


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_who_may_not_use_the_page_gets_403(objects, client_for, user_of, page):
    assert_answers(client_for, user_of, page.url(objects), page.forbidden, 403)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_staff_and_the_schools_coordinator_get_the_page(objects, client_for, user_of, page):
    assert_answers(client_for, user_of, page.url(objects), page.allowed, 200, post=False)


def test_another_networks_coordinator_finds_no_results_page(objects, client_for, user_of):
    assert_answers(client_for, user_of, PAGES[0].url(objects), PAGES[0].out_of_scope, 404, post=False)


@pytest.mark.parametrize(
    "path", ["/instituciones/abc/resultados/", "/instituciones/1.5/resultados/nuevo/", "/resultados/x/editar/"]
)
def test_letters_where_an_id_goes_answer_404(client_for, staff_user, path):
    assert client_for(staff_user).get(path).status_code == 404


@pytest.mark.parametrize("name", ["school-results", "result-create"])
def test_a_missing_school_answers_404(db, client_for, staff_user, name):
    assert client_for(staff_user).get(reverse(f"evaluations:{name}", args=[2_000_000_000])).status_code == 404


# --- The trend page -----------------------------------------------------------------------------
def test_the_page_shows_each_year_against_the_country_and_the_first_year(world, client_for, coordinator):
    school = world.schools_a[0]
    first = world.network_a.cohort_start_year
    AssessmentResultFactory(school=school, year=2015, level_satisfactorio=10)  # 10 / 30: 33.3 %
    AssessmentResultFactory(school=school, year=first, level_satisfactorio=5, level_en_proceso=12)  # 5 / 27: 18.5 %
    AssessmentResultFactory(school=school, year=first + 1)  # 7 / 27: 25.9 %

    response = client_for(coordinator).get(reverse("evaluations:school-results", args=[school.pk]))
    html = response.content.decode()

    assert f"Primer año en el programa: {first}." in html
    assert "<svg" in html
    assert '<caption class="visually-hidden">Resultados por año · 2.° grado · Lectura</caption>' in html
    assert "49.8\u00a0%" in html  # the national figure of 2015 (a no-break space before the sign)
    assert "−16.5" in html  # 33.3 - 49.8
    assert "+7.4" in html  # 25.9 - 18.5, against the first program year
    assert "MINEDU" in html
    assert reverse("evaluations:result-create", args=[school.pk]) not in html  # coordinators only read


def test_staff_get_links_to_enter_and_correct_results(objects, client_for, staff_user):
    school = objects.world.schools_a[0]
    html = client_for(staff_user).get(reverse("evaluations:school-results", args=[school.pk])).content.decode()
    assert reverse("evaluations:result-create", args=[school.pk]) in html
    assert reverse("evaluations:result-edit", args=[objects.result.pk]) in html


def test_a_school_without_results_says_so(world, client_for, coordinator):
    html = client_for(coordinator).get(reverse("evaluations:school-results", args=[world.schools_a[1].pk]))
    assert "Aún no hay resultados de evaluación de esta institución." in html.content.decode()


def test_a_year_with_nobody_evaluated_shows_dashes_and_no_chart(world, client_for, staff_user):
    AssessmentResultFactory(
        school=world.schools_a[1], level_previo_inicio=0, level_en_inicio=0, level_en_proceso=0, level_satisfactorio=0
    )
    response = client_for(staff_user).get(reverse("evaluations:school-results", args=[world.schools_a[1].pk]))
    assert response.status_code == 200
    assert response.context["trends"][0].chart is None


def test_the_results_page_runs_the_same_queries_for_1_result_or_24(world, client_for, staff_user):
    school = world.schools_a[0]
    url = reverse("evaluations:school-results", args=[school.pk])
    client = client_for(staff_user)
    AssessmentResultFactory(school=school, year=2015)
    client.get(url)
    small = count_queries(client, url)
    for year in range(2016, 2022):
        for grade in (2, 4):
            for subject in ("reading", "math"):
                if (year, grade, subject) != (2015, 2, "reading"):
                    AssessmentResultFactory(school=school, year=year, grade=grade, subject=subject)
    assert AssessmentResult.objects.filter(school=school).count() == 25
    assert count_queries(client, url) == small


# --- Entering a result ------------------------------------------------------------------------------
def result_data(**overrides) -> dict:
    return {
        "year": str(timezone.localdate().year - 1),
        "grade": "4",
        "subject": "math",
        "students_programmed": "30",
        "students_evaluated": "28",
        "level_previo_inicio": "2",
        "level_en_inicio": "6",
        "level_en_proceso": "10",
        "level_satisfactorio": "10",
        "mean_score": "530.5",
    } | overrides


def test_staff_enter_a_result_and_return_to_the_schools_results(world, client_for, staff_user):
    school = world.schools_a[0]
    response = client_for(staff_user).post(reverse("evaluations:result-create", args=[school.pk]), result_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:school-results", args=[school.pk])
    result = AssessmentResult.objects.get(school=school)
    assert (result.grade, result.subject, result.level_satisfactorio, result.mean_score) == (
        4,
        "math",
        10,
        Decimal("530.5"),
    )


def test_levels_that_do_not_add_up_are_refused_next_to_the_evaluated_students(world, client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("evaluations:result-create", args=[world.schools_a[0].pk]), result_data(level_satisfactorio="9")
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "students_evaluated": ["La suma de estudiantes por nivel (27) debe ser igual a los evaluados (28)."]
    }
    assert 'value="530.5"' in response.content.decode()  # what was typed stays


def test_a_second_result_for_the_same_year_grade_and_subject_is_refused_above_the_form(world, client_for, staff_user):
    url = reverse("evaluations:result-create", args=[world.schools_a[0].pk])
    client_for(staff_user).post(url, result_data())
    response = client_for(staff_user).post(url, result_data())
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Ya hay un resultado para esta institución, año, grado y área."
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("year", "9999"),
        ("year", "abc"),
        ("year", str(timezone.localdate().year + 1)),
        ("grade", "7"),
        ("grade", "dos"),
        ("subject", "science"),
        ("students_programmed", "-30"),
        ("students_evaluated", "99999999"),
        ("level_en_inicio", "-6"),
        ("level_satisfactorio", "abc"),
        ("mean_score", "1200"),
        ("mean_score", MEGABYTE),
    ],
)
def test_the_result_form_refuses_malformed_values_in_spanish(world, client_for, staff_user, field, value):
    response = client_for(staff_user).post(
        reverse("evaluations:result-create", args=[world.schools_a[0].pk]), result_data(**{field: value})
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not AssessmentResult.objects.exists()


def test_negative_counts_are_explained_in_plain_spanish(world, client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("evaluations:result-create", args=[world.schools_a[0].pk]), result_data(level_en_inicio="-6")
    )
    assert response.context["form"].errors["level_en_inicio"] == ["El número no puede ser negativo."]


# --- Correcting a result ----------------------------------------------------------------------------
def test_staff_correct_a_result(objects, client_for, staff_user):
    result = objects.result
    response = client_for(staff_user).post(
        reverse("evaluations:result-edit", args=[result.pk]),
        result_data(year=str(result.year), grade="2", subject="reading"),
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.students_evaluated, result.level_satisfactorio) == (28, 10)


def test_the_correction_form_starts_from_the_saved_result(objects, client_for, staff_user):
    form = client_for(staff_user).get(reverse("evaluations:result-edit", args=[objects.result.pk])).context["form"]
    assert form.initial["level_satisfactorio"] == 7
    assert form.initial["mean_score"] == Decimal("512.4")


def test_a_correction_that_breaks_a_rule_is_refused(objects, client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("evaluations:result-edit", args=[objects.result.pk]), result_data(students_programmed="20")
    )
    assert response.status_code == 400
    assert "students_evaluated" in response.context["form"].errors
