"""Sessions that know their account (accounts.sessions), and switching an account off and on.

Deactivating an account ends its open sessions at once: the person's next request finds them signed
out. Only someone who manages the account may do it (staff: coordinators and sponsors; an administrator:
anyone), never to their own account.
"""

import datetime
import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, UserSession
from accounts.services import sessions_clear_expired, user_deactivate, user_reactivate, user_sessions_end
from accounts.sessions import SessionStore
from accounts.tests.factories import (
    TEST_PASSWORD,
    AdminUserFactory,
    CoordinatorFactory,
    SponsorUserFactory,
    StaffFactory,
)
from accounts.tests.test_admin import change_data
from accounts.tokens import invitation_user

pytestmark = pytest.mark.django_db

HOME = reverse("evaluations:home")
LOGIN = reverse("accounts:login")


def signed_in(user) -> Client:
    """A client signed in through the login form, as a person would."""
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def is_signed_out(client) -> bool:
    response = client.get(HOME)
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- The session engine ----------------------------------------------------------------------
def test_signing_in_records_the_account_on_the_session():
    user = CoordinatorFactory()
    client = signed_in(user)
    session = UserSession.objects.get(session_key=client.session.session_key)
    assert session.user == user


def test_a_session_before_signing_in_has_no_account():
    store = SessionStore()
    store["note"] = "sin cuenta"
    store.create()
    assert UserSession.objects.get(session_key=store.session_key).user is None


def test_changing_the_password_keeps_the_account_on_the_new_session_key():
    user = CoordinatorFactory()
    client = signed_in(user)
    before = client.session.session_key
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": TEST_PASSWORD, "new_password1": "otra-clave-2027-x", "new_password2": "otra-clave-2027-x"},
    )
    assert response.status_code == 302
    after = client.session.session_key
    assert after != before
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [after]


def test_signing_out_leaves_no_session_of_the_account():
    user = CoordinatorFactory()
    client = signed_in(user)
    client.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=user).exists()


def test_sessions_end_finds_every_session_of_one_account_only():
    user, other = CoordinatorFactory(), CoordinatorFactory()
    phone, laptop, others = signed_in(user), signed_in(user), signed_in(other)

    assert user_sessions_end(user=user) == 2

    assert is_signed_out(phone)
    assert is_signed_out(laptop)
    assert others.get(HOME).status_code == 200


def test_clearing_expired_sessions_keeps_the_open_ones():
    user = CoordinatorFactory()
    client = signed_in(user)
    old = SessionStore()
    old.create()
    UserSession.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )

    assert sessions_clear_expired() == 1
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [client.session.session_key]


def test_the_migration_copies_open_sessions_with_their_account():
    user = CoordinatorFactory()
    store = DjangoSessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    anonymous = DjangoSessionStore()
    anonymous["note"] = "x"
    anonymous.create()
    expired = DjangoSessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    migration = importlib.import_module("accounts.migrations.0002_usersession")

    migration.copy_open_sessions(global_apps, None)

    copied = dict(UserSession.objects.values_list("session_key", "user_id"))
    assert copied == {store.session_key: user.pk, anonymous.session_key: None}


# --- Deactivating and reactivating ------------------------------------------------------------
def test_deactivating_ends_the_open_sessions_at_once():
    staff, sponsor = StaffFactory(), SponsorUserFactory()
    client = signed_in(sponsor)
    assert client.get(HOME).status_code == 200

    assert user_deactivate(actor=staff, user=sponsor) == 1

    sponsor.refresh_from_db()
    assert not sponsor.is_active
    assert is_signed_out(client)
    # ...and the password no longer opens a session.
    assert Client().post(LOGIN, {"username": sponsor.username, "password": TEST_PASSWORD}).status_code == 200


def test_reactivating_lets_the_person_sign_in_again():
    staff, coordinator = StaffFactory(), CoordinatorFactory(is_active=False)
    user_reactivate(actor=staff, user=coordinator)
    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert signed_in(coordinator).get(HOME).status_code == 200


@pytest.mark.parametrize("target", ["staff", "admin", "self"])
def test_staff_may_not_switch_off_staff_administrators_or_themselves(target):
    staff = StaffFactory()
    account = {"staff": StaffFactory, "admin": AdminUserFactory, "self": lambda: staff}[target]()
    client = signed_in(account)

    with pytest.raises(PermissionDenied):
        user_deactivate(actor=staff, user=account)
    with pytest.raises(PermissionDenied):
        user_reactivate(actor=staff, user=account)

    account.refresh_from_db()
    assert account.is_active
    assert client.get(HOME).status_code == 200


def test_an_administrator_may_switch_off_a_staff_account():
    admin, staff = AdminUserFactory(), StaffFactory()
    client = signed_in(staff)
    user_deactivate(actor=admin, user=staff)
    assert is_signed_out(client)


@pytest.mark.parametrize("actor", [CoordinatorFactory, SponsorUserFactory])
def test_people_in_the_field_switch_off_no_one(actor):
    target = SponsorUserFactory()
    with pytest.raises(PermissionDenied):
        user_deactivate(actor=actor(), user=target)


def test_deactivating_an_invitee_kills_the_invitation_link_for_good():
    from accounts.tokens import invitation_url

    staff, invitee = StaffFactory(), SponsorUserFactory()
    invitee.set_unusable_password()
    invitee.save()
    uidb64, token = invitation_url(invitee).rstrip("/").split("/")[-2:]
    assert invitation_user(uidb64, token) == invitee

    user_deactivate(actor=staff, user=invitee)
    user_reactivate(actor=staff, user=invitee)

    assert invitation_user(uidb64, token) is None


def test_switching_an_account_off_in_the_data_admin_ends_its_sessions_too():
    staff, coordinator = StaffFactory(), CoordinatorFactory()
    client = signed_in(coordinator)
    admin_client = Client()
    admin_client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[coordinator.pk])
    data = change_data(coordinator)
    del data["is_active"]  # the box unticked

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert not User.objects.get(pk=coordinator.pk).is_active
    assert is_signed_out(client)
