"""Field-work services: logging and correcting visits, photos, meetings, reassigning a network.

The world (root conftest): network A (Piura, `coordinator`, program year 2 today) and network B (Cusco,
`other_coordinator`), three schools each with two teachers and a director, one classroom visit each.
"""

import datetime
import io
import os
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.tests.factories import CoordinatorFactory, SponsorUserFactory
from networks.models import CoordinatorAssignment, NetworkMeeting, Visit, VisitPhoto, VisitScore
from networks.services import (
    VisitConflictError,
    meeting_log,
    network_coordinator_reassign,
    photo_approve,
    photo_prepare,
    visit_log,
    visit_update,
)
from networks.tests.factories import CoordinatorAssignmentFactory, NetworkFactory, VisitFactory
from networks.tests.images import PHONE_MAKE, image_bytes, jpeg_upload
from schools.selectors import schools_visible_to
from schools.tests.factories import SchoolFactory


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def messages_of(excinfo) -> list[str]:
    return excinfo.value.messages


def log(user, school, **changes):
    """visit_log with a fresh client UUID and a director visit today unless the test says otherwise."""
    arguments = {"client_uuid": uuid.uuid4(), "kind": Visit.Kind.DIRECTOR, "date": today()} | changes
    return visit_log(user=user, school=school, **arguments)


def docente(world, school):
    return world.teachers_a.get(school.pk, world.teachers_b.get(school.pk))[0]


# --- visit_log --------------------------------------------------------------------------
def test_visit_log_creates_a_visit_with_the_program_year_of_the_networks_cohort(world, coordinator):
    school = world.schools_a[1]
    teacher = docente(world, school)
    visit, created = log(
        coordinator,
        school,
        kind=Visit.Kind.CLASSROOM,
        teacher=teacher,
        duration_minutes=45,
        observations="Lectura en voz alta con todo el grupo.",
        agreements="Preparar el sector de lectura.",
        follow_up_on=today() + datetime.timedelta(days=14),
    )
    assert created is True
    visit.refresh_from_db()
    assert (visit.coordinator, visit.school, visit.teacher) == (coordinator, school, teacher)
    assert visit.program_year == 2  # the network started its year 1 last school year
    assert visit.version == 1
    assert visit.history.count() == 1


def test_visit_log_takes_the_program_year_of_the_visits_date_not_of_today(world, coordinator):
    last_december = datetime.date(today().year - 1, 12, 31)
    visit, _ = log(coordinator, world.schools_a[1], date=last_december)
    assert visit.program_year == 1


def test_visit_log_twice_with_the_same_client_uuid_returns_the_first_visit(world, coordinator):
    client_uuid = uuid.uuid4()
    first, created_first = log(coordinator, world.schools_a[1], client_uuid=client_uuid, observations="Primera")
    again, created_again = log(coordinator, world.schools_a[1], client_uuid=client_uuid, observations="Segunda")
    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert Visit.objects.filter(client_uuid=client_uuid).count() == 1
    assert Visit.objects.get(client_uuid=client_uuid).observations == "Primera"


def test_visit_log_refuses_another_user_reusing_a_client_uuid(world, coordinator, other_coordinator):
    client_uuid = uuid.uuid4()
    log(coordinator, world.schools_a[1], client_uuid=client_uuid)
    with pytest.raises(PermissionDenied):
        log(other_coordinator, world.schools_b[1], client_uuid=client_uuid)
    assert Visit.objects.filter(client_uuid=client_uuid).count() == 1


def test_visit_log_rejects_a_school_outside_my_networks(world, coordinator):
    with pytest.raises(PermissionDenied):
        log(coordinator, world.schools_b[0])
    with pytest.raises(PermissionDenied):
        log(coordinator, SchoolFactory(network=None))


@pytest.mark.parametrize("persona", ["staff", "sponsor"])
def test_visit_log_is_for_coordinators_only(world, user_of, persona):
    with pytest.raises(PermissionDenied):
        log(user_of(persona), world.schools_a[0])


def test_visit_log_rejects_a_school_of_a_former_network(world, coordinator):
    world.assignment_a.ends_on = days_ago(1)
    world.assignment_a.save()
    with pytest.raises(PermissionDenied):
        log(coordinator, world.schools_a[1])


def test_visit_log_rejects_a_date_in_the_future(world, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], date=today() + datetime.timedelta(days=1))
    assert excinfo.value.message_dict["date"] == ["La fecha no puede ser posterior a hoy."]
    assert not Visit.objects.filter(school=world.schools_a[1]).exists()


