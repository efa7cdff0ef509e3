"""Cost of corroboration as the store grows, beside the cost of ingesting a document.

Ingests examples/ into a scratch store, then copies its documents and mentions k times
(each copy 60 days later, with new ids: other events, same shapes) and corroborates the
whole store after each growth step. Prints, measured in the same run: ingest time per
document, corroboration time per stored document at each size, and their ratio (how much
of a document's cost the clustering adds).

    .venv/bin/python bench/corroborate_speed.py [--copies 1 5 20]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from eventwire.corroborate import corroborate
from eventwire.options import Options, load_options
from eventwire.runner import ingest
from eventwire.store import DuckDBStore, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Each table's id columns get the copy's suffix; dates move by the copy's offset.
_COPY = {
    "documents": "INSERT INTO documents SELECT id || ?, seq + ?, source || ?, locator, url, "
                 "format, title, published + CAST(? AS INTEGER), publisher, genre, language, "
                 "languages, translated, CASE WHEN duplicate_of IS NULL THEN NULL ELSE "
                 "duplicate_of || ? END, similarity, truncated, text, raw_sha256, extractor, "
                 "document, minhash, run_id, ingested_at FROM documents WHERE id NOT LIKE '%#%'",
    "actor_mentions": "INSERT INTO actor_mentions SELECT document_id || ?, actor_id, name, "
                      "kind, country, sectors, code, role, start_char, end_char FROM "
                      "actor_mentions WHERE document_id NOT LIKE '%#%'",
    "place_mentions": "INSERT INTO place_mentions SELECT document_id || ?, place_id, name, "
                      "country, level, lat, lon, start_char, end_char, countries FROM "
                      "place_mentions WHERE document_id NOT LIKE '%#%'",
}


def _grow(con: duckdb.DuckDBPyConnection, copy: int) -> None:
    suffix, days = f"#{copy}", 60 * copy
    con.execute(_COPY["documents"], [suffix, 100_000 * copy, suffix, days, suffix])
    con.execute(_COPY["actor_mentions"], [suffix])
    con.execute(_COPY["place_mentions"], [suffix])
    rows = con.execute("SELECT * FROM event_mentions WHERE document_id NOT LIKE '%#%'").fetchall()
    columns = [c[0] for c in con.execute("DESCRIBE event_mentions").fetchall()]
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        event = record["event"].replace(record["id"], record["id"] + suffix)
        for key in ("start_date", "end_date"):
            if record[key] is not None:
                shifted = record[key].fromordinal(record[key].toordinal() + days)
                event = event.replace(record[key].isoformat(), shifted.isoformat())
                record[key] = shifted
        record.update(id=record["id"] + suffix, document_id=record["document_id"] + suffix,
                      event=event)
        con.execute(f"INSERT INTO event_mentions VALUES ({', '.join('?' * len(columns))})",
                    list(record.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 5, 20])
    args = parser.parse_args()
    options = load_options()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.duckdb"))
        files = sorted(str(p) for p in EXAMPLES.rglob("*") if p.is_file() and "gold" not in p.parts)
        started = time.perf_counter()
        report = ingest(store, options, files[:-1])  # the last one comes later
        per_doc = (time.perf_counter() - started) / max(1, store.count())
        print(f"ingest: {store.count()} documents, {per_doc * 1000:.1f} ms/document "
              f"({len(report.outcomes)} items)")
        made = 0
        for copies in sorted(args.copies):
            while made < copies - 1:
                made += 1
                _grow(store.con, made)
            started = time.perf_counter()
            result = corroborate(store, options.corroborate, "bench", rebuild=True)
            seconds = time.perf_counter() - started
            docs = store.count()
            print(f"corroborate: {docs} documents, {result.mentions} mentions -> "
                  f"{result.events} events in {seconds:.2f} s = "
                  f"{seconds / docs * 1000:.2f} ms/document; ratio to ingest "
                  f"{seconds / docs / per_doc:.3f}")
        _incremental(store, options, files[-1], per_doc)
        store.close()


def _incremental(store: DuckDBStore, options: Options, late: str, per_doc: float) -> None:
    """What an ingest pays for corroboration once the store is large: nothing new, then
    one more document."""
    started = time.perf_counter()
    corroborate(store, options.corroborate, "bench")
    idle = time.perf_counter() - started
    ingest(store, options, [late])
    started = time.perf_counter()
    corroborate(store, options.corroborate, "bench")
    one = time.perf_counter() - started
    print(f"incremental at {store.count()} documents: nothing new {idle * 1000:.0f} ms, one "
          f"more document {one * 1000:.0f} ms; ratio to ingesting it {one / per_doc:.2f}")


if __name__ == "__main__":
    main()
