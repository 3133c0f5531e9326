"""The visit pages (`networks.views.visits`): the list, the form coordinators log a visit with, the visit,
its correction (edit) and its history.

Gates: anonymous → login, wrong role → 403, out of scope → 404, allowed → 200 (checks in `helpers.py`);
the happy POSTs of the log and edit forms and their refusals. The world (root conftest): network A (Piura,
`coordinator`) and network B (Cusco, `other_coordinator`); a graduated network whose former coordinator
keeps only their past visit.

Two sections are regression tests, and each of their tests failed on the code before the fix:
- Malformed input, found by an outside review: letters where an id goes, half a number, a date in year
  9999, a megabyte of text, a damaged hidden field. Each gets an error next to what the person can fix (or
  a plain page that says what happened), and nothing is saved.
- Correcting a visit as real data is (found by crawling the seeded demo): bulk-loaded without history,
  schools that changed network, teachers who left.
"""

import datetime
import re
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from networks import services
from networks.models import SchoolMembership, Visit
from networks.tests.factories import NetworkFactory, VisitFactory
from networks.tests.helpers import (
    COORDINATORS,
    MALFORMED_LIST_QUERIES,
    NOT_STAFF,
    SPONSORS,
    Page,
    Scope,
    assert_allowed_people_get_the_page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_forbidden_roles_get_403,
    assert_out_of_scope_answers_404,
    days_ago,
    page_id,
    scope_ids,
    today,
)
from networks.tests.images import jpeg_upload

PAGES = [
    Page("visit-list", allowed=("staff", *COORDINATORS), forbidden=SPONSORS),
    Page("visit-create", allowed=COORDINATORS, forbidden=("staff", *SPONSORS)),
    Page("visit-detail", lambda o: [o.visit_a.pk], allowed=("staff", "coordinator"), forbidden=SPONSORS),
    Page("visit-edit", lambda o: [o.visit_a.pk], allowed=("staff", "coordinator"), forbidden=SPONSORS),
    Page("visit-history", lambda o: [o.visit_a.pk], allowed=("staff",), forbidden=NOT_STAFF),
]

SCOPE: list[Scope] = [
    ("visit-detail", "other_coordinator", lambda o: [o.visit_a.pk]),
    ("visit-detail", "coordinator", lambda o: [o.visit_b.pk]),
    ("visit-edit", "other_coordinator", lambda o: [o.visit_a.pk]),
    ("visit-history", "staff", lambda o: [o.visit_a.pk + 1000]),  # a visit that does not exist
]

CREATE = reverse("networks:visit-create")

# What the person reads (asserted as text: the regression tests ran against the code before the fix too).
DAMAGED_FORM_MESSAGE = "El formulario llegó incompleto"
POSITION_INVALID_MESSAGE = "La ubicación recibida no es válida y no se guardó"
HALF_POSITION_MESSAGE = "La ubicación llegó incompleta y no se guardó"


def field_block(html: str, name: str) -> str:
    """The HTML of one crispy field, from its wrapper to the next field's wrapper."""
    start = html.index(f'id="div_id_{name}"')
    end = html.find('id="div_id_', start + 1)
    return html[start : end if end != -1 else len(html)]


def uuids_in(html: str) -> list[str]:
    return re.findall(r'name="client_uuid" value="([^"]*)"', html)


def edit_data(visit, **changes) -> dict:
    """A POST of the edit form that saves the visit as it is, but for `changes`."""
    data = {
        "client_uuid": str(visit.client_uuid),
        "version": str(visit.version),
        "kind": visit.kind,
        "teacher": visit.teacher_id or "",
        "date": visit.date.isoformat(),
        "duration_minutes": visit.duration_minutes or "",
        "observations": visit.observations,
        "agreements": visit.agreements,
        "follow_up_on": visit.follow_up_on.isoformat() if visit.follow_up_on else "",
    }
    return data | changes


def edit(client, visit, **changes):
    return client.post(reverse("networks:visit-edit", args=[visit.pk]), edit_data(visit, **changes))