def test_visit_log_rejects_a_date_before_the_network_joined_the_program(world, coordinator):
    before = datetime.date(world.network_a.cohort_start_year - 1, 12, 31)
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], date=before)
    [message] = excinfo.value.message_dict["date"]
    assert message == "En esa fecha la institución no pertenecía a ninguna red del programa."


def test_visit_log_rejects_a_date_before_the_network_started_even_for_an_early_member(world, coordinator):
    membership = world.schools_a[1].memberships.get()
    membership.joined_on = datetime.date(world.network_a.cohort_start_year - 2, 3, 1)
    membership.save()
    before = datetime.date(world.network_a.cohort_start_year - 1, 12, 31)
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], date=before)
    [message] = excinfo.value.message_dict["date"]
    assert "anterior al ingreso de la red" in message


def test_visit_log_rejects_a_date_after_the_network_graduated(world, coordinator):
    graduated = NetworkFactory(cohort_start_year=today().year - 5)  # year 6 today: graduated
    CoordinatorAssignmentFactory(coordinator=coordinator, network=graduated)
    school = SchoolFactory(network=graduated)
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, school, date=today())
    assert excinfo.value.message_dict["date"] == ["En esa fecha la red ya había egresado del programa."]


def test_visit_log_rejects_a_classroom_visit_without_a_teacher(world, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], kind=Visit.Kind.CLASSROOM, teacher=None)
    assert excinfo.value.message_dict["teacher"] == ["Una visita en aula necesita el o la docente observado(a)."]


def test_visit_log_rejects_a_teacher_of_another_school(world, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], kind=Visit.Kind.CLASSROOM, teacher=docente(world, world.schools_a[2]))
    assert excinfo.value.message_dict["teacher"] == ["El o la docente no pertenece a esta institución educativa."]


def test_visit_log_rejects_a_follow_up_before_the_visit(world, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], date=today(), follow_up_on=days_ago(1))
    assert excinfo.value.message_dict["follow_up_on"] == ["La fecha de seguimiento no puede ser anterior a la visita."]


def test_visit_log_saves_the_rubric_of_the_networks_program_year(world, coordinator, competencies):
    first, second, _third = competencies(2)
    visit, _ = log(coordinator, world.schools_a[1], scores={first.pk: 3, second.pk: "4", _third.pk: ""})
    assert {s.competency_id: s.score for s in visit.scores.all()} == {first.pk: 3, second.pk: 4}


def test_visit_log_rejects_scores_of_a_competency_of_another_program_year(world, coordinator, competencies):
    year_one = competencies(1)[0]
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], scores={year_one.pk: 3})
    assert messages_of(excinfo) == ["La rúbrica no corresponde al año 2 del programa: revise los puntajes."]
    assert not Visit.objects.filter(school=world.schools_a[1]).exists()  # nothing half-saved


@pytest.mark.parametrize("score", [0, 5, -1])
def test_visit_log_rejects_scores_outside_1_to_4(world, coordinator, competencies, score):
    competency = competencies(2)[0]
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], scores={competency.pk: score})
    assert messages_of(excinfo) == ["Cada puntaje de la rúbrica va de 1 a 4."]
    assert not Visit.objects.filter(school=world.schools_a[1]).exists()
    assert not VisitScore.objects.filter(competency=competency).exists()


def test_visit_log_attaches_up_to_three_photos(world, coordinator, photo_files):
    photos = [photo_prepare(jpeg_upload()) for _ in range(3)]
    visit, _ = log(coordinator, world.schools_a[1], photos=photos)
    assert visit.photos.count() == 3
    assert all(photo.image.storage.exists(photo.image.name) for photo in visit.photos.all())


def test_visit_log_rejects_a_fourth_photo_and_saves_nothing(world, coordinator, photo_files):
    photos = [photo_prepare(jpeg_upload()) for _ in range(4)]
    with pytest.raises(ValidationError) as excinfo:
        log(coordinator, world.schools_a[1], photos=photos)
    assert excinfo.value.message_dict["photos"] == ["Una visita tiene como máximo 3 fotos."]
    assert not Visit.objects.filter(school=world.schools_a[1]).exists()
    assert not VisitPhoto.objects.exists()


