"""The sponsor services (schools.services.sponsors): every rule and every refusal.

IPAE staff and administrators keep companies, agreements, contributions and the companies' accounts;
anyone else is refused (PermissionDenied) and nothing changes.
"""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role, User, UserSession
from accounts.tests.factories import CoordinatorFactory, SponsorUserFactory, StaffFactory
from accounts.tokens import invitation_user
from schools.models import Contribution, Sponsor, Sponsorship, SponsorUser
from schools.services import (
    contribution_create,
    contribution_update,
    sponsor_create,
    sponsor_update,
    sponsor_user_deactivate,
    sponsor_user_invitation_resend,
    sponsor_user_invite,
    sponsor_user_reactivate,
    sponsorship_create,
    sponsorship_update,
)
from schools.tests.factories import SchoolFactory, SponsorFactory, SponsorshipFactory, valid_ruc

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def staff():
    return StaffFactory(username="ana.ipae", first_name="Ana", last_name="Salas")


@pytest.fixture
def sponsor():
    return SponsorFactory(name="Minera Andina S.A.C.")


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def link_in(message) -> tuple[str, str]:
    """(uidb64, token) of the invitation link in an email."""
    found = re.search(r"/cuenta/invitacion/([^/]+)/([^/]+)/", message.body)
    assert found, message.body
    return found.group(1), found.group(2)


# --- Companies ------------------------------------------------------------------------------------
def test_staff_register_a_company(staff):
    sponsor = sponsor_create(
        user=staff, name="  Pesquera Punta Sal S.A.C. ", ruc="20100070970", sector="industria", contact_email="a@b.pe"
    )
    assert sponsor.name == "Pesquera Punta Sal S.A.C."
    assert sponsor.history.count() == 1


@pytest.mark.parametrize(
    ("ruc", "message"),
    [
        ("20100070971", "dígito verificador"),
        ("2010007097", "11 dígitos"),
        ("30100070970", "empezar con"),
        ("2010007097A", "11 dígitos"),
    ],
)
def test_a_company_needs_a_valid_ruc(staff, ruc, message):
    with pytest.raises(ValidationError) as error:
        sponsor_create(user=staff, name="Pesquera S.A.C.", ruc=ruc, sector="industria")
    assert message in " ".join(errors_of(error)["ruc"])
    assert not Sponsor.objects.exists()


def test_a_company_is_registered_once_by_ruc_and_by_name_whatever_the_capitals(staff, sponsor):
    with pytest.raises(ValidationError) as same_ruc:
        sponsor_create(user=staff, name="Otra S.A.", ruc=sponsor.ruc, sector="otro")
    assert "ruc" in errors_of(same_ruc)
    with pytest.raises(ValidationError) as same_name:
        sponsor_create(user=staff, name="MINERA ANDINA S.A.C.", ruc=valid_ruc(9001), sector="otro")
    assert "razón social" in " ".join(errors_of(same_name)["name"])


def test_staff_correct_a_company_and_the_history_keeps_both(staff, sponsor):
    sponsor_update(user=staff, sponsor=sponsor, name="Minera Andina del Sur S.A.C.", ruc=sponsor.ruc, sector="mineria")
    sponsor.refresh_from_db()
    assert sponsor.name == "Minera Andina del Sur S.A.C."
    assert sponsor.history.count() == 2


def test_a_company_keeps_its_own_name_when_corrected(staff, sponsor):
    sponsor_update(user=staff, sponsor=sponsor, name=sponsor.name, ruc=sponsor.ruc, sector="energia")
    assert Sponsor.objects.get(pk=sponsor.pk).sector == "energia"


@pytest.mark.parametrize("make", [CoordinatorFactory, SponsorUserFactory])
def test_people_in_the_field_keep_no_company(make, sponsor):
    person = make()
    with pytest.raises(PermissionDenied):
        sponsor_create(user=person, name="X S.A.", ruc=valid_ruc(9002), sector="otro")
    with pytest.raises(PermissionDenied):
        sponsor_update(user=person, sponsor=sponsor, name="X", ruc=sponsor.ruc, sector="otro")