def bulk_loaded_visit(world) -> Visit:
    """A visit written as seed_demo and imports write them: bulk_create, no history record."""
    [visit] = Visit.objects.bulk_create(
        [
            Visit(
                coordinator=world.coordinator,
                school=world.schools_a[2],
                kind=Visit.Kind.DIRECTOR,
                date=timezone.localdate() - datetime.timedelta(days=40),
                program_year=2,
                observations="Cargada en bloque.",
            )
        ]
    )
    assert not visit.history.exists()
    return visit


# --- GET: the four answers --------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_anonymous_people_are_sent_to_the_login_page(db, client, page):
    assert_anonymous_is_sent_to_the_login_page(client, page)


@pytest.mark.parametrize("page", [p for p in PAGES if p.forbidden], ids=page_id)
def test_a_role_that_may_not_use_the_page_gets_403(objects, client_for, user_of, page):
    assert_forbidden_roles_get_403(objects, client_for, user_of, page)


@pytest.mark.parametrize(("name", "persona", "args"), SCOPE, ids=scope_ids(SCOPE))
def test_an_object_out_of_scope_answers_404(objects, client_for, user_of, name, persona, args):
    assert_out_of_scope_answers_404(objects, client_for, user_of, name, persona, args)


@pytest.mark.parametrize("page", [p for p in PAGES if p.allowed], ids=page_id)
def test_allowed_people_get_the_page(objects, client_for, user_of, page):
    assert_allowed_people_get_the_page(objects, client_for, user_of, page)


# --- Scope details ----------------------------------------------------------------------
def test_a_coordinator_reads_but_may_not_edit_their_visit_of_a_former_network(world, client_for, coordinator):
    world.assignment_a.ends_on = days_ago(1)
    world.assignment_a.save()
    client = client_for(coordinator)
    assert client.get(reverse("networks:visit-detail", args=[world.visit_a.pk])).status_code == 200
    assert client.get(reverse("networks:visit-edit", args=[world.visit_a.pk])).status_code == 403
    assert client.get(reverse("networks:school-detail", args=[world.schools_a[0].pk])).status_code == 404


# --- visit-create -----------------------------------------------------------------------
def test_visit_create_logs_a_visit_with_a_photo_and_the_rubric(world, client_for, coordinator, visit_data, photo_files):
    before = Visit.objects.count()
    response = client_for(coordinator).post(
        reverse("networks:visit-create"), {**visit_data, "photos": jpeg_upload(with_exif=True)}
    )

    assert response.status_code == 302
    visit = Visit.objects.get(client_uuid=visit_data["client_uuid"])
    location = urlparse(response["Location"])
    assert location.path == reverse("networks:visit-detail", args=[visit.pk])
    assert parse_qs(location.query)["saved"] == [visit_data["client_uuid"]]
    assert Visit.objects.count() == before + 1
    assert (visit.coordinator, visit.school_id, visit.program_year) == (coordinator, visit_data["school"], 2)
    assert visit.observations == visit_data["observations"]
    assert sorted(s.score for s in visit.scores.all()) == [2, 3]
    assert visit.photos.count() == 1
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Visita guardada."]


def test_visit_create_posted_twice_creates_one_visit(world, client_for, coordinator, visit_data, photo_files):
    client = client_for(coordinator)
    url = reverse("networks:visit-create")
    first = client.post(url, {**visit_data, "photos": jpeg_upload()})
    before = Visit.objects.count()
    again = client.post(url, {**visit_data, "photos": jpeg_upload()})  # a double tap, or a retry

    assert again.status_code == 302
    assert urlparse(again["Location"]).path == urlparse(first["Location"]).path
    assert Visit.objects.count() == before
    visit = Visit.objects.get(client_uuid=visit_data["client_uuid"])
    assert visit.photos.count() == 1
    assert "no se duplicó" in [str(m) for m in get_messages(again.wsgi_request)][-1]


