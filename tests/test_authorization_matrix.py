"""Every URL name x GET and POST x every persona -> the answer it gives, and what a POST changes.

Each view adds its rows here. A row is a request (the URL's kwargs, the method, the POST data, all built
from the root conftest's `world`) and the expected answer for each persona of
`accounts.tests.personas.PERSONAS`: an HTTP status, or a `Redirect` to a named URL (compared on the path).
A POST row sends valid data and names its `Effect`: a value read from the database before and after the
request, and the personas whose request changes it. Every other persona's request must change nothing.

The meta-tests fail when a URL name has no GET row or no POST row, or a row misses a persona.

The admin's many URLs are covered here by the one rule of `admin:index` (Django's admin decides access
for all of them the same way: an active `is_staff` user, or a redirect to the admin's login), and swept
URL by URL, GET and POST, for every persona in tests/test_admin_matrix.py; what staff may do inside it
is tested in accounts/tests/test_admin.py and networks/tests/test_admin.py.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from accounts.tests.factories import TEST_PASSWORD, AdminUserFactory
from accounts.tests.personas import PERSONAS, SIGNED_IN
from networks.models import CoordinatorAssignment, NetworkMeeting, Visit, VisitPhoto
from networks.tests.images import image_bytes

STAFF = frozenset({"staff", "admin"})


@dataclass(frozen=True)
class Redirect:
    to: str  # a URL name; the response's Location path must be exactly reverse(to)
    status: int = 302


@dataclass(frozen=True)
class Effect:
    """What a POST changes: `measure(world)` read before and after; it changes only for the `by` personas."""

    measure: Callable
    by: frozenset = frozenset()


NOTHING = Effect(measure=lambda world: None)


@dataclass(frozen=True)
class Row:
    expect: dict[str, int | Redirect]
    method: str = "get"
    kwargs: Callable | None = None  # world -> URL kwargs, for URLs about one object
    data: Callable | None = None  # world -> POST data
    effect: Effect = NOTHING
    # persona -> reason: a cell that states the desired answer while the code still gives another.
    known_bugs: dict[str, str] = field(default_factory=dict)


TO_LOGIN = Redirect("accounts:login")
TO_ADMIN_LOGIN = Redirect("admin:login")
TO_HOME = Redirect("evaluations:home")


def signed_in(answer, *, anonymous=TO_LOGIN) -> dict:
    """The common case: anonymous people go to the login page, everyone signed in gets `answer`."""
    return {"anonymous": anonymous} | dict.fromkeys(SIGNED_IN, answer)


def everyone(answer) -> dict:
    return dict.fromkeys(PERSONAS, answer)


def field_work(
    *, staff, coordinator, other_coordinator, former_coordinator, sponsor=403, other_sponsor=403, admin=None
):
    """The answers of a field-work page (networks:*); anonymous people go to the login, admin answers as staff."""
    return {
        "anonymous": TO_LOGIN,
        "staff": staff,
        "admin": staff if admin is None else admin,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "former_coordinator": former_coordinator,
        "sponsor": sponsor,
        "other_sponsor": other_sponsor,
    }


# One stored file serves every photo row: the rows go with each test's transaction, the file stays.
MATRIX_PHOTO = "visits/authorization-matrix/photo.jpg"


def photo_of_visit_a(world, *, approved: bool) -> dict:
    """URL kwargs of a photo of world.visit_a (a school funded by sponsor A), approved by staff or not."""
    storage = VisitPhoto._meta.get_field("image").storage
    if not storage.exists(MATRIX_PHOTO):
        storage.save(MATRIX_PHOTO, ContentFile(image_bytes("JPEG")))
    photo = VisitPhoto.objects.create(
        visit=world.visit_a,
        image=MATRIX_PHOTO,
        width=64,
        height=48,
        size_bytes=storage.size(MATRIX_PHOTO),
        consent_recorded=approved,
        approved_at=timezone.now() if approved else None,
        approved_by=world.staff if approved else None,
    )
    return {"pk": photo.pk}


def visit_a(world) -> dict:
    return {"pk": world.visit_a.pk}


def former_visit(world) -> dict:
    return {"pk": world.former_visit.pk}


def today() -> str:
    return timezone.localdate().isoformat()


def new_visit_at_school_a1(world) -> dict:
    """A valid director visit at network A's second school, today."""
    return {
        "client_uuid": str(uuid.uuid4()),
        "kind": Visit.Kind.DIRECTOR,
        "school": world.schools_a[1].pk,
        "date": today(),
        "duration_minutes": "45",
        "observations": "Revisamos el plan lector con la directora.",
        "agreements": "",
    }