# --- Agreements -----------------------------------------------------------------------------------
def test_an_agreement_lasts_five_school_years_by_default(staff, sponsor):
    school = SchoolFactory()
    sponsorship = sponsorship_create(
        user=staff, sponsor=sponsor, school=school, start_year=2026, committed_amount=Decimal("150000"), currency="USD"
    )
    assert (sponsorship.start_year, sponsorship.end_year) == (2026, 2030)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"committed_amount": Decimal("-1")}, "committed_amount"),
        ({"start_year": 9999}, "start_year"),
        ({"start_year": 1999}, "start_year"),
        ({"end_year": 2020}, None),  # before the start: the model's constraint
        ({"currency": "EUR"}, "currency"),
    ],
)
def test_an_agreement_refuses_bad_values(staff, sponsor, changes, field):
    values = {"start_year": 2025, "committed_amount": Decimal("1000"), "currency": "PEN"} | changes
    with pytest.raises(ValidationError) as error:
        sponsorship_create(user=staff, sponsor=sponsor, school=SchoolFactory(), **values)
    if field:
        assert field in errors_of(error)
    assert not Sponsorship.objects.exists()


def test_a_company_has_one_agreement_per_school_and_year(staff, sponsor):
    school = SchoolFactory()
    sponsorship_create(
        user=staff, sponsor=sponsor, school=school, start_year=2022, committed_amount=Decimal(1), currency="PEN"
    )
    with pytest.raises(ValidationError) as error:
        sponsorship_create(
            user=staff, sponsor=sponsor, school=school, start_year=2025, committed_amount=Decimal(1), currency="PEN"
        )
    assert "2022 a 2026" in " ".join(errors_of(error)["start_year"])
    # The next agreement, after the first ends, is fine; another company may fund the same school too.
    sponsorship_create(
        user=staff, sponsor=sponsor, school=school, start_year=2027, committed_amount=Decimal(1), currency="PEN"
    )
    sponsorship_create(
        user=staff,
        sponsor=SponsorFactory(),
        school=school,
        start_year=2024,
        committed_amount=Decimal(1),
        currency="PEN",
    )
    assert Sponsorship.objects.count() == 3


def test_correcting_an_agreement_may_not_make_it_overlap_the_next(staff, sponsor):
    school = SchoolFactory()
    first = SponsorshipFactory(sponsor=sponsor, school=school, start_year=2020, end_year=2024)
    SponsorshipFactory(sponsor=sponsor, school=school, start_year=2025, end_year=2029)

    with pytest.raises(ValidationError):
        sponsorship_update(
            user=staff, sponsorship=first, start_year=2020, end_year=2025, committed_amount=Decimal(1), currency="PEN"
        )
    updated = sponsorship_update(
        user=staff, sponsorship=first, start_year=2020, end_year=2024, committed_amount=Decimal("9.50"), currency="USD"
    )
    assert (updated.committed_amount, updated.currency) == (Decimal("9.50"), "USD")


def test_people_in_the_field_record_no_agreement(sponsor):
    with pytest.raises(PermissionDenied):
        sponsorship_create(
            user=SponsorUserFactory(sponsor=sponsor),
            sponsor=sponsor,
            school=SchoolFactory(),
            start_year=2025,
            committed_amount=Decimal(1),
            currency="PEN",
        )


# --- Contributions ----------------------------------------------------------------------------------
def test_a_contribution_goes_to_the_company_in_general_or_to_one_of_its_schools(staff, sponsor):
    school = SponsorshipFactory(sponsor=sponsor).school
    general = contribution_create(
        user=staff, sponsor=sponsor, date=datetime.date(2025, 3, 1), amount=Decimal("10"), currency="PEN"
    )
    earmarked = contribution_create(
        user=staff, sponsor=sponsor, date=datetime.date(2025, 3, 1), amount=Decimal("10"), currency="USD", school=school
    )
    assert (general.school, earmarked.school) == (None, school)


