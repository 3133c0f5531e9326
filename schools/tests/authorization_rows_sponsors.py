"""Authorization rows of the staff's sponsor pages (`/auspiciadores/`): IPAE staff and the administrator
only; coordinators and sponsor users 403, anonymous people to the login. Each POST names what it changes.
An account that is not a sponsor's (a staff account wrongly linked to a company) answers 403 to staff and
the administrator alike: these pages manage sponsor accounts only."""

from accounts.tests.authorization import READ_ONLY_POST, TO_LOGIN, Effect, Redirect, Row
from accounts.tests.factories import SponsorUserFactory, StaffFactory
from schools.models import Contribution, Sponsor, Sponsorship, SponsorUser

STAFF_CHANGES = frozenset({"staff", "admin"})


def staff_only(answer, *, admin=None) -> dict:
    return {
        "anonymous": TO_LOGIN,
        "staff": answer,
        "admin": answer if admin is None else admin,
        "coordinator": 403,
        "other_coordinator": 403,
        "former_coordinator": 403,
        "sponsor": 403,
        "other_sponsor": 403,
    }


def sponsor_a(world) -> dict:
    return {"pk": world.sponsor_a.pk}


def sponsorship_a(world) -> dict:
    return {"pk": Sponsorship.objects.filter(sponsor=world.sponsor_a).order_by("pk").first().pk}


def contribution_a(world) -> dict:
    return {"pk": Contribution.objects.filter(sponsor=world.sponsor_a).order_by("pk").first().pk}


def sponsor_user_a(world) -> dict:
    return {"pk": world.sponsor_user.sponsor_link.pk}


def pending_invitee(world) -> dict:
    """A person of sponsor A invited and not yet signed up (no password)."""
    account = SponsorUserFactory(username="invitada@minera.example", sponsor=world.sponsor_a)
    account.set_unusable_password()
    account.save()
    return {"pk": account.sponsor_link.pk}


def inactive_account(world) -> dict:
    account = SponsorUserFactory(username="exusuario", sponsor=world.sponsor_a, is_active=False)
    return {"pk": account.sponsor_link.pk}


def staff_account_linked(world) -> dict:
    """A staff account wrongly linked to a company (the link's form allows only sponsors; the data may not)."""
    account = StaffFactory(username="ipae.enlazada")
    return {"pk": SponsorUser.objects.create(user=account, sponsor=world.sponsor_a).pk}


def sponsor_count(world):
    return Sponsor.objects.count()


def sponsor_a_data(world):
    return tuple(Sponsor.objects.filter(pk=world.sponsor_a.pk).values_list("name", "contact_name"))


def sponsorship_rows(world):
    return tuple(Sponsorship.objects.order_by("pk").values_list("pk", "start_year", "end_year", "committed_amount"))


def contribution_rows(world):
    return tuple(Contribution.objects.order_by("pk").values_list("pk", "amount", "note"))


def accounts_of_a(world):
    return tuple(SponsorUser.objects.filter(sponsor=world.sponsor_a).order_by("pk").values_list("pk", "invited_at"))


def active_accounts(world):
    return tuple(SponsorUser.objects.order_by("pk").values_list("pk", "user__is_active", "user__role"))


def new_sponsor(world):
    return {"name": "Pesquera Punta Sal S.A.C.", "ruc": "20100070970", "sector": "industria", "contact_name": ""}


def edited_sponsor(world):
    sponsor = world.sponsor_a
    return {"name": sponsor.name, "ruc": sponsor.ruc, "sector": "mineria", "contact_name": "Otra Persona"}


def new_sponsorship(world):
    school = world.schools_a[2]  # the network's school that no one sponsors
    return {
        "codigo_modular": school.codigo_modular,
        "anexo": school.anexo,
        "start_year": 2026,
        "committed_amount": "120000.00",
        "currency": "PEN",
    }


def edited_sponsorship(world):
    return {"start_year": 2024, "end_year": 2028, "committed_amount": "75000.50", "currency": "USD"}


def new_contribution(world):
    return {"date": "2025-03-14", "amount": "2500.00", "currency": "PEN", "school": world.sponsored_a[1].pk}


def edited_contribution(world):
    return {"date": "2025-03-14", "amount": "3100.00", "currency": "PEN", "note": "Segunda cuota"}


def new_invitation(world):
    return {"first_name": "Elena", "last_name": "Paz", "email": "elena.paz@minera.example"}


TO_DETAIL = Redirect("sponsors:detail")

ROWS = {
    "sponsors:list": (
        Row(staff_only(200)),
        Row(staff_only(READ_ONLY_POST), method="post"),
    ),
    "sponsors:create": (
        Row(staff_only(200)),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            data=new_sponsor,
            effect=Effect(sponsor_count, by=STAFF_CHANGES),
        ),
    ),
    "sponsors:detail": (
        Row(staff_only(200), kwargs=sponsor_a),
        Row(staff_only(READ_ONLY_POST), method="post", kwargs=sponsor_a),
    ),
    "sponsors:edit": (
        Row(staff_only(200), kwargs=sponsor_a),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=sponsor_a,
            data=edited_sponsor,
            effect=Effect(sponsor_a_data, by=STAFF_CHANGES),
        ),
    ),
    "sponsors:sponsorship-create": (
        Row(staff_only(200), kwargs=sponsor_a),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=sponsor_a,
            data=new_sponsorship,
            effect=Effect(sponsorship_rows, by=STAFF_CHANGES),
        ),
    ),
    "sponsors:sponsorship-edit": (
        Row(staff_only(200), kwargs=sponsorship_a),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=sponsorship_a,
            data=edited_sponsorship,
            effect=Effect(sponsorship_rows, by=STAFF_CHANGES),
        ),
    ),
    "sponsors:contribution-create": (
        Row(staff_only(200), kwargs=sponsor_a),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=sponsor_a,
            data=new_contribution,
            effect=Effect(contribution_rows, by=STAFF_CHANGES),
        ),
    ),
    "sponsors:contribution-edit": (
        Row(staff_only(200), kwargs=contribution_a),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=contribution_a,
            data=edited_contribution,
            effect=Effect(contribution_rows, by=STAFF_CHANGES),
        ),
    ),
    "sponsors:user-invite": (
        Row(staff_only(200), kwargs=sponsor_a),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=sponsor_a,
            data=new_invitation,
            effect=Effect(accounts_of_a, by=STAFF_CHANGES),
        ),
    ),
    "sponsors:user-resend": (
        Row(staff_only(405), kwargs=pending_invitee),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=pending_invitee,
            data=lambda w: {},
            effect=Effect(accounts_of_a, by=STAFF_CHANGES),
        ),
        # Only sponsor accounts: a staff account linked to a company is not staff's to resend, even by mistake.
        Row(staff_only(403), method="post", kwargs=staff_account_linked),
    ),
    "sponsors:user-deactivate": (
        Row(staff_only(200), kwargs=sponsor_user_a),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=sponsor_user_a,
            data=lambda w: {},
            effect=Effect(active_accounts, by=STAFF_CHANGES),
        ),
        Row(staff_only(403), kwargs=staff_account_linked),
        Row(staff_only(403), method="post", kwargs=staff_account_linked, data=lambda w: {}),
    ),
    "sponsors:user-reactivate": (
        Row(staff_only(405), kwargs=inactive_account),
        Row(
            staff_only(TO_DETAIL),
            method="post",
            kwargs=inactive_account,
            data=lambda w: {},
            effect=Effect(active_accounts, by=STAFF_CHANGES),
        ),
        Row(staff_only(403), method="post", kwargs=staff_account_linked, data=lambda w: {}),
    ),
}
