"""The data admin as a product surface: every admin URL x GET and POST x every persona.

The authorization matrix lets `admin:index` stand for the admin's access rule; this sweep checks that
rule on every admin URL with real objects of the world: whoever may not enter the admin (anonymous,
coordinators, sponsors) is sent to the admin's login from every page and every POST, changing nothing;
staff and the administrator never meet a server error (what staff may do inside is tested in
accounts/tests/test_admin.py and networks/tests/test_admin.py). POSTs send no data: a form answers
with its errors, a delete page with its confirmation, so nothing is written.
"""

from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.tests.personas import PERSONAS
from networks.models import Visit

OUTSIDE = {"anonymous", "coordinator", "other_coordinator", "former_coordinator", "sponsor", "other_sponsor"}
# Signing out ends the session the sweep runs in; it is the admin's own page and takes no object.
SKIPPED = {"admin:logout"}


def admin_patterns() -> list[tuple[str, URLPattern]]:
    found = []

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif pattern.name and namespace.startswith("admin:"):
                found.append((f"{namespace}{pattern.name}", pattern))

    walk(get_resolver())
    return found


def _model_of(name: str):
    """admin:schools_school_change -> School (None for the admin's own pages)."""
    for model in apps.get_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model
    return None


def _an_object(model, world):
    if model is Group:
        return Group.objects.get_or_create(name="Revisores")[0]
    if model._meta.label == "accounts.User":
        return world.coordinator  # an account staff manage
    if model is Visit:
        return world.visit_a
    return model._default_manager.order_by("pk").first()


def url_of(name: str, world) -> str | None:
    """The URL of an admin page about a real object of the world (None when the model has no rows)."""
    if name == "admin:app_list":
        return reverse(name, kwargs={"app_label": "networks"})
    if name == "admin:view_on_site":
        school = world.schools_a[0]
        return reverse(name, args=[ContentType.objects.get_for_model(school).pk, school.pk])
    if name == "admin:auth_user_password_change":
        return reverse(name, args=[world.coordinator.pk])
    model = _model_of(name)
    if model is None:
        return reverse(name)
    if name.endswith(("_changelist", "_add")):
        return reverse(name)
    obj = _an_object(model, world)
    pk = obj.pk if obj is not None else 0
    if name.endswith("_simple_history"):
        record = obj.history.order_by("history_id").first() if obj is not None else None
        return reverse(name, args=[pk, record.history_id if record else 0])
    return reverse(name, args=[pk])


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_admin_url_answers_each_persona(world, client_for, user_of, persona, method):
    client = client_for(user_of(persona))
    login = reverse("admin:login")
    # Anonymous people meet the site's login (LoginRequiredMiddleware) or the admin's; both sign them in.
    logins = {login, reverse("accounts:login")} if persona == "anonymous" else {login}
    wrong = []
    for name, _pattern in admin_patterns():
        if name in SKIPPED:
            continue
        url = url_of(name, world)
        response = getattr(client, method)(url)
        status = response.status_code
        if persona in OUTSIDE:
            allowed = name == "admin:login" and status == 200  # the login page itself, or its form's errors
            redirected = status == 302 and urlparse(response["Location"]).path in logins
            if not (allowed or redirected):
                wrong.append(f"{method.upper()} {url} ({name}) -> {status}")
        elif status >= 500 or (status == 302 and urlparse(response["Location"]).path == login):
            wrong.append(f"{method.upper()} {url} ({name}) -> {status}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def test_the_sweep_reaches_every_admin_url():
    names = {name for name, _ in admin_patterns()}
    assert len(names) > 100
    assert names - SKIPPED