# --- visit_update -----------------------------------------------------------------------
def age(visit, days: int) -> Visit:
    """Pretend the visit was logged `days` ago (the edit window runs from when it was logged)."""
    Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    visit.refresh_from_db()
    return visit


def test_visit_update_lets_a_coordinator_correct_their_visit_within_the_edit_window(world, coordinator):
    visit = age(world.visit_a, settings.CEE_VISIT_EDIT_DAYS - 1)
    updated = visit_update(user=coordinator, visit=visit, expected_version=1, observations="Corregido en campo.")
    visit.refresh_from_db()
    assert updated.version == visit.version == 2
    assert visit.observations == "Corregido en campo."


def test_visit_update_records_the_change_in_the_visits_history(world, coordinator):
    visit = world.visit_a
    visit_update(user=coordinator, visit=visit, expected_version=1, agreements="Nuevo acuerdo.")
    newest, previous = visit.history.order_by("-history_date")[:2]
    assert newest.history_type == "~"
    changed = {change.field: (change.old, change.new) for change in newest.diff_against(previous).changes}
    assert changed["agreements"] == ("Preparar material para la próxima visita.", "Nuevo acuerdo.")
    assert (previous.version, newest.version) == (1, 2)
    assert str(coordinator) in newest.history_change_reason


def test_visit_update_refuses_a_coordinator_after_the_edit_window(world, coordinator):
    visit = age(world.visit_a, settings.CEE_VISIT_EDIT_DAYS + 1)
    with pytest.raises(PermissionDenied):
        visit_update(user=coordinator, visit=visit, expected_version=1, observations="Tarde.")
    visit.refresh_from_db()
    assert (visit.version, visit.observations) == (1, "Se observó la sesión de lectura.")


def test_visit_update_refuses_another_coordinator(world, other_coordinator):
    with pytest.raises(PermissionDenied):
        visit_update(user=other_coordinator, visit=world.visit_a, expected_version=1, observations="Ajeno.")


def test_visit_update_refuses_the_coordinator_once_the_network_is_no_longer_theirs(world, coordinator):
    world.assignment_a.ends_on = days_ago(1)
    world.assignment_a.save()
    with pytest.raises(PermissionDenied):
        visit_update(user=coordinator, visit=world.visit_a, expected_version=1, observations="Ya no es mi red.")


def test_visit_update_refuses_a_sponsor(world, sponsor_user):
    with pytest.raises(PermissionDenied):
        visit_update(user=sponsor_user, visit=world.visit_a, expected_version=1, observations="No.")


def test_visit_update_lets_staff_correct_any_visit_at_any_time(world, staff_user):
    visit = age(world.visit_b, 400)
    visit_update(user=staff_user, visit=visit, expected_version=1, duration_minutes=90)
    visit.refresh_from_db()
    assert (visit.duration_minutes, visit.version, visit.coordinator) == (90, 2, world.other_coordinator)


def test_visit_update_with_a_stale_version_raises_a_conflict_and_saves_nothing(world, coordinator, staff_user):
    visit = world.visit_a
    visit_update(user=staff_user, visit=visit, expected_version=1, observations="Versión de IPAE.")
    with pytest.raises(VisitConflictError) as excinfo:
        visit_update(user=coordinator, visit=visit, expected_version=1, observations="Versión de campo.")
    assert "Otra persona guardó cambios en esta visita" in messages_of(excinfo)[0]
    visit.refresh_from_db()
    assert (visit.version, visit.observations) == (2, "Versión de IPAE.")
    assert visit.history.count() == 2  # created + the staff edit; the conflicting edit left no trace


def test_visit_update_replaces_the_rubric(world, coordinator, competencies):
    first, second, third = competencies(2)
    visit, _ = log(coordinator, world.schools_a[1], scores={first.pk: 1, second.pk: 2})
    visit_update(user=coordinator, visit=visit, expected_version=1, scores={second.pk: 4, third.pk: 3})
    assert {s.competency_id: s.score for s in visit.scores.all()} == {second.pk: 4, third.pk: 3}


def test_visit_update_rejects_fields_it_may_not_change(world, coordinator, other_coordinator):
    with pytest.raises(TypeError):
        visit_update(user=coordinator, visit=world.visit_a, expected_version=1, coordinator=other_coordinator)