def test_a_contribution_may_not_go_to_a_school_the_company_does_not_fund(staff, sponsor):
    other_school = SponsorshipFactory().school
    with pytest.raises(ValidationError) as error:
        contribution_create(
            user=staff, sponsor=sponsor, date=datetime.date(2025, 3, 1), amount=Decimal(1), currency="PEN",
            school=other_school,
        )  # fmt: skip
    assert "school" in errors_of(error)
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": Decimal("-1")}, "amount"),
        ({"amount": Decimal("0")}, "amount"),
        ({"date": datetime.date(9999, 1, 1)}, "date"),
        ({"date": datetime.date(1999, 12, 31)}, "date"),
        ({"note": "x" * 1_000_000}, "note"),
    ],
)
def test_a_contribution_refuses_bad_values(staff, sponsor, changes, field):
    values = {"date": datetime.date(2025, 3, 1), "amount": Decimal(1), "currency": "PEN"} | changes
    with pytest.raises(ValidationError) as error:
        contribution_create(user=staff, sponsor=sponsor, **values)
    assert field in errors_of(error)


def test_staff_correct_a_contribution(staff, sponsor):
    contribution = contribution_create(
        user=staff, sponsor=sponsor, date=datetime.date(2025, 3, 1), amount=Decimal(1), currency="PEN"
    )
    contribution_update(
        user=staff, contribution=contribution, date=datetime.date(2025, 4, 1), amount=Decimal(2), currency="USD",
        note="Corregido",
    )  # fmt: skip
    contribution.refresh_from_db()
    assert (contribution.amount, contribution.currency, contribution.note) == (Decimal(2), "USD", "Corregido")


# --- Accounts: invitations ------------------------------------------------------------------------
def test_inviting_makes_a_sponsor_account_without_password_and_emails_a_link(staff, sponsor, settings):
    settings.CEE_SITE_URL = "https://cee.ipae.pe"
    link = sponsor_user_invite(
        user=staff, sponsor=sponsor, first_name=" Elena ", last_name="Paz", email="Elena.Paz@Minera.PE"
    )

    account = link.user
    assert (account.username, account.email) == ("elena.paz@minera.pe", "Elena.Paz@minera.pe")
    assert (account.role, account.is_active, account.is_staff) == (Role.SPONSOR, True, False)
    assert not account.has_usable_password()
    assert (link.sponsor, link.invited_by) == (sponsor, staff)
    assert link.invited_at is not None
    [message] = mail.outbox
    assert message.to == ["Elena.Paz@minera.pe"]
    assert "Minera Andina S.A.C." in message.subject
    assert "https://cee.ipae.pe/cuenta/invitacion/" in message.body
    assert "elena.paz@minera.pe" in message.body
    assert invitation_user(*link_in(message)) == account


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "no-es-un-correo"}, "email"),
        ({"email": ""}, "email"),
        ({"email": "o'brien@minera.pe"}, "email"),  # not a possible user name
        ({"first_name": "  "}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"first_name": "x" * 1_000_000}, "first_name"),
    ],
)
def test_an_invitation_refuses_bad_values(staff, sponsor, changes, field):
    values = {"first_name": "Elena", "last_name": "Paz", "email": "elena@minera.pe"} | changes
    with pytest.raises(ValidationError) as error:
        sponsor_user_invite(user=staff, sponsor=sponsor, **values)
    assert field in errors_of(error)
    assert not SponsorUser.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("taken", ["email", "username"])
def test_an_address_already_used_by_an_account_is_refused(staff, sponsor, taken):
    CoordinatorFactory(**{taken: "rosa@cee.pe"})
    with pytest.raises(ValidationError) as error:
        sponsor_user_invite(user=staff, sponsor=sponsor, first_name="R", last_name="C", email="ROSA@cee.pe")
    assert "Ya existe" in " ".join(errors_of(error)["email"])


