"""Storage backends. DuckDB (an embedded file) is the default."""

from eventwire.store.duckdb import DocumentFilter, DuckDBStore, open_store

__all__ = ["DocumentFilter", "DuckDBStore", "open_store"]
