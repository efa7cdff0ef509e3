"""Throughput of `eventwire batch`: the local engine, and Ray Data with 1 and 2 workers.

The same input (examples/, ``--copies`` times over) goes through each engine into a fresh
folder; documents analysed per second are printed for each, with the ratios, measured in
one run. One local Ray is started for both Ray runs (its start is not counted; each run's
actors, which load the pipeline, are):
    PYTHONPATH=src .venv/bin/python bench/ray_workers.py [--copies 2] [--block-inputs 4]
Ray workers scale with free cores: on a machine with two, shared, expect less than 2x.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from pathlib import Path

import ray

from eventwire.options import load_options
from eventwire.scale import BatchReport, BatchSettings, run_batch

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
INPUTS = [str(EXAMPLES / name) for name in ("news", "press", "statements", "opinion",
                                            "feeds", "jsonl")]


def _run(paths: list[str], out: Path, settings: BatchSettings) -> BatchReport:
    report = run_batch(paths, out, load_options(), settings)
    print(f"{settings.engine:>5} workers={settings.workers}: {report.counts['documents']} "
          f"documents in {report.seconds:.1f} s = {report.documents_per_second:.2f} docs/s",
          flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=1, help="the input this many times")
    parser.add_argument("--block-inputs", type=int, default=4)
    args = parser.parse_args()
    paths = INPUTS * args.copies
    print(f"python {platform.python_version()}, ray {ray.__version__}, "
          f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        local = _run(paths, work / "local", BatchSettings("local", 1,
                                                          block_inputs=args.block_inputs))
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            one = _run(paths, work / "ray1", BatchSettings("ray", 1,
                                                           block_inputs=args.block_inputs))
            two = _run(paths, work / "ray2", BatchSettings("ray", 2,
                                                           block_inputs=args.block_inputs))
        finally:
            ray.shutdown()
    base = one.documents_per_second
    print(f"ray 2 workers / ray 1 worker: {two.documents_per_second / base:.2f}x")
    print(f"ray 1 worker / local: {base / local.documents_per_second:.2f}x")
    print(f"ray 2 workers / local: {two.documents_per_second / local.documents_per_second:.2f}x")


if __name__ == "__main__":
    main()
