"""The API and dashboard under load: 50 concurrent clients on loopback for 60 seconds
against a store of 10,000 documents, on DuckDB and on PostgreSQL, side by side.

    PYTHONPATH=src .venv/bin/python bench/api_load.py [--store PATH] [--seconds 60]
        [--clients 50] [--documents 10000] [--pg-url URL] [--backends duckdb,postgresql]

For each backend `eventwire serve` runs as its own process on 127.0.0.1 and a free port;
``--clients`` threads, each with one keep-alive connection, send requests one after the
other for ``--seconds``, drawn (seeded) from a mix of what an analyst's session asks:
document and event listings with filters, one document, one event, a dyad series, the
influence index, actors, places, a small export, and dashboard pages. Every answer that
is not 2xx, and every exception (a timeout included), is an error; the run fails (exit
status 1) when there is any. It prints per backend: requests, errors, requests per
second, and the p50 and p99 latency; then the slowest kinds of request.

The store, honestly: analysing 10,000 documents takes about 25 minutes on two free
cores, so the examples are analysed once (the real pipeline, about 63 documents) and
then replicated until there are ``--documents``: each copy gets new document ids and
event mention ids (made from them as the coder makes them), and its dates moved back by
30 days per copy, so that copies make events of their own rather than joining the
original's; their texts are the
examples' texts. They are written through the store interface as ``ingest`` writes
documents (250 to a transaction), then corroborated as ``ingest`` would. So the store
has the size, the layers and the events of 10,000 documents, but only the examples'
variety of text. The DuckDB store is kept at ``--store`` and reused while it holds
enough documents; PostgreSQL (a throwaway local server like the tests', unless
``--pg-url``) is filled from it, and reused when ``--pg-url`` already holds them.

The clients run on the same machine as the server and share its cores: the figures are
of the whole loop on this machine, not of the server alone.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from eventwire.corroborate import corroborate
from eventwire.document import Document
from eventwire.options import load_options
from eventwire.store import DocumentFilter, Store, open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the examples' analysis and the tests' throwaway server
from bench.store_speed import Stored, analysed_examples, mention_ids  # noqa: E402
from tests.pg_cluster import server  # noqa: E402

DEFAULT_STORE = ROOT / "bench" / ".cache" / "api-load.duckdb"
DAYS_PER_COPY = 30
DOCUMENTS_PER_TRANSACTION = 250
# A request that takes longer than this counts as an error (a client that gave up).
CLIENT_TIMEOUT = 120.0
ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])")


# -- the store ----------------------------------------------------------------------------
def shifted_dates(payload: str, days: int) -> str:
    """Every YYYY-MM-DD in a document's JSON moved by ``days`` (same length: the text's
    offsets stay right)."""
    def shift(match: re.Match[str]) -> str:
        try:
            moved = date(*map(int, match.groups())) + timedelta(days=days)
        except ValueError:
            return match.group(0)  # not a date after all
        return moved.isoformat()
    return ISO_DATE.sub(shift, payload)


def replicas(corpus: list[Stored], count: int) -> Iterator[Stored]:
    """``count`` documents: the corpus, then copies of it with new ids and earlier dates."""
    made = 0
    copy = 0
    while made < count:
        renamed = {s.doc.id: hashlib.sha256(f"{s.doc.id}:{copy}".encode()).hexdigest()
                   for s in corpus}
        for stored in corpus:
            if made == count:
                return
            payload = stored.doc.model_dump_json()
            if copy:
                for old, new in mention_ids(stored.doc, renamed[stored.doc.id]).items():
                    payload = payload.replace(old, new)
                for old, new in renamed.items():
                    payload = payload.replace(old, new).replace(old[:12], new[:12])
                payload = shifted_dates(payload, -DAYS_PER_COPY * copy)
            yield Stored(Document.model_validate_json(payload), stored.raw, stored.minhash)
            made += 1
        copy += 1


def write(store: Store, documents: Iterator[Stored], run_id: str) -> int:
    """Documents into the store as ingest writes them, with the outcome log; a
    transaction per ``DOCUMENTS_PER_TRANSACTION``."""
    store.start_run(run_id, "bench", {})
    batch: list[tuple[int, Stored]] = []

    def flush() -> None:
        with store.transaction():
            for position, stored in batch:
                store.add_document(stored.doc, stored.raw, stored.minhash, run_id)
                store.log(run_id, position, stored.doc.source, None, "stored", None, None,
                          stored.doc.id)
        batch.clear()

    written = 0
    for written, stored in enumerate(documents, start=1):
        batch.append((written - 1, stored))
        if len(batch) == DOCUMENTS_PER_TRANSACTION:
            flush()
    if batch:
        flush()
    store.finish_run(run_id, {"stored": written})
    return written


def filled(url: str, documents: int, source: Callable[[], Iterator[Stored]]) -> None:
    """The store at ``url`` with at least ``documents`` documents and their events: kept
    when it has them, else written from ``source`` and corroborated."""
    store = open_store(url)
    try:
        held = store.count()
        if held >= documents and store.event_count() > 0:
            print(f"  reusing {url}: {held:,} documents, {store.event_count():,} events")
            return
        if held:
            raise SystemExit(f"{url} holds {held:,} documents, not {documents:,}: "
                             "give an empty store or remove it")
        started = time.perf_counter()
        written = write(store, source(), "api-load")
        wrote = time.perf_counter() - started
        report = corroborate(store, load_options().corroborate, "api-load")
        print(f"  {url}: {written:,} documents written in {wrote:.0f} s, "
              f"{report.events:,} events in {time.perf_counter() - started - wrote:.0f} s")
    finally:
        store.close()


def examples_replicated(documents: int) -> Callable[[], Iterator[Stored]]:
    def source() -> Iterator[Stored]:
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            corpus = analysed_examples(Path(scratch))
            print(f"  {len(corpus)} examples analysed in {time.perf_counter() - started:.0f} s")
        yield from replicas(corpus, documents)
    return source


def copied_from(db: str) -> Callable[[], Iterator[Stored]]:
    """The documents of another store, as they are stored there."""
    def source() -> Iterator[Stored]:
        store = open_store(db)
        try:
            signatures = {doc_id: minhash for doc_id, _, minhash in store.minhashes()}
            for doc in store.iter_documents(DocumentFilter()):
                yield Stored(doc, store.raw_bytes(doc.raw_sha256) or b"", signatures[doc.id])
        finally:
            store.close()
    return source


# -- the server ---------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db: str) -> Iterator[int]:
    """`eventwire serve --db DB` on loopback; its port once it answers."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]))
    process = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", db,
                                "--port", str(port)], env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"eventwire serve --db {db} ended ({process.returncode})")
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                if get(probe, "/api/status")[0] == 200:
                    break
            except OSError:
                pass
            finally:
                probe.close()
            if time.monotonic() > deadline:
                raise SystemExit(f"eventwire serve --db {db} did not answer in 120 s")
            time.sleep(0.5)
        yield port
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{connection.port}"})
    response = connection.getresponse()
    return response.status, response.read()


