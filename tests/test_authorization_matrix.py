"""Every URL name x GET and POST x every persona -> the answer it gives, and what a POST changes.

Each view adds its rows to its app's module (below). A row is a request (the URL's kwargs, the method,
the POST data, all built from the root conftest's `world`) and the expected answer for each persona of
`accounts.tests.personas.PERSONAS`: an HTTP status, or a `Redirect` to a named URL (compared on the path).
A POST row sends valid data and names its `Effect`: a value read from the database before and after the
request, and the personas whose request changes it. Every other persona's request must change nothing.

Each app lists its rows in `<app>/tests/authorization_rows.py` (or `authorization_rows_<concern>.py`;
the vocabulary is `accounts.tests.authorization`); this module gathers them. The meta-tests fail when a URL name has no
GET row or no POST row, when two apps list the same URL, or when a row misses a persona.

The admin's many URLs are covered here by the one rule of `admin:index` (Django's admin decides access
for all of them the same way: an active `is_staff` user, or a redirect to the admin's login), and swept
URL by URL, GET and POST, for every persona in tests/test_admin_matrix.py; what staff may do inside it
is tested in accounts/tests/test_admin.py and networks/tests/test_admin.py.
"""

import importlib
import pkgutil
from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from accounts.tests.authorization import NOTHING, Redirect
from accounts.tests.factories import AdminUserFactory
from accounts.tests.personas import PERSONAS

APPS = ("core", "accounts", "schools", "networks", "workshops", "evaluations", "demo")


def row_modules():
    """`<app>/tests/authorization_rows.py` and `authorization_rows_<concern>.py` of every app."""
    for app in APPS:
        try:
            tests = importlib.import_module(f"{app}.tests")
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(tests.__path__):
            if info.name == "authorization_rows" or info.name.startswith("authorization_rows_"):
                yield importlib.import_module(f"{app}.tests.{info.name}")


def gather_rows() -> tuple[dict, list[str]]:
    """Every app's ROWS, merged; and the URL names listed more than once."""
    matrix, twice = {}, []
    for module in row_modules():
        twice += [name for name in module.ROWS if name in matrix]
        matrix.update(module.ROWS)
    return matrix, twice


MATRIX, LISTED_TWICE = gather_rows()


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


def test_no_url_is_listed_by_two_apps():
    assert not LISTED_TWICE


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
# Visits, their photos, coordinator assignments, meetings with families, the curriculum and workshop
# attendance are written only through their services (the app's pages): the admin shows them read-only,
# with no add page. Network meetings are logged by their coordinator (once, by the form's submission id)
# and only corrected in the admin. Monitoring reports and their email deliveries are jobs, requested and
# retried on their own pages (/informes/): read-only in the admin. Sponsor companies, their agreements and
# contributions are written on the staff's pages (/auspiciadores/): read-only in the admin too. Candidate
# groups, candidates and sponsors' requests for schools are written on the choosing pages (/auspicio/).
NO_ADD_PAGE = {
    "admin:evaluations_monitoringreport_add",
    "admin:networks_visitphoto_add",
    "admin:networks_visit_add",
    "admin:networks_coordinatorassignment_add",
    "admin:networks_networkmeeting_add",
    "admin:networks_familymeeting_add",
    "admin:networks_curriculumyear_add",
    "admin:networks_competency_add",
    "admin:workshops_attendance_add",
    "admin:workshops_parentattendance_add",
    "admin:schools_sponsor_add",
    "admin:schools_sponsorship_add",
    "admin:schools_contribution_add",
    "admin:schools_candidategroup_add",
    "admin:schools_candidate_add",
    "admin:schools_schoolrequest_add",
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
