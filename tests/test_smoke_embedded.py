"""The embedded default of `make run`: SQLite, tasks in-process, no services at all.

Each step runs `manage.py` in a subprocess with a clean environment (no DATABASE_URL pointing at
PostgreSQL, no broker), the way a fresh machine runs it (see embedded_default.py).
"""

import json

import pytest
from embedded_default import DEMO_PASSWORD, assert_ok, clean_env, manage

pytestmark = pytest.mark.smoke

DEMO_ACCOUNTS = {
    "ipae": "staff",
    "coord.piura": "coordinator",
    "coord.cusco": "coordinator",
    "sponsor.a": "sponsor",
    "sponsor.b": "sponsor",
}
# Printed as JSON by `manage.py shell -c`: the demo accounts and the size of every table.
INSPECT = """
import json
from django.apps import apps
from django.contrib.auth import get_user_model
users = get_user_model().objects.filter(username__in={usernames!r})
print(json.dumps({{
    "accounts": {{u.username: [u.role, u.check_password({password!r})] for u in users}},
    "counts": {{m._meta.label: m._default_manager.count() for m in apps.get_models()
                if not m._meta.label.startswith(("sessions.", "admin.", "axes."))}},
}}))
"""


@pytest.fixture
def embedded_env(tmp_path) -> dict[str, str]:
    """A clean environment: only what a shell on a fresh machine has, plus a throw-away SQLite path."""
    return clean_env(tmp_path)


def _inspect(env: dict[str, str]) -> dict:
    code = INSPECT.format(usernames=sorted(DEMO_ACCOUNTS), password=DEMO_PASSWORD)
    result = manage("shell", "-c", code, env=env)
    assert_ok(result, "shell -c <inspect>")
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_migrates_seeds_and_passes_checks(embedded_env, tmp_path):
    commands = manage("help", "--commands", env=embedded_env)
    assert_ok(commands, "help --commands")
    if "seed_demo" not in commands.stdout.split():
        pytest.skip("manage.py seed_demo does not exist yet (evaluations/management/commands/seed_demo.py)")

    assert_ok(manage("migrate", "--noinput", env=embedded_env), "migrate")
    assert_ok(manage("seed_demo", env=embedded_env), "seed_demo")
    assert_ok(manage("check", env=embedded_env), "check")

    assert (tmp_path / "embedded.sqlite3").exists()
    first = _inspect(embedded_env)
    assert first["accounts"] == {name: [role, True] for name, role in DEMO_ACCOUNTS.items()}

    # `make run` seeds at every start: a second run must change nothing.
    assert_ok(manage("seed_demo", env=embedded_env), "seed_demo (second run)")
    second = _inspect(embedded_env)
    assert second["counts"] == first["counts"]