# -- the requests -------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """One kind of request, how often it comes in the mix, and its paths."""

    name: str
    weight: int
    paths: tuple[str, ...]


def request_mix(port: int) -> list[Kind]:
    """What an analyst's session asks, with real ids from the served store."""
    import json

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    _, body = get(connection, "/api/documents?limit=200")
    documents = [row["id"] for row in json.loads(body)["documents"]]
    _, body = get(connection, "/api/events?limit=200")
    events = [row["id"] for row in json.loads(body)["events"]]
    connection.close()
    if not documents or not events:
        raise SystemExit("the served store has no documents or no events")
    return [
        Kind("api documents (filters)", 12, (
            "/api/documents?limit=20", "/api/documents?genre=press_release&limit=20",
            "/api/documents?since=2015-01-01&until=2019-12-31&limit=50",
            "/api/documents?q=border&limit=20", "/api/documents?duplicates=false&limit=20")),
        Kind("api one document", 12, tuple(f"/api/documents/{d}" for d in documents)),
        Kind("api events (filters)", 12, (
            "/api/events?limit=20", "/api/events?country=KGZ&limit=20",
            "/api/events?type=AGREE&limit=20", "/api/events?dyad=KAZ-UZB&limit=20",
            "/api/events?min_sources=2&since=2018-01-01&limit=50")),
        Kind("api one event", 12, tuple(f"/api/events/{e}" for e in events)),
        Kind("api dyad series", 6, (
            "/api/dyads/KAZ/UZB?by=year", "/api/dyads/RUS/Central%20Asia?by=year",
            "/api/dyads/KGZ/TJK?by=quarter&since=2018-01-01")),
        Kind("api influence", 4, ("/api/influence?by=year",
                                  "/api/influence?powers=RUS,CHN&by=year")),
        Kind("api actors, places", 8, ("/api/actors?limit=50", "/api/actors?country=KAZ",
                                       "/api/places?limit=50")),
        Kind("api export (small)", 4, ("/api/exports/dyads.csv?a=KAZ&b=UZB&by=year",
                                       "/api/exports/dyads.jsonl?a=RUS&b=KAZ&by=year")),
        Kind("page documents, events", 8, ("/documents?genre=news_report",
                                           "/events?country=UZB")),
        Kind("page one document", 6, tuple(f"/documents/{d}" for d in documents[:50])),
        Kind("page one event", 6, tuple(f"/events/{quote(e)}" for e in events[:50])),
        Kind("page dyads", 3, ("/dyads?a=KAZ&b=UZB&by=year",)),
        Kind("page overview", 2, ("/",)),
    ]


