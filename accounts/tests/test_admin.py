"""The data admin's user pages: IPAE staff manage coordinator and sponsor accounts, and nothing more.

Staff never see or set superuser, admin-access, group or permission fields; never reach a superuser,
an administrator or another staff member (themselves included: their own password goes through the
app's password page); and give only the roles coordinator and sponsor. Users out of their reach do
not exist for them in the admin: the change and history pages answer with the admin's "doesn't exist"
redirect, the password page with 404, and nothing changes in the database.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

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

NEW_PASSWORD = "otra-clave-segura-2027"


# --- Fixtures and helpers ----------------------------------------------------------------
@pytest.fixture
def staff():
    return StaffFactory(username="ana.ipae")


@pytest.fixture
def other_staff():
    return StaffFactory(username="beto.ipae")


@pytest.fixture
def admin_user():
    return AdminUserFactory(username="marta.admin")


@pytest.fixture
def coordinator():
    return CoordinatorFactory(username="rosa.coord")


@pytest.fixture
def sponsor_user():
    return SponsorUserFactory(username="lucia.sponsor")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def group():
    return Group.objects.create(name="Todo el poder")


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def password_url(user) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def change_data(user, **extra) -> dict:
    """A valid POST of the user change page as it stands, plus `extra`."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.date().isoformat(),
        "date_joined_1": "08:00:00",
        "last_login_0": "",
        "last_login_1": "",
        "role": user.role,
        "phone": "987654321",
    } | extra


def add_data(**extra) -> dict:
    return {
        "username": "nuevo.usuario",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "role": Role.COORDINATOR,
        "sponsor": "",
        "first_name": "Nora",
        "last_name": "Vega",
        "email": "nora@example.com",
    } | extra


def snapshot(user) -> dict:
    """What an escalation would change, read fresh from the database."""
    user = User.objects.get(pk=user.pk)
    return {
        "role": user.role,
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "first_name": user.first_name,
        "phone": user.phone,
        "password": user.password,
        "groups": set(user.groups.values_list("pk", flat=True)),
        "user_permissions": set(user.user_permissions.values_list("pk", flat=True)),
    }


def assert_does_not_exist(response):
    """The admin's answer for a missing object: a redirect to its index with a warning."""
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def field_names(response) -> set[str]:
    return set(response.context["adminform"].form.fields)


PRIVILEGED_FIELDS = {"is_superuser", "is_staff", "groups", "user_permissions"}


# --- The change page: no privileged field for staff ---------------------------------------
def test_staff_see_no_superuser_staff_group_or_permission_field_on_a_coordinators_page(staff_client, coordinator):
    response = staff_client.get(change_url(coordinator))

    assert response.status_code == 200
    assert field_names(response) & PRIVILEGED_FIELDS == set()
    html = response.content.decode()
    for name in PRIVILEGED_FIELDS:
        assert f'name="{name}"' not in html


@pytest.mark.parametrize("target", ["coordinator", "sponsor_user"])
@pytest.mark.parametrize(
    "smuggled",
    ["is_superuser", "is_staff", "groups", "user_permissions"],
)
def test_staff_posting_a_privileged_field_for_a_coordinator_or_sponsor_changes_only_the_rest(
    request, staff_client, group, target, smuggled
):
    user = request.getfixturevalue(target)
    before = snapshot(user)
    value = {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [group.pk],
        "user_permissions": [Permission.objects.get(codename="change_user").pk],
    }[smuggled]

    response = staff_client.post(change_url(user), change_data(user, **{smuggled: value}))

    assert response.status_code == 302  # saved: the smuggled field was ignored, the rest went through
    after = snapshot(user)
    assert after[smuggled] == before[smuggled]
    assert after["phone"] == "987654321"


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_cannot_give_a_coordinator_the_role_staff_or_admin(staff_client, coordinator, role):
    before = snapshot(coordinator)

    response = staff_client.post(change_url(coordinator), change_data(coordinator, role=role))

    assert response.status_code == 200  # the form answers with an error
    assert "role" in response.context["adminform"].form.errors
    assert snapshot(coordinator) == before


def test_staff_may_turn_a_coordinator_into_a_sponsor_user(staff_client, coordinator):
    data = change_data(coordinator, role=Role.SPONSOR)

    response = staff_client.post(change_url(coordinator), data)

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.role == Role.SPONSOR  # the company is linked on the company's page


