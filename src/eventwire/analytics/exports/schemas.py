"""The JSON Schemas shipped in ``eventwire/schema/`` for the exports, generated from the
models that write them; a test keeps the shipped files equal to what this generates.

Regenerate after changing a model:
    python -c "from eventwire.analytics.exports.schemas import write_schemas; write_schemas()"
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from eventwire.analytics.exports.manifest import Manifest
from eventwire.analytics.exports.plover import PloverRecord
from eventwire.analytics.exports.rows import EventRow

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "export_manifest.schema.json": (Manifest, "eventwire export manifest"),
    "plover_record.schema.json": (PloverRecord, "eventwire PLOVER record (--format plover)"),
    "export_event_row.schema.json": (EventRow, "eventwire events export row (jsonl)"),
}


def generate(name: str) -> dict[str, Any]:
    model, title = SCHEMAS[name]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def published(name: str) -> dict[str, Any]:
    """A schema file as the installed package ships it."""
    path = resources.files("eventwire").joinpath(f"schema/{name}")
    return json.loads(path.read_text(encoding="utf-8"))


def write_schemas(folder: Path | None = None) -> None:
    target = folder or Path(str(resources.files("eventwire") / "schema"))
    for name in SCHEMAS:
        text = json.dumps(generate(name), indent=2, ensure_ascii=False) + "\n"
        (target / name).write_text(text, encoding="utf-8")
