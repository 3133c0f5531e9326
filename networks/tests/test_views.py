"""Field-work pages: anonymous → login, wrong role → 403, out of scope → 404, allowed → 200; one happy POST each.

The world (root conftest): network A (Piura, `coordinator`) and network B (Cusco, `other_coordinator`);
sponsor A funds two schools of A (among them the school of `visit_a`), sponsor B two of B.
"""

import datetime
import uuid
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import CoordinatorFactory
from networks import services
from networks.models import CoordinatorAssignment, NetworkMeeting, Visit
from networks.tests.factories import CoordinatorAssignmentFactory, NetworkFactory, VisitFactory
from networks.tests.images import jpeg_upload
from schools.tests.factories import SchoolFactory

LOGIN = reverse("accounts:login")


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


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
    return Objects(world, make_photo)


@dataclass(frozen=True)
class Page:
    """One URL: who may open it (200) and whose role may not use it (403). Out-of-scope objects: SCOPE."""

    name: str
    args: object = None  # objects -> URL args
    allowed: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    def url(self, objects) -> str:
        return reverse(f"networks:{self.name}", args=self.args(objects) if self.args else None)


SPONSORS = ("sponsor", "other_sponsor")
COORDINATORS = ("coordinator", "other_coordinator")
NOT_STAFF = (*COORDINATORS, *SPONSORS)

PAGES = [
    Page("network-list", allowed=("staff",), forbidden=NOT_STAFF),
    Page("network-reassign", lambda o: [o.network_a.pk], allowed=("staff",), forbidden=NOT_STAFF),
    Page("school-detail", lambda o: [o.schools_a[0].pk], allowed=("staff", "coordinator"), forbidden=SPONSORS),
    Page("teacher-detail", lambda o: [o.visit_a.teacher_id], allowed=("staff", "coordinator"), forbidden=SPONSORS),
    Page("visit-list", allowed=("staff", *COORDINATORS), forbidden=SPONSORS),
    Page("visit-create", allowed=COORDINATORS, forbidden=("staff", *SPONSORS)),
    Page("visit-detail", lambda o: [o.visit_a.pk], allowed=("staff", "coordinator"), forbidden=SPONSORS),
    Page("visit-edit", lambda o: [o.visit_a.pk], allowed=("staff", "coordinator"), forbidden=SPONSORS),
    Page("visit-history", lambda o: [o.visit_a.pk], allowed=("staff",), forbidden=NOT_STAFF),
    Page("photo-list", allowed=("staff",), forbidden=NOT_STAFF),
    Page("visit-photo", lambda o: [o.pending_photo.pk], allowed=("staff", "coordinator")),
    Page("photo-approve", lambda o: [o.pending_photo.pk], forbidden=NOT_STAFF),  # staff: POST only
    Page("meeting-list", allowed=("staff", *COORDINATORS), forbidden=SPONSORS),
    Page("meeting-create", allowed=COORDINATORS, forbidden=("staff", *SPONSORS)),
]
PAGE_IDS = [page.name for page in PAGES]

# (URL name, persona, objects -> URL args): objects in the persona's role but out of their scope.
SCOPE = [
    ("school-detail", "other_coordinator", lambda o: [o.schools_a[0].pk]),
    ("teacher-detail", "other_coordinator", lambda o: [o.visit_a.teacher_id]),
    ("teacher-detail", "coordinator", lambda o: [o.teachers_b[o.schools_b[1].pk][0].pk]),
    ("visit-detail", "other_coordinator", lambda o: [o.visit_a.pk]),
    ("visit-detail", "coordinator", lambda o: [o.visit_b.pk]),
    ("visit-edit", "other_coordinator", lambda o: [o.visit_a.pk]),
    ("visit-photo", "other_coordinator", lambda o: [o.pending_photo.pk]),
    ("visit-photo", "other_coordinator", lambda o: [o.approved_photo.pk]),
    ("visit-photo", "sponsor", lambda o: [o.pending_photo.pk]),  # not approved yet
    ("visit-photo", "other_sponsor", lambda o: [o.approved_photo.pk]),
    ("visit-history", "staff", lambda o: [o.visit_a.pk + 1000]),  # a visit that does not exist
]


# --- GET: the four answers --------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_anonymous_people_are_sent_to_the_login_page(db, client, page):
    url = reverse(f"networks:{page.name}", args=[1] if page.args else None)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, method
        location = urlparse(response["Location"])
        assert location.path == LOGIN
        assert parse_qs(location.query)["next"] == [url]