def test_visit_update_applies_the_visit_rules(world, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        visit_update(user=coordinator, visit=world.visit_a, expected_version=1, date=today() + datetime.timedelta(1))
    assert excinfo.value.message_dict["date"] == ["La fecha no puede ser posterior a hoy."]
    world.visit_a.refresh_from_db()
    assert world.visit_a.version == 1


def test_visit_update_keeps_a_visit_at_three_photos(world, coordinator, make_photo):
    visit = world.visit_a
    make_photo(visit)
    make_photo(visit)
    with pytest.raises(ValidationError) as excinfo:
        visit_update(
            user=coordinator,
            visit=visit,
            expected_version=1,
            photos=[photo_prepare(jpeg_upload()), photo_prepare(jpeg_upload())],
        )
    assert excinfo.value.message_dict["photos"] == ["Una visita tiene como máximo 3 fotos."]
    assert visit.photos.count() == 2


# --- photo_prepare ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "name", "content_type"),
    [("JPEG", "foto.jpg", "image/jpeg"), ("PNG", "foto.png", "image/png"), ("HEIF", "IMG_0001.HEIC", "image/heic")],
)
def test_photo_prepare_re_encodes_jpeg_png_and_heic_as_jpeg(fmt, name, content_type):
    upload = SimpleUploadedFile(name, image_bytes(fmt, (120, 80)), content_type=content_type)
    prepared = photo_prepare(upload)
    with Image.open(io.BytesIO(prepared.content.read())) as image:
        assert image.format == "JPEG"
        assert image.size == (prepared.width, prepared.height) == (120, 80)


def test_photo_prepare_strips_exif_including_the_location():
    original = image_bytes("JPEG", (200, 100), with_exif=True)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the test photo does carry GPS data
    assert PHONE_MAKE.encode() in original

    prepared = photo_prepare(SimpleUploadedFile("foto.jpg", original, content_type="image/jpeg"))
    stored = prepared.content.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    assert b"Exif" not in stored
    assert b"GPS" not in stored
    assert PHONE_MAKE.encode() not in stored


def test_photo_prepare_shrinks_a_photo_to_1600_px_on_its_longest_side():
    prepared = photo_prepare(jpeg_upload(size=(3200, 2000)))
    assert (prepared.width, prepared.height) == (1600, 1000)
    with Image.open(io.BytesIO(prepared.content.read())) as image:
        assert image.size == (1600, 1000)


def test_photo_prepare_rejects_a_text_file_named_like_a_photo():
    upload = SimpleUploadedFile("notas.jpg", b"Esto no es una foto.\n" * 20, content_type="image/jpeg")
    with pytest.raises(ValidationError) as excinfo:
        photo_prepare(upload)
    assert messages_of(excinfo) == ["El archivo «notas.jpg» no es una foto JPEG, PNG o HEIC válida."]


def test_photo_prepare_rejects_a_gif():
    upload = SimpleUploadedFile("animado.jpg", image_bytes("GIF"), content_type="image/jpeg")
    with pytest.raises(ValidationError) as excinfo:
        photo_prepare(upload)
    assert "no es una foto JPEG, PNG o HEIC válida" in messages_of(excinfo)[0]


def test_photo_prepare_rejects_a_photo_over_the_size_limit(settings):
    settings.CEE_PHOTO_MAX_UPLOAD_MB = 1
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    buffer = io.BytesIO()
    noise.save(buffer, format="JPEG", quality=95)
    assert buffer.tell() > 1024 * 1024
    upload = SimpleUploadedFile("grande.jpg", buffer.getvalue(), content_type="image/jpeg")
    with pytest.raises(ValidationError) as excinfo:
        photo_prepare(upload)
    assert messages_of(excinfo) == ["La foto «grande.jpg» pesa más de 1 MB. Elija una foto más liviana."]


def test_a_stored_photo_has_a_random_name_in_private_storage(world, coordinator, photo_files):
    upload = jpeg_upload(name="casa-de-rosa-en-chulucanas.jpg")
    visit, _ = log(coordinator, world.schools_a[1], photos=[photo_prepare(upload)])
    [photo] = visit.photos.all()
    assert "casa" not in photo.image.name
    assert re.fullmatch(r"visits/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", photo.image.name)
    path = Path(photo.image.path).resolve()
    assert path.is_file()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert photo.size_bytes == path.stat().st_size
    assert (photo.width, photo.height) == (64, 48)


