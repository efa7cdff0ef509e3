"""Rows of one's own (the analytics tables: dyad series, influence index rows) written
through the same writers and manifest as the store's exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from eventwire.analytics.exports.manifest import Manifest, Target, new_manifest
from eventwire.errors import OptionsError
from eventwire.store import write_rows_parquet

TABLE_FORMATS = ("csv", "jsonl", "parquet")


def write_table(rows: list[dict[str, Any]], what: str, fmt: str, out: Path, *,
                filters: dict[str, Any] | None = None, extra: dict[str, Any] | None = None,
                force: bool = False, store_schema_version: int | None = None,
                coders: list[str] | None = None) -> Manifest:
    """Write ``rows`` as csv, jsonl or parquet to ``out`` with its manifest beside it
    (``out.manifest.json``); atomic, and refused over an existing file without
    ``force``. Lists are joined with ';' in CSV and kept nested in JSONL and Parquet."""
    if fmt not in TABLE_FORMATS:
        raise OptionsError(f"cannot write {what} as {fmt}: tables are written as "
                           f"{', '.join(TABLE_FORMATS)}")
    target = Target(out)
    target.refuse_overwrite(force)
    with target.writing() as partial:
        WRITERS[fmt](rows, partial)
        manifest = new_manifest(what=what, fmt=fmt, files=target.files(), rows=len(rows),
                                store_schema_version=store_schema_version, filters=filters,
                                coders=coders, extra=extra)
        target.commit(manifest)
    return manifest


def write_csv_rows(rows: list[dict[str, Any]], path: Path) -> None:
    """CSV as `eventwire ... --format csv` prints it: a list joined with ';'."""
    names = list(dict.fromkeys(key for row in rows for key in row)) or ["id"]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=names)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list) else v
                             for k, v in row.items()})


def write_jsonl_rows(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    write_rows_parquet(rows, path)


WRITERS = {"csv": write_csv_rows, "jsonl": write_jsonl_rows, "parquet": _write_parquet}
