"""The results import page (`evaluations:result-import`): staff upload, see the preview, confirm."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import AssessmentResult
from evaluations.tests.authorization_rows_imports import results_of_school_a

URL = reverse("evaluations:result-import")

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="resultados.csv") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


def test_staff_preview_then_confirm_imports_the_results(world, client_for):
    client = client_for(world.staff)
    assert "Importar resultados de evaluación (ECE)" in client.get(URL).content.decode()

    preview = client.post(URL, upload(results_of_school_a(world)))
    page = preview.content.decode()
    assert "Confirmar e importar 2 filas" in page
    assert not AssessmentResult.objects.exists()

    token = re.search(r'name="token" value="([0-9a-f]{32})"', page)[1]
    response = client.post(URL, {"token": token}, follow=True)

    assert "Resultados importados: 2 nuevos, 0 actualizados, 0 sin cambios." in response.content.decode()
    assert AssessmentResult.objects.filter(school=world.schools_a[0], year=2024).count() == 2


def test_a_latin1_semicolon_file_with_matematica_keeps_its_accent(world, client_for):
    school = world.schools_a[0]
    data = (
        "cod_mod;anexo;year;grade;subject;programados;evaluados;en_inicio;en_proceso;satisfactorio\r\n"
        f"{int(school.codigo_modular)};0;2024;2;Matemática;30;29;9;11;9\r\n"
    ).encode("cp1252")
    client = client_for(world.staff)
    page = client.post(URL, upload(data)).content.decode()

    client.post(URL, {"token": re.search(r'name="token" value="([0-9a-f]{32})"', page)[1]})

    assert AssessmentResult.objects.get(school=school).subject == "math"


def test_an_unknown_school_is_shown_by_its_row_and_nothing_is_offered(world, client_for):
    data = results_of_school_a(world) + b"\n0999999,0,2024,2,Lectura,10,10,,5,3,2,\n"

    page = client_for(world.staff).post(URL, upload(data)).content.decode()

    assert '<td class="num">4</td><td>cod_mod: No hay una institución con código modular 0999999' in page
    assert 'name="token"' not in page


@pytest.mark.parametrize("persona", ["coordinator", "former_coordinator", "sponsor_user", "other_sponsor_user"])
def test_coordinators_and_sponsors_are_refused(world, client_for, persona):
    client = client_for(getattr(world, persona))

    assert client.get(URL).status_code == 403
    assert client.post(URL, upload(results_of_school_a(world))).status_code == 403


@pytest.mark.parametrize("data", [{}, {"token": "z" * 1_000_000}, {"file": "x"}])
def test_malformed_posts_answer_400(world, client_for, data):
    assert client_for(world.staff).post(URL, data).status_code == 400
