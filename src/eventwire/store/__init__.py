"""Storage backends behind one protocol, :class:`Store`. DuckDB (an embedded file) is the
default; :func:`open_store` picks the backend from the store's URL."""

from eventwire.store.backends import (
    DB_ENV,
    default_path,
    open_store,
    probe,
    write_rows_parquet,
)
from eventwire.store.base import DocumentFilter, EventFilter, LogEntry, Store, Tally
from eventwire.store.duckdb import DuckDBStore

__all__ = [
    "DB_ENV",
    "DocumentFilter",
    "DuckDBStore",
    "EventFilter",
    "LogEntry",
    "Store",
    "Tally",
    "default_path",
    "open_store",
    "probe",
    "write_rows_parquet",
]