def test_an_invalid_visit_answers_400_with_errors_next_to_the_fields_and_keeps_what_was_typed(
    world, client_for, coordinator, visit_data
):
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    data = {**visit_data, "date": tomorrow, "teacher": "", "follow_up_on": ""}
    before = Visit.objects.count()

    response = client_for(coordinator).post(reverse("networks:visit-create"), data)

    assert response.status_code == 400
    assert Visit.objects.count() == before
    html = response.content.decode()
    assert "La fecha no puede ser posterior a hoy." in field_block(html, "date")
    assert "Una visita en aula necesita el o la docente observado(a)." in field_block(html, "teacher")
    assert "Leímos «El zorro y el cuy» en grupos pequeños." in field_block(html, "observations")
    assert "Armar el sector de lectura." in field_block(html, "agreements")
    assert f'value="{tomorrow}"' in field_block(html, "date")
    assert f'value="{visit_data["client_uuid"]}"' in html  # the retry keeps the same submission id


def test_an_invalid_visit_with_a_photo_asks_to_choose_the_photo_again(world, client_for, coordinator, visit_data):
    data = {**visit_data, "teacher": "", "photos": jpeg_upload()}
    response = client_for(coordinator).post(reverse("networks:visit-create"), data)
    assert response.status_code == 400
    assert "vuelva a elegirlas" in response.content.decode()


def test_visit_create_refuses_a_school_of_another_network(world, client_for, coordinator, visit_data):
    school = world.schools_b[1]
    data = {**visit_data, "school": school.pk, "teacher": world.teachers_b[school.pk][0].pk}
    response = client_for(coordinator).post(reverse("networks:visit-create"), data)
    assert response.status_code == 400
    assert not Visit.objects.filter(client_uuid=visit_data["client_uuid"]).exists()
    assert response.context["form"].errors["school"]


def test_visit_create_rejects_a_file_that_is_not_a_photo(world, client_for, coordinator, visit_data):
    fake = SimpleUploadedFile("notas.jpg", b"solo texto", content_type="image/jpeg")
    response = client_for(coordinator).post(reverse("networks:visit-create"), {**visit_data, "photos": fake})
    assert response.status_code == 400
    assert response.context["form"].errors["photos"]
    assert not Visit.objects.filter(client_uuid=visit_data["client_uuid"]).exists()


# --- visit-edit -------------------------------------------------------------------------
def test_visit_edit_saves_a_change_and_records_who_made_it(world, client_for, coordinator):
    visit = world.visit_a
    response = client_for(coordinator).post(
        reverse("networks:visit-edit", args=[visit.pk]), edit_data(visit, observations="Corregido.")
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.observations, visit.version) == ("Corregido.", 2)
    assert visit.history.latest().history_user == coordinator


def test_visit_edit_with_a_stale_version_answers_409_and_keeps_what_was_typed(world, client_for, coordinator):
    visit = world.visit_a
    opened = edit_data(visit, observations="Mi versión escrita en el aula.")
    # Meanwhile IPAE corrects the visit.
    Visit.objects.filter(pk=visit.pk).update(version=2, observations="Versión de IPAE.")

    response = client_for(coordinator).post(reverse("networks:visit-edit", args=[visit.pk]), opened)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Otra persona guardó cambios en esta visita mientras usted la editaba." in html
    assert "Mi versión escrita en el aula." in field_block(html, "observations")
    assert "Versión de IPAE." in html  # the saved version is shown next to it
    visit.refresh_from_db()
    assert (visit.version, visit.observations) == (2, "Versión de IPAE.")
    assert response.context["form"].data["version"] == 2  # saving again knowingly replaces it


