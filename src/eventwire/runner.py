"""The one loop from inputs to recorded outcomes, used by every command that reads inputs.

For each input: discover it, read it (within ``ingest.max_bytes``), split it into drafts;
for each draft: build the Document, skip it when the same text is already kept (exact
duplicate), mark it when it republishes one (near duplicate), analyse it within
``ingest.extract_timeout``, and hand it to the :class:`Sink`. Every input or item ends in
exactly one outcome: stored, near_duplicate (stored with ``duplicate_of``), skipped (with
a reason, e.g. exact_duplicate) or failed (with a reason and a message naming the input).
A failure, a crash of a stage included, never stops the run.

Where the documents go is the sink's business: :class:`StoreSink` writes them and the
outcome log to a store (``eventwire ingest``/``run``, evaluations of corroboration);
:class:`KeepSink` stores nothing and keeps them, or passes them on (``eventwire
extract``, the anatomy evaluation).
"""

from __future__ import annotations

import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from datasketch import MinHash

from eventwire.deadline import Deadline, time_limit
from eventwire.document import Document
from eventwire.errors import InputError, Reason
from eventwire.ingest.containers import Draft, read_drafts
from eventwire.ingest.dedup import NearDuplicateIndex
from eventwire.ingest.normalise import sha256_hex
from eventwire.ingest.sources import InputFile, discover, read_input
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.store import Store


@dataclass(frozen=True)
class Outcome:
    source: str
    locator: str | None
    status: str  # stored | near_duplicate | skipped | failed
    reason: str | None = None
    message: str | None = None
    document_id: str | None = None


@dataclass
class RunReport:
    run_id: str
    outcomes: list[Outcome] = field(default_factory=list)
    inputs: int = 0
    bytes_read: int = 0
    seconds: float = 0.0

    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    def reasons(self, status: str) -> Counter[str]:
        return Counter(o.reason or "" for o in self.outcomes if o.status == status)

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> dict[str, Any]:
        counts = self.counts()
        return {
            "run_id": self.run_id,
            "inputs": self.inputs,
            "items": len(self.outcomes),
            "stored": counts["stored"] + counts["near_duplicate"],
            "near_duplicates": counts["near_duplicate"],
            "skipped": dict(self.reasons("skipped")),
            "failed": dict(self.reasons("failed")),
            "bytes": self.bytes_read,
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(len(self.outcomes) / self.seconds, 2)
            if self.seconds else None,
        }


# -- where documents go -----------------------------------------------------------------------
class Sink(Protocol):
    """Where a run's documents and outcomes go."""

    def signatures(self) -> Iterable[tuple[str, str | None, bytes]]:
        """(id, duplicate_of, MinHash bytes) of the documents already kept, so that a
        republication is recognised across runs."""
        ...

    def start(self, run_id: str, command: str, options: dict[str, Any]) -> None: ...
    def has(self, doc_id: str) -> bool: ...
    def keep(self, run_id: str, seq: int, doc: Document, raw: bytes, signature: bytes,
             outcome: Outcome) -> Outcome:
        """Keep a document and its outcome together (one transaction where it matters);
        the outcome as recorded (skipped, where another process kept the document first)."""
        ...

    def record(self, run_id: str, seq: int, outcome: Outcome) -> None: ...
    def finish(self, run_id: str, summary: dict[str, Any]) -> None: ...


