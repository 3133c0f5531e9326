"""Every input the field-work pages take, given a malformed value: a clear Spanish answer, never a 500.

Letters where an id goes, half a number, a date in year 9999, a megabyte of text, a damaged hidden
field: each gets an error next to what the person can fix (or a plain page that says what happened), and
nothing is saved. Found by an outside review; each test failed on the code before the fix.
"""

import datetime
import re
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from networks.models import CoordinatorAssignment, NetworkMeeting, Visit, VisitPhoto

# What the person reads (asserted as text: the regression tests ran against the code before the fix too).
DAMAGED_FORM_MESSAGE = "El formulario llegó incompleto"
POSITION_INVALID_MESSAGE = "La ubicación recibida no es válida y no se guardó"
HALF_POSITION_MESSAGE = "La ubicación llegó incompleta y no se guardó"

CREATE = reverse("networks:visit-create")


def today() -> datetime.date:
    return timezone.localdate()


def uuids_in(html: str) -> list[str]:
    return re.findall(r'name="client_uuid" value="([^"]*)"', html)


# --- The visit form's school, from the URL and from the form ------------------------------------
@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "99999999999999999999999", "", "1e3", "%00"])
def test_a_malformed_school_in_the_url_opens_the_form_without_a_school(client_for, coordinator, value):
    response = client_for(coordinator).get(CREATE, {"school": value})

    assert response.status_code == 200
    assert response.context["school"] is None


def test_a_school_outside_my_networks_in_the_url_is_refused_in_words(world, client_for, coordinator):
    response = client_for(coordinator).get(CREATE, {"school": world.schools_b[0].pk})

    assert response.status_code == 200
    assert response.context["school"] is None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "La institución del enlace no existe o no está a su cargo: elíjala de la lista."
    ]


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999999"])
def test_a_malformed_school_in_the_form_is_an_error_next_to_the_school(client_for, coordinator, visit_data, value):
    response = client_for(coordinator).post(CREATE, {**visit_data, "school": value})

    assert response.status_code == 400
    assert response.context["form"].errors["school"]
    assert not Visit.objects.filter(client_uuid=visit_data["client_uuid"]).exists()


@pytest.mark.parametrize("value", ["abc", "1.5", ""])
def test_a_malformed_network_in_the_meeting_url_is_ignored(client_for, coordinator, value):
    response = client_for(coordinator).get(reverse("networks:meeting-create"), {"network": value})

    assert response.status_code == 200


# --- Hidden fields: the submission id, the version, the position --------------------------------
@pytest.mark.parametrize("value", ["abc", "", "1234"])
def test_a_damaged_submission_id_is_explained_and_replaced_by_a_fresh_one(client_for, coordinator, visit_data, value):
    response = client_for(coordinator).post(CREATE, {**visit_data, "client_uuid": value})

    assert response.status_code == 400
    html = response.content.decode()
    assert str(DAMAGED_FORM_MESSAGE) in html
    [fresh] = uuids_in(html)
    assert uuid.UUID(fresh)  # the next save goes through with a valid id
    assert "Leímos «El zorro y el cuy» en grupos pequeños." in html  # what was typed is still there
    assert Visit.objects.count() == 2 + 1  # the world's two visits and the former coordinator's


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("abc", "-80.6", POSITION_INVALID_MESSAGE),
        ("-5.2", "1e400", POSITION_INVALID_MESSAGE),
        ("95", "-80.6", POSITION_INVALID_MESSAGE),
        ("-5.2", "-181", POSITION_INVALID_MESSAGE),
        ("-5.123456789", "-80.6", POSITION_INVALID_MESSAGE),
        ("-5.2", "", HALF_POSITION_MESSAGE),
        ("", "-80.6", HALF_POSITION_MESSAGE),
    ],
)
def test_a_broken_position_is_reported_next_to_the_location_button_and_dropped(
    client_for, coordinator, visit_data, latitude, longitude, message
):
    response = client_for(coordinator).post(CREATE, {**visit_data, "latitude": latitude, "longitude": longitude})

    assert response.status_code == 400
    html = response.content.decode()
    gps_block = html[html.index("data-gps ") :]
    assert str(message) in gps_block[:2000]
    assert '<input type="hidden" name="latitude" value="">' in html  # the next save goes without it
    assert not Visit.objects.filter(client_uuid=visit_data["client_uuid"]).exists()


