"""The embedded DuckDB store: one file, transactional writes, numbered migrations.

Its queries are the shared ones (eventwire.store.sql); this module holds only what is
DuckDB's own: the connection, its transactions, and the exports written with DuckDB's COPY.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from eventwire.document import Document
from eventwire.errors import StoreError
from eventwire.store.base import DocumentFilter
from eventwire.store.duckdb.exports import ExportTables
from eventwire.store.sql.base import Params
from eventwire.store.sql.dialect import DUCKDB
from eventwire.store.sql.filters import document_where
from eventwire.store.sql.migrate import migrate, recorded_version
from eventwire.store.sql.store import SqlStore

# the one row of an `INSERT ... VALUES (?, ?, ...)`, to repeat for a batch of rows
_VALUES = re.compile(r"^INSERT INTO \w+ VALUES (\((?:\?, )*\?\))", re.IGNORECASE)
_ROWS_PER_INSERT = 500
# A DuckDB connection keeps memory for what it has written, which its memory limit does not
# count and only closing returns (about 37 KB a document: 110 MB over 3,000). A long ingest
# reconnects after this many stored documents, which holds its memory flat.
RECONNECT_AFTER_DOCUMENTS = 500


class DuckDBStore(SqlStore, ExportTables):
    """The embedded store: one DuckDB file (or ``:memory:``). Implements
    :class:`eventwire.store.Store`."""

    dialect = DUCKDB

    def __init__(self, path: str) -> None:
        self.path = path
        self.con = self._connect()
        # a database in memory lives only as long as its connection, and another thread's
        # cursors need this one: neither may reconnect
        self._may_reconnect = path != ":memory:"
        self._stored_since_connect = 0  # documents stored through this connection
        migrate(self._all, self.con.execute, self.transaction, self.dialect, path)

    def another_connection(self) -> DuckDBStore:
        """The same database through a connection of its own, for another thread: one
        DuckDB connection is not for concurrent use, but its database is (``:memory:``
        included). Closed on its own, before this store."""
        other = object.__new__(type(self))
        other.path = self.path
        other.con = self.con.cursor()
        other._may_reconnect = False  # a cursor of ours: its connection is not its own
        other._stored_since_connect = 0
        self._may_reconnect = False
        return other

    def _connect(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store: {exc}", source=self.path) from exc

    def add_document(self, doc: Document, raw: bytes, minhash: bytes, run_id: str) -> bool:
        stored = super().add_document(doc, raw, minhash, run_id)
        self._stored_since_connect += stored
        return stored

    def _reconnect_if_due(self) -> None:
        """Between transactions, a new connection once enough documents were stored
        through this one (see RECONNECT_AFTER_DOCUMENTS)."""
        if self._stored_since_connect >= RECONNECT_AFTER_DOCUMENTS:
            self.release_memory()

    def release_memory(self) -> None:
        """A new connection (not for a store in memory, nor one whose connection lent
        cursors to others): DuckDB returns what a connection holds only on close."""
        if not self._may_reconnect:
            return
        self.con.close()
        self.con = self._connect()
        self._stored_since_connect = 0

    # -- the two primitives the shared queries run on ---------------------------------------
    def _execute(self, sql: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = self.con.execute(sql, list(params))
        # fetchall even for a statement: a result left unfinished on the connection makes
        # DuckDB refuse the next relation (`export_table` right after opening a store)
        rows = cursor.fetchall() if cursor.description else []
        return [d[0] for d in cursor.description or []], rows

    def _executemany(self, sql: str, rows: Sequence[Params]) -> None:
        # DuckDB runs executemany row by row, at a cost per row that dominated writing a
        # document; an INSERT of many rows goes as one statement of many VALUES instead
        match = _VALUES.search(sql)
        if match is None:
            self.con.executemany(sql, [list(row) for row in rows])
            return
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start:start + _ROWS_PER_INSERT]
            values = ", ".join([match.group(1)] * len(chunk))
            self.con.execute(sql[:match.start(1)] + values + sql[match.end(1):],
                             [value for row in chunk for value in row])

    # -- schema and transactions ---------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return recorded_version(self._all) or 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
            self._reconnect_if_due()

    def close(self) -> None:
        self.con.close()

    def export_table(self, fmt: str, path: Path, flt: DocumentFilter) -> int:
        """Write the flat documents table as CSV or Parquet; returns the row count."""
        where, params = document_where(flt, self.dialect)
        query = (
            "SELECT id, source, locator, url, format, title, published, publisher, genre, "
            "language, array_to_string(languages, ';') AS languages, translated, duplicate_of, "
            "similarity, raw_sha256, extractor, text FROM documents" + where + " ORDER BY seq"
        )
        relation = self.con.sql(query, params=params)
        if fmt == "csv":
            relation.write_csv(str(path), header=True)
        else:
            relation.write_parquet(str(path))
        return self.count(flt)
