"""The two store backends side by side, in one run: DuckDB (a file) and PostgreSQL (a
throwaway local server, started as the tests start theirs: tests/pg_cluster.py).

The examples are analysed once; then ``--copies`` copies of every document (new ids, the
same layers) are written into each store the way `eventwire ingest` writes them, one
transaction per document; then each store is corroborated and read:

- write: every document with its layers;
- corroborate: clustering the stored mentions into events (reads and writes);
- list events, flows for one dyad (KAZ and UZB by quarter), volume by quarter.

    PYTHONPATH=src .venv/bin/python bench/store_speed.py [--copies 10] [--repeat 5]

Each figure is seconds (reads: the median of ``--repeat``), with PostgreSQL / DuckDB. The
server runs on this machine with fsync off, over loopback: the ratio is of the backends'
overheads (a client-server round trip per statement), not of a tuned production server.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.analytics.scores import score_table
from eventwire.corroborate import corroborate
from eventwire.document import Document
from eventwire.options import load_options
from eventwire.runner import ingest
from eventwire.store import DocumentFilter, EventFilter, Store, open_store
from eventwire.store.base import FlowQuery, Party

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' throwaway server, so both start it one way
from tests.pg_cluster import server  # noqa: E402


@dataclass
class Stored:
    """One analysed document as the runner hands it to the store."""

    doc: Document
    raw: bytes
    minhash: bytes


def analysed_examples(folder: Path) -> list[Stored]:
    """The examples, through the whole pipeline once (into a scratch DuckDB store)."""
    store = open_store(str(folder / "analysed.duckdb"))
    ingest(store, load_options(), [str(ROOT / "examples")])
    signatures = {doc_id: minhash for doc_id, _, minhash in store.minhashes()}
    found = [Stored(doc, store.raw_bytes(doc.raw_sha256) or b"", signatures[doc.id])
             for doc in store.iter_documents(DocumentFilter())]
    store.close()
    return found


def mention_ids(doc: Document, new_id: str) -> dict[str, str]:
    """The document's event mention ids -> those the coder gives the same mentions in a
    document with id ``new_id`` (a hash of the document id, the trigger and the type: the
    store keeps one row per mention id, so a copy must not reuse them)."""
    return {mention.id: hashlib.sha256(
        f"{new_id}:{mention.evidence.trigger[0]}:{mention.type}".encode()).hexdigest()[:16]
        for mention in doc.events or []}


def copies(corpus: list[Stored], count: int) -> list[Stored]:
    """``count`` copies of the corpus: every document id (and the event mention ids made
    from it, and duplicate_of) replaced by one of the copy's own."""
    made = []
    for copy in range(count):
        renamed = {s.doc.id: hashlib.sha256(f"{s.doc.id}:{copy}".encode()).hexdigest()
                   for s in corpus}
        for stored in corpus:
            payload = stored.doc.model_dump_json()
            for old, new in mention_ids(stored.doc, renamed[stored.doc.id]).items():
                payload = payload.replace(old, new)
            for old, new in renamed.items():
                payload = payload.replace(old, new).replace(old[:12], new[:12])
            made.append(Stored(Document.model_validate_json(payload), stored.raw,
                               stored.minhash))
    return made


def write(store: Store, documents: list[Stored]) -> None:
    for number, stored in enumerate(documents):
        with store.transaction():
            store.add_document(stored.doc, stored.raw, stored.minhash, "bench")
            store.log("bench", number, stored.doc.source, None, "stored", None, None,
                      stored.doc.id)


def timed(action: Callable[[], Any], repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(url: str, documents: list[Stored], repeat: int) -> dict[str, float]:
    store = open_store(url)
    store.start_run("bench", "bench", {})
    query = FlowQuery(first=Party(countries=("KAZ",)), second=Party(countries=("UZB",)),
                      scores=score_table().rows())
    options = load_options()
    figures = {
        "write documents": timed(lambda: write(store, documents)),
        "corroborate": timed(lambda: corroborate(store, options.corroborate, "bench")),
        "list events": timed(lambda: store.list_events(EventFilter()), repeat),
        "flows KAZ-UZB": timed(lambda: store.flows(query), repeat),
        "volume": timed(lambda: store.volume(query), repeat),
    }
    figures["events"] = store.event_count()
    figures["documents"] = store.count()
    store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        corpus = analysed_examples(folder)
        documents = copies(corpus, args.copies)
        print(f"{len(corpus)} example documents analysed in "
              f"{time.perf_counter() - started:.1f} s; writing {len(documents)}")
        duck = measure(str(folder / "bench.duckdb"), documents, args.repeat)
        with server() as postgres:
            pg = measure(postgres.create_database(), documents, args.repeat)
    assert duck["documents"] == pg["documents"] and duck["events"] == pg["events"]
    print(f"{int(duck['documents'])} documents, {int(duck['events'])} events in each store")
    print(f"{'':<18}{'DuckDB s':>10}{'PostgreSQL s':>14}{'PG/DuckDB':>11}")
    for name, seconds in duck.items():
        if name in ("documents", "events"):
            continue
        print(f"{name:<18}{seconds:>10.4f}{pg[name]:>14.4f}{pg[name] / seconds:>11.2f}")


if __name__ == "__main__":
    main()
