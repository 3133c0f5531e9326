"""The user and its role."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from accounts.tests.factories import (
    TEST_PASSWORD,
    AdminUserFactory,
    CoordinatorFactory,
    SponsorUserFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_user_str_is_the_full_name_or_else_the_username():
    assert str(UserFactory(first_name="Rosa", last_name="Chávez")) == "Rosa Chávez"
    assert str(UserFactory(username="coord.piura", first_name="", last_name="")) == "coord.piura"


def test_factories_give_each_role_its_flags():
    staff, admin, coordinator, sponsor = StaffFactory(), AdminUserFactory(), CoordinatorFactory(), SponsorUserFactory()
    assert (staff.is_ipae_staff, staff.is_coordinator, staff.is_sponsor_user) == (True, False, False)
    assert admin.is_ipae_staff
    assert (coordinator.is_ipae_staff, coordinator.is_coordinator) == (False, True)
    assert (sponsor.is_ipae_staff, sponsor.is_sponsor_user, sponsor.sponsor_link.sponsor_id is not None) == (
        False,
        True,
        True,
    )
    assert not coordinator.is_staff
    assert not sponsor.is_staff


def test_factory_users_can_log_in_with_the_test_password():
    assert CoordinatorFactory().check_password(TEST_PASSWORD)


# --- Superuser and admin access follow the role ------------------------------------------
@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR])
def test_database_refuses_a_superuser_who_is_not_an_administrator(role):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=role, is_superuser=True)


def test_database_refuses_a_superuser_sponsor_user():
    with pytest.raises(IntegrityError), transaction.atomic():
        SponsorUserFactory(is_superuser=True)


@pytest.mark.parametrize("factory", [CoordinatorFactory, SponsorUserFactory])
def test_database_refuses_admin_access_for_a_coordinator_or_sponsor_user(factory):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(is_staff=True)


def test_staff_and_administrators_may_have_admin_access():
    assert StaffFactory(is_staff=True).is_staff
    assert UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=False).is_staff


def test_full_clean_explains_a_superuser_coordinator_in_spanish():
    user = CoordinatorFactory.build(is_superuser=True)

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()

    assert "Solo un usuario con el rol administrador(a) puede ser superusuario." in excinfo.value.messages


def test_createsuperuser_makes_an_administrator():
    call_command("createsuperuser", interactive=False, username="raiz", email="raiz@example.com", verbosity=0)

    user = User.objects.get(username="raiz")
    assert (user.role, user.is_superuser, user.is_staff) == (Role.ADMIN, True, True)


def test_create_superuser_refuses_another_role():
    with pytest.raises(ValueError, match="role admin"):
        User.objects.create_superuser("raiz", "raiz@example.com", "x", role=Role.STAFF)
