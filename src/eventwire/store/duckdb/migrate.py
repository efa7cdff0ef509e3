"""Numbered migrations: ``migrations/NNNN_name.sql`` takes a store to schema version NNNN.

A store records its version in ``meta``; opening it applies, in order and each in its own
transaction, the migrations numbered above that version. A store already at the latest
version is not written to. The statements are idempotent (IF NOT EXISTS), because stores
written before migrations were numbered ran the whole schema on every open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb

from eventwire.errors import StoreError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    """Every migration shipped with the package, by version (1, 2, ... with no gap)."""
    folder = resources.files("eventwire.store.duckdb").joinpath("migrations")
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


def recorded_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The version in ``meta``; None for a new (empty) store."""
    # fetchall, not fetchone: a result left unfinished on the connection makes DuckDB
    # refuse the next relation (`export_table` right after opening a store)
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchall()
    if not exists[0][0]:
        return None
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else None


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Bring the store at ``path`` to the latest version, or refuse a newer one."""
    found = recorded_version(con) or 0
    if found > latest_version():
        raise StoreError(
            f"the store has schema version {found}, newer than this eventwire "
            f"({latest_version()}); upgrade eventwire",
            source=path,
        )
    for migration in migrations():
        if migration.version > found:
            _apply(con, migration, path)


def _apply(con: duckdb.DuckDBPyConnection, migration: Migration, path: str) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(migration.sql)
        con.execute(
            "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value",
            [str(migration.version)],
        )
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"migration {migration.name} failed: {exc}", source=path) from exc
    con.execute("COMMIT")
