"""The store's boundary, read from the source: only ``eventwire.store`` talks to a database,
and the store imports nothing from the stages above it. A PostgreSQL backend then plugs in
without a change outside ``store/``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eventwire"
STORE = PACKAGE / "store"
ABOVE_THE_STORE = ("eventwire.cli", "eventwire.corroborate", "eventwire.ingest",
                   "eventwire.pipeline", "eventwire.events", "eventwire.extract")


def _modules(inside: bool) -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if (STORE in p.parents) == inside)


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def _parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", _modules(inside=False), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_outside_the_store_touches_a_database(path: Path) -> None:
    tree = _parsed(path)
    drivers = [n for n in _imports(tree) if n.split(".")[0] in ("duckdb", "psycopg", "sqlite3")]
    assert not drivers, f"{path.name} imports {drivers}: go through eventwire.store.Store"
    backends = [n for n in _imports(tree) if n.startswith("eventwire.store.duckdb")]
    assert not backends, f"{path.name} imports {backends}: use eventwire.store"
    connections = [node.lineno for node in ast.walk(tree)
                   if isinstance(node, ast.Attribute) and node.attr == "con"]
    assert not connections, f"{path.name} uses a store's connection (lines {connections})"


@pytest.mark.parametrize("path", _modules(inside=True), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_store_imports_nothing_above_it(path: Path) -> None:
    upward = [n for n in _imports(_parsed(path)) if n.startswith(ABOVE_THE_STORE)]
    assert not upward, f"{path.name} imports {upward}"


def test_the_checks_see_the_code() -> None:
    assert len(_modules(inside=False)) > 30 and len(_modules(inside=True)) >= 5