def edit_of_visit_a(world) -> dict:
    visit = world.visit_a
    return {
        "client_uuid": str(visit.client_uuid),
        "version": str(visit.version),
        "kind": visit.kind,
        "teacher": visit.teacher_id,
        "date": visit.date.isoformat(),
        "observations": "Corregido: la sesión duró una hora.",
        "agreements": visit.agreements,
    }


def new_meeting_of_network_a(world) -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "network": world.network_a.pk,
        "date": today(),
        "directors": "3",
        "teachers": "8",
        "parents": "0",
        "community_leaders": "1",
        "local_organizations": "0",
        "decisions": "Feria de lectura en junio.",
        "agreements": "",
    }


def reassign_network_a(world) -> dict:
    """Hand network A to the former coordinator (active, without a network) from tomorrow."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return {"coordinator": world.former_coordinator.pk, "starts_on": tomorrow.isoformat()}


def passwords(world):
    return tuple(get_user_model().objects.order_by("pk").values_list("password", flat=True))


def visit_count(world):
    return Visit.objects.count()


def meeting_count(world):
    return NetworkMeeting.objects.count()


def visit_a_version(world):
    return Visit.objects.get(pk=world.visit_a.pk).version


def assignments(world):
    return tuple(CoordinatorAssignment.objects.order_by("pk").values_list("pk", "ends_on"))


def approvals(world):
    return tuple(VisitPhoto.objects.order_by("pk").values_list("approved_at", flat=True))


NEW_PASSWORD = "otra-clave-segura-2027"
# A page that only shows something: a POST is refused by the view (405) once the gate lets the person in.
READ_ONLY_POST = 405

MATRIX: dict[str, tuple[Row, ...]] = {
    "evaluations:home": (
        Row(signed_in(200)),
        Row(signed_in(READ_ONLY_POST), method="post"),
    ),
    "accounts:login": (
        Row(signed_in(TO_HOME, anonymous=200)),
        # The right credentials sign the anonymous visitor in; a signed-in person is sent home.
        Row(
            signed_in(TO_HOME, anonymous=TO_HOME),
            method="post",
            data=lambda w: {"username": w.staff.username, "password": TEST_PASSWORD},
        ),
    ),
    # Django 5+ logs out only on POST; the login-required middleware answers anonymous people first.
    "accounts:logout": (
        Row(signed_in(405)),
        Row(signed_in(TO_LOGIN), method="post"),
    ),
    "accounts:password-change": (
        Row(signed_in(200)),
        Row(
            signed_in(Redirect("accounts:password-change-done")),
            method="post",
            data=lambda w: {
                "old_password": TEST_PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            effect=Effect(passwords, by=frozenset(SIGNED_IN)),
        ),
    ),
    "accounts:password-change-done": (
        Row(signed_in(200)),
        Row(signed_in(READ_ONLY_POST), method="post"),
    ),
    "set_language": (
        Row(everyone(TO_HOME)),
        Row(everyone(TO_HOME), method="post", data=lambda w: {"language": "en", "next": "/"}),
    ),
    "healthz": (
        Row(everyone(200)),
        Row(everyone(405), method="post"),
    ),
    # Stands for every admin:* URL (see the module docstring).
    "admin:index": (
        Row(dict.fromkeys(PERSONAS, TO_ADMIN_LOGIN) | dict.fromkeys(STAFF, 200)),
        Row(dict.fromkeys(PERSONAS, TO_ADMIN_LOGIN) | dict.fromkeys(STAFF, 200), method="post"),
    ),
    # Field work. Sponsors may not use these pages (403), except a photo once staff approved it; a
    # coordinator gets 404 for another network's objects; a former coordinator keeps their own visits.
    "networks:network-list": (
        Row(field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403)),
        Row(
            field_work(staff=READ_ONLY_POST, coordinator=403, other_coordinator=403, former_coordinator=403),
            method="post",
        ),
    ),
    "networks:network-reassign": (
        Row(
            field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403),
            kwargs=lambda w: {"pk": w.network_a.pk},
        ),
        Row(
            field_work(
                staff=Redirect("networks:network-list"), coordinator=403, other_coordinator=403, former_coordinator=403
            ),
            method="post",
            kwargs=lambda w: {"pk": w.network_a.pk},
            data=reassign_network_a,
            effect=Effect(assignments, by=STAFF),
        ),
    ),
    "networks:school-detail": (
        Row(
            field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404),
            kwargs=lambda w: {"pk": w.schools_a[0].pk},
        ),
        Row(
            field_work(staff=READ_ONLY_POST, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=lambda w: {"pk": w.schools_a[0].pk},
        ),
    ),
    "networks:teacher-detail": (
        Row(
            field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404),
            kwargs=lambda w: {"pk": w.visit_a.teacher_id},
        ),
        Row(
            field_work(staff=READ_ONLY_POST, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=lambda w: {"pk": w.visit_a.teacher_id},
        ),
    ),
    "networks:visit-list": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=200, former_coordinator=200)),
        Row(field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405), method="post"),
    ),
    "networks:visit-create": (
        # Only a coordinator with a network today logs visits: staff, the admin and a former coordinator
        # are refused at the door, as the service would refuse their save.
        Row(field_work(staff=403, coordinator=200, other_coordinator=200, former_coordinator=403)),
        Row(
            # The other coordinator's form does not offer network A's school: 400, nothing saved.
            field_work(
                staff=403, coordinator=Redirect("networks:visit-detail"), other_coordinator=400, former_coordinator=403
            ),
            method="post",
            data=new_visit_at_school_a1,
            effect=Effect(visit_count, by=frozenset({"coordinator"})),
        ),
    ),
    "networks:visit-detail": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=visit_a),
        Row(field_work(staff=200, coordinator=404, other_coordinator=404, former_coordinator=200), kwargs=former_visit),
        Row(
            field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=visit_a,
        ),
    ),
    "networks:visit-edit": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=visit_a),
        # A former coordinator reads their old visit but may no longer change it.
        Row(field_work(staff=200, coordinator=404, other_coordinator=404, former_coordinator=403), kwargs=former_visit),
        Row(
            field_work(
                staff=Redirect("networks:visit-detail"),
                coordinator=Redirect("networks:visit-detail"),
                other_coordinator=404,
                former_coordinator=404,
            ),
            method="post",
            kwargs=visit_a,
            data=edit_of_visit_a,
            effect=Effect(visit_a_version, by=frozenset({*STAFF, "coordinator"})),
        ),
    ),
    "networks:visit-history": (
        Row(field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403), kwargs=visit_a),
        Row(
            field_work(staff=405, coordinator=403, other_coordinator=403, former_coordinator=403),
            method="post",
            kwargs=visit_a,
        ),
    ),
    "networks:photo-list": (
        Row(field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403)),
        Row(field_work(staff=405, coordinator=403, other_coordinator=403, former_coordinator=403), method="post"),
    ),
    "networks:visit-photo": (
        Row(
            field_work(
                staff=200,
                coordinator=200,
                other_coordinator=404,
                former_coordinator=404,
                sponsor=404,
                other_sponsor=404,
            ),
            kwargs=lambda w: photo_of_visit_a(w, approved=False),
        ),
        Row(
            field_work(
                staff=200,
                coordinator=200,
                other_coordinator=404,
                former_coordinator=404,
                sponsor=200,
                other_sponsor=404,
            ),
            kwargs=lambda w: photo_of_visit_a(w, approved=True),
        ),
        Row(
            field_work(
                staff=405,
                coordinator=405,
                other_coordinator=405,
                former_coordinator=405,
                sponsor=405,
                other_sponsor=405,
            ),
            method="post",
            kwargs=lambda w: photo_of_visit_a(w, approved=True),
        ),
    ),
    "networks:photo-approve": (
        Row(
            field_work(staff=405, coordinator=403, other_coordinator=403, former_coordinator=403),
            kwargs=lambda w: photo_of_visit_a(w, approved=False),
        ),
        Row(
            field_work(
                staff=Redirect("networks:photo-list"), coordinator=403, other_coordinator=403, former_coordinator=403
            ),
            method="post",
            kwargs=lambda w: photo_of_visit_a(w, approved=False),
            data=lambda w: {"consent_recorded": "on"},
            effect=Effect(approvals, by=STAFF),
        ),
    ),
    "networks:meeting-list": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=200, former_coordinator=200)),
        Row(field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405), method="post"),
    ),
    "networks:meeting-create": (
        Row(field_work(staff=403, coordinator=200, other_coordinator=200, former_coordinator=403)),
        Row(
            field_work(
                staff=403, coordinator=Redirect("networks:meeting-list"), other_coordinator=400, former_coordinator=403
            ),
            method="post",
            data=new_meeting_of_network_a,
            effect=Effect(meeting_count, by=frozenset({"coordinator"})),
        ),
    ),
}


def url_names(resolver=None, namespace="") -> list[str]:
    """Every named URL of the project, with its namespaces (`accounts:login`)."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return sorted(set(names))


