"""Ingest: inputs to stored Documents, with an outcome recorded for every input.

Every input or item ends in exactly one outcome: stored, near_duplicate (stored with
``duplicate_of``), skipped (with a reason, e.g. exact_duplicate) or failed (with a
reason and a message naming the input). A failure never stops the run.
"""

from __future__ import annotations

import signal
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasketch import MinHash

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
class IngestReport:
    run_id: str
    outcomes: list[Outcome] = field(default_factory=list)
    inputs: int = 0
    bytes_read: int = 0
    seconds: float = 0.0

    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    def reasons(self, status: str) -> Counter[str]:
        return Counter(o.reason or "" for o in self.outcomes if o.status == status)

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


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float, source: str) -> Iterator[None]:
    """Stop one input's extraction after ``seconds`` (main thread only, POSIX)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _raise(_signum: int, _frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout as exc:
        raise InputError(
            Reason.TIMEOUT,
            f"extraction took longer than {seconds:g} s (ingest.extract_timeout)",
            source=source,
        ) from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _internal(exc: Exception, source: str) -> InputError:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return InputError(
        Reason.INTERNAL,
        f"{type(exc).__name__}: {exc}{at}; please report this input to the eventwire developers",
        source=source,
    )


Progress = Callable[[InputFile | None, int], None]


class Ingestor:
    """One ingest run against one store."""

    def __init__(self, store: Store, options: Options, command: str = "ingest",
                 dictionaries: tuple[Path, ...] = ()) -> None:
        self.store = store
        self.options = options
        self.pipeline = Pipeline(options, dictionaries)
        self.report = IngestReport(run_id=uuid.uuid4().hex)
        self.index = NearDuplicateIndex(options.dedup)
        for doc_id, duplicate_of, signature in store.minhashes():
            self.index.add(doc_id, self.index.from_bytes(signature), duplicate_of)
        store.start_run(self.report.run_id, command, options.model_dump(mode="json"))

    def _log(self, outcome: Outcome) -> None:
        self.store.log(self.report.run_id, len(self.report.outcomes), outcome.source,
                       outcome.locator, outcome.status, outcome.reason, outcome.message,
                       outcome.document_id)
        self.report.outcomes.append(outcome)

    def _fail(self, error: InputError, locator: str | None = None) -> None:
        status = "skipped" if error.reason in (Reason.HIDDEN, Reason.UNSUPPORTED) else "failed"
        self._log(Outcome(error.source or "?", locator or error.locator, status,
                          error.reason.value, error.message))

    def ingest_paths(self, paths: list[str], progress: Progress | None = None) -> IngestReport:
        started = time.perf_counter()
        found = list(discover(paths, self.options.ingest))
        for item in found:
            if isinstance(item, InputError):
                self._fail(item)
                continue
            self.report.inputs += 1
            self.ingest_file(item)
            if progress:
                progress(item, item.size)
        self.report.seconds = time.perf_counter() - started
        self.store.finish_run(self.report.run_id, self.report.summary())
        return self.report

    def ingest_file(self, item: InputFile) -> None:
        try:
            data = read_input(item, self.options.ingest)
            self.report.bytes_read += len(data)
            with _time_limit(self.options.ingest.extract_timeout, item.source):
                results = list(read_drafts(item.source, data))
        except InputError as error:
            self._fail(error)
            return
        except Exception as exc:  # one bad input must not end the run
            self._fail(_internal(exc, item.source))
            return
        raw_sha256 = sha256_hex(data)
        for result in results:
            if isinstance(result, InputError):
                self._fail(result)
                continue
            self._ingest_draft(result, data, raw_sha256)

    def _ingest_draft(self, draft: Draft, data: bytes, raw_sha256: str) -> None:
        try:
            with _time_limit(self.options.ingest.extract_timeout, draft.source):
                doc = self.pipeline.document(draft, raw_sha256)
                if self.store.has_document(doc.id):
                    self._log(Outcome(draft.source, draft.locator, "skipped",
                                      Reason.EXACT_DUPLICATE.value,
                                      "the same text is already stored", doc.id))
                    return
                signature = self.index.signature(doc.text)
                doc = self.pipeline.analyse(self._mark_duplicate(doc, signature))
        except InputError as error:
            self._fail(error, draft.locator)
            return
        except Exception as exc:  # one bad item must not end the run
            self._fail(_internal(exc, draft.source), draft.locator)
            return
        with self.store.transaction():
            self.store.add_document(doc, data, self.index.to_bytes(signature),
                                    self.report.run_id)
            status = "near_duplicate" if doc.duplicate_of else "stored"
            message = (f"republishes {doc.duplicate_of[:12]} (similarity {doc.similarity})"
                       if doc.duplicate_of else None)
            self._log(Outcome(draft.source, draft.locator, status, None, message, doc.id))
        self.index.add(doc.id, signature, doc.duplicate_of)

    def _mark_duplicate(self, doc: Document, signature: MinHash) -> Document:
        match = self.index.find(signature)
        if match is None:
            return doc
        original, similarity = match
        return doc.model_copy(update={"duplicate_of": original, "similarity": similarity})