def test_staff_role_choices_are_coordinator_and_sponsor_only(staff_client, coordinator):
    response = staff_client.get(change_url(coordinator))

    choices = [value for value, _label in response.context["adminform"].form.fields["role"].choices]
    assert choices == [Role.COORDINATOR, Role.SPONSOR]


# --- Users out of reach do not exist for staff --------------------------------------------
OUT_OF_REACH = ["admin_user", "other_staff", "staff"]


@pytest.mark.parametrize("target", OUT_OF_REACH)
def test_staff_cannot_open_the_change_page_of_an_admin_another_staff_member_or_themselves(
    request, staff_client, target
):
    user = request.getfixturevalue(target)

    assert_does_not_exist(staff_client.get(change_url(user)))


@pytest.mark.parametrize("target", OUT_OF_REACH)
@pytest.mark.parametrize(
    "smuggled",
    [
        {"is_superuser": "on"},
        {"is_staff": "on"},
        {"groups": "GROUP"},
        {"user_permissions": "PERMISSION"},
        {"role": Role.ADMIN},
        {"role": Role.STAFF},
        {"first_name": "Cambiado"},
    ],
    ids=["is_superuser", "is_staff", "groups", "user_permissions", "role-admin", "role-staff", "name"],
)
def test_staff_posting_the_change_page_of_an_admin_another_staff_member_or_themselves_changes_nothing(
    request, staff_client, group, target, smuggled
):
    user = request.getfixturevalue(target)
    placeholders = {"GROUP": [group.pk], "PERMISSION": [Permission.objects.get(codename="change_user").pk]}
    smuggled = {name: placeholders.get(value, value) for name, value in smuggled.items()}
    before = snapshot(user)

    response = staff_client.post(change_url(user), change_data(user, **smuggled))

    assert_does_not_exist(response)
    assert snapshot(user) == before


@pytest.mark.parametrize("target", OUT_OF_REACH)
def test_staff_cannot_set_the_password_of_an_admin_another_staff_member_or_themselves(request, staff_client, target):
    user = request.getfixturevalue(target)
    before = snapshot(user)

    opened = staff_client.get(password_url(user))
    posted = staff_client.post(
        password_url(user), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )

    assert opened.status_code == 404
    assert posted.status_code == 404
    assert snapshot(user) == before
    assert User.objects.get(pk=user.pk).check_password(TEST_PASSWORD)


def test_staff_change_their_own_password_through_the_apps_password_page(staff_client, staff):
    response = staff_client.post(
        reverse("accounts:password-change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)


def test_staff_may_set_a_coordinators_password(staff_client, coordinator):
    response = staff_client.post(
        password_url(coordinator), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("target", OUT_OF_REACH)
def test_staff_cannot_read_the_history_of_an_admin_another_staff_member_or_themselves(request, staff_client, target):
    user = request.getfixturevalue(target)

    assert_does_not_exist(staff_client.get(reverse("admin:accounts_user_history", args=[user.pk])))


def test_staff_read_a_coordinators_history(staff_client, coordinator):
    assert staff_client.get(reverse("admin:accounts_user_history", args=[coordinator.pk])).status_code == 200


@pytest.mark.parametrize("target", ["coordinator", "sponsor_user", "admin_user", "other_staff", "staff"])
def test_staff_have_no_delete_page_for_any_user(request, staff_client, target):
    user = request.getfixturevalue(target)
    url = reverse("admin:accounts_user_delete", args=[user.pk])

    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_staff_have_no_bulk_delete_action_on_users(staff_client, coordinator):
    response = staff_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [coordinator.pk], "post": "yes"},
    )

    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=coordinator.pk).exists()


def test_the_user_list_shows_staff_only_coordinators_and_sponsors(
    staff_client, staff, other_staff, admin_user, coordinator, sponsor_user
):
    response = staff_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    listed = {user.username for user in response.context["cl"].result_list}
    assert listed == {coordinator.username, sponsor_user.username}


def test_a_filter_in_the_url_does_not_bring_back_the_users_out_of_reach(staff_client, admin_user, coordinator):
    response = staff_client.get(reverse("admin:accounts_user_changelist"), {"role__exact": Role.ADMIN})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


