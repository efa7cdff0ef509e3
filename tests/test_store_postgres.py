"""The PostgreSQL backend: the shared store contract, its migrations, its URLs and errors,
and two processes ingesting into one database at once."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from eventwire.errors import StoreError
from eventwire.store import open_store, probe
from eventwire.store.postgres import PostgresStore
from eventwire.store.sql.migrate import latest_version

from .pg_cluster import Server
from .store_contract import TEXT_A, MakeStore, StoreContract, add, document


class TestPostgresStore(StoreContract):
    @pytest.fixture()
    def make_store(self, pg_server: Server) -> Iterator[MakeStore]:
        databases: dict[str, str] = {}
        opened: list[Any] = []

        def make(name: str) -> Any:
            if name not in databases:  # the same name opens the same database again
                databases[name] = pg_server.create_database()
            opened.append(open_store(databases[name]))
            return opened[-1]

        yield make
        for store in opened:
            store.close()
        for url in databases.values():
            pg_server.drop_database(url)


def _tables(url: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position").fetchall()


def test_a_new_database_gets_every_migration_once(pg_url: str) -> None:
    assert probe(pg_url).startswith("no store yet")
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore) and store.schema_version == latest_version()
    store.close()
    columns = _tables(pg_url)
    assert {t for t, _, _ in columns} >= {"documents", "events", "event_parties", "corrections"}
    # DuckDB's BLOB and DOUBLE, in PostgreSQL's words
    assert ("raw_sources", "data", "bytea") in columns
    assert ("events", "confidence", "double precision") in columns
    assert ("documents", "languages", "ARRAY") in columns
    reopened = open_store(pg_url)  # a current store is opened, not migrated again
    assert reopened.schema_version == latest_version()
    reopened.close()
    assert probe(pg_url) == f"schema {latest_version()}, 0 documents (PostgreSQL)"


def test_a_newer_database_is_refused(pg_url: str) -> None:
    open_store(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer than this eventwire"):
        open_store(pg_url)


def test_the_same_document_twice_is_stored_once(pg_url: str) -> None:
    store = open_store(pg_url)
    doc = document(TEXT_A)
    add(store, doc)
    with store.transaction():
        assert store.add_document(doc, b"raw", b"\x00" * 8, "run-2") is False
    assert store.count() == 1 and len(store.list_actors()) == 2
    store.close()


def test_an_unreachable_server_is_named_without_its_password(pg_server: Server) -> None:
    url = pg_server.create_database().replace("postgres@", "postgres:hunter2@")
    url = url.rsplit(":", 1)[0] + ":1/nowhere"  # port 1: nothing listens there
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as found:
        open_store(url)
    assert "hunter2" not in str(found.value) and "postgres:***@" in str(found.value)
    with pytest.raises(StoreError, match="cannot connect"):
        probe(url)


def test_a_missing_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_psycopg(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("psycopg"):
            raise ImportError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(StoreError, match=r"pip install 'eventwire\[postgres\]'") as found:
        open_store("postgresql://ew:secret@db.example/ew")
    assert "secret" not in str(found.value) and "db.example" in str(found.value)
