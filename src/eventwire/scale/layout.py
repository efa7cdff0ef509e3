"""The batch folder: one Parquet table per kind of row, written part by part.

::

    DIR/manifest.json                  versions, settings and their hash, inputs, counts
    DIR/<table>/part-00000.parquet     one file per part and table (none when empty)

A *part* is one block of consecutive inputs: part ``n`` of every table holds the rows of
the same inputs, and parts follow input order, so ``eventwire load`` can replay a batch
part by part, in input order, holding one part at a time. Every row carries ``input``
(the position of its input in discovery order) and ``item`` (its position among that
input's outcomes), the order plain ingest gives them.

The layer tables' columns come from the Document model itself (:func:`arrow_schema`), so
a field added to a layer appears in its table without touching this module.
"""

from __future__ import annotations

import hashlib
import json
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from eventwire.document import (
    Actor,
    Anatomy,
    Claim,
    Document,
    EventMention,
    PlaceMention,
    Quote,
    TimeMention,
)
from eventwire.errors import BatchError

FORMAT = "eventwire.batch.v1"
MANIFEST = "manifest.json"

# Document field -> (table, item model): the list layers, one row per item.
LIST_LAYERS: dict[str, tuple[str, type[BaseModel]]] = {
    "actors": ("actors", Actor),
    "places": ("places", PlaceMention),
    "times": ("times", TimeMention),
    "quotes": ("quotes", Quote),
    "claims": ("claims", Claim),
    "events": ("event_mentions", EventMention),
}
ANATOMY_TABLE = "anatomy"
# Fields a document row keeps in its own columns, not in its ``document`` JSON.
_LAYER_FIELDS = {"anatomy", "text", *LIST_LAYERS}


def _arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a pydantic field annotation (every Arrow field is nullable)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        kept = [a for a in args if a is not type(None)]
        if len(kept) != 1:
            raise TypeError(f"no Arrow type for the union {annotation}")
        return _arrow_type(kept[0])
    if origin is Literal:
        return pa.string() if all(isinstance(a, str) for a in args) else pa.int64()
    if origin in (list, tuple):  # a span (tuple[int, int]) is a list of two
        return pa.list_(_arrow_type(args[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(name, _arrow_type(f.annotation))
                          for name, f in annotation.model_fields.items()])
    scalars: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(),
                                       float: pa.float64(), bool: pa.bool_()}
    if annotation in scalars:
        return scalars[annotation]
    raise TypeError(f"no Arrow type for {annotation}")


_KEYS = [pa.field("input", pa.int64()), pa.field("item", pa.int64())]


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """A layer table: the keys of its document, the item's position, then its fields."""
    return pa.schema([*_KEYS, pa.field("document_id", pa.string()),
                      pa.field("position", pa.int64()),
                      *_arrow_type(model).fields])  # type: ignore[attr-defined]


SCHEMAS: dict[str, pa.Schema] = {
    "inputs": pa.schema([
        pa.field("input", pa.int64()), pa.field("source", pa.string()),
        pa.field("kind", pa.string()),  # file | error (could not be found or read)
        pa.field("bytes", pa.int64()), pa.field("items", pa.int64()),
    ]),
    "log": pa.schema([
        *_KEYS, pa.field("source", pa.string()), pa.field("locator", pa.string()),
        # analysed (load decides: stored, near_duplicate or skipped), skipped or failed
        pa.field("status", pa.string()), pa.field("reason", pa.string()),
        pa.field("message", pa.string()), pa.field("document_id", pa.string()),
    ]),
    "documents": pa.schema([
        *_KEYS, pa.field("id", pa.string()), pa.field("source", pa.string()),
        pa.field("locator", pa.string()), pa.field("url", pa.string()),
        pa.field("format", pa.string()), pa.field("language", pa.string()),
        pa.field("title", pa.string()), pa.field("published", pa.string()),
        pa.field("publisher", pa.string()), pa.field("genre", pa.string()),
        pa.field("raw_sha256", pa.string()),
        pa.field("signature", pa.binary()),  # MinHash values, uint64 little-endian
        pa.field("text", pa.string()),
        pa.field("document", pa.string()),  # the rest of the Document, JSON
    ]),
    "raw": pa.schema([
        pa.field("sha256", pa.string()), pa.field("source", pa.string()),
        pa.field("size", pa.int64()), pa.field("data", pa.binary()),
    ]),
    ANATOMY_TABLE: pa.schema([*_KEYS, pa.field("document_id", pa.string()),
                              *_arrow_type(Anatomy).fields]),  # type: ignore[attr-defined]
    **{table: arrow_schema(model) for table, model in LIST_LAYERS.values()},
}
TABLES = tuple(SCHEMAS)


