"""IPAE staff on a laptop import ESCALE's padrón: upload, preview, confirm, and find a new school.

Screenshots: test-artifacts/screenshots/staff-import-{1-preview,2-done,3-admin}.png.
"""

import re
from pathlib import Path

import pytest
from chromium import LAPTOP, chromium, expect, new_context, screenshot
from helpers import sign_in

from schools.models import School

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "padron_iiee_muestra.csv"

pytestmark = [
    pytest.mark.browser,
    # live_server makes these tests transactional; serialized_rollback puts back the rows that data
    # migrations load (regions, districts, curriculum), which the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_import_the_sample_padron_and_find_a_new_school_in_the_admin(live_server, world):
    with chromium() as browser:
        import_the_sample(browser, live_server.url, world.staff.username)

    # Read only once the browser is closed (see chromium.py).
    school = School.objects.get(codigo_modular="0218495", anexo=0)
    assert (school.district.name, school.minedu_area, school.area_type) == ("Castilla", "urbana", "urban")
    assert School.objects.filter(codigo_modular__in=["0287410"]).count() == 2  # the school and its annex


def import_the_sample(browser, live_server_url: str, username: str) -> None:
    context = new_context(browser, **LAPTOP)
    page = context.new_page()
    sign_in(page, live_server_url, username)

    page.goto(f"{live_server_url}/instituciones/importar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importar padrón de instituciones educativas")
    page.get_by_label("Archivo (CSV o XLSX)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Ver vista previa").click()

    expect(page.get_by_role("heading", name="Vista previa: padron_iiee_muestra.csv")).to_be_visible()
    expect(page.locator('[data-count="created"]')).to_have_text("10")
    expect(page.locator('[data-count="skipped"]')).to_have_text("3")
    expect(page.locator('[data-count="errors"]')).to_have_text("0")
    page.get_by_text("Filas nuevas (10)").click()
    expect(page.get_by_role("cell", name="14031 SEÑOR DE LOS MILAGROS (0218495-0)")).to_be_visible()
    page.get_by_text("Filas omitidas (3)").click()
    expect(page.get_by_role("cell", name=re.compile(r"No es de nivel primaria \(Secundaria\)"))).to_be_visible()
    screenshot(page, "staff-import-1-preview")

    page.get_by_role("button", name="Confirmar e importar 10 filas").click()

    expect(page).to_have_url(f"{live_server_url}/instituciones/importar/")
    expect(page.get_by_role("status")).to_have_text(
        "Padrón importado: 10 instituciones nuevas, 0 actualizadas, 0 sin cambios."
    )
    screenshot(page, "staff-import-2-done")

    page.goto(f"{live_server_url}/admin/schools/school/?q=0218495")
    expect(page.get_by_role("link", name="0218495")).to_be_visible()
    expect(page.get_by_role("cell", name="14031 SEÑOR DE LOS MILAGROS", exact=True)).to_be_visible()
    screenshot(page, "staff-import-3-admin")
    context.close()