# --- The add page -------------------------------------------------------------------------
def test_staff_add_page_offers_only_the_coordinator_and_sponsor_roles(staff_client):
    response = staff_client.get(reverse("admin:accounts_user_add"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [value for value, _label in form.fields["role"].choices if value] == [Role.COORDINATOR, Role.SPONSOR]
    assert set(form.fields) & PRIVILEGED_FIELDS == set()


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_cannot_add_a_staff_member_or_an_admin(staff_client, role):
    response = staff_client.post(reverse("admin:accounts_user_add"), add_data(role=role))

    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="nuevo.usuario").exists()


def test_staff_add_a_coordinator_and_smuggled_flags_are_ignored(staff_client, group):
    data = add_data(is_superuser="on", is_staff="on", groups=[group.pk])

    response = staff_client.post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 302
    user = User.objects.get(username="nuevo.usuario")
    assert (user.role, user.is_superuser, user.is_staff) == (Role.COORDINATOR, False, False)
    assert not user.groups.exists()
    assert user.check_password(NEW_PASSWORD)


# --- Other admin pages that could hand out power ------------------------------------------
@pytest.mark.parametrize("name", ["admin:auth_group_changelist", "admin:auth_group_add", "admin:auth_group_change"])
def test_staff_cannot_reach_the_group_admin(staff_client, group, name):
    url = reverse(name, args=[group.pk] if name.endswith("_change") else [])

    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url, {"name": "Otro", "permissions": [1]}).status_code == 403
    assert list(Group.objects.values_list("name", flat=True)) == ["Todo el poder"]


@pytest.mark.parametrize("model", ["accessattempt", "accesslog", "accessfailurelog"])
def test_staff_cannot_reach_the_login_lockout_admin(staff_client, model):
    assert staff_client.get(reverse(f"admin:axes_{model}_changelist")).status_code == 403


def test_the_admin_index_lists_no_group_or_lockout_section_for_staff(staff_client):
    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    apps = {app["app_label"] for app in response.context["app_list"]}
    assert "auth" not in apps
    assert "axes" not in apps
    assert "accounts" in apps


# --- The administrator manages everyone ---------------------------------------------------
def test_the_admin_sees_every_field_and_every_user(admin_client, admin_user, staff, coordinator):
    page = admin_client.get(change_url(staff))
    listed = admin_client.get(reverse("admin:accounts_user_changelist"))

    assert page.status_code == 200
    assert field_names(page) >= PRIVILEGED_FIELDS
    assert {u.username for u in listed.context["cl"].result_list} >= {admin_user.username, staff.username}


def test_the_admin_may_make_a_coordinator_ipae_staff(admin_client, coordinator):
    data = change_data(coordinator, role=Role.STAFF, is_staff="on")

    response = admin_client.post(change_url(coordinator), data)

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert (coordinator.role, coordinator.is_staff) == (Role.STAFF, True)


def test_the_admin_may_set_a_staff_members_password(admin_client, staff):
    response = admin_client.post(
        password_url(staff), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)


@pytest.fixture
def role_admin_client(client):
    """An administrator (role admin) who is not a superuser."""
    client.force_login(UserFactory(username="pablo.admin", role=Role.ADMIN, is_staff=True))
    return client


def test_an_administrator_who_is_not_a_superuser_manages_staff_but_hands_out_no_permissions(role_admin_client, staff):
    response = role_admin_client.get(change_url(staff))

    assert response.status_code == 200
    assert field_names(response) & PRIVILEGED_FIELDS == {"is_staff"}
    choices = [value for value, _label in response.context["adminform"].form.fields["role"].choices]
    assert set(choices) == set(Role.values)


def test_an_administrator_who_is_not_a_superuser_cannot_reach_a_superuser(role_admin_client, admin_user):
    before = snapshot(admin_user)

    assert_does_not_exist(role_admin_client.get(change_url(admin_user)))
    assert_does_not_exist(role_admin_client.post(change_url(admin_user), change_data(admin_user, first_name="X")))
    assert role_admin_client.post(password_url(admin_user), {"password1": NEW_PASSWORD}).status_code == 404
    assert snapshot(admin_user) == before


# --- Pages still open, in Spanish ---------------------------------------------------------
@pytest.mark.parametrize("persona", ["staff_client", "admin_client"])
def test_the_user_pages_open_for_staff_and_the_admin(request, persona, coordinator):
    client = request.getfixturevalue(persona)
    urls = [
        reverse("admin:index"),
        reverse("admin:app_list", args=["accounts"]),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_add"),
        change_url(coordinator),
        password_url(coordinator),
        reverse("admin:accounts_user_history", args=[coordinator.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_user_change_page_speaks_spanish(staff_client, coordinator):
    html = staff_client.get(change_url(coordinator)).content.decode()

    assert "Programa CEE" in html
    assert "Información personal" in html
    assert "Permisos" in html
