"""Fixtures for the field-work tests: photos of visits and the rubric of a program year.

Photos are stored in the private storage of the test settings (a directory under /tmp); every test that
stores one removes the files through `photo_files`.
"""

import pytest

from networks.models import Competency, VisitPhoto
from networks.services.photos import photo_approve, photo_attach, photo_prepare
from networks.tests.images import jpeg_upload


@pytest.fixture
def make_photo(photo_files):
    """`make_photo(visit, approved_by=None)`: a stored photo of the visit, approved if a staff user is given."""

    def make(visit, *, approved_by=None) -> VisitPhoto:
        photo = photo_attach(visit=visit, prepared=photo_prepare(jpeg_upload()))
        if approved_by is not None:
            photo = photo_approve(user=approved_by, photo=photo, consent_recorded=True)
        return photo

    return make


@pytest.fixture
def competencies(db):
    """`competencies(program_year)`: that year's rubric competencies (loaded by a data migration)."""
    return lambda program_year: list(Competency.objects.filter(year__number=program_year).order_by("order"))