# -- one part in memory -------------------------------------------------------------------
@dataclass
class Part:
    """The rows of one block of inputs, table by table, as plain dicts."""

    rows: dict[str, list[dict[str, Any]]]

    @classmethod
    def empty(cls) -> Part:
        return cls({table: [] for table in TABLES})

    def add_document(self, input_: int, item: int, doc: Document, signature: bytes) -> None:
        keys = {"input": input_, "item": item}
        anatomy = doc.anatomy
        self.rows["documents"].append({
            **keys, "id": doc.id, "source": doc.source, "locator": doc.locator,
            "url": doc.url, "format": doc.format, "language": doc.language,
            "title": anatomy.title if anatomy else None,
            "published": anatomy.published if anatomy else None,
            "publisher": anatomy.publisher if anatomy else None,
            "genre": anatomy.genre if anatomy else None,
            "raw_sha256": doc.raw_sha256, "signature": signature, "text": doc.text,
            "document": _document_rest(doc),
        })
        if anatomy is not None:
            self.rows[ANATOMY_TABLE].append(
                {**keys, "document_id": doc.id, **anatomy.model_dump(mode="json")})
        for field, (table, _) in LIST_LAYERS.items():
            for position, value in enumerate(getattr(doc, field) or ()):
                self.rows[table].append({**keys, "document_id": doc.id, "position": position,
                                         **value.model_dump(mode="json")})

    def to_arrow(self) -> dict[str, pa.Table]:
        return {table: pa.Table.from_pylist(rows, schema=SCHEMAS[table])
                for table, rows in self.rows.items()}


def _document_rest(doc: Document) -> str:
    """The document's JSON less its text and layers (those have columns and tables of
    their own); a list layer that ran keeps an empty list here, one that did not, null."""
    rest = doc.model_dump(mode="json", exclude=_LAYER_FIELDS)
    rest.update({field: None if getattr(doc, field) is None else []
                 for field in LIST_LAYERS})
    return json.dumps(rest, ensure_ascii=False)


def rebuild_documents(tables: dict[str, pa.Table],
                      ) -> dict[tuple[int, int], tuple[Document, bytes]]:
    """The Documents of one part and their signatures, by (input, item), from its
    document and layer tables."""
    found: dict[tuple[int, int], dict[str, Any]] = {}
    signatures: dict[tuple[int, int], bytes] = {}
    for row in tables["documents"].to_pylist():
        body = json.loads(row["document"])
        body["text"] = row["text"]
        found[(row["input"], row["item"])] = body
        signatures[(row["input"], row["item"])] = row["signature"]
    for row in tables[ANATOMY_TABLE].to_pylist():
        body = found[(row.pop("input"), row.pop("item"))]
        row.pop("document_id")
        body["anatomy"] = row
    for field, (table, _) in LIST_LAYERS.items():
        for row in sorted(tables[table].to_pylist(), key=lambda r: r["position"]):
            body = found[(row.pop("input"), row.pop("item"))]
            row.pop("document_id")
            row.pop("position")
            body[field].append(row)
    return {key: (Document.model_validate(body), signatures[key])
            for key, body in found.items()}


# -- moving a part between processes (Ray blocks carry bytes) ----------------------------
def to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


# -- the folder -----------------------------------------------------------------------------
def part_path(out: Path, table: str, number: int) -> Path:
    return out / table / f"part-{number:05d}.parquet"


class PartWriter:
    """Writes parts in the order they come, one Parquet file per non-empty table, and
    counts the rows; nothing of a part is kept once written."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.parts = 0
        self.counts = {table: 0 for table in TABLES}
        self.statuses: dict[str, int] = {}

    def write(self, tables: dict[str, pa.Table]) -> None:
        for table, rows in tables.items():
            if rows.num_rows == 0:
                continue
            path = part_path(self.out, table, self.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(rows, path)
            self.counts[table] += rows.num_rows
        for status in tables["log"].column("status").to_pylist():
            self.statuses[status] = self.statuses.get(status, 0) + 1
        self.parts += 1


def prepare_folder(out: Path, force: bool) -> None:
    """An empty output folder; with ``force``, a previous batch's files are removed first
    (only those, never anything else in the folder)."""
    if out.exists() and not out.is_dir():
        raise BatchError("the output is a file, not a folder", source=str(out))
    if out.exists() and any(out.iterdir()):
        if not force:
            raise BatchError("the output folder is not empty; choose another or pass "
                             "--force to replace a previous batch there", source=str(out))
        if not (out / MANIFEST).exists():
            raise BatchError("--force replaces only a previous batch, and this folder has "
                             "no manifest.json", source=str(out))
        _remove_batch(out)
    out.mkdir(parents=True, exist_ok=True)


def _remove_batch(out: Path) -> None:
    (out / MANIFEST).unlink()
    for table in TABLES:
        folder = out / table
        if folder.is_dir():
            for path in folder.glob("part-*.parquet"):
                path.unlink()
            if not any(folder.iterdir()):
                folder.rmdir()


def settings_hash(options: dict[str, Any], dictionaries: list[str]) -> str:
    """The hash of what decides a batch's output: the settings and the dictionaries'
    contents (not their paths)."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    for path in dictionaries:
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Written last: a folder without it is an unfinished batch."""
    temporary = out / (MANIFEST + ".tmp")
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    temporary.replace(out / MANIFEST)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BatchError("not a finished batch folder: no manifest.json (run `eventwire "
                         "batch ... --out` to make one, and let it finish)", source=str(folder))
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise BatchError(f"manifest.json cannot be read: {exc}", source=str(folder)) from exc
    if manifest.get("format") != FORMAT:
        raise BatchError(f"manifest.json is of format {manifest.get('format')!r}, and this "
                         f"eventwire reads {FORMAT!r}", source=str(folder))
    return manifest


def read_parts(folder: Path, parts: int) -> Iterator[dict[str, pa.Table]]:
    """Each part's tables in order (an empty table where the part had no rows)."""
    for number in range(parts):
        tables: dict[str, pa.Table] = {}
        for table, schema in SCHEMAS.items():
            path = part_path(folder, table, number)
            tables[table] = (pq.read_table(path, schema=schema) if path.exists()
                             else schema.empty_table())
        yield tables