def is_admin(name: str) -> bool:
    return name.startswith("admin:")


def cases():
    for name, rows in MATRIX.items():
        for index, row in enumerate(rows):
            for persona in PERSONAS:
                marks = []
                if persona in row.known_bugs:
                    marks.append(pytest.mark.xfail(reason=row.known_bugs[persona], strict=True))
                yield pytest.param(name, row, persona, id=f"{name}-{row.method.upper()}{index}-{persona}", marks=marks)


def _path_matches(location: str, expected: Redirect) -> bool:
    """A redirect to the named URL (for a URL about one object, such as visit-detail, any object)."""
    return resolve(urlparse(location).path).view_name == expected.to


@pytest.mark.parametrize(("name", "row", "persona"), list(cases()))
def test_authorization_matrix(world, client_for, user_of, name, row, persona):
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    client = client_for(user_of(persona))
    data = row.data(world) if row.data else {}
    before = row.effect.measure(world)

    response = getattr(client, row.method)(url, data)

    expected = row.expect[persona]
    where = f"{row.method.upper()} {url} as {persona}"
    if isinstance(expected, Redirect):
        assert response.status_code == expected.status, where
        assert _path_matches(response["Location"], expected), f"{where}: {response['Location']}"
    else:
        assert response.status_code == expected, where
    changed = row.effect.measure(world) != before
    assert changed == (persona in row.effect.by), f"{where} {'changed' if changed else 'did not change'} the data"


