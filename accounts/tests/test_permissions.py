"""Who manages whose account: one rule (accounts.permissions), asked by the data admin."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User
from accounts.permissions import (
    can_grant_admin_access,
    can_grant_permissions,
    can_manage_user,
    roles_assignable_by,
    users_manageable_by,
)
from accounts.tests.factories import (
    AdminUserFactory,
    CoordinatorFactory,
    SponsorUserFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    """One account of each kind; `admin` is a superuser, `role_admin` an administrator who is not."""
    return {
        "admin": AdminUserFactory(),
        "role_admin": UserFactory(role=Role.ADMIN, is_staff=True),
        "staff": StaffFactory(),
        "other_staff": StaffFactory(),
        "coordinator": CoordinatorFactory(),
        "sponsor": SponsorUserFactory(),
        "inactive_staff": StaffFactory(is_active=False),
    }


# actor -> the accounts they manage (themselves included or not, as listed)
MANAGES = {
    "admin": {"admin", "role_admin", "staff", "other_staff", "coordinator", "sponsor", "inactive_staff"},
    "role_admin": {"role_admin", "staff", "other_staff", "coordinator", "sponsor", "inactive_staff"},
    "staff": {"coordinator", "sponsor"},
    "other_staff": {"coordinator", "sponsor"},
    "coordinator": set(),
    "sponsor": set(),
    "inactive_staff": set(),
}


@pytest.mark.parametrize(("actor", "expected"), MANAGES.items())
def test_can_manage_user_for_each_kind_of_account(people, actor, expected):
    managed = {name for name, target in people.items() if can_manage_user(people[actor], target)}

    assert managed == expected


@pytest.mark.parametrize("actor", MANAGES)
def test_users_manageable_by_is_the_same_rule_as_a_queryset(people, actor):
    expected = {person.pk for person in people.values() if can_manage_user(people[actor], person)}

    assert set(users_manageable_by(people[actor]).values_list("pk", flat=True)) == expected


def test_staff_never_manage_their_own_account(people):
    assert not can_manage_user(people["staff"], people["staff"])


@pytest.mark.parametrize(
    ("actor", "roles"),
    [
        ("admin", set(Role.values)),
        ("role_admin", set(Role.values)),
        ("staff", {Role.COORDINATOR, Role.SPONSOR}),
        ("coordinator", set()),
        ("sponsor", set()),
        ("inactive_staff", set()),
    ],
)
def test_roles_assignable_by_each_kind_of_account(people, actor, roles):
    assert set(roles_assignable_by(people[actor])) == roles


def test_anonymous_people_manage_nobody_and_give_nothing(people):
    anonymous = AnonymousUser()

    assert roles_assignable_by(anonymous) == ()
    assert not can_manage_user(anonymous, people["coordinator"])
    assert not users_manageable_by(anonymous).exists()
    assert not can_grant_admin_access(anonymous)
    assert not can_grant_permissions(anonymous)


@pytest.mark.parametrize(
    ("actor", "admin_access", "permissions"),
    [("admin", True, True), ("role_admin", True, False), ("staff", False, False), ("coordinator", False, False)],
)
def test_only_administrators_give_admin_access_and_only_superusers_give_permissions(
    people, actor, admin_access, permissions
):
    assert can_grant_admin_access(people[actor]) is admin_access
    assert can_grant_permissions(people[actor]) is permissions


def test_users_manageable_by_narrows_the_queryset_it_is_given(people):
    only_sponsors = User.objects.filter(role=Role.SPONSOR)

    assert list(users_manageable_by(people["staff"], only_sponsors)) == [people["sponsor"]]