@pytest.mark.parametrize("version", ["abc", "1.5", "-3", ""])
def test_a_damaged_version_shows_the_saved_visit_and_keeps_what_was_typed(world, client_for, staff_user, version):
    visit = world.visit_a
    data = {
        "client_uuid": str(visit.client_uuid),
        "version": version,
        "kind": visit.kind,
        "teacher": visit.teacher_id,
        "date": visit.date.isoformat(),
        "observations": "Texto corregido por el personal.",
    }

    response = client_for(staff_user).post(reverse("networks:visit-edit", args=[visit.pk]), data)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Versión guardada por otra persona" in html
    assert "Texto corregido por el personal." in html
    assert f'name="version" value="{visit.version}"' in html  # the next save knowingly replaces it
    visit.refresh_from_db()
    assert visit.observations != "Texto corregido por el personal."


# --- Dates and text within bounds, said in the form -----------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("follow_up_on", "9999-12-31", "un año desde hoy"),
        ("date", "9999-12-31", "posterior a hoy"),
        ("date", "1900-01-01", "anterior al año 2000"),
        ("date", "31/02/2026", "Introduzca una fecha válida"),
        ("date", "2026-13-01", "Introduzca una fecha válida"),
        ("duration_minutes", "99999999999", "menor o igual a 600"),
        ("duration_minutes", "1.5", "número entero"),
    ],
)
def test_a_date_or_number_out_of_bounds_is_an_error_next_to_its_field(
    client_for, coordinator, visit_data, field, value, message
):
    response = client_for(coordinator).post(CREATE, {**visit_data, field: value})

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert Visit.objects.filter(client_uuid=visit_data["client_uuid"]).count() == 0


def test_the_follow_up_field_says_its_bounds(client_for, coordinator):
    html = client_for(coordinator).get(CREATE).content.decode()
    assert "Desde la fecha de la visita y hasta un año después de hoy." in html
    horizon = today() + datetime.timedelta(days=366)
    assert f'max="{horizon.isoformat()}"' in html


@pytest.mark.parametrize("field", ["observations", "agreements"])
def test_a_megabyte_of_text_is_refused_in_spanish(client_for, coordinator, visit_data, field):
    response = client_for(coordinator).post(CREATE, {**visit_data, field: "a" * 1_000_000})

    assert response.status_code == 400
    assert "como máximo 10000 caracteres" in " ".join(response.context["form"].errors[field])
    assert not Visit.objects.filter(client_uuid=visit_data["client_uuid"]).exists()


def test_the_text_boxes_stop_typing_at_the_limit(client_for, coordinator):
    html = client_for(coordinator).get(CREATE).content.decode()
    assert re.search(r'<textarea name="observations"[^>]*maxlength="10000"', html)


def test_three_megabytes_get_a_spanish_page_and_save_nothing(client_for, coordinator, visit_data):
    response = client_for(coordinator).post(CREATE, {**visit_data, "observations": "a" * 3_000_000})

    assert response.status_code == 400
    html = response.content.decode()
    assert "No pudimos recibir lo que envió" in html
    assert "Bad Request" not in html
    assert not Visit.objects.filter(client_uuid=visit_data["client_uuid"]).exists()


