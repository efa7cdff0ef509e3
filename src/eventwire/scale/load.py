"""``eventwire load``: a batch folder into a store, through the Store protocol only.

The batch is replayed part by part, in input order, through the project's own
:class:`~eventwire.runner.Runner` and :class:`~eventwire.runner.StoreSink`:
:meth:`Runner.admit` applies ingest's exact- and near-duplicate rules to each analysed
document (with the signature the worker computed) and :meth:`Runner.record` logs each
failure, so the store ends as ``eventwire ingest`` of the same inputs would leave it.
Content-hash ids make loading twice, or loading what was ingested already, add nothing
(the documents come out as exact duplicates).
"""

from __future__ import annotations

import time
from pathlib import Path

import pyarrow as pa

from eventwire.errors import BatchError
from eventwire.options import Options
from eventwire.runner import Outcome, Runner, RunReport, StoreSink
from eventwire.scale.analyse import ANALYSED
from eventwire.scale.layout import read_manifest, read_parts, rebuild_documents
from eventwire.store import Store


def batch_options(folder: Path) -> Options:
    """The settings the batch ran with: load applies the same duplicate rule and
    corroboration settings."""
    return Options.model_validate(read_manifest(folder)["options"])


def load_batch(folder: Path, store: Store, options: Options) -> RunReport:
    """Every part of ``folder`` into ``store``, in input order; the run is closed."""
    manifest = read_manifest(folder)
    started = time.perf_counter()
    runner = Runner(options, StoreSink(store), "load")
    last = (-1, -1)
    for tables in read_parts(folder, int(manifest["parts"])):
        last = _check_order(tables, last, folder)
        _load_part(runner, tables, folder)
    runner.report.seconds = time.perf_counter() - started
    runner.sink.finish(runner.report.run_id, runner.report.summary())
    return runner.report


def _check_order(tables: dict[str, pa.Table], last: tuple[int, int],
                 folder: Path) -> tuple[int, int]:
    """The duplicate rule depends on order: refuse a folder whose log is out of it."""
    for row in tables["log"].select(["input", "item"]).to_pylist():
        key = (row["input"], row["item"])
        if key <= last:
            raise BatchError(f"the log is out of input order at input {key[0]} item "
                             f"{key[1]}; was the folder written by eventwire batch?",
                             source=str(folder))
        last = key
    return last


def _load_part(runner: Runner, tables: dict[str, pa.Table], folder: Path) -> None:
    documents = rebuild_documents(tables)
    raws = {row["sha256"]: row["data"] for row in tables["raw"].to_pylist()}
    for row in tables["inputs"].to_pylist():
        if row["kind"] == "file":
            runner.report.inputs += 1
            runner.report.bytes_read += row["bytes"]
    for row in tables["log"].to_pylist():  # written in input order
        if row["status"] != ANALYSED:
            runner.record(Outcome(row["source"], row["locator"], row["status"],
                                  row["reason"], row["message"], row["document_id"]))
            continue
        key = (row["input"], row["item"])
        found = documents.get(key)
        if found is None or found[0].raw_sha256 not in raws:
            raise BatchError(f"input {key[0]} item {key[1]} ({row['source']}) is logged as "
                             "analysed but its document or source bytes are missing; the "
                             "folder is incomplete", source=str(folder))
        doc, signature = found
        runner.admit(doc, raws[doc.raw_sha256], signature)
