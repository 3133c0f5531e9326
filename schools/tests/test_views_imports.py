"""The padrón import page (`schools:school-import`): staff upload, see the preview, confirm."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import District, School

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
URL = reverse("schools:school-import")
HEADER = "cod_mod,anexo,cen_edu,codgeo,d_niv_mod,d_cod_car,dareacenso"

pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes | None = None, content_type="text/csv") -> dict:
    return {"file": SimpleUploadedFile(name, data if data is not None else (SAMPLES / name).read_bytes(), content_type)}


def token_of(response) -> str:
    return re.search(r'name="token" value="([0-9a-f]{32})"', response.content.decode())[1]


def count(response, name: str) -> int:
    return int(re.search(rf'data-count="{name}">([\d,]+)<', response.content.decode())[1].replace(",", ""))


@pytest.fixture
def staff_client(world, client_for):
    return client_for(world.staff)


def test_the_page_shows_the_upload_form_and_the_columns_it_needs(staff_client):
    response = staff_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Importar padrón de instituciones educativas" in page
    assert 'enctype="multipart/form-data"' in page
    assert "cod_mod, anexo, cen_edu, codgeo, d_niv_mod, d_cod_car, dareacenso" in page


@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "former_coordinator", "sponsor_user"])
def test_coordinators_and_sponsors_are_refused(world, client_for, persona):
    client = client_for(getattr(world, persona))

    assert client.get(URL).status_code == 403
    assert client.post(URL, upload("padron_iiee_muestra.csv")).status_code == 403


def test_uploading_shows_a_preview_and_saves_nothing(staff_client):
    response = staff_client.post(URL, upload("padron_iiee_muestra.csv"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Vista previa: padron_iiee_muestra.csv" in page
    assert "CSV en UTF-8, separado por comas" in page
    assert (count(response, "created"), count(response, "updated"), count(response, "skipped")) == (10, 0, 3)
    assert "Confirmar e importar 10 filas" in page
    assert "No es de nivel primaria (Inicial - Jardín)" in page
    assert not School.objects.filter(codigo_modular="0218495").exists()


def test_confirming_imports_the_file_and_says_what_changed(staff_client):
    token = token_of(staff_client.post(URL, upload("padron_iiee_muestra.csv")))

    response = staff_client.post(URL, {"token": token}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Padrón importado: 10 instituciones nuevas, 0 actualizadas, 0 sin cambios." in response.content.decode()
    assert School.objects.get(codigo_modular="0218495").name == "14031 SEÑOR DE LOS MILAGROS"
    # The kept file is gone: confirming again imports nothing and asks for the file.
    again = staff_client.post(URL, {"token": token})
    assert again.status_code == 400
    assert "ya no está disponible" in again.content.decode()


def test_the_second_preview_of_the_same_file_says_it_changes_nothing_and_offers_no_confirmation(staff_client):
    staff_client.post(URL, {"token": token_of(staff_client.post(URL, upload("padron_iiee_muestra.csv")))})

    response = staff_client.post(URL, upload("padron_iiee_muestra.csv"))

    page = response.content.decode()
    assert (count(response, "created"), count(response, "updated"), count(response, "unchanged")) == (0, 0, 10)
    assert "El archivo no cambia nada" in page
    assert 'name="token"' not in page


@pytest.mark.parametrize(
    ("name", "described"),
    [
        ("padron_iiee_muestra_excel.csv", "CSV en Windows-1252 (Excel), separado por punto y coma"),
        ("padron_iiee_muestra.xlsx", "libro de Excel (XLSX), primera hoja"),
    ],
)
def test_the_excel_csv_and_the_workbook_import_with_their_accents(staff_client, name, described):
    response = staff_client.post(URL, upload(name))

    assert described in response.content.decode()
    assert "82019 SANTA ANA DE LA ENCAÑADA" in response.content.decode()
    staff_client.post(URL, {"token": token_of(response)})
    assert School.objects.get(codigo_modular="0239871").name == "14118 VIRGEN DE FÁTIMA"


def test_a_file_with_one_bad_row_shows_it_by_its_number_and_offers_no_confirmation(staff_client):
    data = "\n".join(
        [
            HEADER,
            "0218495,0,14031 SEÑOR DE LOS MILAGROS,200104,Primaria,Unidocente,Urbana",
            "0239871,0,14118 VIRGEN DE FÁTIMA,999999,Primaria,Unidocente,Rural",
        ]
    ).encode()

    response = staff_client.post(URL, upload("padron.csv", data))

    page = response.content.decode()
    assert count(response, "errors") == 1
    assert "1 fila tiene errores." in page
    assert "No se importará nada hasta corregirlas" in page
    assert (
        '<td class="num">3</td><td>codgeo: El UBIGEO 999999 no es un distrito de Perú (códigos del INEI).</td>' in page
    )
    assert 'name="token"' not in page


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_in_spanish(staff_client):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"

    response = staff_client.post(URL, upload("padron.csv", png, "text/csv"))

    assert response.status_code == 400
    assert "El archivo no es una hoja de cálculo: suba un archivo CSV o XLSX (Excel)." in response.content.decode()


def test_a_file_over_the_limit_is_refused_in_spanish(staff_client, settings):
    settings.CEE_IMPORT_MAX_MB = 1

    response = staff_client.post(URL, upload("padron.csv", HEADER.encode() + b"\n" + b"x" * (1024 * 1024 + 1)))

    assert response.status_code == 400
    assert "el máximo es 1 MB" in response.content.decode()


def test_a_file_without_the_padrons_columns_is_refused_naming_them(staff_client):
    response = staff_client.post(URL, upload("padron.csv", b"cod_mod,anexo\n0218495,0\n"))

    assert response.status_code == 400
    assert "Faltan las columnas cen_edu, codgeo, d_niv_mod, d_cod_car, dareacenso." in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"file": "not a file"},
        {"token": "../../settings.py"},
        {"token": "x" * 1_000_000},
        {"token": "0" * 32},
        {"token": ""},
    ],
    ids=["nothing", "text-for-file", "path", "megabyte", "unknown-token", "empty-token"],
)
def test_malformed_posts_answer_400_in_spanish_and_import_nothing(staff_client, data):
    before = School.objects.count()

    response = staff_client.post(URL, data)

    assert response.status_code == 400
    assert any(
        text in response.content.decode()
        for text in ("Elija el archivo que quiere importar.", "ya no está disponible", "No se recibió un archivo")
    )
    assert School.objects.count() == before


def test_another_persons_token_does_not_import_their_file(world, client_for):
    token = token_of(client_for(world.staff).post(URL, upload("padron_iiee_muestra.csv")))

    response = client_for(world.admin).post(URL, {"token": token})

    assert response.status_code == 400
    assert not School.objects.filter(codigo_modular="0218495").exists()


def test_when_the_data_changed_since_the_preview_the_confirmation_imports_nothing(staff_client):
    data = "\n".join([HEADER, "0218495,0,14031 SEÑOR DE LOS MILAGROS,200104,Primaria,Unidocente,Urbana"]).encode()
    token = token_of(staff_client.post(URL, upload("padron.csv", data)))
    District.objects.get(ubigeo="200104").delete()  # gone between the preview and the confirmation

    response = staff_client.post(URL, {"token": token})

    assert response.status_code == 409
    assert "codgeo: El UBIGEO 200104 no es un distrito" in response.content.decode()
    assert 'name="token"' not in response.content.decode()
    assert not School.objects.filter(codigo_modular="0218495").exists()
