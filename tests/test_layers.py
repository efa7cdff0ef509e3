"""Layers import only downward: a stage never reaches up into the pipeline, the store never
into a stage, nothing below the CLI into the CLI. Read from the source (AST), so an import
inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eventwire"

# Each top-level module or package of eventwire and its rank: a unit may import units of
# its own rank or lower. A new unit must be given a rank here (the test says so).
RANKS: dict[str, int] = {
    "_version": 0, "errors": 0, "memory": 0,
    "resources": 1, "options": 1, "document": 1, "nlp": 1, "parse_process": 1, "deadline": 1,
    "contract": 2,
    "store": 3,  # persists documents, layers and events; knows no stage
    "ingest": 4, "anatomy": 5, "extract": 6, "events": 7, "corroborate": 8,
    "registry": 9, "context": 9, "stages": 9, "pipeline": 9, "runner": 10,
    "evaluation": 11, "analytics": 11, "doctor": 11, "views": 11,
    "api": 12, "web": 12, "scale": 12, "review": 12,
    "cli": 13, "__main__": 14, "__init__": 14,
}


def _unit(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imported_units(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "eventwire":
            names = [f"eventwire.{alias.name}" for alias in node.names]  # from eventwire import x
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "eventwire":
                found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


def _upward_imports() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        unit = _unit(path)
        for imported in _imported_units(ast.parse(path.read_text(encoding="utf-8"))):
            if imported == unit:
                continue
            if unit not in RANKS or imported not in RANKS:
                problems.append(f"{path.relative_to(PACKAGE)}: give "
                                f"{unit if unit not in RANKS else imported} a rank in RANKS")
            elif RANKS[imported] > RANKS[unit]:
                problems.append(f"{path.relative_to(PACKAGE)} ({unit}) imports {imported}")
    return problems


def test_layers_import_only_downward() -> None:
    assert _upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    tree = ast.parse("from eventwire.pipeline import Pipeline\nimport eventwire.cli.app\n"
                     "def late():\n    from eventwire import runner\n")
    assert _imported_units(tree) == {"pipeline", "cli", "runner"}
    assert RANKS["pipeline"] > RANKS["extract"] and RANKS["cli"] > RANKS["store"]