def test_when_the_email_cannot_be_sent_nothing_is_saved(staff, sponsor):
    failing = mock.patch("schools.services.sponsors.send_mail", side_effect=OSError("SMTP caído"))
    with failing, pytest.raises(ValidationError) as error:
        sponsor_user_invite(user=staff, sponsor=sponsor, first_name="E", last_name="P", email="e@minera.pe")
    assert error.value.code == "mail_failed"
    assert not User.objects.filter(email="e@minera.pe").exists()


def test_people_in_the_field_invite_no_one(sponsor):
    with pytest.raises(PermissionDenied):
        sponsor_user_invite(
            user=SponsorUserFactory(sponsor=sponsor), sponsor=sponsor, first_name="E", last_name="P", email="e@x.pe"
        )
    assert not mail.outbox


def test_sending_the_invitation_again_replaces_the_link(staff, sponsor):
    link = sponsor_user_invite(user=staff, sponsor=sponsor, first_name="E", last_name="P", email="e@minera.pe")
    first = link_in(mail.outbox[0])
    other_staff = StaffFactory()

    sponsor_user_invitation_resend(user=other_staff, link=link)

    second = link_in(mail.outbox[1])
    assert invitation_user(*first) is None
    assert invitation_user(*second) == link.user
    link.refresh_from_db()
    assert link.invited_by == other_staff


def test_no_new_invitation_for_someone_who_set_a_password_or_was_switched_off(staff, world):
    link = world.sponsor_user.sponsor_link
    with pytest.raises(ValidationError) as accepted:
        sponsor_user_invitation_resend(user=staff, link=link)
    assert accepted.value.code == "accepted"
    sponsor_user_deactivate(user=staff, link=link)
    link.refresh_from_db()
    with pytest.raises(ValidationError) as inactive:
        sponsor_user_invitation_resend(user=staff, link=link)
    assert inactive.value.code == "inactive"
    assert not mail.outbox


# --- Accounts: deactivating ------------------------------------------------------------------------
def test_deactivating_a_sponsor_account_ends_its_sessions_and_records_who(staff, world, client):
    account = world.sponsor_user
    client.force_login(account)
    assert UserSession.objects.filter(user=account).exists()

    ended = sponsor_user_deactivate(user=staff, link=account.sponsor_link)

    assert ended == 1
    link = SponsorUser.objects.select_related("user").get(user=account)
    assert not link.user.is_active
    assert link.deactivated_by == staff
    assert link.deactivated_at is not None
    assert not UserSession.objects.filter(user=account).exists()
    # Again: harmless, and the first record stays.
    first_at = link.deactivated_at
    sponsor_user_deactivate(user=StaffFactory(), link=link)
    link.refresh_from_db()
    assert (link.deactivated_by, link.deactivated_at) == (staff, first_at)


def test_reactivating_clears_the_record(staff, world):
    link = world.sponsor_user.sponsor_link
    sponsor_user_deactivate(user=staff, link=link)
    sponsor_user_reactivate(user=staff, link=link)
    link.refresh_from_db()
    assert link.user.is_active
    assert (link.deactivated_by, link.deactivated_at) == (None, None)
    assert link.history.count() >= 3


def test_a_staff_account_wrongly_linked_to_a_company_is_not_managed_here(staff, sponsor):
    other_staff = StaffFactory()
    link = SponsorUser.objects.create(user=other_staff, sponsor=sponsor)
    for service in (sponsor_user_deactivate, sponsor_user_reactivate, sponsor_user_invitation_resend):
        with pytest.raises(PermissionDenied):
            service(user=staff, link=link)
    other_staff.refresh_from_db()
    assert other_staff.is_active


def test_a_sponsor_user_may_not_switch_off_a_colleague(world):
    colleague = SponsorUserFactory(sponsor=world.sponsor_a)
    with pytest.raises(PermissionDenied):
        sponsor_user_deactivate(user=world.sponsor_user, link=colleague.sponsor_link)
    colleague.refresh_from_db()
    assert colleague.is_active
