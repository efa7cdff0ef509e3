"""The work of one batch worker: inputs in, one part of the batch folder out.

A :class:`BlockAnalyser` builds the pipeline once (a Ray actor keeps it for the whole
batch) and runs the project's own :class:`~eventwire.runner.Runner` over each input, with
a :class:`BatchSink` that keeps the finished documents and outcomes of the block instead of
storing them. The worker decides no duplicates: exact and near duplicates depend on every
earlier input, which only ``eventwire load`` sees in order, so each analysed document is
logged as ``analysed`` and its MinHash signature travels with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventwire.document import Document
from eventwire.errors import InputError
from eventwire.ingest.dedup import NearDuplicateIndex
from eventwire.ingest.sources import STDIN, InputFile, discover, read_input
from eventwire.options import Options
from eventwire.runner import Outcome, Runner, RunReport, error_outcome
from eventwire.scale.layout import Part, to_ipc

ANALYSED = "analysed"


# -- what the driver hands out: one small row per discovered input --------------------------
def input_rows(paths: list[str], options: Options) -> Iterator[dict[str, Any]]:
    """One row per input in discovery order, without reading files: a path to read, or an
    outcome already decided (not found, hidden...). Standard input is read here, by the
    driver, since no worker can see it ("data", or "unread" when it cannot be read)."""
    for number, found in enumerate(discover(paths, options.ingest)):
        row: dict[str, Any] = {"input": number, "kind": "file", "source": "", "path": "",
                               "size": 0, "data": b"", "status": "", "reason": "",
                               "message": ""}
        if isinstance(found, InputError):
            outcome = error_outcome(found)
            row.update(kind="error", source=outcome.source, status=outcome.status,
                       reason=outcome.reason or "", message=outcome.message or "")
        elif found.path is None:
            row.update(_stdin_row(found, options))
        else:
            row.update(source=found.source, path=str(found.path), size=found.size)
        yield row


def _stdin_row(found: InputFile, options: Options) -> dict[str, Any]:
    try:
        data = read_input(found, options.ingest)
    except InputError as error:
        outcome = error_outcome(error)
        return {"kind": "unread", "source": STDIN, "status": outcome.status,
                "reason": outcome.reason or "", "message": outcome.message or ""}
    return {"kind": "data", "source": STDIN, "size": len(data), "data": data}


# -- the sink that keeps one block --------------------------------------------------------
class BatchSink:
    """Keeps the documents and outcomes of the current block, keyed by input and item.
    It knows no earlier document (``has`` is always false): duplicates are load's job."""

    def __init__(self) -> None:
        self.part = Part.empty()
        self.input = -1
        self.source = ""
        self.items = 0
        self._raw_kept: set[str] = set()

    def begin_input(self, number: int, source: str) -> None:
        self.input, self.source, self.items = number, source, 0

    def end_input(self, kind: str, bytes_read: int) -> None:
        self.part.rows["inputs"].append({"input": self.input, "source": self.source,
                                         "kind": kind, "bytes": bytes_read,
                                         "items": self.items})

    def take(self) -> Part:
        """The block's rows; the sink starts a new block."""
        part, self.part, self._raw_kept = self.part, Part.empty(), set()
        return part

    # the Sink protocol
    def signatures(self) -> Iterable[tuple[str, str | None, bytes]]:
        return ()

    def start(self, run_id: str, command: str, options: dict[str, Any]) -> None:
        pass

    def has(self, doc_id: str) -> bool:
        return False

    def keep(self, run_id: str, seq: int, doc: Document, raw: bytes, signature: bytes,
             outcome: Outcome) -> Outcome:
        # the runner marked near duplicates among this worker's documents only: unmark
        undecided = doc.model_copy(update={"duplicate_of": None, "similarity": None})
        item = self._log(Outcome(outcome.source, outcome.locator, ANALYSED,
                                 document_id=doc.id))
        self.part.add_document(self.input, item, undecided, signature)
        if doc.raw_sha256 not in self._raw_kept:  # a JSONL file's bytes once, not per line
            self._raw_kept.add(doc.raw_sha256)
            self.part.rows["raw"].append({"sha256": doc.raw_sha256, "source": doc.source,
                                          "size": len(raw), "data": raw})
        return outcome  # the worker decides nothing; `eventwire load` logs the real outcome

    def record(self, run_id: str, seq: int, outcome: Outcome) -> None:
        self._log(outcome)

    def finish(self, run_id: str, summary: dict[str, Any]) -> None:
        pass

    def _log(self, outcome: Outcome) -> int:
        item = self.items
        self.items += 1
        self.part.rows["log"].append({
            "input": self.input, "item": item, "source": outcome.source,
            "locator": outcome.locator, "status": outcome.status, "reason": outcome.reason,
            "message": outcome.message, "document_id": outcome.document_id})
        return item


# -- the worker ---------------------------------------------------------------------------
class BlockAnalyser:
    """Turns a block of input rows into one part. Built once per worker (a Ray actor or
    the local engine), so the pipeline and its models are loaded once, here."""

    def __init__(self, options: dict[str, Any], dictionaries: list[str]) -> None:
        self.options = Options.model_validate(options)
        self.sink = BatchSink()
        self.runner = Runner(self.options, self.sink, "batch",
                             tuple(Path(d) for d in dictionaries))
        # load the spaCy model now, not in the middle of the first block
        _ = self.runner.pipeline.resources.nlp

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        """A block of input rows (columns of equal length) -> one row of serialized
        tables (Arrow IPC), which the driver writes as one part."""
        part = self.analyse(_rows(batch))
        return {table: [to_ipc(rows)] for table, rows in part.to_arrow().items()}

    def analyse(self, rows: Iterable[dict[str, Any]]) -> Part:
        # A fresh index and report per block: the worker's own duplicate marks are
        # discarded anyway, and this keeps a long-lived worker's memory flat.
        self.runner.index = NearDuplicateIndex(self.options.dedup)
        self.runner.report = RunReport(run_id=uuid.uuid4().hex)
        for row in rows:
            self.sink.begin_input(int(row["input"]), str(row["source"]))
            self._run_input(row)
        return self.sink.take()

    def _run_input(self, row: dict[str, Any]) -> None:
        kind = row["kind"]
        if kind in ("error", "unread"):  # decided by the driver: not found, hidden, ...
            self.runner.record(Outcome(row["source"], None, row["status"],
                                       row["reason"] or None, row["message"] or None))
            # an input found but unreadable counts as an input, as in ingest
            self.sink.end_input("file" if kind == "unread" else "error", 0)
            return
        before = self.runner.report.bytes_read
        if kind == "data":
            data = bytes(row["data"])
            self.runner.run_data(row["source"], data)
            read = len(data)
        else:
            self.runner.run_file(InputFile(row["source"], Path(row["path"]), int(row["size"])))
            read = self.runner.report.bytes_read - before
        self.sink.end_input("file", read)


def _rows(batch: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Ray hands a block as columns; the analyser reads it row by row."""
    columns = list(batch)
    count = len(batch[columns[0]]) if columns else 0
    for index in range(count):
        yield {name: _plain(batch[name][index]) for name in columns}


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python value it holds."""
    return value.item() if hasattr(value, "item") and not isinstance(value, bytes) else value
