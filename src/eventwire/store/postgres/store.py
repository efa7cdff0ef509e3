"""The PostgreSQL store: the shared queries (eventwire.store.sql) over a psycopg 3
connection pool, for several processes writing one database at once.

Each statement outside a transaction borrows a pooled connection (autocommit) and gives it
back; a transaction binds one connection to the calling thread until it ends, so every
statement in it runs on that connection.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool

from eventwire.errors import StoreError
from eventwire.store.postgres.staging import StagedExports
from eventwire.store.sql.base import Params
from eventwire.store.sql.dialect import POSTGRESQL
from eventwire.store.sql.migrate import migrate, recorded_version
from eventwire.store.sql.store import SqlStore

POOL_SIZE = 4  # one process's connections: a lock holder, a transaction, reads
CONNECT_TIMEOUT_S = 10


class PostgresStore(SqlStore, StagedExports):
    """A store in one PostgreSQL database. Implements :class:`eventwire.store.Store`."""

    dialect = POSTGRESQL

    def __init__(self, url: str, masked: str) -> None:
        self.url = url
        self.path = masked  # what errors name: the URL with its password hidden
        self._bound = threading.local()
        first = connect(url, masked)
        try:  # migrate on a connection of its own, before any pooled one exists
            self._bound.conn = first
            migrate(self._all, lambda text: _script(first, text), self.transaction,
                    self.dialect, masked)
        finally:
            self._bound.conn = None
            first.close()
        self.pool = ConnectionPool(url, min_size=1, max_size=POOL_SIZE, open=True,
                                   kwargs={"autocommit": True,
                                           "connect_timeout": CONNECT_TIMEOUT_S},
                                   configure=configure, name="eventwire")

    # -- the two primitives the shared queries run on ---------------------------------------
    def _execute(self, sql: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._connection() as conn:
            return run(conn, sql, params)

    def _executemany(self, sql: str, rows: Sequence[Params]) -> None:
        with self._connection() as conn, conn.cursor() as cursor:
            cursor.executemany(self.dialect.sql(sql), [list(row) for row in rows])

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """The transaction's connection when this thread is in one, else a pooled one."""
        bound = getattr(self._bound, "conn", None)
        if bound is not None:
            yield bound
            return
        with self.pool.connection() as conn:
            yield conn

    # -- schema and transactions -------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return recorded_version(self._all) or 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction on one connection; nested, a savepoint inside it."""
        bound = getattr(self._bound, "conn", None)
        if bound is not None:
            with bound.transaction():
                yield
            return
        with self.pool.connection() as conn:
            self._bound.conn = conn
            try:
                with conn.transaction():
                    yield
            finally:
                self._bound.conn = None

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """A session advisory lock on a connection of its own, held until the block ends:
        a second process asking for ``name`` waits. (A key of its own, apart from the
        transaction locks the writes take, so the holder's own writes never wait on it.)"""
        key = zlib.crc32(f"exclusive:{name}".encode())
        with self.pool.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", [key])
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", [key])

    def release_memory(self) -> None:
        """Nothing to give back: the server holds what queries use, not this process."""

    def close(self) -> None:
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()


def connect(url: str, masked: str) -> psycopg.Connection[Any]:
    """One configured connection, or a StoreError naming the server and the reason."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL: {str(exc).strip()}",
                         source=masked) from exc
    configure(conn)
    return conn


def configure(conn: psycopg.Connection[Any]) -> None:
    """JSON columns read as text, as DuckDB gives them (the store parses its own JSON with
    pydantic); dates truncated and timestamps read in UTC, as the store writes them."""
    conn.adapters.register_loader("json", TextLoader)
    conn.execute("SET TIME ZONE 'UTC'")


def run(conn: psycopg.Connection[Any], sql: str, params: Params = (),
        ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """One statement written with ``?`` placeholders: its column names and rows."""
    with conn.cursor() as cursor:
        cursor.execute(POSTGRESQL.sql(sql), list(params))
        if cursor.description is None:
            return [], []
        return [column.name for column in cursor.description], cursor.fetchall()


def _script(conn: psycopg.Connection[Any], text: str) -> None:
    """Several statements with no parameters (a migration), sent as they are."""
    conn.execute(text.encode())