@pytest.mark.parametrize("page", [p for p in PAGES if p.forbidden], ids=[p.name for p in PAGES if p.forbidden])
def test_a_role_that_may_not_use_the_page_gets_403(objects, client_for, user_of, page):
    url = page.url(objects)
    for persona in page.forbidden:
        assert client_for(user_of(persona)).get(url).status_code == 403, persona
        assert client_for(user_of(persona)).post(url).status_code == 403, persona


@pytest.mark.parametrize(("name", "persona", "args"), SCOPE, ids=[f"{n}-{p}" for n, p, _ in SCOPE])
def test_an_object_out_of_scope_answers_404(objects, client_for, user_of, name, persona, args):
    url = reverse(f"networks:{name}", args=args(objects))
    assert client_for(user_of(persona)).get(url).status_code == 404


@pytest.mark.parametrize("page", [p for p in PAGES if p.allowed], ids=[p.name for p in PAGES if p.allowed])
def test_allowed_people_get_the_page(objects, client_for, user_of, page):
    url = page.url(objects)
    for persona in page.allowed:
        assert client_for(user_of(persona)).get(url).status_code == 200, persona


def test_photo_approve_answers_only_post(objects, client_for):
    url = reverse("networks:photo-approve", args=[objects.pending_photo.pk])
    assert client_for(objects.staff).get(url).status_code == 405


