"""The DuckDB backend: the embedded store, one file (or ``:memory:``)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from eventwire.errors import StoreError
from eventwire.store.duckdb.store import DuckDBStore
from eventwire.store.sql.migrate import latest_version

__all__ = ["DuckDBStore", "latest_version", "probe"]


def probe(path: str) -> str:
    """What is at ``path``, read only and without creating anything: for `eventwire
    doctor`. Raises StoreError when the file is there but cannot be read as a store."""
    if path != ":memory:" and not Path(path).exists():
        if not Path(path).absolute().parent.is_dir():
            raise StoreError("no such folder for the store", source=path)
        return "no store yet (the first `eventwire ingest` creates it)"
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", source=path) from exc
    try:
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        documents = con.execute("SELECT count(*) FROM documents").fetchone()
    except duckdb.Error as exc:
        raise StoreError(f"not an eventwire store: {exc}", source=path) from exc
    finally:
        con.close()
    return f"schema {version[0] if version else '?'}, {documents[0] if documents else 0} documents"
