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
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # a sibling script, not a package


@dataclass(frozen=True)
class Measure:
    documents: int
    peak_mb: float  # the ingest process's own high-water mark
    tree_peak_mb: float  # the most its processes held together (with the parse process)
    seconds: float
    stored: int


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as children:
                    kids = [int(k) for k in children.read().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


class TreeSampler(threading.Thread):
    """The resident memory of a process and its descendants together, sampled twice a
    second (the kernel's high-water mark covers one process only: `ingest` parses ahead
    in a second process)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            total = sum(_rss_kb(p) for p in [self.pid, *_descendants(self.pid)])
            self.peak_kb = max(self.peak_kb, total)


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
    sampler = TreeSampler(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    sampler.done.set()
    seconds = time.perf_counter() - started
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest of {size} documents failed:\n{error[-2000:]}")
    return Measure(size, usage.ru_maxrss / 1024, sampler.peak_kb / 1024, seconds,
                   _stored(store))


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
              f"with the parse process {result.tree_peak_mb:7.0f} MB  "
              f"{result.documents / result.seconds:5.1f} docs/s  stored {result.stored}")
    first, last = results[0], results[-1]
    growth = last.peak_mb / first.peak_mb - 1
    tree = last.tree_peak_mb / first.tree_peak_mb - 1
    print(f"  growth {first.documents} -> {last.documents} documents: {growth:+.1%}, "
          f"with the parse process {tree:+.1%} (target under +20%)")


if __name__ == "__main__":
    main()
