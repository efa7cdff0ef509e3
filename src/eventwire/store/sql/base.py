"""What the shared query mixins need of a backend: run a statement and read its rows.

A backend (DuckDB, PostgreSQL) subclasses :class:`SqlBase` and implements
:meth:`_execute` and :meth:`_executemany` on its own connection; every read and write of
the store is built from these two, in the mixins of this package.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventwire.store.sql.dialect import Dialect

Params = Sequence[Any]

# a list bound as one parameter and read as a set of rows: `id IN (SELECT ...)`
ANY_OF = "(SELECT unnest(CAST(? AS VARCHAR[])))"
# a list bound as one parameter, typed, for the dialect's contains() and overlaps()
LIST_PARAM = "CAST(? AS VARCHAR[])"


class SqlBase:
    """Statement running, over the backend's two primitives."""

    dialect: Dialect
    path: str  # the store's file or URL (password masked), named in errors

    def _execute(self, sql: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run ``sql`` (``?`` placeholders); the column names and every row (none for a
        statement that returns nothing)."""
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Params]) -> None:
        raise NotImplementedError

    def _all(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._execute(sql, params)[1]

    def _one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _scalar(self, sql: str, params: Params = ()) -> int:
        row = self._one(sql, params)
        return int(row[0]) if row and row[0] is not None else 0

    def _rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        names, rows = self._execute(sql, params)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _lock(self, name: str) -> None:
        """Serialise writers of ``name`` for the rest of the transaction (PostgreSQL)."""
        statement = self.dialect.lock(name)
        if statement:
            self._execute(statement)

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Nothing to hold where one process owns the store (DuckDB); PostgreSQL overrides."""
        yield
