"""Exports from PostgreSQL, through the DuckDB backend's own export queries.

The exports (nested Parquet partitioned by month, flattened CSV, JSONL) are DuckDB SQL:
list and struct building, JSON shapes, COPY. Rather than write them a second time in
PostgreSQL's words, the rows they read are streamed out of PostgreSQL in batches, in one
read-only snapshot, into a throwaway DuckDB file of the same schema, and DuckDB writes the
files. Memory stays bounded by the batch (DuckDB spills to its file); the cost is a copy
of the tables an export reads, which is why each export copies only those.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import StoreError
from eventwire.store.base import DocumentFilter
from eventwire.store.duckdb.exports import EXPORTABLE
from eventwire.store.duckdb.store import DuckDBStore

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

BATCH_ROWS = 2000

# The tables each export reads (and documents, which every one joins).
READS: dict[str, tuple[str, ...]] = {
    "events": ("events", "event_members", "event_mentions", "event_revisions"),
    "mentions": ("event_mentions", "event_members", "event_revisions", "runs"),
    "actors": ("actor_mentions",),
    "documents": (),
}


class StagedExports:
    """The export half of :class:`~eventwire.store.postgres.PostgresStore` (a mixin)."""

    pool: ConnectionPool[Any]
    path: str

    def write_export(self, what: str, fmt: str, path: Path,
                     since: datetime | None = None) -> int:
        with self._staged(what) as duck:
            return duck.write_export(what, fmt, path, since)

    def export_rows(self, what: str, since: datetime | None = None) -> list[dict[str, Any]]:
        with self._staged(what) as duck:
            return duck.export_rows(what, since)

    def export_provenance(self, what: str, since: datetime | None = None,
                          ) -> dict[str, list[str]]:
        with self._staged(what) as duck:
            return duck.export_provenance(what, since)

    def export_table(self, fmt: str, path: Path, flt: DocumentFilter) -> int:
        with self._staged("documents") as duck:
            return duck.export_table(fmt, path, flt)

    @contextmanager
    def _staged(self, what: str) -> Iterator[DuckDBStore]:
        if what not in READS:
            raise StoreError(f"the store exports {', '.join(EXPORTABLE)}, not {what!r}")
        with tempfile.TemporaryDirectory(prefix="eventwire-export-") as folder:
            duck = DuckDBStore(str(Path(folder) / "staging.duckdb"))
            try:
                self._copy_into(duck, ("documents", *READS[what]))
                yield duck
            finally:
                duck.close()

    def _copy_into(self, duck: DuckDBStore, tables: tuple[str, ...]) -> None:
        """The rows of ``tables``, all read in one snapshot so they agree with each other."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for table in tables:  # fixed names (READS), no input
                with conn.cursor(name=f"eventwire_stage_{table}") as cursor:
                    cursor.itersize = BATCH_ROWS
                    cursor.execute(f"SELECT * FROM {table}".encode())
                    while rows := cursor.fetchmany(BATCH_ROWS):
                        marks = ", ".join(["?"] * len(rows[0]))
                        duck.con.executemany(f"INSERT INTO {table} VALUES ({marks})",
                                             [list(row) for row in rows])
