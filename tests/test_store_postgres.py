"""The PostgreSQL backend: the shared store contract, its migrations, its URLs and errors,
and two processes ingesting into one database at once."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner

from eventwire.cli.app import app
from eventwire.corroborate import corroborate
from eventwire.errors import StoreError
from eventwire.options import Options
from eventwire.store import DB_ENV, DocumentFilter, EventFilter, open_store, probe
from eventwire.store.postgres import PostgresStore
from eventwire.store.sql.migrate import latest_version

from . import pg_cluster
from .conftest import EXAMPLES, ROOT
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


# -- two processes, one database --------------------------------------------------------------
ONLY_FIRST = ["news/amu-darya-dispatch-2021-08-10-harb-maidon-exercise-ends.html",
              "news/vakhsh-herald-2021-08-05-harb-maidon-drills.html",
              "news/fergana-valley-monitor-2023-01-27-uzbek-kyrgyz-border-treaty.html"]
# both processes read these first, in this order, so that they race for the same
# documents at the same moment: an original and its republication among them
BOTH = ["news/syr-darya-times-2022-12-22-kazakh-uzbek-allied-treaty.html",
        "news/saryarka-herald-republished-2022-12-23-kazakh-uzbek-allied-treaty.html",
        "news/pamir-courier-2022-09-16-border-clashes.html"]
ONLY_SECOND = ["news/steppe-ledger-2022-01-07-csto-troops-kazakhstan.html",
               "news/oxus-daily-2023-10-12-qosh-tepa-canal.html",
               "news/naryn-gazette-2024-06-14-kambarata-1-talks.html"]


def _ingest_processes(url: str, *inputs: list[str]) -> None:
    """`eventwire ingest` in one OS process per list of inputs, all started at once."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    env.pop(DB_ENV, None)
    with tempfile.TemporaryDirectory() as folder:
        # A busy machine must not turn a document into a timeout: what is compared here
        # is what the race does to the store, not the speed of extraction.
        settings = Path(folder) / "settings.toml"
        settings.write_text("[ingest]\nextract_timeout = 600\n", encoding="utf-8")
        processes = [subprocess.Popen(
            [sys.executable, "-m", "eventwire", "ingest", *(str(EXAMPLES / f) for f in files),
             "--db", url, "--settings", str(settings)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for files in inputs]
        for process in processes:
            output, _ = process.communicate(timeout=900)
            assert process.returncode == 0, output.decode(errors="replace")


def _contents(url: str) -> dict[str, Any]:
    """What the store holds, in forms that do not depend on the order of writing."""
    store = open_store(url)
    try:
        documents = store.list_documents(DocumentFilter())
        mentions = store.export_rows("mentions")
        return {
            "documents": sorted((d["id"], d["duplicate_of"]) for d in documents),
            "mentions": sorted(m["id"] for m in mentions),
            "actors": sorted((a["id"], a["mentions"], a["documents"])
                             for a in store.list_actors()),
            "events": sorted((e.id, e.independent_sources, tuple(sorted(
                m.id for m in e.mentions))) for e in store.list_events(EventFilter())),
        }
    finally:
        store.close()


def _run_logs(url: str) -> list[list[tuple[str, str]]]:
    with psycopg.connect(url) as conn:
        runs = [r[0] for r in conn.execute("SELECT id FROM runs ORDER BY id").fetchall()]
    store = open_store(url)
    try:
        return [[(Path(e.source).name, e.status) for e in store.run_log(run)] for run in runs]
    finally:
        store.close()


def test_two_processes_ingesting_at_once_lose_and_duplicate_nothing(pg_server: Server,
                                                                    options: Options) -> None:
    together, alone = pg_server.create_database(), pg_server.create_database()
    _ingest_processes(together, BOTH + ONLY_FIRST, BOTH + ONLY_SECOND)
    _ingest_processes(alone, BOTH + ONLY_FIRST + ONLY_SECOND)
    for url in (together, alone):
        store = open_store(url)
        corroborate(store, options.corroborate, "after ingest")
        store.close()

    raced, serial = _contents(together), _contents(alone)
    assert len(raced["documents"]) == len(ONLY_FIRST + BOTH + ONLY_SECOND)
    assert len(set(raced["mentions"])) == len(raced["mentions"]) > 0
    assert raced["events"], "the inputs hold corroborated events"
    for key, expected in serial.items():
        if key != "events":
            assert raced[key] == expected, key
    # The same mentions share an event as in the serial run, whichever run finished (and
    # corroborated) first: incremental corroboration places late mentions as one pass
    # would. Ids are not compared: an event is named after the first mention it had.
    def partition(events: list[tuple[str, int, tuple[str, ...]]]) -> list[tuple[str, ...]]:
        return sorted(members for _, _, members in events)
    assert partition(raced["events"]) == partition(serial["events"])
    # every input of each process is in its run's log, in order, none lost
    logs = _run_logs(together)
    assert sorted(len(log) for log in logs) == [6, 6]
    named = {Path(f).name for f in ONLY_FIRST + BOTH + ONLY_SECOND}
    assert {name for log in logs for name, _ in log} == named
    # stored by this process, or found already stored (by the other): never failed, and
    # each document logged as stored by exactly one of the two
    assert {status for log in logs for _, status in log} <= {"stored", "near_duplicate",
                                                             "skipped"}
    stored = [name for log in logs for name, status in log if status != "skipped"]
    assert sorted(stored) == sorted(named)
    pg_server.drop_database(together)
    pg_server.drop_database(alone)


def test_exclusive_holds_off_a_second_store_on_the_same_database(pg_url: str) -> None:
    first, second = open_store(pg_url), open_store(pg_url)
    order: list[str] = []

    def wait_then_enter() -> None:
        with second.exclusive("corroborate"):
            order.append("second")

    with first.exclusive("corroborate"):
        waiting = threading.Thread(target=wait_then_enter)
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive(), "the second holder must wait for the first"
        order.append("first")
    waiting.join(timeout=30)
    assert order == ["first", "second"]
    with first.exclusive("other name"), second.exclusive("corroborate"):
        pass  # distinct names do not wait on each other
    first.close()
    second.close()


def test_the_server_binaries_are_found_in_debians_folder(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for version in ("9", "15", "16"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "initdb").touch()
    monkeypatch.setattr(pg_cluster.shutil, "which", lambda name: None)  # none on PATH
    monkeypatch.setattr(pg_cluster, "DEBIAN_BIN", tmp_path)
    assert pg_cluster.find_binaries() == tmp_path / "16" / "bin"
    monkeypatch.setattr(pg_cluster, "DEBIAN_BIN", tmp_path / "none")
    assert pg_cluster.find_binaries() is None


def test_the_environment_names_a_postgresql_store_for_every_command(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV, pg_url)
    runner = CliRunner()
    doctor = runner.invoke(app, ["doctor"])
    assert "no store yet" in doctor.stdout, doctor.output
    ingested = runner.invoke(app, ["ingest", str(EXAMPLES / BOTH[0])])
    assert ingested.exit_code == 0, ingested.output
    assert "schema 8, 1 documents (PostgreSQL)" in runner.invoke(app, ["doctor"]).stdout
    store = open_store(pg_url)
    assert store.count() == 1
    store.close()
