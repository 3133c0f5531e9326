"""Peru's whole INEI UBIGEO, loaded by migrations: 25 departments, 196 provinces, 1,893 districts."""

import importlib

import pytest
from django.apps import apps
from django.db.models import F, Q
from django.db.models.functions import Left

from schools.models import District, Province, Region

load_districts = importlib.import_module("schools.migrations.0003_load_provinces_districts")


@pytest.mark.django_db
def test_every_department_province_and_district_of_peru_is_loaded():
    assert Region.objects.count() == 25
    assert Province.objects.count() == 196
    assert District.objects.count() == 1893


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ubigeo", "district", "province", "region"),
    [
        ("150101", "Lima", "Lima", "Lima"),
        ("080101", "Cusco", "Cusco", "Cusco"),
        ("200101", "Piura", "Piura", "Piura"),
        ("020101", "Huaraz", "Huaraz", "Áncash"),
        ("100101", "Huánuco", "Huánuco", "Huánuco"),
        ("120114", "El Tambo", "Huancayo", "Junín"),
        ("150132", "San Juan de Lurigancho", "Lima", "Lima"),
        ("150143", "Villa María del Triunfo", "Lima", "Lima"),
        ("060105", "Encañada", "Cajamarca", "Cajamarca"),
        ("030101", "Abancay", "Abancay", "Apurímac"),
        ("070101", "Callao", "Callao", "Callao"),  # INEI's 07 is Callao; RENIEC's 07 would be Cusco
        ("220101", "Moyobamba", "Moyobamba", "San Martín"),
    ],
)
def test_known_codes_have_their_inei_names_with_accents(ubigeo, district, province, region):
    found = District.objects.select_related("province__region").get(ubigeo=ubigeo)

    assert (found.name, found.province.name, found.province.region.name) == (district, province, region)


@pytest.mark.django_db
def test_every_district_code_starts_with_its_provinces_and_every_province_with_its_regions():
    assert not District.objects.exclude(ubigeo__startswith=F("province__code")).exists()
    assert not Province.objects.exclude(code__startswith=F("region__code")).exists()
    assert not Province.objects.filter(districts__isnull=True).exists()
    assert not District.objects.annotate(p=Left("ubigeo", 4)).exclude(Q(p=F("province__code"))).exists()


@pytest.mark.django_db
def test_names_are_clean_text():
    for name in [*District.objects.values_list("name", flat=True), *Province.objects.values_list("name", flat=True)]:
        assert name == name.strip()
        assert "  " not in name
        assert name[0].isupper()
    assert not District.objects.filter(name__contains=" Del ").exists()


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_corrects_a_row_made_before_it():
    lima = District.objects.get(ubigeo="150101")
    District.objects.filter(pk=lima.pk).update(name="LIMA (typed by hand)")
    before = dict(District.objects.values_list("ubigeo", "pk"))

    load_districts.load(apps, None)

    assert dict(District.objects.values_list("ubigeo", "pk")) == before
    assert District.objects.get(pk=lima.pk).name == "Lima"
    assert (Province.objects.count(), District.objects.count()) == (196, 1893)
