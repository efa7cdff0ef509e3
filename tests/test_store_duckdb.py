"""The DuckDB backend: the shared store contract, its migrations, and store URLs."""

from __future__ import annotations

import json
import lzma
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.cli.app import app
from eventwire.errors import StoreError
from eventwire.store import (
    DB_ENV,
    DocumentFilter,
    DuckDBStore,
    EventFilter,
    Store,
    default_path,
    open_store,
)
from eventwire.store.duckdb import latest_version
from eventwire.store.sql.migrate import migrations

from .conftest import FIXTURES
from .store_contract import MakeStore, StoreContract

STORE_FIXTURES = FIXTURES / "store"


class TestDuckDBStore(StoreContract):
    @pytest.fixture()
    def make_store(self, tmp_path: Path) -> Iterator[MakeStore]:
        opened: list[Store] = []

        def make(name: str) -> Store:
            opened.append(open_store(str(tmp_path / f"{name}.duckdb")))
            return opened[-1]

        yield make
        for store in opened:
            store.close()


# -- migrations ---------------------------------------------------------------------------------
def _columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int, str, str]]:
    return con.execute(
        "SELECT table_name, column_name, ordinal_position, data_type, is_nullable "
        "FROM information_schema.columns ORDER BY table_name, ordinal_position").fetchall()


def test_migrations_are_numbered_from_one_and_reach_schema_8() -> None:
    assert [m.version for m in migrations()] == list(range(1, latest_version() + 1))
    assert latest_version() == 8


def test_a_new_store_has_exactly_the_schema_6_tables_and_event_parties(tmp_path: Path) -> None:
    """Migrations 0001-0006 build what the single schema.sql of schema 6 built (a frozen
    copy of it is in the fixtures); 0007 adds the event parties the analytics read."""
    reference = duckdb.connect(str(tmp_path / "reference.duckdb"))
    reference.execute((STORE_FIXTURES / "schema-v6.sql").read_text(encoding="utf-8"))
    store = DuckDBStore(str(tmp_path / "migrated.duckdb"))
    columns = _columns(store.con)
    assert [row[1] for row in columns if row[0] == "event_parties"] == [
        "event_id", "side", "position", "name", "country", "igo", "sectors"]
    # 0008 adds the analysts' corrections (eventwire.review), apart from everything else
    assert [row for row in columns
            if row[0] not in ("event_parties", "corrections")] == _columns(reference)
    assert store.schema_version == 8
    reference.close()
    store.close()


def _v6_store(tmp_path: Path) -> Path:
    """A store written by eventwire before migrations were numbered (three treaty reports,
    ingested in two runs, so one event has two revisions)."""
    path = tmp_path / "v6.duckdb"
    with lzma.open(STORE_FIXTURES / "v6-treaty.duckdb.xz") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def test_a_schema_6_store_is_migrated_and_reads_the_same(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    path = _v6_store(tmp_path)
    store = open_store(str(path))
    assert store.schema_version == 8
    assert store.count() == 3
    first = store.list_documents(DocumentFilter())[0]
    assert store.get(first["id"]).anatomy is not None
    events = store.list_events(EventFilter())
    assert len(events) == store.event_count() > 0
    # migration 0007 reads the parties out of the events' JSON as the writer would write them
    migrated = store.con.execute("SELECT * FROM event_parties ORDER BY ALL").fetchall()
    store.replace_all_events(events, [], None)
    assert store.con.execute("SELECT * FROM event_parties ORDER BY ALL").fetchall() == migrated
    assert migrated and any(row[4] for row in migrated)
    store.close()
    before = path.read_bytes()
    open_store(str(path)).close()
    assert path.read_bytes() == before, "opening a current store writes nothing"
    events = runner.invoke(app, ["events", "--db", str(path), "--format", "json"])
    assert json.loads(events.stdout) == json.loads(
        (STORE_FIXTURES / "v6-treaty-events.json").read_text(encoding="utf-8"))
    expected = json.loads((STORE_FIXTURES / "v6-treaty-event.json").read_text(encoding="utf-8"))
    shown = runner.invoke(app, ["event", expected["id"], "--db", str(path), "--format", "json"])
    assert shown.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_an_older_store_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    old = duckdb.connect(str(tmp_path / "v3.duckdb"))
    for migration in migrations()[:3]:
        old.execute(migration.sql)
    old.execute("INSERT INTO meta VALUES ('schema_version', '3')")
    old.close()
    store = DuckDBStore(str(tmp_path / "v3.duckdb"))
    assert store.schema_version == 8
    assert store.event_count() == 0
    store.con.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    store.close()
    with pytest.raises(StoreError, match="newer than this eventwire"):
        open_store(str(tmp_path / "v3.duckdb"))


# -- store URLs ---------------------------------------------------------------------------------
@pytest.mark.parametrize("form", ["{path}", "duckdb://{path}"])
def test_a_path_or_a_duckdb_url_opens_duckdb(tmp_path: Path, form: str) -> None:
    path = tmp_path / "url.duckdb"
    store = open_store(form.format(path=path))
    assert isinstance(store, DuckDBStore) and store.path == str(path)
    store.close()
    assert path.exists()


def test_memory_stores(tmp_path: Path) -> None:
    for url in (":memory:", "duckdb://:memory:", "duckdb://"):
        store = open_store(url)
        assert store.count() == 0
        store.close()


def test_unknown_urls_are_named() -> None:
    with pytest.raises(StoreError, match="unknown kind of store URL") as unknown:
        open_store("mysql://ew:secret@db.example/ew")
    assert "mysql://ew:***@db.example/ew" in str(unknown.value)


def test_the_environment_names_the_default_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV, "duckdb:///data/ew.duckdb")
    assert default_path("eventwire.duckdb") == "duckdb:///data/ew.duckdb"
    monkeypatch.delenv(DB_ENV)
    assert default_path("eventwire.duckdb") == "eventwire.duckdb"


def test_a_long_ingest_reconnects_and_keeps_every_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # DuckDB returns what a connection holds for its writes only on close: a store that
    # has stored enough documents opens a new connection between transactions
    from eventwire.store.duckdb import store as duckdb_store

    from .store_contract import document
    monkeypatch.setattr(duckdb_store, "RECONNECT_AFTER_DOCUMENTS", 3)
    for path in (str(tmp_path / "long.duckdb"), ":memory:"):
        store = open_store(path)
        connections = [store.con]  # type: ignore[attr-defined]
        docs = [document(f"Kazakhstan and Uzbekistan signed accord number {n}.")
                for n in range(7)]
        for doc in docs:
            with store.transaction():
                assert store.add_document(doc, b"raw", b"\x01" * 16, "run")
            if store.con is not connections[-1]:  # type: ignore[attr-defined]
                connections.append(store.con)  # type: ignore[attr-defined]
        # a file store reconnected after the 3rd and the 6th document; a store in memory
        # never does (its data lives only as long as its connection)
        assert len(connections) == (3 if path != ":memory:" else 1)
        assert store.count(DocumentFilter()) == 7
        assert len(store.list_events(EventFilter())) == 0
        before = store.con  # type: ignore[attr-defined]
        store.release_memory()  # as corroboration does between its batches
        assert (store.con is not before) == (path != ":memory:")  # type: ignore[attr-defined]
        assert store.count(DocumentFilter()) == 7
        store.close()
