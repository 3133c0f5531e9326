"""The embedded default of `make run`: SQLite, tasks in-process, no services at all.

Each step runs `manage.py` in a subprocess with a clean environment (no DATABASE_URL pointing at
PostgreSQL, no broker), the way a fresh machine runs it. DATABASE_URL names a temporary SQLite file:
the same code path as the default db.sqlite3 in the project folder, without touching it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEMO_ACCOUNTS = {
    "ipae": "staff",
    "coord.piura": "coordinator",
    "coord.cusco": "coordinator",
    "sponsor.a": "sponsor",
    "sponsor.b": "sponsor",
}
DEMO_PASSWORD = "cee-demo-2026"

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


def _manage(*args: str, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _assert_ok(result: subprocess.CompletedProcess, step: str) -> None:
    assert result.returncode == 0, (
        f"`manage.py {step}` exited {result.returncode}\n--- stdout ---\n{result.stdout[-4000:]}"
        f"\n--- stderr ---\n{result.stderr[-4000:]}"
    )


@pytest.fixture
def embedded_env(tmp_path) -> dict[str, str]:
    """A clean environment: only what a shell on a fresh machine has, plus a throw-away SQLite path."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYENV_VERSION")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "cee.settings.local"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'embedded.sqlite3'}"
    env["DJANGO_MEDIA_ROOT"] = str(tmp_path / "media")
    env["DJANGO_PRIVATE_MEDIA_ROOT"] = str(tmp_path / "private")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _inspect(env: dict[str, str]) -> dict:
    code = INSPECT.format(usernames=sorted(DEMO_ACCOUNTS), password=DEMO_PASSWORD)
    result = _manage("shell", "-c", code, env=env)
    _assert_ok(result, "shell -c <inspect>")
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_migrates_seeds_and_passes_checks(embedded_env, tmp_path):
    commands = _manage("help", "--commands", env=embedded_env)
    _assert_ok(commands, "help --commands")
    if "seed_demo" not in commands.stdout.split():
        pytest.skip("manage.py seed_demo does not exist yet (evaluations/management/commands/seed_demo.py)")

    _assert_ok(_manage("migrate", "--noinput", env=embedded_env), "migrate")
    _assert_ok(_manage("seed_demo", env=embedded_env), "seed_demo")
    _assert_ok(_manage("check", env=embedded_env), "check")

    assert (tmp_path / "embedded.sqlite3").exists()
    first = _inspect(embedded_env)
    assert first["accounts"] == {name: [role, True] for name, role in DEMO_ACCOUNTS.items()}

    # `make run` seeds at every start: a second run must change nothing.
    _assert_ok(_manage("seed_demo", env=embedded_env), "seed_demo (second run)")
    second = _inspect(embedded_env)
    assert second["counts"] == first["counts"]
