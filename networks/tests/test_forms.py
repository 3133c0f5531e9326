"""The visit and meeting forms: each rule, with the Spanish message a coordinator reads next to the field."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from networks.forms import MeetingForm, VisitForm
from networks.models import HALF_POSITION_MESSAGE, Visit
from networks.selectors import networks_visible_to, teachers_for_visit_form
from networks.tests.images import jpeg_upload
from schools.selectors import schools_visible_to


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def visit_form(world, coordinator, competencies):
    """`visit_form(photos=[...], photo_slots=None, **changes)`: a bound VisitForm of the coordinator."""
    school = world.schools_a[1]
    valid = {
        "client_uuid": str(uuid.uuid4()),
        "kind": Visit.Kind.CLASSROOM,
        "school": school.pk,
        "teacher": world.teachers_a[school.pk][0].pk,
        "date": today().isoformat(),
        "duration_minutes": "40",
        "observations": "Trabajo en grupos.",
        "follow_up_on": "",
    }

    def make(*, photos=(), photo_slots=None, **changes):
        schools = schools_visible_to(coordinator)
        return VisitForm(
            data=valid | changes,
            files=MultiValueDict({"photos": list(photos)}) if photos else None,
            schools=schools,
            teachers=teachers_for_visit_form(schools),
            competencies=competencies(2),
            photo_slots=photo_slots,
        )

    return make


def test_a_complete_visit_form_is_valid(visit_form):
    form = visit_form(photos=[jpeg_upload(), jpeg_upload()])
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["photos"]) == 2


def test_the_visit_form_rejects_a_date_in_the_future(visit_form):
    form = visit_form(date=(today() + datetime.timedelta(days=1)).isoformat())
    assert form.errors["date"] == ["La fecha no puede ser posterior a hoy."]


def test_the_visit_form_accepts_today_and_offers_it_as_the_latest_date(visit_form):
    form = visit_form()
    assert form.is_valid(), form.errors
    assert form.fields["date"].widget.attrs["max"] == today().isoformat()


def test_the_visit_form_requires_a_teacher_for_a_classroom_visit(visit_form):
    form = visit_form(teacher="")
    assert form.errors["teacher"] == ["Una visita en aula necesita el o la docente observado(a)."]


def test_the_visit_form_needs_no_teacher_for_a_visit_to_the_director(visit_form):
    assert visit_form(kind=Visit.Kind.DIRECTOR, teacher="").is_valid()


def test_the_visit_form_rejects_a_teacher_of_another_school(world, visit_form):
    other_school = world.schools_a[2]
    form = visit_form(teacher=world.teachers_a[other_school.pk][0].pk)
    assert form.errors["teacher"] == ["El o la docente no pertenece a esta institución educativa."]


def test_the_visit_form_offers_only_my_schools(world, visit_form):
    form = visit_form(school=world.schools_b[0].pk)
    assert form.errors["school"] == ["Escoja una opción válida. Esa opción no está entre las disponibles."]


def test_the_visit_form_rejects_a_follow_up_before_the_visit(visit_form):
    form = visit_form(follow_up_on=(today() - datetime.timedelta(days=1)).isoformat())
    assert form.errors["follow_up_on"] == ["La fecha de seguimiento no puede ser anterior a la visita."]


def test_the_visit_form_takes_at_most_three_photos(visit_form):
    form = visit_form(photos=[jpeg_upload() for _ in range(4)])
    assert form.errors["photos"] == ["Puede adjuntar hasta 3 fotos más a esta visita."]


def test_the_visit_form_counts_the_photos_a_visit_already_has(visit_form):
    form = visit_form(photos=[jpeg_upload() for _ in range(2)], photo_slots=1)
    assert form.errors["photos"]


def test_the_visit_form_speaks_of_one_photo_in_the_singular(visit_form):
    form = visit_form(photos=[jpeg_upload() for _ in range(2)], photo_slots=1)
    assert form.errors["photos"] == ["Puede adjuntar hasta 1 foto más a esta visita."]


def test_the_visit_form_has_no_photo_field_when_the_visit_is_full(visit_form):
    assert "photos" not in visit_form(photo_slots=0).fields


def test_the_visit_form_refuses_half_a_position_as_the_model_does(visit_form):
    form = visit_form(latitude="-5.1", longitude="")
    assert not form.is_valid()
    assert form.position_errors == [str(HALF_POSITION_MESSAGE)]


def test_the_visit_form_offers_the_rubric_of_the_year_and_reads_the_scores(visit_form, competencies):
    first, second, third = competencies(2)
    form = visit_form(**{f"score_{first.pk}": "4", f"score_{third.pk}": "1"})
    assert form.is_valid(), form.errors
    assert [f.name for f in form.score_fields] == [f"score_{c.pk}" for c in (first, second, third)]
    assert form.scores == {first.pk: 4, third.pk: 1}


def test_the_visit_form_rejects_a_score_outside_the_scale(visit_form, competencies):
    competency = competencies(2)[0]
    form = visit_form(**{f"score_{competency.pk}": "5"})
    assert f"score_{competency.pk}" in form.errors


# --- MeetingForm ------------------------------------------------------------------------
@pytest.fixture
def meeting_form(world, coordinator):
    valid = {
        "client_uuid": str(uuid.uuid4()),
        "network": world.network_a.pk,
        "date": today().isoformat(),
        "directors": "3",
        "teachers": "10",
        "parents": "0",
        "community_leaders": "0",
        "local_organizations": "0",
    }
    return lambda **changes: MeetingForm(data=valid | changes, networks=networks_visible_to(coordinator))


def test_a_complete_meeting_form_is_valid(meeting_form):
    form = meeting_form()
    assert form.is_valid(), form.errors
    assert form.participants == {
        "directors": 3,
        "teachers": 10,
        "parents": 0,
        "community_leaders": 0,
        "local_organizations": 0,
    }


def test_the_meeting_form_rejects_a_date_in_the_future(meeting_form):
    form = meeting_form(date=(today() + datetime.timedelta(days=1)).isoformat())
    assert form.errors["date"] == ["La fecha no puede ser posterior a hoy."]


def test_the_meeting_form_offers_only_my_networks(world, meeting_form):
    assert "network" in meeting_form(network=world.network_b.pk).errors


def test_the_meeting_form_rejects_a_negative_count(meeting_form):
    assert "parents" in meeting_form(parents="-1").errors
