"""Load Peru's 196 provinces and 1,893 districts with their INEI UBIGEO (release: schools/data/README.md).

Idempotent: a province or district already there (the demo used to make a few) keeps its row and id,
and gets the official name and parent; nothing is deleted, and running it again changes nothing.
"""

import csv
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent.parent / "data"
PROVINCES = DATA / "ubigeo_inei_2025_provincias.csv"
DISTRICTS = DATA / "ubigeo_inei_2025_distritos.csv"


def read(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as rows:
        return {code: name for code, name in list(csv.reader(rows))[1:]}


def upsert(model, key: str, rows: dict[str, str], parent_field: str, parents: dict[str, int], width: int) -> None:
    """Create what is missing and correct the name and parent of what is there, in bulk."""
    existing = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": rows})}
    created, changed = [], []
    for code, name in rows.items():
        parent_id = parents[code[:width]]
        obj = existing.get(code)
        if obj is None:
            created.append(model(**{key: code, "name": name, f"{parent_field}_id": parent_id}))
        elif obj.name != name or getattr(obj, f"{parent_field}_id") != parent_id:
            obj.name = name
            obj.updated_at = timezone.now()
            setattr(obj, f"{parent_field}_id", parent_id)
            changed.append(obj)
    model.objects.bulk_create(created, batch_size=1000)
    model.objects.bulk_update(changed, ["name", f"{parent_field}_id", "updated_at"], batch_size=1000)


def load(apps, schema_editor):
    Region = apps.get_model("schools", "Region")
    Province = apps.get_model("schools", "Province")
    District = apps.get_model("schools", "District")
    regions = dict(Region.objects.values_list("code", "pk"))
    upsert(Province, "code", read(PROVINCES), "region", regions, width=2)
    provinces = dict(Province.objects.values_list("code", "pk"))
    upsert(District, "ubigeo", read(DISTRICTS), "province", provinces, width=4)


def unload(apps, schema_editor):
    """Remove the districts no school is in and the provinces left empty; the rest stays (PROTECT)."""
    Province = apps.get_model("schools", "Province")
    District = apps.get_model("schools", "District")
    District.objects.filter(ubigeo__in=read(DISTRICTS), schools__isnull=True).delete()
    Province.objects.filter(code__in=read(PROVINCES), districts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_load_regions")]
    operations = [migrations.RunPython(load, unload)]
