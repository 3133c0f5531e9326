"""The house: apps import, point and migrate only down the arrows.

    core <- accounts <- schools <- networks <- workshops <- evaluations <- demo

An app imports only itself and the apps to its left; its foreign keys point the same way; its
migrations depend on nothing to its right; so no migration cycle can form and nothing imports the demo.
`cee/` (settings, URLs) is the configuration on top of the house; tests may use any app's factories.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader

PROJECT = Path(__file__).resolve().parent.parent
ORDER = ["core", "accounts", "schools", "networks", "workshops", "evaluations", "demo"]
RANK = {app: rank for rank, app in enumerate(ORDER)}


def _is_app_code(path: Path) -> bool:
    parts = path.relative_to(PROJECT).parts
    return "tests" not in parts and "migrations" not in parts


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(ORDER)
    return found


def app_imports() -> list[tuple[str, str, str]]:
    """(file, its app, an app it imports) for every import between our apps in non-test code."""
    edges = []
    for app in ORDER:
        for path in sorted((PROJECT / app).rglob("*.py")):
            if _is_app_code(path):
                edges += [(str(path.relative_to(PROJECT)), app, other) for other in _imported_apps(path) - {app}]
    return edges


def test_every_app_of_the_house_exists():
    assert set(ORDER) <= {config.name for config in apps.get_app_configs()}


def test_no_app_imports_an_app_above_it():
    upward = [f"{path} ({app}) imports {other}" for path, app, other in app_imports() if RANK[other] > RANK[app]]
    assert not upward, "Imports against the arrows:\n" + "\n".join(upward)


def test_the_check_sees_the_imports_down_the_arrows():
    assert ("networks", "schools") in {(app, other) for _, app, other in app_imports()}


def test_nothing_imports_the_demo():
    assert not [path for path, _, other in app_imports() if other == "demo"]


@pytest.mark.parametrize("app", ORDER)
def test_foreign_keys_point_down_the_arrows(app):
    config = apps.get_app_config(app)
    upward = []
    for model in config.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is not None:
                target = field.related_model._meta.app_label
                if target in RANK and RANK[target] > RANK[app]:
                    upward.append(f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}")
    assert not upward, "Foreign keys against the arrows:\n" + "\n".join(upward)


def test_migrations_depend_only_down_the_arrows_and_form_no_cycle():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    upward = [
        f"{key[0]}.{key[1]} needs {parent[0]}.{parent[1]}"
        for key, migration in loader.disk_migrations.items()
        if key[0] in RANK
        for parent in migration.dependencies
        if parent[0] in RANK and RANK[parent[0]] > RANK[key[0]]
    ]
    assert not upward, "Migrations against the arrows:\n" + "\n".join(upward)
    loader.graph.ensure_not_cyclic()
