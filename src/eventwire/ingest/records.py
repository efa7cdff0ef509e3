"""JSONL and JSON records: one document per object with a ``text`` field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventwire.document import SourceHints
from eventwire.errors import InputError, Reason

EXTRACTOR = "eventwire.ingest.records.json.v1"


@dataclass(frozen=True)
class Record:
    locator: str
    text: str
    url: str | None
    hints: SourceHints


def _optional_str(obj: dict[str, Any], key: str, where: str, source: str) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(
            Reason.MALFORMED, f"{where}: field {key!r} must be a string, not "
            f"{type(value).__name__}", source=source, locator=where,
        )
    return value.strip()


def _first_str(obj: dict[str, Any], keys: tuple[str, ...], where: str,
               source: str) -> str | None:
    """The first of several names a field goes by in the wild ('publisher', 'source')."""
    for key in keys:
        value = _optional_str(obj, key, where, source)
        if value:
            return value
    return None


def record_from_object(obj: Any, locator: str, source: str) -> Record:
    if not isinstance(obj, dict):
        raise InputError(
            Reason.MALFORMED, f"{locator}: expected a JSON object, got {type(obj).__name__}",
            source=source, locator=locator,
        )
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            Reason.MALFORMED, f"{locator}: no non-empty string field 'text'", source=source,
            locator=locator,
        )
    published = _optional_str(obj, "published", locator, source)
    hints = SourceHints(
        title=_optional_str(obj, "title", locator, source),
        published=published,
        published_origin="jsonl" if published else None,
        publisher=_first_str(obj, ("publisher", "source", "outlet", "site", "site_name"),
                             locator, source),
        author=_optional_str(obj, "author", locator, source),
        section=_optional_str(obj, "section", locator, source),
    )
    return Record(locator, text, _optional_str(obj, "url", locator, source), hints)


def iter_jsonl(text: str, source: str) -> Iterator[Record | InputError]:
    """Each line one record; a bad line yields an error and the rest go on."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        locator = f"line {number}"
        try:
            yield record_from_object(json.loads(line), locator, source)
        except json.JSONDecodeError as exc:
            yield InputError(
                Reason.MALFORMED, f"{locator}: not valid JSON ({exc.msg})", source=source,
                locator=locator,
            )
        except InputError as exc:
            yield exc


def iter_json(text: str, source: str) -> Iterator[Record | InputError]:
    """A JSON file holding one record or a list of records."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Reason.MALFORMED, f"not valid JSON ({exc.msg})", source=source) from exc
    objects = data if isinstance(data, list) else [data]
    for index, obj in enumerate(objects):
        try:
            yield record_from_object(obj, f"item {index}", source)
        except InputError as exc:
            yield exc
