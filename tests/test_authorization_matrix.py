"""Every URL name x every persona -> the status it answers. A URL without a row fails the meta-test.

Each later view adds its rows here. A row is a request (GET unless it says otherwise, with the URL's
kwargs and the POST data it needs) and the expected answer for each of the six personas of the root
conftest: an HTTP status, or a `Redirect` to a named URL (302, compared on the path).

The admin's many URLs are covered by the one rule of `admin:index` (Django's admin decides access for
all of them the same way: an active `is_staff` user, or a redirect to the admin's login); its model
pages are checked separately below, for a superuser and for a coordinator.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.tests.factories import AdminUserFactory
from networks.models import VisitPhoto
from networks.tests.images import image_bytes

PERSONAS = ("anonymous", "staff", "coordinator", "other_coordinator", "sponsor", "other_sponsor")
SIGNED_IN = PERSONAS[1:]


@dataclass(frozen=True)
class Redirect:
    to: str  # a URL name; the response's Location path must be exactly reverse(to)
    status: int = 302


@dataclass(frozen=True)
class Row:
    expect: dict[str, int | Redirect]
    method: str = "get"
    kwargs: Callable | None = None  # world -> URL kwargs, for URLs about one object
    data: dict = field(default_factory=dict)
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


def field_work(staff, coordinator, other_coordinator, sponsor, other_sponsor) -> dict:
    """The answers of a field-work page (networks:*), persona by persona; anonymous people go to the login."""
    return {
        "anonymous": TO_LOGIN,
        "staff": staff,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
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


MATRIX: dict[str, tuple[Row, ...]] = {
    "evaluations:home": (Row(signed_in(200)),),
    "accounts:login": (Row(signed_in(TO_HOME, anonymous=200)),),
    # Django 5+ logs out only on POST; the login-required middleware answers anonymous people first.
    "accounts:logout": (
        Row(signed_in(405)),
        Row(signed_in(TO_LOGIN), method="post"),
    ),
    "accounts:password-change": (Row(signed_in(200)),),
    "accounts:password-change-done": (Row(signed_in(200)),),
    "set_language": (
        Row(everyone(TO_HOME)),
        Row(everyone(TO_HOME), method="post", data={"language": "en", "next": "/"}),
    ),
    "healthz": (Row(everyone(200)),),
    # Stands for every admin:* URL (see the module docstring).
    "admin:index": (
        Row(
            {
                "anonymous": TO_ADMIN_LOGIN,
                "staff": 200,
                "coordinator": TO_ADMIN_LOGIN,
                "other_coordinator": TO_ADMIN_LOGIN,
                "sponsor": TO_ADMIN_LOGIN,
                "other_sponsor": TO_ADMIN_LOGIN,
            }
        ),
    ),
    # Field work (issue 3). Sponsors may not use these pages (403), except a photo once staff approved
    # it; a coordinator gets 404 for the other network's objects. POSTs with no data show the role gate
    # holds for writes too (400: the form answers; nothing is saved).
    "networks:network-list": (Row(field_work(200, 403, 403, 403, 403)),),
    "networks:network-reassign": (
        Row(field_work(200, 403, 403, 403, 403), kwargs=lambda w: {"pk": w.network_a.pk}),
        Row(field_work(400, 403, 403, 403, 403), method="post", kwargs=lambda w: {"pk": w.network_a.pk}),
    ),
    "networks:school-detail": (Row(field_work(200, 200, 404, 403, 403), kwargs=lambda w: {"pk": w.schools_a[0].pk}),),
    "networks:teacher-detail": (
        Row(field_work(200, 200, 404, 403, 403), kwargs=lambda w: {"pk": w.visit_a.teacher_id}),
    ),
    "networks:visit-list": (Row(field_work(200, 200, 200, 403, 403)),),
    "networks:visit-create": (
        Row(field_work(403, 200, 200, 403, 403)),
        Row(field_work(403, 400, 400, 403, 403), method="post"),
    ),
    "networks:visit-detail": (Row(field_work(200, 200, 404, 403, 403), kwargs=visit_a),),
    "networks:visit-edit": (
        Row(field_work(200, 200, 404, 403, 403), kwargs=visit_a),
        Row(field_work(400, 400, 404, 403, 403), method="post", kwargs=visit_a),
    ),
    "networks:visit-history": (Row(field_work(200, 403, 403, 403, 403), kwargs=visit_a),),
    "networks:photo-list": (Row(field_work(200, 403, 403, 403, 403)),),
    "networks:visit-photo": (
        Row(field_work(200, 200, 404, 404, 404), kwargs=lambda w: photo_of_visit_a(w, approved=False)),
        Row(field_work(200, 200, 404, 200, 404), kwargs=lambda w: photo_of_visit_a(w, approved=True)),
    ),
    "networks:photo-approve": (
        Row(field_work(405, 403, 403, 403, 403), kwargs=lambda w: photo_of_visit_a(w, approved=False)),
        # Without the consent box the photo stays pending and staff go back to the list with a message.
        Row(
            field_work(Redirect("networks:photo-list"), 403, 403, 403, 403),
            method="post",
            kwargs=lambda w: photo_of_visit_a(w, approved=False),
        ),
    ),
    "networks:meeting-list": (Row(field_work(200, 200, 200, 403, 403)),),
    "networks:meeting-create": (
        Row(field_work(403, 200, 200, 403, 403)),
        Row(field_work(403, 400, 400, 403, 403), method="post"),
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
        for row in rows:
            for persona in PERSONAS:
                marks = []
                if persona in row.known_bugs:
                    marks.append(pytest.mark.xfail(reason=row.known_bugs[persona], strict=True))
                yield pytest.param(name, row, persona, id=f"{name}-{row.method.upper()}-{persona}", marks=marks)


@pytest.mark.parametrize(("name", "row", "persona"), list(cases()))
def test_authorization_matrix(world, client_for, user_of, name, row, persona):
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    client = client_for(user_of(persona))
    response = getattr(client, row.method)(url, row.data)
    expected = row.expect[persona]
    if isinstance(expected, Redirect):
        assert response.status_code == expected.status, f"{row.method.upper()} {url} as {persona}"
        assert urlparse(response["Location"]).path == reverse(expected.to), f"{url} as {persona}"
    else:
        assert response.status_code == expected, f"{row.method.upper()} {url} as {persona}"


# --- The meta-tests: the table stays complete and true ---------------------------------
def test_every_url_name_has_a_row_in_the_matrix():
    missing = [name for name in url_names() if not is_admin(name) and name not in MATRIX]
    assert not missing, f"Add rows to MATRIX for: {', '.join(missing)}"


def test_every_row_of_the_matrix_names_a_real_url():
    stale = sorted(set(MATRIX) - set(url_names()))
    assert not stale, f"MATRIX rows for URLs that no longer exist: {', '.join(stale)}"


def test_every_row_answers_for_all_six_personas():
    for name, rows in MATRIX.items():
        for row in rows:
            assert set(row.expect) == set(PERSONAS), name
            assert set(row.known_bugs) <= set(PERSONAS), name
            assert row.method in {"get", "post"}, name


def test_the_admin_rule_stands_for_admin_urls_only():
    admin_names = [name for name in url_names() if is_admin(name)]
    assert "admin:index" in admin_names
    assert [name for name in MATRIX if is_admin(name)] == ["admin:index"]


# --- The admin's model pages ------------------------------------------------------------
OUR_APPS = ("accounts", "schools", "networks", "workshops", "evaluations")
# Visit photos arrive only with their visit (re-encoded by the service): the admin has no add page for them.
NO_ADD_PAGE = {"admin:networks_visitphoto_add"}
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