# --- Scope details ----------------------------------------------------------------------
def test_a_sponsor_gets_an_approved_photo_of_their_school_as_a_jpeg(objects, client_for):
    response = client_for(objects.sponsor_user).get(reverse("networks:visit-photo", args=[objects.approved_photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_a_coordinator_reads_but_may_not_edit_their_visit_of_a_former_network(world, client_for, coordinator):
    world.assignment_a.ends_on = days_ago(1)
    world.assignment_a.save()
    client = client_for(coordinator)
    assert client.get(reverse("networks:visit-detail", args=[world.visit_a.pk])).status_code == 200
    assert client.get(reverse("networks:visit-edit", args=[world.visit_a.pk])).status_code == 403
    assert client.get(reverse("networks:school-detail", args=[world.schools_a[0].pk])).status_code == 404


def test_the_school_page_filters_its_history_by_kind_and_period(world, client_for, coordinator):
    school = world.schools_a[1]
    home = VisitFactory(coordinator=coordinator, school=school, kind=Visit.Kind.HOME, date=days_ago(3))
    VisitFactory(coordinator=coordinator, school=school, kind=Visit.Kind.DIRECTOR, date=days_ago(5))
    old_home = VisitFactory(coordinator=coordinator, school=school, kind=Visit.Kind.HOME, date=days_ago(200))
    url = reverse("networks:school-detail", args=[school.pk])
    client = client_for(coordinator)

    by_kind = client.get(url, {"kind": "home"}).context["page"].object_list
    assert [v.pk for v in by_kind] == [home.pk, old_home.pk]
    by_period = client.get(url, {"kind": "home", "date_from": days_ago(30).isoformat()}).context["page"].object_list
    assert [v.pk for v in by_period] == [home.pk]


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


def field_block(html: str, name: str) -> str:
    """The HTML of one crispy field, from its wrapper to the next field's wrapper."""
    start = html.index(f'id="div_id_{name}"')
    end = html.find('id="div_id_', start + 1)
    return html[start : end if end != -1 else len(html)]


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
def edit_data(visit, **changes) -> dict:
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


# --- meeting-create ---------------------------------------------------------------------
@pytest.fixture
def meeting_data(world):
    return {
        "client_uuid": str(uuid.uuid4()),
        "network": world.network_a.pk,
        "date": days_ago(1).isoformat(),
        "directors": "5",
        "teachers": "14",
        "parents": "22",
        "community_leaders": "2",
        "local_organizations": "1",
        "decisions": "Feria de lectura de la red en junio.",
        "agreements": "Cada escuela lleva un cuento.",
    }


def test_meeting_create_logs_a_meeting_once_even_if_posted_twice(world, client_for, coordinator, meeting_data):
    client = client_for(coordinator)
    url = reverse("networks:meeting-create")
    first = client.post(url, meeting_data)
    again = client.post(url, meeting_data)

    for response in (first, again):
        assert response.status_code == 302
        assert response["Location"] == reverse("networks:meeting-list")
    meeting = NetworkMeeting.objects.get(client_uuid=meeting_data["client_uuid"])
    assert (meeting.network, meeting.coordinator, meeting.participant_count) == (world.network_a, coordinator, 44)


def test_meeting_create_refuses_another_coordinators_network(world, client_for, coordinator, meeting_data):
    response = client_for(coordinator).post(
        reverse("networks:meeting-create"), {**meeting_data, "network": world.network_b.pk}
    )
    assert response.status_code == 400
    assert not NetworkMeeting.objects.filter(client_uuid=meeting_data["client_uuid"]).exists()


def test_meeting_create_without_participants_answers_400_in_spanish(world, client_for, coordinator, meeting_data):
    empty = dict.fromkeys(("directors", "teachers", "parents", "community_leaders", "local_organizations"), "0")
    response = client_for(coordinator).post(reverse("networks:meeting-create"), {**meeting_data, **empty})
    assert response.status_code == 400
    assert "Registre cuántas personas participaron, al menos una." in response.content.decode()
    assert "Feria de lectura de la red en junio." in response.content.decode()


# --- network-reassign -------------------------------------------------------------------
def test_network_reassign_hands_the_network_to_another_coordinator(world, client_for, staff_user, coordinator):
    successor = CoordinatorFactory()
    response = client_for(staff_user).post(
        reverse("networks:network-reassign", args=[world.network_a.pk]),
        {"coordinator": successor.pk, "starts_on": today().isoformat()},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:network-list")
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.ends_on == days_ago(1)
    current = CoordinatorAssignment.objects.get(network=world.network_a, ends_on__isnull=True)
    assert current.coordinator == successor
    school_url = reverse("networks:school-detail", args=[world.schools_a[0].pk])
    assert client_for(successor).get(school_url).status_code == 200
    assert client_for(coordinator).get(school_url).status_code == 404


def test_network_reassign_with_a_start_too_early_answers_400(world, client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("networks:network-reassign", args=[world.network_a.pk]),
        {"coordinator": CoordinatorFactory().pk, "starts_on": world.assignment_a.starts_on.isoformat()},
    )
    assert response.status_code == 400
    assert "La nueva asignación debe empezar después del" in response.content.decode()


def test_the_network_list_shows_each_networks_current_coordinator(world, client_for, staff_user):
    extra = NetworkFactory()
    CoordinatorAssignmentFactory(network=extra, ends_on=days_ago(30))
    SchoolFactory(network=extra)
    page = client_for(staff_user).get(reverse("networks:network-list")).context["page"]
    current = {n.pk: n.current for n in page}
    assert current[world.network_a.pk].coordinator == world.coordinator
    assert current[extra.pk] is None


def test_photos_are_served_as_they_are_never_gzipped_again(world, client_for, make_photo):
    photo = make_photo(world.visit_a)
    response = client_for(world.coordinator).get(
        reverse("networks:visit-photo", args=[photo.pk]), headers={"accept-encoding": "gzip"}
    )
    assert response["Content-Type"] == "image/jpeg"
    assert not response.has_header("Content-Encoding")


def test_the_last_page_of_a_visit_history_holds_the_oldest_visits(world, client_for):
    school = world.schools_a[1]
    today = timezone.localdate()
    for days in range(30):
        VisitFactory(coordinator=world.coordinator, school=school, date=today - datetime.timedelta(days=days))
    response = client_for(world.staff).get(reverse("networks:school-detail", args=[school.pk]), {"page": 2})
    page = response.context["page"]
    assert page.number == 2
    assert [v.date for v in page.object_list] == [today - datetime.timedelta(days=d) for d in range(25, 30)]


def test_the_visit_history_names_the_changed_fields_in_spanish(world, client_for):
    visit = world.visit_a
    services.visit_update(
        user=world.staff, visit=visit, expected_version=visit.version, observations="Corregido por IPAE"
    )
    response = client_for(world.staff).get(reverse("networks:visit-history", args=[visit.pk]))
    changes = [c for item in response.context["changes"] for c in item["changes"]]
    assert [(str(c["label"]), c["new"]) for c in changes] == [("observaciones", "Corregido por IPAE")]


def test_the_staff_home_links_each_region_to_its_networks(world, client_for):
    client = client_for(world.staff)
    home = client.get(reverse("evaluations:home")).content.decode()
    url = f"{reverse('networks:network-list')}?region={world.piura.code}"
    assert url in home
    response = client.get(url)
    assert [n.pk for n in response.context["page"]] == [world.graduated_network.pk, world.network_a.pk]
    assert response.context["region_name"] == "Piura"


def test_a_photo_is_never_stored_by_a_cache(world, client_for, make_photo):
    photo = make_photo(world.visit_a)
    response = client_for(world.coordinator).get(reverse("networks:visit-photo", args=[photo.pk]))
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
