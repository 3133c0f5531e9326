"""The invitation link (`accounts:invitation`): the invited person sets a first password and is signed in.

No login needed: the token decides. It works once, until `PASSWORD_RESET_TIMEOUT`, only for an active
account that has no password yet, and only with its own purpose's salt. A wrong, expired or used link
answers a Spanish page (400) and changes nothing; a weak password is refused next to the field (400).
"""

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User, UserSession
from accounts.services import invitation_accept
from accounts.tests.factories import SponsorUserFactory
from accounts.tokens import InvitationTokenGenerator, invitation_token, invitation_url

pytestmark = pytest.mark.django_db

PASSWORD = "Escuelas-exitosas-2027"
HOME = reverse("evaluations:home")


@pytest.fixture
def invitee(world):
    account = SponsorUserFactory(username="elena@minera.example", email="elena@minera.example", sponsor=world.sponsor_a)
    account.set_unusable_password()
    account.save()
    return account


def link_of(user, token=None) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "accounts:invitation", kwargs={"uidb64": uidb64, "token": token or invitation_token.make_token(user)}
    )


def post_password(client, url, password=PASSWORD, again=None):
    return client.post(url, {"new_password1": password, "new_password2": again or password})


def assert_invalid_page(response):
    assert response.status_code == 400
    assert "Este enlace ya no sirve" in response.content.decode()


def test_the_emailed_address_starts_with_the_site_and_opens_the_form(client, invitee, settings):
    settings.CEE_SITE_URL = "https://cee.ipae.pe/"
    url = invitation_url(invitee)
    assert url.startswith("https://cee.ipae.pe/cuenta/invitacion/")

    response = client.get(url.removeprefix("https://cee.ipae.pe"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Crear su contraseña" in body
    assert "elena@minera.example" in body


def test_setting_the_password_signs_the_person_in_and_lands_on_their_home(client, invitee, world):
    url = link_of(invitee)

    response = post_password(client, url)

    assert response.status_code == 302
    assert response["Location"] == HOME
    invitee.refresh_from_db()
    assert invitee.check_password(PASSWORD)
    assert invitee.last_login is not None
    home = client.get(HOME)
    assert home.status_code == 200
    assert world.sponsor_a.name in home.content.decode()
    assert UserSession.objects.filter(user=invitee).count() == 1


def test_the_link_works_once(client, invitee):
    url = link_of(invitee)
    post_password(client, url)

    assert_invalid_page(client.get(url))
    response = post_password(client, url, password="Otra-clave-distinta-2028")
    assert_invalid_page(response)
    invitee.refresh_from_db()
    assert invitee.check_password(PASSWORD)


def test_an_expired_link_is_refused(client, invitee, settings):
    class FourDaysAgo(InvitationTokenGenerator):
        def _now(self):
            return datetime.datetime.now() - datetime.timedelta(days=4)

    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    url = link_of(invitee, FourDaysAgo().make_token(invitee))

    assert_invalid_page(client.get(url))
    assert_invalid_page(post_password(client, url))
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()


@pytest.mark.parametrize(
    ("uidb64", "token"),
    [
        ("abc", "cv0bqf-0123456789abcdef"),  # not base64 of a number
        ("MTIzNDU2Nzg5", "cv0bqf-0123456789abcdef"),  # base64 of an account that does not exist
        ("%%%", "x"),
        ("A" * 300, "x" * 300),
    ],
)
def test_a_malformed_link_is_refused_without_error(client, invitee, uidb64, token):
    url = f"/cuenta/invitacion/{uidb64}/{token}/"
    assert_invalid_page(client.get(url))
    assert_invalid_page(post_password(client, url))


def test_a_token_of_another_purpose_does_not_open_the_invitation(client, invitee):
    url = link_of(invitee, default_token_generator.make_token(invitee))
    assert_invalid_page(client.get(url))


def test_a_link_for_an_account_that_already_has_a_password_is_refused(client, world):
    url = link_of(world.sponsor_user)
    assert_invalid_page(client.get(url))
    assert_invalid_page(post_password(client, url))


def test_a_link_of_a_deactivated_account_is_refused(client, invitee):
    url = link_of(invitee)
    User.objects.filter(pk=invitee.pk).update(is_active=False)
    assert_invalid_page(client.get(url))


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("12345678", None, "completamente numérica"),
        ("corta", None, "demasiado corta"),
        ("password123", None, "demasiado común"),
        (PASSWORD, "otra-cosa-2027", "no coinciden"),
        ("", None, "obligatorio"),
    ],
)
def test_a_weak_or_mismatched_password_is_refused_next_to_the_field(client, invitee, password, again, message):
    url = link_of(invitee)

    response = post_password(client, url, password=password, again=again)

    assert response.status_code == 400
    assert message in response.content.decode()
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()
    # The link still works after a refused password.
    assert client.get(url).status_code == 200


def test_a_megabyte_password_is_handled(client, invitee):
    response = post_password(client, link_of(invitee), password="x" * 1_000_000)
    assert response.status_code in {302, 400}


def test_someone_signed_in_who_opens_the_link_becomes_the_invitee(client_for, world, invitee):
    client = client_for(world.staff)
    response = post_password(client, link_of(invitee))
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == invitee.pk


def test_the_service_refuses_a_used_link_and_validates_the_password(invitee):
    from django.core.exceptions import ValidationError

    uidb64 = urlsafe_base64_encode(force_bytes(invitee.pk))
    token = invitation_token.make_token(invitee)
    with pytest.raises(ValidationError) as weak:
        invitation_accept(uidb64=uidb64, token=token, password="123")
    assert "password" in weak.value.message_dict

    invitation_accept(uidb64=uidb64, token=token, password=PASSWORD)

    with pytest.raises(ValidationError) as used:
        invitation_accept(uidb64=uidb64, token=token, password="Otra-clave-distinta-2028")
    assert used.value.code == "invitation_invalid"
