"""`manage.py import_padron` and `import_results`: the pages' imports for files too large for a request."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.tests.factories import CoordinatorFactory, StaffFactory
from evaluations.models import AssessmentResult
from schools.models import School

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_without_commit_the_padron_command_previews_and_saves_nothing():
    staff = StaffFactory()

    out = command("import_padron", SAMPLES / "padron_iiee_muestra.csv", "--user", staff.username)

    assert "13 filas: 10 nuevas, 0 actualizadas, 0 sin cambios, 3 omitidas, 0 con errores." in out
    assert "Omitidas · fila 13: No es de nivel primaria (Secundaria)" in out
    assert "Vista previa: nada se guardó." in out
    assert not School.objects.filter(codigo_modular="0218495").exists()


def test_with_commit_the_padron_then_the_results_are_imported():
    staff = StaffFactory()

    command("import_padron", SAMPLES / "padron_iiee_muestra.xlsx", "--user", staff.username, "--commit")
    out = command("import_results", SAMPLES / "resultados_ece_muestra.csv", "--user", staff.username, "--commit")

    assert "Importado." in out
    assert School.objects.filter(codigo_modular__in=["0218495", "0287410"]).count() == 3
    assert AssessmentResult.objects.count() == 34


def test_a_file_with_errors_imports_nothing_and_fails(tmp_path):
    staff = StaffFactory()
    bad = tmp_path / "ece.csv"
    bad.write_text(
        "cod_mod,anexo,year,grade,subject,programados,evaluados,en_inicio,en_proceso,satisfactorio\n"
        "0999999,0,2024,2,Lectura,10,10,3,3,4\n"
    )

    with pytest.raises(CommandError, match="No se importó nada"):
        command("import_results", bad, "--user", staff.username, "--commit")
    assert not AssessmentResult.objects.exists()


def test_the_commands_refuse_a_coordinator_an_unknown_account_and_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no puede importar"):
        command("import_padron", SAMPLES / "padron_iiee_muestra.csv", "--user", CoordinatorFactory().username)
    with pytest.raises(CommandError, match="No hay una cuenta activa"):
        command("import_padron", SAMPLES / "padron_iiee_muestra.csv", "--user", "nadie")
    with pytest.raises(CommandError, match="No se pudo leer"):
        command("import_padron", tmp_path / "missing.csv", "--user", StaffFactory().username)
