"""Numbered migrations: ``migrations/NNNN_name.sql`` takes a store to schema version NNNN.

A store records its version in ``meta``; opening it applies, in order and each in its own
transaction, the migrations numbered above that version. A store already at the latest
version is not written to. The statements are idempotent (IF NOT EXISTS), because DuckDB
stores written before migrations were numbered ran the whole schema on every open.

The files are written in DuckDB's SQL and shared by both backends: the dialect turns them
into PostgreSQL's (two type names, and the DuckDB-only back-fill of old stores dropped).
On PostgreSQL each migration holds an advisory lock and reads the version again under
it, so two processes opening a new database at once apply each migration once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from eventwire.errors import StoreError
from eventwire.store.sql.dialect import Dialect

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str  # as written (DuckDB); Dialect.ddl gives another backend's


@cache
def migrations() -> tuple[Migration, ...]:
    """Every migration shipped with the package, by version (1, 2, ... with no gap)."""
    folder = resources.files("eventwire.store.sql").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise StoreError("the store's migrations are numbered with a gap: "
                         + ", ".join(m.name for m in found))
    return tuple(found)


def latest_version() -> int:
    return migrations()[-1].version


Query = Callable[..., list[tuple[Any, ...]]]  # (sql, params=()) -> rows


def recorded_version(query: Query) -> int | None:
    """The version in ``meta``; None for a new (empty) store."""
    exists = query("SELECT count(*) FROM information_schema.tables "
                   "WHERE table_name = 'meta' AND table_schema = current_schema()")
    if not exists[0][0]:
        return None
    rows = query("SELECT value FROM meta WHERE key = 'schema_version'")
    return int(rows[0][0]) if rows else None


def migrate(query: Query, script: Callable[[str], None],
            transaction: Callable[[], AbstractContextManager[None]],
            dialect: Dialect, where: str) -> None:
    """Bring the store at ``where`` to the latest version, or refuse a newer one.
    ``query`` runs one statement with parameters, ``script`` several without."""
    _refuse_newer(recorded_version(query) or 0, where)
    for migration in migrations():
        if (recorded_version(query) or 0) >= migration.version:
            continue
        try:
            with transaction():
                lock = dialect.lock("eventwire migrations")
                if lock:
                    query(lock)
                found = recorded_version(query) or 0  # again, under the lock
                _refuse_newer(found, where)
                if found < migration.version:
                    _apply(query, script, dialect, migration)
        except StoreError:
            raise
        except Exception as exc:  # the driver's own error class differs by backend
            raise StoreError(f"migration {migration.name} failed: {exc}", source=where) from exc


def _refuse_newer(found: int, where: str) -> None:
    if found > latest_version():
        raise StoreError(
            f"the store has schema version {found}, newer than this eventwire "
            f"({latest_version()}); upgrade eventwire",
            source=where,
        )


def _apply(query: Query, script: Callable[[str], None], dialect: Dialect,
           migration: Migration) -> None:
    script(dialect.ddl(migration.sql))
    query("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE "
          "SET value = excluded.value", [str(migration.version)])
