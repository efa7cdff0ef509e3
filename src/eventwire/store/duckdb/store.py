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


class DuckDBStore(SqlStore, ExportTables):
    """The embedded store: one DuckDB file (or ``:memory:``). Implements
    :class:`eventwire.store.Store`."""

    dialect = DUCKDB

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.con = duckdb.connect(path)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store: {exc}", source=path) from exc
        migrate(self._all, self.con.execute, self.transaction, self.dialect, path)

    def another_connection(self) -> DuckDBStore:
        """The same database through a connection of its own, for another thread: one
        DuckDB connection is not for concurrent use, but its database is (``:memory:``
        included). Closed on its own, before this store."""
        other = object.__new__(type(self))
        other.path = self.path
        other.con = self.con.cursor()
        return other

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
