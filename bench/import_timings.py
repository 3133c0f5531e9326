"""Time of the staff imports at Peru's scale: 20,000 schools (padrón) and 80,000 results (ECE).

Usage, on a fresh migrated database that may be thrown away (the imports commit):

    createdb -h 127.0.0.1 -U postgres cee_bench_imports
    export DJANGO_SETTINGS_MODULE=cee.settings.local DATABASE_URL=postgres://postgres@127.0.0.1:5432/cee_bench_imports
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python bench/import_timings.py [--schools 20000]

It writes a padrón of invented primary schools spread over Peru's real districts (UTF-8 CSV, commas), and
results for them (2.° and 4.° grade, Lectura and Matemática: four rows per school), then times, through
the pages (Django's test client, signed in as staff, so reading, checking, rendering and keeping the file
are all included): each preview and each confirmation, first when every row is new, then again when
nothing changes, then the padrón with every school renamed (all updates). Also the services alone,
and the peak memory of the process. Prints a Markdown table.
"""

import argparse
import os
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from core.imports import read_table  # noqa: E402
from evaluations.models import AssessmentResult  # noqa: E402
from schools.models import District, School  # noqa: E402
from schools.services import school_import  # noqa: E402

PADRON_HEADER = (
    "cod_mod,anexo,codlocal,cen_edu,codgeo,d_dpto,d_prov,d_dist,cen_pob,nlat_ie,nlong_ie,"
    "d_niv_mod,d_cod_car,d_gestion,dareacenso,talumno,tdocente,tseccion"
)
RESULTS_HEADER = (
    "cod_mod,anexo,year,grade,subject,programados,evaluados,previo_inicio,en_inicio,en_proceso,satisfactorio,"
    "medida_promedio"
)
CARACTERISTICAS = ("Unidocente", "Polidocente multigrado", "Polidocente completo")


def padron(n: int, *, suffix: str = "") -> bytes:
    districts = list(District.objects.select_related("province__region").order_by("ubigeo"))
    lines = [PADRON_HEADER]
    for i in range(n):
        d = districts[i * 7 % len(districts)]
        area = "Rural" if i % 3 else "Urbana"
        lines.append(
            f"{2_000_000 + i:07d},0,{300_000 + i:06d},I.E. N.° {10_000 + i} SEÑORA DE FÁTIMA{suffix},{d.ubigeo},"
            f"{d.province.region.name.upper()},{d.province.name.upper()},{d.name.upper()},CENTRO POBLADO {i % 97},"
            f"-{5 + i % 13}.{i % 999_983:06d},-{70 + i % 10}.{i % 999_979:06d},Primaria,{CARACTERISTICAS[i % 3]},"
            f"Pública de gestión directa,{area},{20 + i % 400},{1 + i % 20},{6 + i % 12}"
        )
    return "\n".join(lines).encode()


def results(n_schools: int) -> bytes:
    lines = [RESULTS_HEADER]
    for i in range(n_schools):
        for grade in (2, 4):
            for subject in ("Lectura", "Matemática"):
                programmed = 20 + i % 30
                evaluated = programmed - i % 3
                sat, proc = evaluated // 3, evaluated // 3
                prev = (evaluated - sat - proc) // 2 if grade == 4 else 0
                ini = evaluated - sat - proc - prev
                lines.append(
                    f"{2_000_000 + i:07d},0,2024,{grade},{subject},{programmed},{evaluated},"
                    f"{prev if grade == 4 else ''},{ini},{proc},{sat},{480 + i % 70}.{i % 10}"
                )
    return "\n".join(lines).encode()


def timed(label: str, rows: list, fn):
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    rows.append((label, seconds))
    print(f"  {label}: {seconds:.1f} s", file=sys.stderr)
    return value


def through_the_page(client: Client, url: str, name: str, data: bytes, rows: list, label: str) -> None:
    upload = {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    preview = timed(f"{label}: preview (upload, read, check, render)", rows, lambda: client.post(url, upload))
    assert preview.status_code == 200, preview.status_code
    token = re.search(r'name="token" value="([0-9a-f]{32})"', preview.content.decode())
    if token:
        done = timed(
            f"{label}: confirm (read again, write, history)", rows, lambda: client.post(url, {"token": token[1]})
        )
        assert done.status_code == 302, done.content.decode()[-2000:]
    else:
        rows.append((f"{label}: confirm", None))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=20_000)
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.CEE_IMPORT_MAX_MB = 50
    if School.objects.filter(codigo_modular__gte="2000000", codigo_modular__lt="3000000").exists():
        sys.exit("This database already holds the benchmark's schools: use a fresh migrated one.")
    staff, _ = User.objects.get_or_create(username="bench.import", defaults={"role": Role.STAFF, "is_staff": True})
    client = Client()
    client.force_login(staff)
    schools_url, results_url = reverse("schools:school-import"), reverse("evaluations:result-import")

    padron_bytes, results_bytes = padron(args.schools), results(args.schools)
    renamed = padron(args.schools, suffix=" II")
    rows: list = []
    timed("read the padrón CSV alone (bytes to rows)", rows, lambda: read_table(padron_bytes, max_bytes=2**30))
    table = read_table(padron_bytes, max_bytes=2**30)
    timed("padrón service alone, preview (all new)", rows, lambda: school_import(user=staff, table=table, commit=False))
    through_the_page(client, schools_url, "padron.csv", padron_bytes, rows, "padrón, every school new")
    through_the_page(client, schools_url, "padron.csv", padron_bytes, rows, "padrón again, nothing changes")
    through_the_page(client, schools_url, "padron.csv", renamed, rows, "padrón, every school renamed")
    through_the_page(client, results_url, "ece.csv", results_bytes, rows, "results, every row new")
    through_the_page(client, results_url, "ece.csv", results_bytes, rows, "results again, nothing changes")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nDatabase: {connection.settings_dict['NAME']} ({connection.vendor}); {args.schools:,} schools "
        f"({len(padron_bytes) / 2**20:.1f} MB CSV), {AssessmentResult.objects.count():,} results "
        f"({len(results_bytes) / 2**20:.1f} MB CSV); load average {os.getloadavg()}; peak memory {peak_mb:.0f} MB.\n"
    )
    print("| Step | Seconds |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {'—' if seconds is None else f'{seconds:.1f}'} |")


if __name__ == "__main__":
    main()