def test_visit_edit_answers_403_to_the_coordinator_after_the_edit_window(world, client_for, coordinator, settings):
    visit = world.visit_a
    logged = timezone.now() - datetime.timedelta(days=settings.CEE_VISIT_EDIT_DAYS + 1)
    Visit.objects.filter(pk=visit.pk).update(created_at=logged)
    client = client_for(coordinator)
    url = reverse("networks:visit-edit", args=[visit.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(visit, observations="Tarde.")).status_code == 403
    visit.refresh_from_db()
    assert visit.observations != "Tarde."
    detail = client.get(reverse("networks:visit-detail", args=[visit.pk]))
    assert detail.context["can_edit"] is False


def test_staff_may_open_the_edit_form_of_an_old_visit(world, client_for, staff_user):
    Visit.objects.filter(pk=world.visit_b.pk).update(created_at=timezone.now() - datetime.timedelta(days=300))
    assert client_for(staff_user).get(reverse("networks:visit-edit", args=[world.visit_b.pk])).status_code == 200


# --- visit-history ----------------------------------------------------------------------
def test_the_visit_history_names_the_changed_fields_in_spanish(world, client_for):
    visit = world.visit_a
    services.visit_update(
        user=world.staff, visit=visit, expected_version=visit.version, observations="Corregido por IPAE"
    )
    response = client_for(world.staff).get(reverse("networks:visit-history", args=[visit.pk]))
    changes = [c for item in response.context["changes"] for c in item["changes"]]
    assert [(str(c["label"]), c["new"]) for c in changes] == [("observaciones", "Corregido por IPAE")]


# === Malformed input (outside review: each test failed on the code before the fix) ============


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


@pytest.mark.parametrize("query", MALFORMED_LIST_QUERIES)
@pytest.mark.parametrize("page", [lambda w: reverse("networks:visit-list")], ids=["visit-list"])
def test_malformed_list_parameters_never_break_a_page(world, client_for, staff_user, page, query):
    assert client_for(staff_user).get(page(world), query).status_code == 200


# === Correcting a visit as real data is (crawl of the seeded demo: each failed before the fix) ===


# --- History ------------------------------------------------------------------------------------
def test_the_history_of_a_visit_loaded_without_history_says_so(world, client_for, staff_user):
    visit = bulk_loaded_visit(world)

    response = client_for(staff_user).get(reverse("networks:visit-history", args=[visit.pk]))

    assert response.status_code == 200
    assert "Aún no hay cambios registrados." in response.content.decode()


def test_the_first_edit_of_a_bulk_loaded_visit_shows_in_its_history(world, client_for, staff_user):
    visit = bulk_loaded_visit(world)
    assert edit(client_for(staff_user), visit, observations="Corregida.").status_code == 302

    response = client_for(staff_user).get(reverse("networks:visit-history", args=[visit.pk]))

    assert response.status_code == 200
    [item] = response.context["changes"]
    assert item["no_earlier_record"] is True


def test_the_history_names_teachers_and_kinds_rather_than_ids(world, client_for, staff_user):
    visit = world.visit_a
    old_teacher = visit.teacher
    new_teacher = world.teachers_a[visit.school_id][1]
    response = edit(client_for(staff_user), visit, teacher=new_teacher.pk, kind=Visit.Kind.CLASSROOM)
    assert response.status_code == 302

    page = client_for(staff_user).get(reverse("networks:visit-history", args=[visit.pk]))

    html = page.content.decode()
    changes = {str(c["label"]): (c["old"], c["new"]) for item in page.context["changes"] for c in item["changes"]}
    assert changes["docente"] == (str(old_teacher), str(new_teacher))
    assert f"docente: {new_teacher.pk}" not in html.lower()
    assert str(new_teacher) in html


# --- The program year is the one the visit was logged in -----------------------------------------
def test_moving_the_school_to_another_network_never_rewrites_a_visits_year(world, client_for, staff_user):
    visit = world.visit_a
    assert visit.program_year == 2
    today = timezone.localdate()
    membership = visit.school.memberships.get()
    membership.left_on = today - datetime.timedelta(days=1)
    membership.save()
    new_network = NetworkFactory(region=world.piura, cohort_start_year=today.year)  # its year 1
    SchoolMembership.objects.create(school=visit.school, network=new_network, joined_on=today)

    assert edit(client_for(staff_user), visit, observations="Corregida tras el cambio de red.").status_code == 302

    visit.refresh_from_db()
    assert visit.program_year == 2
    assert visit.observations == "Corregida tras el cambio de red."


def test_staff_correct_a_visit_whose_school_left_every_network(world, client_for, staff_user):
    visit = world.visit_a
    membership = visit.school.memberships.get()
    membership.left_on = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()

    page = client_for(staff_user).get(reverse("networks:visit-edit", args=[visit.pk]))
    saved = edit(client_for(staff_user), visit, observations="Corregida sin red.")

    assert page.status_code == 200
    assert saved.status_code == 302
    visit.refresh_from_db()
    assert (visit.program_year, visit.observations) == (2, "Corregida sin red.")


def test_a_new_date_stays_in_the_school_year_the_visit_was_logged_in(world, client_for, staff_user):
    visit = VisitFactory(
        coordinator=world.coordinator,
        school=world.schools_a[1],
        date=datetime.date(timezone.localdate().year, 1, 5),
    )
    last_year = datetime.date(visit.date.year - 1, 12, 20)

    response = edit(client_for(staff_user), visit, date=last_year.isoformat())

    assert response.status_code == 400
    assert "solo dentro del año escolar" in " ".join(response.context["form"].errors["date"])
    visit.refresh_from_db()
    assert visit.date != last_year


# --- The form of a correction ----------------------------------------------------------------------
def test_the_edit_form_shows_the_school_as_text_not_as_a_choice_among_all(world, client_for, staff_user):
    html = client_for(staff_user).get(reverse("networks:visit-edit", args=[world.visit_a.pk])).content.decode()

    assert '<select name="school"' not in html
    assert world.visit_a.school.name in html
    assert world.schools_b[0].name not in html


def test_a_visit_whose_teacher_left_can_still_be_corrected(world, client_for, coordinator):
    visit = world.visit_a
    teacher = visit.teacher
    teacher.is_active = False
    teacher.save()

    page = client_for(coordinator).get(reverse("networks:visit-edit", args=[visit.pk]))
    saved = edit(client_for(coordinator), visit, observations="Corregida.")

    assert f'<option value="{teacher.pk}" selected' in page.content.decode()
    assert saved.status_code == 302
    visit.refresh_from_db()
    assert (visit.teacher_id, visit.observations) == (teacher.pk, "Corregida.")


def test_a_teacher_who_left_is_not_offered_for_other_visits(world, client_for, coordinator):
    leaver = world.teachers_a[world.schools_a[1].pk][1]
    leaver.is_active = False
    leaver.save()

    html = client_for(coordinator).get(reverse("networks:visit-create"), {"school": world.schools_a[1].pk})

    assert f'value="{leaver.pk}"' not in html.content.decode()


# --- One photo limit -------------------------------------------------------------------------------
@pytest.mark.parametrize("limit", [1, 2])
def test_the_photo_limit_of_the_settings_is_the_forms_and_the_services(
    world, client_for, coordinator, visit_data, settings, photo_files, limit
):
    settings.CEE_VISIT_MAX_PHOTOS = limit
    client = client_for(coordinator)

    form_page = client.get(reverse("networks:visit-create"), {"school": world.schools_a[1].pk})
    too_many = client.post(
        reverse("networks:visit-create"),
        {**visit_data, "photos": [jpeg_upload(f"{i}.jpg") for i in range(limit + 1)]},
    )

    assert f"Fotos (hasta {limit})" in form_page.content.decode()
    assert too_many.status_code == 400
    assert not Visit.objects.filter(client_uuid=visit_data["client_uuid"]).exists()
    with pytest.raises(services.visits.ValidationError):
        services.visit_log(
            user=coordinator,
            photos=[services.photo_prepare(jpeg_upload()) for _ in range(limit + 1)],
            **{
                "client_uuid": visit_data["client_uuid"],
                "school": world.schools_a[1],
                "kind": Visit.Kind.DIRECTOR,
                "date": timezone.localdate(),
            },
        )


# --- A former coordinator: their visits, nothing that would refuse them -------------------------
def test_a_former_coordinators_visit_page_links_only_to_what_they_may_open(world, client_for, former_coordinator):
    visit = world.former_visit
    html = client_for(former_coordinator).get(reverse("networks:visit-detail", args=[visit.pk])).content.decode()

    assert reverse("networks:school-detail", args=[visit.school_id]) not in html
    assert reverse("networks:teacher-detail", args=[visit.teacher_id]) not in html
    assert str(visit.teacher) in html
