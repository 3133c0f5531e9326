"""The embedded default (SQLite behind `runserver`, threaded) under parallel requests, as a phone makes them.

A double tap, or a retry after a timeout, sends the same visit form (same hidden client_uuid) several
times at once; two people saving the same visit send the same hidden version. SQLite has one writer at a
time: without the settings for a web server the losers answered 500 "database is locked" instead of
landing on the one visit (302) or being told of the conflict (409).
"""

import html
import json
import re
from collections import Counter

import pytest
from embedded_default import Browser, assert_ok, clean_env, form_values, in_parallel, manage, running_server

pytestmark = pytest.mark.smoke

COORDINATOR = "coord.piura"
SAME_FORM_POSTS = 20
SAME_VERSION_EDITS = 10

# A school where the coordinator may log a visit today (its network inside its five program years).
LOGGABLE_SCHOOL = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from networks.permissions import can_log_visit
from networks.selectors import attach_networks
from schools.selectors import schools_visible_to
user = get_user_model().objects.get(username={username!r})
today = timezone.localdate()
print(json.dumps([s.pk for s in attach_networks(schools_visible_to(user).order_by("pk"), today)
                  if can_log_visit(user, s) and s.network and s.network.program_year_in_force(today)][:1]))
"""
VISIT_STATE = """
import json
from networks.models import Visit
visits = Visit.objects.filter(client_uuid={client_uuid!r})
print(json.dumps([{{"pk": v.pk, "version": v.version, "observations": v.observations}} for v in visits]))
"""


def _shell_json(code: str, env: dict[str, str]):
    result = manage("shell", "-v0", "-c", code, env=env)
    assert_ok(result, "shell -c")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _summary(answers) -> dict:
    """How many answers of each status, and each error once: `{"302": 17, "500 database is locked": 3}`."""
    counts = Counter()
    for answer in answers:
        if not hasattr(answer, "status"):
            counts[f"no answer: {answer!r}"] += 1
        elif answer.status >= 500:
            # DEBUG is on in the local settings: the error page names the exception.
            found = re.search(r'<pre class="exception_value">(.*?)</pre>', answer.body, re.S)
            counts[f"{answer.status} {html.unescape(found.group(1)).strip() if found else answer.body[:200]}"] += 1
        else:
            counts[str(answer.status)] += 1
    return dict(counts)


def test_parallel_posts_of_one_visit_form_and_of_one_edit_answer_without_errors(tmp_path):
    env = clean_env(tmp_path)
    assert_ok(manage("migrate", "--noinput", env=env), "migrate")
    assert_ok(manage("seed_demo", "--schools", "15", "--visits", "200", env=env), "seed_demo (smallest)")
    schools = _shell_json(LOGGABLE_SCHOOL.format(username=COORDINATOR), env)
    assert schools, f"the demo gives {COORDINATOR} no school where a visit can be logged today"

    with running_server(env, tmp_path / "runserver.log") as (host, port):
        browser = Browser(host, port)
        browser.sign_in(COORDINATOR)

        # The same form sent 20 times at once: one visit, and every answer lands on it.
        page = browser.get(f"/redes/visitas/nueva/?school={schools[0]}")
        assert page.status == 200
        shown = form_values(page.body)
        form = {
            "csrfmiddlewaretoken": shown["csrfmiddlewaretoken"],
            "client_uuid": shown["client_uuid"],
            "kind": "director",
            "school": str(schools[0]),
            "date": shown["date"],
            "observations": "Reunión con la directora sobre el plan de mejora.",
        }
        answers = in_parallel(lambda _: browser.post("/redes/visitas/nueva/", form), SAME_FORM_POSTS)
        summary = _summary(answers)
        assert summary == {"302": SAME_FORM_POSTS}, summary
        assert len({a.location for a in answers}) == 1, {a.location for a in answers}
        visit_path = answers[0].location.split("?")[0]
        assert re.fullmatch(r"/redes/visitas/\d+/", visit_path), answers[0].location

        # Ten saves of the visit opened at one version (two tabs, a retry): one wins, nine are told (409).
        edit_page = browser.get(f"{visit_path}editar/")
        assert edit_page.status == 200
        opened = form_values(edit_page.body)
        edit = {key: opened[key] for key in ("csrfmiddlewaretoken", "client_uuid", "version", "kind", "date")}

        def save(i):
            return browser.post(f"{visit_path}editar/", {**edit, "observations": f"Edición simultánea {i}"})

        edits = in_parallel(save, SAME_VERSION_EDITS)
        summary = _summary(edits)
        assert summary == {"302": 1, "409": SAME_VERSION_EDITS - 1}, summary

    visits = _shell_json(VISIT_STATE.format(client_uuid=form["client_uuid"]), env)
    assert len(visits) == 1, visits
    assert visit_path == f"/redes/visitas/{visits[0]['pk']}/"
    assert visits[0]["version"] == int(opened["version"]) + 1
    winner = next(i for i, a in enumerate(edits) if a.status == 302)
    assert visits[0]["observations"] == f"Edición simultánea {winner}"
