"""A school-month repeats its school's region, so the nation's dashboard groups visits by region without
joining schools, districts and provinces: set by the refresh of one school-month and by the full one."""

import datetime

import pytest

from networks.models import SchoolVisitMonth
from networks.services.summaries import school_month_refresh, summaries_refresh_all
from networks.tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


def test_a_school_month_carries_its_schools_region_and_follows_a_move(world):
    school = world.schools_a[0]
    visit = VisitFactory(school=school, date=datetime.date(2025, 5, 6))
    row = school_month_refresh(school_id=school.pk, month=visit.date)
    assert row.region_id == school.district.province.region_id == world.piura.pk

    SchoolVisitMonth.objects.filter(pk=row.pk).update(region=None)  # a row written before the region
    summaries_refresh_all()
    assert SchoolVisitMonth.objects.get(pk=row.pk).region_id == world.piura.pk

    school.district = world.schools_b[0].district  # the school is moved to a district of Cusco
    school.save()
    summaries_refresh_all()
    assert SchoolVisitMonth.objects.get(pk=row.pk).region_id == world.cusco.pk