@dataclass
class Tally:
    """What the clients saw: latency per request, by kind, and the errors."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.seconds[kind].append(seconds)
            if error:
                self.errors[error] += 1

    @property
    def all(self) -> list[float]:
        return [s for times in self.seconds.values() for s in times]


def client(port: int, mix: list[Kind], until: float, seed: int, tally: Tally) -> None:
    """One client: one request after the other until ``until``, on one connection
    (a new one after an error)."""
    chance = random.Random(seed)
    weights = [kind.weight for kind in mix]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    while time.monotonic() < until:
        kind = chance.choices(mix, weights)[0]
        path = chance.choice(kind.paths)
        started = time.perf_counter()
        error = None
        try:
            status, _ = get(connection, path)
            if not 200 <= status < 300:
                error = f"{status} {path}"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__} {path}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
        tally.add(kind.name, time.perf_counter() - started, error)
    connection.close()


def warm_up(port: int, mix: list[Kind]) -> None:
    """Each kind of request once before the clock starts: the first answers load
    templates, tables and caches, once per server, not once per request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    for kind in mix:
        status, _ = get(connection, kind.paths[0])
        if not 200 <= status < 300:
            raise SystemExit(f"{kind.paths[0]} answered {status} before any load")
    connection.close()


def drive(port: int, clients: int, seconds: float) -> tuple[Tally, float]:
    mix = request_mix(port)
    warm_up(port, mix)
    tally = Tally()
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(port, mix, started + seconds, n, tally))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


# -- the run ------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE,
                        help="the DuckDB store, built when missing (default %(default)s)")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pg-url", help="a PostgreSQL database to fill and serve "
                        "(default: a throwaway local server)")
    parser.add_argument("--backends", default="duckdb,postgresql")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    args.store.parent.mkdir(parents=True, exist_ok=True)
    print(f"stores of {args.documents:,} documents:")
    filled(str(args.store), args.documents, examples_replicated(args.documents))
    results: dict[str, tuple[Tally, float]] = {}
    with ExitStack() as stack:
        urls = {"duckdb": str(args.store)}
        if "postgresql" in backends:
            urls["postgresql"] = args.pg_url or \
                stack.enter_context(server()).create_database()
            filled(urls["postgresql"], args.documents, copied_from(str(args.store)))
        for backend in backends:
            print(f"{backend}: {args.clients} clients for {args.seconds:.0f} s ...", flush=True)
            with serving(urls[backend]) as port:
                results[backend] = drive(port, args.clients, args.seconds)
    report(results, args.clients)
    if any(tally.errors for tally, _ in results.values()):
        sys.exit(1)


def report(results: dict[str, tuple[Tally, float]], clients: int) -> None:
    names = list(results)
    print(f"\n{clients} clients, loopback{'':<14}" + "".join(f"{n:>14}" for n in names))
    rows: list[tuple[str, Callable[[Tally, float], str]]] = [
        ("requests", lambda t, s: f"{len(t.all):,}"),
        ("errors", lambda t, s: f"{sum(t.errors.values()):,}"),
        ("requests/s", lambda t, s: f"{len(t.all) / s:.1f}"),
        ("p50 ms", lambda t, s: f"{percentile(t.all, 0.50) * 1000:.0f}"),
        ("p99 ms", lambda t, s: f"{percentile(t.all, 0.99) * 1000:.0f}"),
    ]
    for label, value in rows:
        print(f"{label:<32}" + "".join(f"{value(*results[n]):>14}" for n in names))
    print("\np50 / p99 ms by kind of request")
    kinds = sorted({k for tally, _ in results.values() for k in tally.seconds})
    for kind in kinds:
        cells = []
        for name in names:
            times = results[name][0].seconds.get(kind, [])
            cells.append(f"{percentile(times, .5) * 1000:.0f} / "
                         f"{percentile(times, .99) * 1000:.0f}" if times else "-")
        print(f"{kind:<32}" + "".join(f"{c:>14}" for c in cells))
    for name in names:
        for error, count in results[name][0].errors.most_common(10):
            print(f"{name} error x{count}: {error}")


if __name__ == "__main__":
    main()