# --- photo_approve ----------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["coordinator", "sponsor"])
def test_photo_approve_is_for_staff_only(world, user_of, make_photo, persona):
    photo = make_photo(world.visit_a)
    with pytest.raises(PermissionDenied):
        photo_approve(user=user_of(persona), photo=photo, consent_recorded=True)
    photo.refresh_from_db()
    assert photo.approved_at is None


def test_photo_approve_requires_the_parents_consent(world, staff_user, make_photo):
    photo = make_photo(world.visit_a)
    with pytest.raises(ValidationError) as excinfo:
        photo_approve(user=staff_user, photo=photo, consent_recorded=False)
    assert excinfo.value.message_dict["consent_recorded"] == [
        "Confirme que la institución tiene el consentimiento de los padres."
    ]
    photo.refresh_from_db()
    assert photo.approved_at is None


def test_photo_approve_records_when_and_by_whom(world, staff_user, make_photo):
    photo = make_photo(world.visit_a)
    before = timezone.now()
    photo_approve(user=staff_user, photo=photo, consent_recorded=True)
    photo.refresh_from_db()
    assert photo.consent_recorded is True
    assert photo.approved_by == staff_user
    assert before <= photo.approved_at <= timezone.now()


def test_photo_approve_keeps_the_note_the_sponsor_reads_on_one_line(world, staff_user, make_photo):
    photo = make_photo(world.visit_a)
    photo_approve(user=staff_user, photo=photo, consent_recorded=True, note="  Feria de lectura\n con las familias. ")
    photo.refresh_from_db()
    assert photo.story_note == "Feria de lectura con las familias."


def test_photo_approve_refuses_a_note_too_long_and_approves_nothing(world, staff_user, make_photo):
    photo = make_photo(world.visit_a)
    with pytest.raises(ValidationError) as excinfo:
        photo_approve(user=staff_user, photo=photo, consent_recorded=True, note="x" * 1_000_000)
    assert "story_note" in excinfo.value.message_dict
    photo.refresh_from_db()
    assert (photo.approved_at, photo.story_note) == (None, "")


def test_photo_approve_a_second_time_changes_nothing_not_even_the_note(world, staff_user, make_photo):
    photo = photo_approve(user=staff_user, photo=make_photo(world.visit_a), consent_recorded=True, note="Primera.")
    photo_approve(user=staff_user, photo=photo, consent_recorded=True, note="Segunda.")
    photo.refresh_from_db()
    assert photo.story_note == "Primera."


# --- meeting_log ------------------------------------------------------------------------
def meet(user, network, **changes):
    arguments = {"client_uuid": uuid.uuid4(), "date": days_ago(2), "directors": 4, "teachers": 9} | changes
    return meeting_log(user=user, network=network, **arguments)


def test_meeting_log_records_a_meeting_of_my_network(world, coordinator):
    meeting, created = meet(coordinator, world.network_a, parents=15, decisions="Feria de lectura en junio.")
    assert created is True
    meeting.refresh_from_db()
    assert (meeting.network, meeting.coordinator, meeting.participant_count) == (world.network_a, coordinator, 28)


def test_meeting_log_twice_with_the_same_client_uuid_creates_one_meeting(world, coordinator):
    client_uuid = uuid.uuid4()
    first, created_first = meet(coordinator, world.network_a, client_uuid=client_uuid)
    again, created_again = meet(coordinator, world.network_a, client_uuid=client_uuid, parents=3)
    assert (created_first, created_again, again.pk) == (True, False, first.pk)
    assert NetworkMeeting.objects.filter(client_uuid=client_uuid).count() == 1


def test_meeting_log_refuses_another_user_reusing_a_client_uuid(world, coordinator, other_coordinator):
    client_uuid = uuid.uuid4()
    meet(coordinator, world.network_a, client_uuid=client_uuid)
    with pytest.raises(PermissionDenied):
        meet(other_coordinator, world.network_b, client_uuid=client_uuid)


def test_meeting_log_rejects_a_network_that_is_not_mine(world, coordinator):
    with pytest.raises(PermissionDenied):
        meet(coordinator, world.network_b)


@pytest.mark.parametrize("persona", ["staff", "sponsor"])
def test_meeting_log_is_for_coordinators_only(world, user_of, persona):
    with pytest.raises(PermissionDenied):
        meet(user_of(persona), world.network_a)


