""".env.example and the README document every environment variable the settings read."""

import re
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
ENV_READ = re.compile(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")


def _variables_read_by_settings() -> set[str]:
    names: set[str] = set()
    for module in (PROJECT_DIR / "cee" / "settings").glob("*.py"):
        names.update(ENV_READ.findall(module.read_text()))
    return names


def _variables_in_env_example() -> set[str]:
    text = (PROJECT_DIR / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_settings_read():
    read = _variables_read_by_settings()
    assert "DATABASE_URL" in read  # the pattern still finds the reads

    missing = read - _variables_in_env_example()

    assert not missing, f".env.example does not mention: {sorted(missing)}"


def test_env_example_lists_nothing_the_settings_do_not_read():
    stale = _variables_in_env_example() - _variables_read_by_settings()

    assert not stale, f".env.example mentions variables no setting reads: {sorted(stale)}"


def test_readme_documents_every_variable_the_settings_read():
    readme = (PROJECT_DIR / "README.md").read_text()

    missing = {name for name in _variables_read_by_settings() if f"`{name}`" not in readme}

    assert not missing, f"README.md's environment table does not mention: {sorted(missing)}"