# --- The meta-tests: the table stays complete and true ---------------------------------
def test_every_url_name_has_a_get_row_and_a_post_row():
    names = [name for name in url_names() if not is_admin(name)] + ["admin:index"]
    missing = [
        f"{name} ({method.upper()})"
        for name in names
        for method in ("get", "post")
        if not any(row.method == method for row in MATRIX.get(name, ()))
    ]
    assert not missing, f"Add rows to MATRIX for: {', '.join(missing)}"


def test_every_row_of_the_matrix_names_a_real_url():
    stale = sorted(set(MATRIX) - set(url_names()))
    assert not stale, f"MATRIX rows for URLs that no longer exist: {', '.join(stale)}"


def test_every_row_answers_for_every_persona_and_posts_name_their_effect():
    for name, rows in MATRIX.items():
        for row in rows:
            assert set(row.expect) == set(PERSONAS), name
            assert set(row.known_bugs) <= set(PERSONAS), name
            assert row.method in {"get", "post"}, name
            assert row.effect.by <= set(PERSONAS), name
            if row.effect.by:
                assert row.method == "post", f"{name}: only a POST has an effect"
                assert row.data is not None, f"{name}: an effect needs the POST's data"


def test_every_post_that_saves_something_has_an_effect_row():
    """A POST row that answers a redirect to an object or a list for someone must say what it saved."""
    for name, rows in MATRIX.items():
        for row in rows:
            if row.method == "post" and row.data is not None and name.startswith("networks:"):
                assert row.effect is not NOTHING, f"{name}: name the effect of the POST"


def test_the_admin_rule_stands_for_admin_urls_only():
    admin_names = [name for name in url_names() if is_admin(name)]
    assert "admin:index" in admin_names
    assert [name for name in MATRIX if is_admin(name)] == ["admin:index"]


# --- The admin's model pages ------------------------------------------------------------
OUR_APPS = ("accounts", "schools", "networks", "workshops", "evaluations")
# Visits, their photos and coordinator assignments are written only through their services (the app's
# pages): the admin shows them read-only, with no add page. Meetings are logged by their coordinator
# (once, by the form's submission id) and only corrected in the admin.
NO_ADD_PAGE = {
    "admin:networks_visitphoto_add",
    "admin:networks_visit_add",
    "admin:networks_coordinatorassignment_add",
    "admin:networks_networkmeeting_add",
}
# Our own models' list and add pages (django-axes' logs are read-only by design: no add page).
ADMIN_LIST_PAGES = [
    name
    for name in url_names()
    if name.startswith(tuple(f"admin:{app}_" for app in OUR_APPS))
    and name.endswith(("_changelist", "_add"))
    and name not in NO_ADD_PAGE
]


@pytest.mark.parametrize("name", ADMIN_LIST_PAGES)
def test_admin_model_pages_open_for_a_superuser_and_redirect_a_coordinator(world, client_for, name):
    assert client_for(AdminUserFactory()).get(reverse(name)).status_code == 200
    response = client_for(world.coordinator).get(reverse(name))
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("admin:login")


def test_an_anonymous_visitor_can_switch_to_english_on_the_login_page(client, db):
    login = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    assert response["Location"] == login
    assert response.cookies["django_language"].value == "en"


def test_ipae_staff_can_keep_the_data_through_the_admin(world, client_for, staff_user):
    client = client_for(staff_user)
    assert client.get(reverse("admin:schools_school_changelist")).status_code == 200
    assert client.get(reverse("admin:networks_visit_changelist")).status_code == 200
