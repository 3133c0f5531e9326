"""Authorization rows of the invitation link (`/cuenta/invitacion/<uid>/<token>/`): no login needed, the
token decides. A good link opens for anyone who has it and its POST sets the invitee's password and signs
them in; a wrong link answers 400 and changes nothing."""

from accounts.tests.authorization import TO_HOME, Effect, Row, everyone
from accounts.tests.factories import SponsorUserFactory
from accounts.tests.personas import PERSONAS
from accounts.tokens import invitation_url

INVITEE = "invitado@empresa.example"


def invitee_link(world) -> dict:
    """An account of sponsor A invited today, with no password yet: the kwargs of its link."""
    account = SponsorUserFactory(username=INVITEE, email=INVITEE, sponsor=world.sponsor_a)
    account.set_unusable_password()
    account.save()
    uidb64, token = invitation_url(account).rstrip("/").split("/")[-2:]
    return {"uidb64": uidb64, "token": token}


def wrong_link(world) -> dict:
    return invitee_link(world) | {"token": "cv0bqf-0123456789abcdef0123456789abcdef"}


def invitee_password(world):
    from accounts.models import User

    return tuple(User.objects.filter(username=INVITEE).values_list("password", flat=True))


def new_password(world) -> dict:
    return {"new_password1": "Escuelas-exitosas-2027", "new_password2": "Escuelas-exitosas-2027"}


ROWS = {
    "accounts:invitation": (
        Row(everyone(200), kwargs=invitee_link),
        Row(everyone(400), kwargs=wrong_link),
        Row(
            everyone(TO_HOME),
            method="post",
            kwargs=invitee_link,
            data=new_password,
            effect=Effect(invitee_password, by=frozenset(PERSONAS)),
        ),
        Row(everyone(400), method="post", kwargs=wrong_link, data=new_password, effect=Effect(invitee_password)),
    ),
}
