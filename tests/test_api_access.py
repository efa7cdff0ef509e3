"""How an app's requests share its store (eventwire.api.access): on DuckDB each request
borrows a connection of its own to the same database, so a slow read holds up no other
request, at most ``readers`` at once; writes take turns."""

from __future__ import annotations

import threading
from pathlib import Path

from eventwire.api.access import Served
from eventwire.options import Options
from eventwire.store import DocumentFilter, DuckDBStore, open_store

WAIT = 30.0  # seconds; generous bounds for a loaded machine, never a timing assertion


def served_store(tmp_path: Path, options: Options, readers: int = 2) -> Served:
    path = str(tmp_path / "served.duckdb")
    open_store(path).close()  # an empty store, with its schema
    return Served(db=path, options=options, readers=readers)


def test_a_held_read_does_not_block_the_next_request(tmp_path: Path, options: Options) -> None:
    served = served_store(tmp_path, options)
    holding, release = threading.Event(), threading.Event()

    def slow_request() -> None:
        with served.using() as store:
            store.count(DocumentFilter())
            holding.set()
            release.wait(WAIT)

    slow = threading.Thread(target=slow_request)
    slow.start()
    try:
        assert holding.wait(WAIT)
        answered: list[int] = []

        def quick_request() -> None:
            with served.using() as store:
                assert isinstance(store, DuckDBStore)
                answered.append(store.count(DocumentFilter()))

        quick = threading.Thread(target=quick_request)
        quick.start()
        quick.join(WAIT)  # behind one lock it would wait for the slow request's release
        assert answered == [0]
    finally:
        release.set()
        slow.join(WAIT)
    served.close()


def test_no_more_than_readers_connections_are_lent(tmp_path: Path, options: Options) -> None:
    served = served_store(tmp_path, options, readers=2)
    first = served.using()
    second = served.using()
    a, b = first.__enter__(), second.__enter__()
    assert a is not b
    got: list[object] = []
    waiting = threading.Thread(target=lambda: got.append(served.using().__enter__()))
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive() and not got  # the third request waits for a connection
    first.__exit__(None, None, None)
    waiting.join(WAIT)
    assert got == [a]  # and gets the one given back
    second.__exit__(None, None, None)
    served.close()


def test_the_connections_see_one_database(tmp_path: Path, options: Options) -> None:
    served = served_store(tmp_path, options)
    with served.writing() as writer:
        writer.start_run("r1", "ingest", {})
        with served.using() as reader:  # another connection, while the writer holds its own
            assert reader is not writer
            assert reader.latest_run_id() == "r1"
    served.close()
    reopened = open_store(served.db)
    try:
        assert reopened.latest_run_id() == "r1"
    finally:
        reopened.close()
