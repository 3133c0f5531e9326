"""The reads behind the staff's sponsor pages: this year's figures per company, and each account's status."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import SponsorUserFactory, StaffFactory
from schools.selectors import (
    AccountStatus,
    contributions_visible_to,
    sponsor_account_status,
    sponsor_accounts,
    sponsor_list,
    sponsor_users_visible_to,
    sponsorships_visible_to,
)
from schools.tests.factories import ContributionFactory, SchoolFactory, SponsorFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


def test_the_list_adds_up_this_years_schools_accounts_and_money_per_currency(staff_user):
    sponsor = SponsorFactory(name="Zeta Energía S.A.")
    school = SchoolFactory()
    SponsorshipFactory(sponsor=sponsor, school=school, start_year=2021, end_year=2025, committed_amount=100)
    SponsorshipFactory(sponsor=sponsor, start_year=2024, end_year=2028, committed_amount=50, currency="USD")
    SponsorshipFactory(sponsor=sponsor, start_year=2026, end_year=2030, committed_amount=999)  # not yet
    SponsorshipFactory(sponsor=sponsor, start_year=2015, end_year=2019, committed_amount=999)  # over
    ContributionFactory(sponsor=sponsor, date=datetime.date(YEAR, 2, 1), amount=Decimal("10.50"))
    ContributionFactory(sponsor=sponsor, date=datetime.date(YEAR, 5, 1), amount=Decimal("4"), currency="USD")
    ContributionFactory(sponsor=sponsor, date=datetime.date(YEAR - 1, 12, 31), amount=Decimal("999"))
    SponsorUserFactory(sponsor=sponsor)
    SponsorUserFactory(sponsor=sponsor, is_active=False)
    pending = SponsorUserFactory(sponsor=sponsor)
    pending.set_unusable_password()
    pending.save()

    row = sponsor_list(user=staff_user, year=YEAR).get(pk=sponsor.pk)

    assert row.schools_count == 2
    assert (row.users_active, row.users_pending) == (1, 1)
    assert (row.committed_pen, row.committed_usd) == (Decimal(100), Decimal(50))
    assert (row.received_pen, row.received_usd) == (Decimal("10.50"), Decimal(4))


def test_a_company_without_anything_shows_zeros(staff_user):
    sponsor = SponsorFactory()
    row = sponsor_list(user=staff_user, year=YEAR).get(pk=sponsor.pk)
    assert (row.schools_count, row.users_active, row.committed_pen, row.received_usd) == (0, 0, 0, 0)


def test_the_list_searches_by_name_or_ruc_start(staff_user, world):
    assert [s.pk for s in sponsor_list(user=staff_user, year=YEAR, search="andina")] == [world.sponsor_a.pk]
    ruc = world.sponsor_b.ruc
    assert [s.pk for s in sponsor_list(user=staff_user, year=YEAR, search=ruc)] == [world.sponsor_b.pk]
    assert not sponsor_list(user=staff_user, year=YEAR, search="no existe").exists()


@pytest.mark.parametrize("selector", [sponsorships_visible_to, contributions_visible_to, sponsor_users_visible_to])
def test_a_sponsor_user_sees_only_their_companys_rows_and_a_coordinator_none(world, selector):
    assert selector(world.staff).count() == selector(world.admin).count() > 0
    mine = selector(world.sponsor_user)
    assert mine.exists()
    assert {row.sponsor_id for row in mine} == {world.sponsor_a.pk}
    assert not selector(world.coordinator).exists()


def test_each_account_has_its_status(world):
    now = timezone.now()
    link = world.sponsor_user.sponsor_link
    assert sponsor_account_status(link, now=now) == AccountStatus.ACTIVE

    invitee = SponsorUserFactory(sponsor=world.sponsor_a)
    invitee.set_unusable_password()
    invitee.save()
    invited = invitee.sponsor_link
    invited.invited_at, invited.invited_by = now - datetime.timedelta(days=1), StaffFactory()
    assert sponsor_account_status(invited, now=now) == AccountStatus.PENDING
    assert sponsor_account_status(invited, now=now + datetime.timedelta(days=3)) == AccountStatus.EXPIRED

    invitee.is_active = False
    assert sponsor_account_status(invited, now=now) == AccountStatus.INACTIVE


def test_the_accounts_of_a_company_carry_their_status_and_expiry(world, staff_user, django_assert_num_queries):
    with django_assert_num_queries(1):
        [link] = sponsor_accounts(user=staff_user, sponsor=world.sponsor_a)
    assert link.status == AccountStatus.ACTIVE
    assert link.invitation_expires_at is None