class StoreSink:
    """Documents, raw sources, signatures and the outcome log go to a store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def signatures(self) -> Iterable[tuple[str, str | None, bytes]]:
        return self.store.minhashes()

    def start(self, run_id: str, command: str, options: dict[str, Any]) -> None:
        self.store.start_run(run_id, command, options)

    def has(self, doc_id: str) -> bool:
        return self.store.has_document(doc_id)

    def keep(self, run_id: str, seq: int, doc: Document, raw: bytes, signature: bytes,
             outcome: Outcome) -> Outcome:
        with self.store.transaction():
            if not self.store.add_document(doc, raw, signature, run_id):
                # another process stored the same text after has() looked (several
                # ingests into one PostgreSQL store): this run did not store it
                outcome = replace(outcome, status="skipped",
                                  reason=Reason.EXACT_DUPLICATE.value,
                                  message="the same text was stored meanwhile by another run")
            self.record(run_id, seq, outcome)
        return outcome

    def record(self, run_id: str, seq: int, outcome: Outcome) -> None:
        self.store.log(run_id, seq, outcome.source, outcome.locator, outcome.status,
                       outcome.reason, outcome.message, outcome.document_id)

    def finish(self, run_id: str, summary: dict[str, Any]) -> None:
        self.store.finish_run(run_id, summary)


class KeepSink:
    """Stores nothing: each document goes to ``on_document`` (printed by ``extract``),
    else into :attr:`documents`. Exact and near duplicates are recognised within the run."""

    def __init__(self, on_document: Callable[[Document], None] | None = None) -> None:
        self.on_document = on_document
        self.documents: list[Document] = []
        self._ids: set[str] = set()

    def signatures(self) -> Iterable[tuple[str, str | None, bytes]]:
        return ()

    def start(self, run_id: str, command: str, options: dict[str, Any]) -> None:
        pass

    def has(self, doc_id: str) -> bool:
        return doc_id in self._ids

    def keep(self, run_id: str, seq: int, doc: Document, raw: bytes, signature: bytes,
             outcome: Outcome) -> Outcome:
        self._ids.add(doc.id)
        if self.on_document is not None:
            self.on_document(doc)
        else:
            self.documents.append(doc)
        return outcome

    def record(self, run_id: str, seq: int, outcome: Outcome) -> None:
        pass

    def finish(self, run_id: str, summary: dict[str, Any]) -> None:
        pass


# -- the loop ---------------------------------------------------------------------------------
Progress = Callable[[InputFile | None, int], None]


class Runner:
    """One run: inputs through one pipeline into one sink, an outcome for each."""

    def __init__(self, options: Options, sink: Sink, command: str = "ingest",
                 dictionaries: tuple[Path, ...] = (), pipeline: Pipeline | None = None) -> None:
        self.options = options
        self.sink = sink
        self.pipeline = pipeline or Pipeline(options, dictionaries)
        self.report = RunReport(run_id=uuid.uuid4().hex)
        self.index = NearDuplicateIndex(options.dedup)
        for doc_id, duplicate_of, signature in sink.signatures():
            self.index.add(doc_id, self.index.from_bytes(signature), duplicate_of)
        sink.start(self.report.run_id, command, options.model_dump(mode="json"))

    def run(self, paths: list[str], progress: Progress | None = None) -> RunReport:
        """Every input under ``paths`` (files, folders, ``-``), then the run is closed."""
        started = time.perf_counter()
        for item in discover(paths, self.options.ingest):
            if isinstance(item, InputError):
                self._fail(item)
                continue
            self.report.inputs += 1
            self.run_file(item)
            if progress:
                progress(item, item.size)
        self.report.seconds = time.perf_counter() - started
        self.sink.finish(self.report.run_id, self.report.summary())
        return self.report

    def run_file(self, item: InputFile) -> None:
        try:
            data = read_input(item, self.options.ingest)
        except InputError as error:
            self._fail(error)
            return
        except Exception as exc:  # one bad input must not end the run
            self._fail(_internal(exc, item.source))
            return
        self.report.bytes_read += len(data)
        self.run_data(item.source, data)

    def run_data(self, source: str, data: bytes) -> None:
        """One input already read: its drafts, each to its outcome."""
        try:
            with time_limit(self._deadline(source)):
                results = list(read_drafts(source, data))
        except InputError as error:
            self._fail(error)
            return
        except Exception as exc:  # one bad input must not end the run
            self._fail(_internal(exc, source))
            return
        raw_sha256 = sha256_hex(data)
        for result in results:
            if isinstance(result, InputError):
                self._fail(result)
                continue
            self._run_draft(result, data, raw_sha256)

    # -- one draft ----------------------------------------------------------------------------
    def _run_draft(self, draft: Draft, data: bytes, raw_sha256: str) -> None:
        try:
            with time_limit(self._deadline(draft.source, draft.locator)) as deadline:
                doc = self.pipeline.document(draft, raw_sha256)
                if self.sink.has(doc.id):
                    self._record(Outcome(draft.source, draft.locator, "skipped",
                                         Reason.EXACT_DUPLICATE.value,
                                         "the same text is already stored", doc.id))
                    return
                signature = self.index.signature(doc.text)
                doc = self.pipeline.analyse(self._mark_duplicate(doc, signature), deadline)
        except InputError as error:
            self._fail(error, draft.locator)
            return
        except Exception as exc:  # one bad item must not end the run
            self._fail(_internal(exc, draft.source), draft.locator)
            return
        self._keep(draft, doc, data, signature)

    def _keep(self, draft: Draft, doc: Document, data: bytes, signature: MinHash) -> None:
        status = "near_duplicate" if doc.duplicate_of else "stored"
        message = (f"republishes {doc.duplicate_of[:12]} (similarity {doc.similarity})"
                   if doc.duplicate_of else None)
        outcome = Outcome(draft.source, draft.locator, status, None, message, doc.id)
        outcome = self.sink.keep(self.report.run_id, len(self.report.outcomes), doc, data,
                                 self.index.to_bytes(signature), outcome)
        self.report.outcomes.append(outcome)
        self.index.add(doc.id, signature, doc.duplicate_of)

    def _mark_duplicate(self, doc: Document, signature: MinHash) -> Document:
        match = self.index.find(signature)
        if match is None:
            return doc
        original, similarity = match
        return doc.model_copy(update={"duplicate_of": original, "similarity": similarity})

    def _deadline(self, source: str, locator: str | None = None) -> Deadline:
        return Deadline(self.options.ingest.extract_timeout, source, locator)

    # -- outcomes -----------------------------------------------------------------------------
    def _record(self, outcome: Outcome) -> None:
        self.sink.record(self.report.run_id, len(self.report.outcomes), outcome)
        self.report.outcomes.append(outcome)

    def _fail(self, error: InputError, locator: str | None = None) -> None:
        status = "skipped" if error.reason in (Reason.HIDDEN, Reason.UNSUPPORTED) else "failed"
        self._record(Outcome(error.source or "?", locator or error.locator, status,
                             error.reason.value, error.message))


def _internal(exc: Exception, source: str) -> InputError:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return InputError(
        Reason.INTERNAL,
        f"{type(exc).__name__}: {exc}{at}; please report this input to the eventwire developers",
        source=source,
    )


def ingest(store: Store, options: Options, paths: list[str], command: str = "ingest",
           dictionaries: tuple[Path, ...] = (), progress: Progress | None = None) -> RunReport:
    """Store everything under ``paths``: the runner with a :class:`StoreSink`."""
    return Runner(options, StoreSink(store), command, dictionaries).run(paths, progress)
