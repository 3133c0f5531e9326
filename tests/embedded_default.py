"""Running the embedded default for the smoke tests (and bench/sqlite_concurrency.py): no services at all.

`manage.py` runs in a subprocess with a clean environment (no DATABASE_URL pointing at PostgreSQL, no
broker), the way a fresh machine runs it, on a throw-away SQLite file: the same code path as the default
db.sqlite3 in the project folder, without touching it. `running_server` serves it the way `bin/run` does,
and `Browser` talks to it with the standard library only.
"""

import contextlib
import http.client
import http.cookies
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "cee-demo-2026"
LOGIN_PATH = "/cuenta/ingresar/"


def clean_env(folder: Path) -> dict[str, str]:
    """Only what a shell on a fresh machine has, plus a throw-away SQLite file and upload folders in `folder`."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYENV_VERSION")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "cee.settings.local"
    env["DATABASE_URL"] = f"sqlite:///{folder / 'embedded.sqlite3'}"
    env["DJANGO_MEDIA_ROOT"] = str(folder / "media")
    env["DJANGO_PRIVATE_MEDIA_ROOT"] = str(folder / "private")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def manage(*args: str, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_ok(result: subprocess.CompletedProcess, step: str) -> None:
    assert result.returncode == 0, (
        f"`manage.py {step}` exited {result.returncode}\n--- stdout ---\n{result.stdout[-4000:]}"
        f"\n--- stderr ---\n{result.stderr[-4000:]}"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(env: dict[str, str], log: Path, start_timeout: float = 30) -> Iterator[tuple[str, int]]:
    """`manage.py runserver` (threaded, as `bin/run` starts it, without the reloader) on a free port.

    Yields (host, port) once the login page answers; the server is stopped on the way out, whatever
    happened. Its output goes to `log`, quoted in the error when it does not come up.
    """
    host, port = "127.0.0.1", _free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if server.poll() is not None:
                raise AssertionError(f"runserver exited {server.returncode}:\n{log.read_text()[-4000:]}")
            try:
                if Browser(host, port).get(LOGIN_PATH).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"runserver did not answer in {start_timeout} s:\n{log.read_text()[-4000:]}")
            time.sleep(0.2)
        yield host, port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class FormParser(HTMLParser):
    """The values a browser would submit from a page's <input>s (unchecked radios and checkboxes left out)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag != "input" or not a.get("name"):
            return
        if a.get("type") in ("radio", "checkbox") and "checked" not in a:
            return
        self.values[a["name"]] = a.get("value") or ""


def form_values(html: str) -> dict[str, str]:
    parser = FormParser()
    parser.feed(html)
    return parser.values


@dataclass
class Answer:
    status: int
    location: str
    body: str
    seconds: float


class Browser:
    """A browser reduced to its cookies. Every request opens its own connection, so threads may share one.

    Redirects are not followed: the caller sees the 302 and where it points.
    """

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self._lock = threading.Lock()

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        with self._lock:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            seconds = time.perf_counter() - started
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            with self._lock:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        return Answer(response.status, response.headers.get("Location", ""), data.decode(errors="replace"), seconds)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Answer:
        return self.request("POST", path, form)

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Through the real login form, with its CSRF token, like a person."""
        token = form_values(self.get(LOGIN_PATH).body)["csrfmiddlewaretoken"]
        answer = self.post(LOGIN_PATH, {"username": username, "password": password, "csrfmiddlewaretoken": token})
        assert answer.status == 302, f"signing in as {username} answered {answer.status}:\n{answer.body[:2000]}"
        assert LOGIN_PATH not in answer.location, f"signing in as {username} failed"


def in_parallel(send, count: int) -> list:
    """Call send(i) for i in 0..count-1 from `count` threads released at the same instant."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        start.wait()
        try:
            results[i] = send(i)
        except Exception as error:  # reported to the caller with the other answers
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
