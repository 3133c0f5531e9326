"""A file kept between preview and confirmation: its owner's only, by a random token, for a while."""

import datetime
import os

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from accounts.tests.factories import StaffFactory
from core.import_uploads import discard_expired, upload_discard, upload_keep, upload_read


@pytest.fixture
def staff(db):
    return StaffFactory()


def age(token: str, user, kind: str, minutes: int) -> None:
    path = storages["private"].path(f"imports/{user.pk}/{kind}-{token}")
    then = (timezone.now() - datetime.timedelta(minutes=minutes)).timestamp()
    os.utime(path, (then, then))


def test_a_kept_file_is_read_back_by_its_owner_with_its_token(staff):
    token = upload_keep(user=staff, kind="schools", data=b"cod_mod\n1\n")

    assert len(token) == 32
    assert upload_read(user=staff, kind="schools", token=token) == b"cod_mod\n1\n"
    upload_discard(user=staff, kind="schools", token=token)
    assert upload_read(user=staff, kind="schools", token=token) is None


def test_another_person_or_another_import_cannot_read_it(staff):
    token = upload_keep(user=staff, kind="schools", data=b"x")

    assert upload_read(user=StaffFactory(), kind="schools", token=token) is None
    assert upload_read(user=staff, kind="results", token=token) is None
    upload_discard(user=staff, kind="schools", token=token)


@pytest.mark.parametrize(
    "token", ["../../etc/passwd", "ABCDEF" * 6, "0" * 31, "0" * 33, "", None, 42, "0" * 32 + "/x", "g" * 32]
)
def test_a_malformed_token_reads_nothing(staff, token):
    assert upload_read(user=staff, kind="schools", token=token) is None


def test_an_expired_file_is_refused_and_removed(staff, settings):
    settings.CEE_IMPORT_KEEP_MINUTES = 60
    token = upload_keep(user=staff, kind="schools", data=b"x")
    age(token, staff, "schools", minutes=61)

    assert upload_read(user=staff, kind="schools", token=token) is None
    assert not storages["private"].exists(f"imports/{staff.pk}/schools-{token}")


def test_every_new_upload_sweeps_away_the_expired_ones(staff, settings):
    settings.CEE_IMPORT_KEEP_MINUTES = 60
    old = upload_keep(user=staff, kind="schools", data=b"x")
    age(old, staff, "schools", minutes=120)

    fresh = upload_keep(user=staff, kind="results", data=b"y")

    assert not storages["private"].exists(f"imports/{staff.pk}/schools-{old}")
    assert upload_read(user=staff, kind="results", token=fresh) == b"y"
    assert discard_expired() == 0
    upload_discard(user=staff, kind="results", token=fresh)
