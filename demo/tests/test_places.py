"""The demo's places are Peru's migrated districts: the names in places.py are the INEI names."""

import pytest

from demo import places
from schools.models import District, Province


@pytest.mark.django_db
def test_every_demo_district_and_capital_province_is_a_migrated_one_with_the_same_name():
    for code, place in places.PLACES.items():
        assert Province.objects.get(code=f"{code}01").name == place.province
        for ubigeo, name, _profile in place.districts:
            district = District.objects.get(ubigeo=ubigeo)
            assert (district.name, district.province.code) == (name, f"{code}01")
