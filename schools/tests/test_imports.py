"""school_import: ESCALE's padrón into schools, all or nothing, twice changes nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from accounts.tests.factories import CoordinatorFactory, SponsorUserFactory, StaffFactory
from core.imports import read_table
from networks.models import SchoolMembership
from networks.tests.factories import NetworkFactory
from schools.models import District, School
from schools.services import school_import
from schools.tests.factories import SchoolFactory

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HEADER = (
    "cod_mod,anexo,codlocal,cen_edu,codgeo,d_dpto,d_prov,d_dist,cen_pob,nlat_ie,nlong_ie,"
    "d_niv_mod,d_cod_car,d_gestion,dareacenso,talumno,tdocente,tseccion"
)
GOOD = "0218495,0,254371,14031 SEÑOR DE LOS MILAGROS,200104,PIURA,PIURA,CASTILLA,CASTILLA,-5.196412,-80.622745,Primaria,Polidocente completo,Pública de gestión directa,Urbana,412,14,14"  # noqa: E501

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


def table(*rows: str, header: str = HEADER):
    return read_table("\n".join([header, *rows]).encode(), max_bytes=10 * 1024 * 1024)


def sample(name: str):
    return read_table((SAMPLES / name).read_bytes(), max_bytes=10 * 1024 * 1024)


def row(**changes) -> str:
    cells = dict(zip(HEADER.split(","), GOOD.split(","), strict=True)) | changes
    return ",".join(cells[name] for name in HEADER.split(","))


def run(staff, data, *, commit=True):
    return school_import(user=staff, table=data, commit=commit, source="prueba.csv")


def test_the_sample_padron_creates_its_ten_primary_schools_and_skips_the_rest_saying_why(staff):
    report = run(staff, sample("padron_iiee_muestra.csv"))

    assert report.committed
    assert (len(report.created), len(report.updated), report.unchanged) == (10, 0, 0)
    assert [(note.row, note.text) for note in report.skipped] == [
        (4, "No es de nivel primaria (Inicial - Jardín): el programa trabaja con escuelas primarias."),
        (13, "No es de nivel primaria (Secundaria): el programa trabaja con escuelas primarias."),
        (14, "Es de gestión privada: el programa trabaja con escuelas públicas."),
    ]
    school = School.objects.get(codigo_modular="0218495", anexo=0)
    assert school.name == "14031 SEÑOR DE LOS MILAGROS"
    assert school.district.name == "Castilla"
    assert (school.codigo_local, school.centro_poblado) == ("254371", "CASTILLA")
    assert (school.minedu_area, school.area_type, school.caracteristica) == ("urbana", "urban", "completo")
    assert (school.latitude, school.longitude) == (Decimal("-5.196412"), Decimal("-80.622745"))
    annex = School.objects.get(codigo_modular="0287410", anexo=1)
    assert (annex.minedu_area, annex.area_type, annex.caracteristica) == ("rural", "rural", "unidocente")


def test_a_preview_saves_nothing_and_says_what_would_happen(staff):
    report = run(staff, sample("padron_iiee_muestra.csv"), commit=False)

    assert not report.committed
    assert len(report.created) == 10
    assert report.created[0].row == 2
    assert report.created[0].text == "14031 SEÑOR DE LOS MILAGROS (0218495-0)"
    assert not School.objects.filter(codigo_modular="0218495").exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(staff):
    run(staff, sample("padron_iiee_muestra.csv"))
    history = School.history.count()

    preview = run(staff, sample("padron_iiee_muestra.csv"), commit=False)
    again = run(staff, sample("padron_iiee_muestra.csv"))

    for report in (preview, again):
        assert (len(report.created), len(report.updated), report.unchanged, len(report.skipped)) == (0, 0, 10, 3)
    assert School.history.count() == history


@pytest.mark.parametrize("name", ["padron_iiee_muestra_excel.csv", "padron_iiee_muestra.xlsx"])
def test_the_excel_csv_and_the_workbook_hold_the_same_schools_accents_and_codes_included(staff, name):
    run(staff, sample("padron_iiee_muestra.csv"))

    report = run(staff, sample(name))

    assert (len(report.created), len(report.updated), report.unchanged) == (0, 0, 10)


def test_the_excel_csv_alone_creates_the_schools_with_their_accents_and_zeros(staff):
    report = run(staff, sample("padron_iiee_muestra_excel.csv"))

    assert len(report.created) == 10
    school = School.objects.get(codigo_modular="0362771")
    assert school.name == "82019 SANTA ANA DE LA ENCAÑADA"
    assert school.district.ubigeo == "060105"
    assert School.objects.get(codigo_modular="0287402").district.name == "San Sebastián"  # codgeo 80105


def test_one_bad_row_imports_nothing_and_names_that_row(staff):
    data = table(row(), row(cod_mod="0239871", codgeo="150199"), row(cod_mod="0287402", dareacenso="Periurbana"))

    report = run(staff, data)

    assert not report.committed
    assert [(note.row, note.text) for note in report.errors] == [
        (3, "codgeo: El UBIGEO 150199 no es un distrito de Perú (códigos del INEI)."),
        (4, "dareacenso: «Periurbana» no es un valor aceptado (Urbana, Rural)."),
    ]
    assert not School.objects.filter(codigo_modular__in=["0218495", "0239871", "0287402"]).exists()


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"codgeo": "15010"}, "codgeo", "El UBIGEO 015010 no es un distrito"),
        ({"codgeo": "1501011"}, "codgeo", "debe tener 6 dígitos"),
        ({"codgeo": "LIMA"}, "codgeo", "debe tener 6 dígitos"),
        ({"codgeo": ""}, "codgeo", "Falta el valor"),
        ({"cod_mod": "21849"}, "cod_mod", "debe tener 7 dígitos"),
        ({"cod_mod": "O218495"}, "cod_mod", "debe tener 7 dígitos"),
        ({"anexo": "uno"}, "anexo", "número entero"),
        ({"cen_edu": ""}, "cen_edu", "Falta el valor"),
        ({"cen_edu": "X" * 151}, "cen_edu", "el máximo es 150"),
        ({"d_cod_car": "Multiaula"}, "d_cod_car", "no es un valor aceptado"),
        ({"nlat_ie": "-80.6", "nlong_ie": "-5.19"}, "nlat_ie", "número entre -19 y 0.5"),
        ({"nlong_ie": ""}, "nlat_ie", "Indique latitud y longitud, o ninguna"),
        ({"codlocal": "25437A"}, "codlocal", "debe tener 6 dígitos"),
    ],
)
def test_a_malformed_cell_is_a_row_error_naming_its_column(staff, changes, column, message):
    report = run(staff, table(row(**changes)))

    assert len(report.errors) == 1
    assert report.errors[0].row == 2
    assert report.errors[0].text.startswith(f"{column}: ")
    assert message in report.errors[0].text
    assert not report.committed


def test_a_codigo_modular_without_its_leading_zero_is_normalised(staff):
    run(staff, table(row(cod_mod="218495", codgeo="200104")))

    assert School.objects.filter(codigo_modular="0218495", anexo=0).exists()


def test_the_same_school_twice_in_one_file_is_an_error_of_the_later_row(staff):
    report = run(staff, table(row(), row(cod_mod="218495")))

    assert [(n.row, n.text) for n in report.errors] == [(3, "Repite el código modular y anexo de la fila 2.")]


def test_an_update_changes_the_padrons_fields_but_never_the_programs_area_type_or_the_network(staff):
    network = NetworkFactory()
    school = SchoolFactory(
        codigo_modular="0218495",
        district=District.objects.get(ubigeo="200101"),
        area_type=School.AreaType.PERI_URBAN,
        minedu_area=School.MineduArea.RURAL,
        network=network,
    )
    memberships = list(SchoolMembership.objects.values_list("pk", "school_id", "network_id", "joined_on", "left_on"))

    report = run(staff, table(row()))

    assert [note.row for note in report.updated] == [2]
    school.refresh_from_db()
    assert school.name == "14031 SEÑOR DE LOS MILAGROS"
    assert school.district.ubigeo == "200104"
    assert school.minedu_area == "urbana"
    assert school.area_type == "peri_urban"  # staff's own classification stays
    assert list(SchoolMembership.objects.values_list("pk", "school_id", "network_id", "joined_on", "left_on")) == (
        memberships
    )
    last = school.history.first()
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "~",
        staff,
        "Importación del padrón de IIEE (prueba.csv)",
    )


def test_a_new_school_has_a_history_row_naming_who_imported_it_and_from_which_file(staff):
    run(staff, table(row()))

    record = School.objects.get(codigo_modular="0218495").history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        staff,
        "Importación del padrón de IIEE (prueba.csv)",
    )


def test_an_import_makes_no_network_membership(staff):
    before = SchoolMembership.objects.count()

    run(staff, sample("padron_iiee_muestra.csv"))

    assert SchoolMembership.objects.count() == before


@pytest.mark.parametrize("make", [CoordinatorFactory, SponsorUserFactory])
def test_only_staff_may_import_schools(make):
    with pytest.raises(PermissionDenied):
        school_import(user=make(), table=table(row()), commit=True)
    assert not School.objects.filter(codigo_modular="0218495").exists()


def test_the_queries_do_not_grow_with_the_rows(staff, django_assert_max_num_queries):
    def rows(n):
        return table(*(row(cod_mod=f"{300000 + i:07d}", cen_edu=f"I.E. N.° {i}") for i in range(n)))

    small, large = rows(5), rows(300)
    with django_assert_max_num_queries(30) as few:
        run(staff, small)
    with django_assert_max_num_queries(30) as many:
        run(staff, large)

    assert len(many.captured_queries) <= len(few.captured_queries) + 2
    assert School.objects.filter(codigo_modular__startswith="030").count() == 300
