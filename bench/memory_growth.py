"""Peak memory of `eventwire ingest` at two corpus sizes, measured side by side in one run.

Memory must not grow with the corpus: a news archive is ingested by the same process that
ingests a folder of press releases. Each size gets a corpus from ``bench/corpus.py`` (the
project's own example paragraphs, recombined), a new DuckDB store, and one `eventwire
ingest` process (reading, every stage, storing, corroboration); its peak resident memory is
the kernel's high-water mark for that process (``wait4``'s ``ru_maxrss``).

    .venv/bin/python bench/memory_growth.py [--sizes 1000 10000] [--keep DIR]

Prints peak MB, documents per second and the growth between the smallest and the largest
size (the target is under 20%).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # a sibling script, not a package


@dataclass(frozen=True)
class Measure:
    documents: int
    peak_mb: float
    seconds: float
    stored: int


def measure(size: int, workdir: Path) -> Measure:
    corpus = workdir / f"corpus-{size}"
    if not corpus.exists():
        write_corpus(corpus, size)
    store = workdir / f"store-{size}.duckdb"
    store.unlink(missing_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(store)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest of {size} documents failed:\n{error[-2000:]}")
    return Measure(size, usage.ru_maxrss / 1024, seconds, _stored(store))


def _stored(store: Path) -> int:
    from eventwire.store import DocumentFilter, open_store

    opened = open_store(str(store))
    try:
        return opened.count(DocumentFilter())
    finally:
        opened.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="write corpora and stores here (reused)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-memory-") as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        results = [measure(size, workdir) for size in sorted(args.sizes)]
    print(f"python {sys.version.split()[0]}: peak memory of one `eventwire ingest` process")
    for result in results:
        print(f"  {result.documents:>6} documents  peak {result.peak_mb:7.0f} MB  "
              f"{result.documents / result.seconds:5.1f} docs/s  stored {result.stored}")
    first, last = results[0], results[-1]
    growth = last.peak_mb / first.peak_mb - 1
    print(f"  growth {first.documents} -> {last.documents} documents: {growth:+.1%} "
          f"(target under +20%)")


if __name__ == "__main__":
    main()
