"""Fixtures for the field-work tests: photos of visits, the rubric of a program year, the view tests' objects.

Photos are stored in the private storage of the test settings (a directory under /tmp); every test that
stores one removes the files through `photo_files`.
"""

import datetime
import uuid
from functools import cached_property

import pytest
from django.utils import timezone

from networks.models import Competency, Visit, VisitPhoto
from networks.services.photos import photo_approve, photo_attach, photo_prepare
from networks.tests.images import jpeg_upload

# The gate checks of the view tests live in helpers.py: let pytest explain their failed asserts.
pytest.register_assert_rewrite("networks.tests.helpers")


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


@pytest.fixture
def visit_data(world, competencies):
    """A valid POST of the visit form: a classroom visit today at network A's second school, two scores."""
    today = timezone.localdate()
    school = world.schools_a[1]
    first, second, _ = competencies(2)
    return {
        "client_uuid": str(uuid.uuid4()),
        "kind": Visit.Kind.CLASSROOM,
        "school": school.pk,
        "teacher": world.teachers_a[school.pk][0].pk,
        "date": today.isoformat(),
        "duration_minutes": "45",
        "observations": "Leímos «El zorro y el cuy» en grupos pequeños.",
        "agreements": "Armar el sector de lectura.",
        "follow_up_on": (today + datetime.timedelta(days=14)).isoformat(),
        f"score_{first.pk}": "3",
        f"score_{second.pk}": "2",
    }


class Objects:
    """The world plus two photos of visit A, made only when a test asks for them."""

    def __init__(self, world, make_photo):
        self.world = world
        self._make_photo = make_photo

    def __getattr__(self, name):
        return getattr(self.world, name)

    @cached_property
    def pending_photo(self):
        return self._make_photo(self.world.visit_a)

    @cached_property
    def approved_photo(self):
        return self._make_photo(self.world.visit_a, approved_by=self.world.staff)


@pytest.fixture
def objects(world, make_photo):
    """The world and, on demand, a pending and an approved photo of visit A: what the view tests' URLs take."""
    return Objects(world, make_photo)
