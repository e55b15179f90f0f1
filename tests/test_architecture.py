"""The dependency rule of DESIGN.md §7, checked on the source: pure packages stay pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "glienicke"

PURE = ("domain", "law", "negotiation", "exchange", "reports")
# What a pure package may import besides the standard library and its pure peers.
OUTER = ("store", "services", "web", "cli", "security", "records", "dataset", "settings")
FRAMEWORKS = (
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "typer",
    "rich",
    "pydantic",
    "yaml",
    "jsonschema",
    "psycopg",
    "uvicorn",
    "platformdirs",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(package: str) -> list[Path]:
    folder = SRC / package
    return sorted(folder.rglob("*.py")) if folder.is_dir() else []


@pytest.mark.parametrize("package", [p for p in PURE if (SRC / p).is_dir()])
def test_pure_packages_import_no_framework_and_no_outer_layer(package: str) -> None:
    offences = []
    for module in _modules(package):
        for name in _imports(module):
            top = name.split(".")[0]
            inner = name.split(".")[1] if name.startswith("glienicke.") else ""
            if top in FRAMEWORKS or inner in OUTER:
                offences.append(f"{module.relative_to(SRC)} imports {name}")
    assert offences == []


def test_the_store_and_services_never_import_the_edges() -> None:
    offences = []
    for package in ("store", "services", "dataset", "domain"):
        for module in _modules(package):
            for name in _imports(module):
                if name.startswith(("glienicke.web", "glienicke.cli")):
                    offences.append(f"{module.relative_to(SRC)} imports {name}")
    assert offences == []


def test_the_rule_would_catch_an_offence(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from sqlalchemy import select\nimport glienicke.store.db\n")
    assert _imports(module) == {"sqlalchemy", "glienicke.store.db"}
