"""The photos of visits (`networks.views.photos`): the photo itself, the list staff review, the approval.

Gates: anonymous → login, wrong role → 403, out of scope → 404, allowed → 200 (checks in `helpers.py`);
how a photo is served; the approval with and without the parents' consent, and malformed input. The world
(root conftest): network A (Piura, `coordinator`) and network B (Cusco, `other_coordinator`); sponsor A
funds two schools of A (among them the school of `visit_a`), sponsor B two of B.
"""

from urllib.parse import urlparse

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from networks.models import VisitPhoto
from networks.tests.helpers import (
    MALFORMED_LIST_QUERIES,
    NOT_STAFF,
    Page,
    Scope,
    assert_allowed_people_get_the_page,
    assert_anonymous_is_sent_to_the_login_page,
    assert_forbidden_roles_get_403,
    assert_out_of_scope_answers_404,
    page_id,
    scope_ids,
)

PAGES = [
    Page("photo-list", allowed=("staff",), forbidden=NOT_STAFF),
    Page("visit-photo", lambda o: [o.pending_photo.pk], allowed=("staff", "coordinator")),
    Page("photo-approve", lambda o: [o.pending_photo.pk], forbidden=NOT_STAFF),  # staff: POST only
]

SCOPE: list[Scope] = [
    ("visit-photo", "other_coordinator", lambda o: [o.pending_photo.pk]),
    ("visit-photo", "other_coordinator", lambda o: [o.approved_photo.pk]),
    ("visit-photo", "sponsor", lambda o: [o.pending_photo.pk]),  # not approved yet
    ("visit-photo", "other_sponsor", lambda o: [o.approved_photo.pk]),
]


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


def test_photo_approve_answers_only_post(objects, client_for):
    url = reverse("networks:photo-approve", args=[objects.pending_photo.pk])
    assert client_for(objects.staff).get(url).status_code == 405


# --- visit-photo: how a photo is served ---------------------------------------------------------
def test_a_sponsor_gets_an_approved_photo_of_their_school_as_a_jpeg(objects, client_for):
    response = client_for(objects.sponsor_user).get(reverse("networks:visit-photo", args=[objects.approved_photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_photos_are_served_as_they_are_never_gzipped_again(world, client_for, make_photo):
    photo = make_photo(world.visit_a)
    response = client_for(world.coordinator).get(
        reverse("networks:visit-photo", args=[photo.pk]), headers={"accept-encoding": "gzip"}
    )
    assert response["Content-Type"] == "image/jpeg"
    assert not response.has_header("Content-Encoding")


def test_a_photo_is_never_stored_by_a_cache(world, client_for, make_photo):
    photo = make_photo(world.visit_a)
    response = client_for(world.coordinator).get(reverse("networks:visit-photo", args=[photo.pk]))
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}


# --- photo-approve ----------------------------------------------------------------------
def test_photo_approve_without_consent_explains_and_approves_nothing(objects, client_for):
    photo = objects.pending_photo
    response = client_for(objects.staff).post(reverse("networks:photo-approve", args=[photo.pk]), {})
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("networks:photo-list")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Confirme que la institución tiene el consentimiento de los padres."
    ]
    photo.refresh_from_db()
    assert photo.approved_at is None


def test_photo_approve_with_consent_shows_the_photo_to_the_sponsor(objects, client_for):
    photo = objects.pending_photo
    photo_url = reverse("networks:visit-photo", args=[photo.pk])
    assert client_for(objects.sponsor_user).get(photo_url).status_code == 404

    response = client_for(objects.staff).post(
        reverse("networks:photo-approve", args=[photo.pk]), {"consent_recorded": "on"}
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.approved_by, photo.consent_recorded) == (objects.staff, True)
    assert photo.approved_at is not None
    assert client_for(objects.sponsor_user).get(photo_url).status_code == 200


def test_photo_approve_keeps_the_note_for_the_sponsor(objects, client_for):
    photo = objects.pending_photo
    client_for(objects.staff).post(
        reverse("networks:photo-approve", args=[photo.pk]),
        {"consent_recorded": "on", "note": "Lectura en voz alta con las familias."},
    )
    photo.refresh_from_db()
    assert photo.story_note == "Lectura en voz alta con las familias."
    assert photo.approved_at is not None


def test_photo_approve_with_a_megabyte_of_note_explains_and_approves_nothing(objects, client_for):
    photo = objects.pending_photo
    response = client_for(objects.staff).post(
        reverse("networks:photo-approve", args=[photo.pk]), {"consent_recorded": "on", "note": "x" * 1_000_000}
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("La nota tiene como máximo 280 caracteres")
    photo.refresh_from_db()
    assert (photo.approved_at, photo.story_note) == (None, "")


def test_the_photos_to_approve_offer_a_note_for_the_sponsor(objects, client_for):
    pending = objects.pending_photo
    html = client_for(objects.staff).get(reverse("networks:photo-list")).content.decode()
    assert f'id="note-{pending.pk}"' in html
    assert "Nota para la empresa auspiciadora (opcional)" in html


def test_photo_approve_returns_to_the_visit_it_came_from(objects, client_for):
    visit_url = reverse("networks:visit-detail", args=[objects.visit_a.pk])
    approve = reverse("networks:photo-approve", args=[objects.pending_photo.pk])
    response = client_for(objects.staff).post(approve, {"consent_recorded": "on", "next": visit_url})
    assert response["Location"] == visit_url


def test_photo_approve_never_redirects_to_another_site(objects, client_for):
    response = client_for(objects.staff).post(
        reverse("networks:photo-approve", args=[objects.pending_photo.pk]),
        {"consent_recorded": "on", "next": "https://evil.example.com/"},
    )
    assert urlparse(response["Location"]).netloc == ""


# --- Malformed input (outside review: each test failed on the code before the fix) ------------
# Consent: only a real yes.
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


@pytest.mark.parametrize("query", MALFORMED_LIST_QUERIES)
@pytest.mark.parametrize("page", [lambda w: reverse("networks:photo-list")], ids=["photo-list"])
def test_malformed_list_parameters_never_break_a_page(world, client_for, staff_user, page, query):
    assert client_for(staff_user).get(page(world), query).status_code == 200
