"""Which backend a store URL names, and opening it.

    eventwire.duckdb, /data/x.duckdb, :memory:   DuckDB (a bare path)
    duckdb:///data/x.duckdb, duckdb://x.duckdb   DuckDB (the path follows ``duckdb://``)
    postgresql://user:pw@host:5432/db            PostgreSQL (also postgres://; any libpq
                                                 URL, e.g. ?sslmode=require)
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from eventwire.errors import StoreError
from eventwire.store.base import Store

DB_ENV = "EVENTWIRE_DB"
DUCKDB_SCHEME = "duckdb://"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def default_path(configured: str) -> str:
    """The store to use when no --db is given: $EVENTWIRE_DB, else the settings' path."""
    return os.environ.get(DB_ENV) or configured


def duckdb_path(url: str) -> str | None:
    """The DuckDB file a URL names, or None when it names another backend."""
    if url.startswith(DUCKDB_SCHEME):
        return url[len(DUCKDB_SCHEME):] or ":memory:"
    return None if _SCHEME.match(url) else url


def check_url(url: str) -> str:
    """The DuckDB path of ``url``; a StoreError that says why for any other URL."""
    path = duckdb_path(url)
    if path is not None:
        return path
    if url.startswith(POSTGRES_SCHEMES):
        raise StoreError("this is a PostgreSQL URL, not a DuckDB file",
                         source=without_password(url))
    raise StoreError("unknown kind of store URL: give a file path, duckdb:///path or "
                     "postgresql://...", source=without_password(url))


def open_store(url: str) -> Store:
    """Open (and create or migrate) the store ``url`` names."""
    if url.startswith(POSTGRES_SCHEMES):
        return _postgres(url).PostgresStore(url, without_password(url))
    # A backend is imported once chosen: PostgreSQL's driver is an optional extra.
    from eventwire.store.duckdb import DuckDBStore

    return DuckDBStore(check_url(url))


def _postgres(url: str) -> ModuleType:
    """The PostgreSQL backend, or a StoreError saying how to install its driver."""
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError as exc:
        raise StoreError(
            f"the PostgreSQL backend needs psycopg 3 and psycopg-pool ({exc.name} is not "
            "installed): pip install 'eventwire[postgres]'", source=without_password(url),
        ) from exc
    from eventwire.store import postgres

    return postgres


def write_rows_parquet(rows: list[dict[str, Any]], path: Path) -> int:
    """Rows made above the store (analytics tables) as one Parquet file, with DuckDB."""
    from eventwire.store.duckdb.exports import write_rows_parquet as write

    return write(rows, path)


def probe(url: str) -> str:
    """What is at ``url``, read only and without creating anything (`eventwire doctor`)."""
    if url.startswith(POSTGRES_SCHEMES):
        return _postgres(url).probe(url, without_password(url))
    from eventwire.store.duckdb import probe as probe_duckdb

    return probe_duckdb(check_url(url))


def without_password(url: str) -> str:
    """A URL fit for an error message: 'user:secret@' becomes 'user:***@', and a
    password given as a query parameter is hidden too."""
    url = re.sub(r"(://[^/:@]+):[^/@]*@", r"\1:***@", url)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url)
