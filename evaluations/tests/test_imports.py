"""result_import: ECE-style results onto AssessmentResult, keyed by school, year, grade and subject."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.tests.factories import CoordinatorFactory, StaffFactory
from core.imports import read_table
from evaluations.models import AssessmentResult
from evaluations.services.imports import result_import
from schools.services import school_import
from schools.tests.factories import SchoolFactory

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HEADER = (
    "cod_mod,anexo,year,grade,subject,programados,evaluados,previo_inicio,en_inicio,en_proceso,satisfactorio,"
    "medida_promedio"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def school():
    return SchoolFactory(codigo_modular="0218495", anexo=0, name="14031 SEÑOR DE LOS MILAGROS")


def table(*rows: str, header: str = HEADER):
    return read_table("\n".join([header, *rows]).encode(), max_bytes=10 * 1024 * 1024)


def sample(name: str):
    return read_table((SAMPLES / name).read_bytes(), max_bytes=10 * 1024 * 1024)


def run(staff, data, *, commit=True):
    return result_import(user=staff, table=data, commit=commit, source="ece.csv")


GOOD = "0218495,0,2024,2,Lectura,36,34,,8,10,16,535.7"


def test_the_sample_results_import_after_the_sample_padron_and_a_second_time_change_nothing(staff):
    school_import(user=staff, table=sample("padron_iiee_muestra.csv"), commit=True)

    first = run(staff, sample("resultados_ece_muestra.csv"))
    second = run(staff, sample("resultados_ece_muestra.csv"))

    assert first.committed
    assert (len(first.created), len(first.updated), first.unchanged) == (34, 0, 0)
    assert (len(second.created), len(second.updated), second.unchanged) == (0, 0, 34)
    reading = AssessmentResult.objects.get(school__codigo_modular="0218495", year=2024, grade=2, subject="reading")
    assert (reading.students_programmed, reading.students_evaluated, reading.level_previo_inicio) == (36, 34, 0)
    assert (reading.level_en_inicio, reading.level_en_proceso, reading.level_satisfactorio) == (8, 10, 16)
    assert reading.mean_score == Decimal("535.7")


def test_a_row_for_a_result_already_there_updates_its_counts_with_history(staff, school):
    AssessmentResult.objects.create(
        school=school,
        year=2024,
        grade=2,
        subject="reading",
        students_programmed=36,
        students_evaluated=30,
        level_en_inicio=10,
        level_en_proceso=10,
        level_satisfactorio=10,
    )

    report = run(staff, table(GOOD))

    assert [note.row for note in report.updated] == [2]
    result = AssessmentResult.objects.get()
    assert (result.students_evaluated, result.level_satisfactorio) == (34, 16)
    assert (result.history.first().history_user, result.history.first().history_change_reason) == (
        staff,
        "Importación de resultados (ece.csv)",
    )


def test_a_school_that_does_not_exist_is_a_row_error_and_nothing_is_imported(staff, school):
    report = run(staff, table(GOOD, "0999999,0,2024,2,Lectura,20,20,,5,5,10,"))

    assert not report.committed
    assert [(n.row, n.text) for n in report.errors] == [
        (
            3,
            "cod_mod: No hay una institución con código modular 0999999 y anexo 0: impórtela primero con el padrón.",
        )
    ]
    assert not AssessmentResult.objects.exists()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("0218495,0,2024,2,Lectura,36,34,,8,10,15,535.7", "evaluados: La suma de estudiantes por nivel (33)"),
        (
            "0218495,0,2024,2,Lectura,30,34,,8,10,16,535.7",
            "evaluados: Los evaluados (34) no pueden ser más que los programados (30).",
        ),
        (
            "0218495,0,2024,7,Lectura,36,34,,8,10,16,535.7",
            "grade: «7» no es válido: debe ser un número entero entre 1 y 6.",
        ),
        ("0218495,0,1999,2,Lectura,36,34,,8,10,16,535.7", "year: «1999» no es válido"),
        (
            "0218495,0,2024,2,Ciencia,36,34,,8,10,16,535.7",
            "subject: «Ciencia» no es un valor aceptado (Lectura, Matemática).",
        ),
        ("0218495,0,2024,2,Lectura,36,34,,8,10,16,1535", "medida_promedio: «1535» no es válido"),
        ("0218495,0,2024,2,Lectura,treinta,34,,8,10,16,", "programados: «treinta» no es válido"),
        (
            "0218495,1,2024,2,Lectura,36,34,,8,10,16,",
            "cod_mod: No hay una institución con código modular 0218495 y anexo 1",
        ),
    ],
)
def test_a_result_that_breaks_a_rule_is_a_row_error_naming_its_column(staff, school, cells, message):
    report = run(staff, table(cells))

    assert len(report.errors) == 1
    assert message in report.errors[0].text
    assert not AssessmentResult.objects.exists()


def test_a_year_after_this_one_is_refused(staff, school):
    next_year = timezone.localdate().year + 1

    report = run(staff, table(f"0218495,0,{next_year},2,Lectura,36,34,,8,10,16,"))

    assert f"year: El año no puede ser posterior a {next_year - 1}" in report.errors[0].text


def test_the_same_school_year_grade_and_subject_twice_is_an_error_of_the_later_row(staff, school):
    report = run(staff, table(GOOD, GOOD.replace("Lectura", "lectura")))

    assert [(n.row, n.text) for n in report.errors] == [(3, "Repite la institución, año, grado y área de la fila 2.")]


def test_a_codigo_modular_without_its_zero_and_comprension_lectora_are_read(staff, school):
    report = run(staff, table('218495,0,2024,2,Comprensión lectora,36,34,0,8,10,16,"535,74"'))

    assert report.committed
    result = AssessmentResult.objects.get()
    assert (result.subject, result.mean_score) == ("reading", Decimal("535.7"))


def test_only_staff_may_import_results(school):
    with pytest.raises(PermissionDenied):
        result_import(user=CoordinatorFactory(), table=table(GOOD), commit=True)


def test_the_queries_do_not_grow_with_the_rows(staff, django_assert_max_num_queries):
    schools = SchoolFactory.create_batch(30)

    def rows(n):
        return table(
            *(
                f"{schools[i % 30].codigo_modular},0,{2015 + i // 60},{i // 30 % 2 + 1},Lectura,30,30,,10,10,10,"
                for i in range(n)
            )
        )

    with django_assert_max_num_queries(40) as few:
        run(staff, rows(5))
    with django_assert_max_num_queries(40) as many:
        run(staff, rows(300))

    assert len(many.captured_queries) <= len(few.captured_queries) + 2
    assert AssessmentResult.objects.count() == 300