def test_the_meeting_form_bounds_its_text_and_date(world, client_for, coordinator):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "network": world.network_a.pk,
        "date": "9999-01-01",
        "directors": "2",
        "teachers": "99999999999",
        "parents": "0",
        "community_leaders": "0",
        "local_organizations": "0",
        "decisions": "x" * 10_001,
    }

    response = client_for(coordinator).post(reverse("networks:meeting-create"), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"date", "teachers", "decisions"}
    assert not NetworkMeeting.objects.filter(client_uuid=data["client_uuid"]).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts_on": "9999-12-31"}, "starts_on"),
        ({"starts_on": "1800-01-01"}, "starts_on"),
        ({"coordinator": "abc"}, "coordinator"),
        ({"coordinator": "1.5"}, "coordinator"),
    ],
)
def test_a_reassignment_far_in_the_future_or_malformed_is_refused(world, client_for, staff_user, data, field):
    before = list(CoordinatorAssignment.objects.values_list("pk", "ends_on"))
    post = {"coordinator": world.former_coordinator.pk, "starts_on": today().isoformat()} | data

    response = client_for(staff_user).post(reverse("networks:network-reassign", args=[world.network_a.pk]), post)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert list(CoordinatorAssignment.objects.values_list("pk", "ends_on")) == before


def test_the_reassignment_form_says_how_far_ahead_it_reaches(world, client_for, staff_user):
    html = client_for(staff_user).get(reverse("networks:network-reassign", args=[world.network_a.pk])).content
    assert "Hasta un año después de hoy." in html.decode()


# --- Consent: only a real yes -------------------------------------------------------------------
@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off", "", "null", "2"])
def test_photo_approval_records_consent_only_on_a_real_yes(world, client_for, staff_user, make_photo, value):
    photo = make_photo(world.visit_a)

    client_for(staff_user).post(reverse("networks:photo-approve", args=[photo.pk]), {"consent_recorded": value})

    photo.refresh_from_db()
    assert photo.approved_at is None
    assert photo.consent_recorded is False


@pytest.mark.parametrize("value", ["on", "yes", "true"])
def test_photo_approval_takes_the_browsers_ticked_box(world, client_for, staff_user, make_photo, value):
    photo = make_photo(world.visit_a)

    client_for(staff_user).post(reverse("networks:photo-approve", args=[photo.pk]), {"consent_recorded": value})

    assert VisitPhoto.objects.get(pk=photo.pk).consent_recorded is True


# --- Filters: a bad one is reported, the others still apply -----------------------------------
def test_a_bad_filter_keeps_the_valid_ones_and_says_which_failed(world, client_for, coordinator):
    home_visit = Visit.objects.create(
        coordinator=coordinator,
        school=world.schools_a[1],
        kind=Visit.Kind.HOME,
        date=today(),
        program_year=2,
    )

    response = client_for(coordinator).get(reverse("networks:visit-list"), {"kind": "home", "date_from": "abc"})

    assert response.status_code == 200
    assert [v.pk for v in response.context["page"]] == [home_visit.pk]  # the kind filter still applies
    assert response.context["filter_form"].errors["date_from"]
    assert "Un filtro no es válido y no se aplicó" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "xyz"},
        {"date_from": "9999-99-99"},
        {"date_to": "2026-02-30"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999"},
        {"kind": "classroom", "page": "1.5"},
    ],
)
@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("networks:visit-list"),
        lambda w: reverse("networks:school-detail", args=[w.schools_a[0].pk]),
        lambda w: reverse("networks:teacher-detail", args=[w.visit_a.teacher_id]),
        lambda w: reverse("networks:meeting-list"),
        lambda w: reverse("networks:photo-list"),
        lambda w: reverse("networks:network-list"),
    ],
)
def test_malformed_list_parameters_never_break_a_page(world, client_for, staff_user, page, query):
    assert client_for(staff_user).get(page(world), query).status_code == 200


@pytest.mark.parametrize("region", ["abc", "9" * 300, "20' OR 1=1 --", "%00"])
def test_a_malformed_region_filter_lists_no_network(client_for, staff_user, region):
    response = client_for(staff_user).get(reverse("networks:network-list"), {"region": region})
    assert response.status_code == 200
    assert list(response.context["page"]) == []