def test_meeting_log_requires_at_least_one_participant(world, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        meet(coordinator, world.network_a, directors=0, teachers=0)
    assert messages_of(excinfo) == ["Registre cuántas personas participaron, al menos una."]
    assert not NetworkMeeting.objects.filter(network=world.network_a, date=days_ago(2)).exists()


def test_meeting_log_rejects_a_date_before_the_program_started(world, coordinator):
    before = world.network_a.program_start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        meet(coordinator, world.network_a, date=before)
    [message] = excinfo.value.message_dict["date"]
    assert "anterior al ingreso de la red" in message


def test_meeting_log_rejects_a_date_after_the_network_graduated(world, coordinator):
    world.network_a.cohort_start_year = today().year - 5  # today is its sixth year: graduated
    world.network_a.save()
    with pytest.raises(ValidationError) as excinfo:
        meet(coordinator, world.network_a, date=today())
    assert excinfo.value.message_dict["date"] == ["En esa fecha la red ya había egresado del programa."]


def test_meeting_log_rejects_a_date_in_the_future(world, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        meet(coordinator, world.network_a, date=today() + datetime.timedelta(days=1))
    assert excinfo.value.message_dict["date"] == ["La fecha no puede ser posterior a hoy."]


# --- network_coordinator_reassign -------------------------------------------------------
@pytest.mark.parametrize("persona", ["coordinator", "sponsor"])
def test_network_coordinator_reassign_is_for_staff_only(world, user_of, persona):
    with pytest.raises(PermissionDenied):
        network_coordinator_reassign(
            user=user_of(persona), network=world.network_a, coordinator=CoordinatorFactory(), starts_on=today()
        )


def test_network_coordinator_reassign_hands_the_network_over_and_keeps_the_history(world, staff_user, coordinator):
    past_visit = VisitFactory(coordinator=coordinator, school=world.schools_a[1], date=days_ago(10))
    successor = CoordinatorFactory()

    assignment = network_coordinator_reassign(
        user=staff_user, network=world.network_a, coordinator=successor, starts_on=today()
    )

    world.assignment_a.refresh_from_db()
    assert world.assignment_a.ends_on == days_ago(1)
    assert (assignment.coordinator, assignment.starts_on, assignment.ends_on) == (successor, today(), None)
    assert CoordinatorAssignment.objects.filter(network=world.network_a).count() == 2
    past_visit.refresh_from_db()
    world.visit_a.refresh_from_db()
    assert past_visit.coordinator == world.visit_a.coordinator == coordinator
    assert set(schools_visible_to(successor)) == set(world.schools_a)
    assert not schools_visible_to(coordinator).exists()


def test_network_coordinator_reassign_from_a_future_date_keeps_the_current_coordinator_until_then(
    world, staff_user, coordinator
):
    successor = CoordinatorFactory()
    network_coordinator_reassign(
        user=staff_user, network=world.network_a, coordinator=successor, starts_on=today() + datetime.timedelta(10)
    )
    assert set(schools_visible_to(coordinator)) == set(world.schools_a)
    assert not schools_visible_to(successor).exists()


def test_network_coordinator_reassign_refuses_a_start_not_after_the_current_one(world, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        network_coordinator_reassign(
            user=staff_user,
            network=world.network_a,
            coordinator=CoordinatorFactory(),
            starts_on=world.assignment_a.starts_on,
        )
    [message] = excinfo.value.message_dict["starts_on"]
    assert message.startswith("La nueva asignación debe empezar después del")
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.ends_on is None
    assert CoordinatorAssignment.objects.filter(network=world.network_a).count() == 1


def test_network_coordinator_reassign_refuses_the_current_coordinator(world, staff_user, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        network_coordinator_reassign(
            user=staff_user, network=world.network_a, coordinator=coordinator, starts_on=today()
        )
    assert excinfo.value.message_dict["coordinator"] == ["Esta persona ya coordina la red."]


def test_network_coordinator_reassign_refuses_someone_who_is_not_a_coordinator(world, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        network_coordinator_reassign(
            user=staff_user, network=world.network_a, coordinator=SponsorUserFactory(), starts_on=today()
        )
    assert excinfo.value.message_dict["coordinator"] == ["Elija un(a) coordinador(a) de red activo(a)."]


def test_network_coordinator_reassign_gives_an_uncoordinated_network_its_first_coordinator(world, staff_user):
    network = NetworkFactory()
    school = SchoolFactory(network=network)
    newcomer = CoordinatorFactory()
    network_coordinator_reassign(user=staff_user, network=network, coordinator=newcomer, starts_on=today())
    assert list(schools_visible_to(newcomer)) == [school]
