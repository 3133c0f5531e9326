"""The user and its role."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role
from accounts.tests.factories import (
    TEST_PASSWORD,
    AdminUserFactory,
    CoordinatorFactory,
    SponsorUserFactory,
    StaffFactory,
    UserFactory,
)
from schools.tests.factories import SponsorFactory

pytestmark = pytest.mark.django_db


def test_user_str_is_the_full_name_or_else_the_username():
    assert str(UserFactory(first_name="Rosa", last_name="Chávez")) == "Rosa Chávez"
    assert str(UserFactory(username="coord.piura", first_name="", last_name="")) == "coord.piura"


def test_factories_give_each_role_its_flags():
    staff, admin, coordinator, sponsor = StaffFactory(), AdminUserFactory(), CoordinatorFactory(), SponsorUserFactory()
    assert (staff.is_ipae_staff, staff.is_coordinator, staff.is_sponsor_user) == (True, False, False)
    assert admin.is_ipae_staff
    assert (coordinator.is_ipae_staff, coordinator.is_coordinator) == (False, True)
    assert (sponsor.is_ipae_staff, sponsor.is_sponsor_user, sponsor.sponsor is not None) == (False, True, True)
    assert not coordinator.is_staff
    assert not sponsor.is_staff


def test_factory_users_can_log_in_with_the_test_password():
    assert CoordinatorFactory().check_password(TEST_PASSWORD)


def test_database_refuses_a_sponsor_user_without_a_sponsor():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.SPONSOR, sponsor=None)


def test_database_refuses_a_sponsor_on_a_user_of_another_role():
    with pytest.raises(IntegrityError), transaction.atomic():
        CoordinatorFactory(sponsor=SponsorFactory())
