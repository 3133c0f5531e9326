"""Authorization rows of the results import (`/resultados/importar/`): IPAE staff and the administrator
only (`can_enter_results`). A preview saves nothing; a confirmation imports only for the person whose
preview kept the file."""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.authorization import Effect, Redirect, Row
from core.import_uploads import upload_keep
from evaluations.models import AssessmentResult
from schools.tests.authorization_rows_imports import staff_only

HEADER = (
    "cod_mod,anexo,year,grade,subject,programados,evaluados,previo_inicio,en_inicio,en_proceso,satisfactorio,"
    "medida_promedio"
)


def results_of_school_a(world) -> bytes:
    school = world.schools_a[0]
    rows = [
        f"{school.codigo_modular},{school.anexo},2024,2,Lectura,30,28,,6,10,12,531.4",
        f"{school.codigo_modular},{school.anexo},2024,2,Matemática,30,29,,9,11,9,508.0",
    ]
    return "\n".join([HEADER, *rows]).encode()


def results_upload(world) -> dict:
    return {"file": SimpleUploadedFile("resultados.csv", results_of_school_a(world), content_type="text/csv")}


def staff_confirmation(world) -> dict:
    return {"token": upload_keep(user=world.staff, kind="results", data=results_of_school_a(world))}


def result_count(world):
    return AssessmentResult.objects.count()


ROWS = {
    "evaluations:result-import": (
        Row(staff_only(200)),
        Row(staff_only(200), method="post", data=results_upload, effect=Effect(result_count, by=frozenset())),
        Row(
            staff_only(Redirect("evaluations:result-import"), admin=400),
            method="post",
            data=staff_confirmation,
            effect=Effect(result_count, by=frozenset({"staff"})),
        ),
    ),
}
