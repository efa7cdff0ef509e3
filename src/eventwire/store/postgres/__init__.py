"""The PostgreSQL backend: one database, shared by several processes (psycopg 3 and its
connection pool, the optional extra ``eventwire[postgres]``)."""

from __future__ import annotations

from eventwire.errors import StoreError
from eventwire.store.postgres.store import PostgresStore, connect, run
from eventwire.store.sql.migrate import recorded_version

__all__ = ["PostgresStore", "probe"]


def probe(url: str, masked: str) -> str:
    """What is in the database at ``url``, read only and creating nothing (`eventwire
    doctor`). Raises StoreError when it cannot be reached or read as a store."""
    conn = connect(url, masked)
    try:
        version = recorded_version(lambda sql, params=(): run(conn, sql, params)[1])
        if version is None:
            return "no store yet (the first `eventwire ingest` creates its tables)"
        documents = run(conn, "SELECT count(*) FROM documents")[1][0][0]
    except Exception as exc:  # psycopg's errors: a database that is not a store
        raise StoreError(f"not an eventwire store: {exc}", source=masked) from exc
    finally:
        conn.close()
    return f"schema {version}, {documents} documents (PostgreSQL)"
