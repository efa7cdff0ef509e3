"""The one loop from inputs to recorded outcomes, used by every command that reads inputs.

For each input: discover it, read it (within ``ingest.max_bytes``), split it into drafts;
for each draft: build the Document, skip it when the same text is already kept (exact
duplicate), mark it when it republishes one (near duplicate), analyse it within
``ingest.extract_timeout``, and hand it to the :class:`Sink`. Every input or item ends in
exactly one outcome: stored, near_duplicate (stored with ``duplicate_of``), skipped (with
a reason, e.g. exact_duplicate) or failed (with a reason and a message naming the input).
A failure, a crash of a stage included, never stops the run. A URL is an input too: it
is fetched (:mod:`eventwire.ingest.fetch`, within the ``fetch`` settings) and its bytes
split as a file's would be, the URL as their source.

Inputs are read a few ahead of their turn, so that the spaCy parses of the next drafts'
texts are made together (``nlp.pipe``, faster than one by one) once the pipeline has shown
that it parses; every outcome is still recorded input by input, draft by draft, in order.

Where the documents go is the sink's business: :class:`StoreSink` writes them and the
outcome log to a store (``eventwire ingest``/``run``, evaluations of corroboration);
:class:`KeepSink` stores nothing and keeps them, or passes them on (``eventwire
extract``, the anatomy evaluation).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from datasketch import MinHash
from spacy.tokens import Doc

from eventwire.deadline import Deadline, time_limit
from eventwire.document import Document
from eventwire.errors import InputError, Reason, described
from eventwire.ingest.containers import Draft, read_drafts
from eventwire.ingest.dedup import NearDuplicateIndex
from eventwire.ingest.fetch import fetch
from eventwire.ingest.normalise import sha256_hex
from eventwire.ingest.sources import InputFile, discover, read_input
from eventwire.memory import Collector, settle_long_lived
from eventwire.nlp import parse_all
from eventwire.options import Options
from eventwire.parse_process import ParseProcess
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
            # stored without the layers of stages that ran out of time or failed
            "partial": sum(1 for o in self.outcomes if o.reason == Reason.PARTIAL.value),
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

# spaCy parses several texts together faster than one by one: the runner parses the
# documents of the next few drafts in one batch, ahead of their turn.
PARSE_AHEAD = 8
# Reading ahead stops at this many bytes of inputs waiting for their turn (a folder of
# large files is not held in memory at once for the sake of a batch).
READ_AHEAD_BYTES = 32 * 2**20


@dataclass
class _Input:
    """One input read and split ahead of its turn, with what its turn will record."""

    source: str
    item: InputFile | None = None  # None for an input handed over as bytes (run_data)
    data: bytes | None = None  # None when it could not be read
    results: list[Draft | InputError] = field(default_factory=list)
    failure: InputError | None = None  # reading or splitting it failed: its one outcome


@dataclass(frozen=True)
class _Parsed:
    """A draft's document text parsed ahead, and its share of the batch's time."""

    text: str
    parse: Doc
    seconds: float


class Runner:
    """One run: inputs through one pipeline into one sink, an outcome for each.

    Outcomes are recorded input by input, draft by draft, in order; only the spaCy parse of
    the next drafts' texts is made ahead, ``parse_ahead`` of them together (0 or 1: each
    when a stage asks, as :meth:`Pipeline.analyse` does by itself). Each document's
    deadline is charged with its share of its batch's parse, and a batch that fails or runs
    past the time limit is dropped: those documents are parsed when asked, as ever.

    In :meth:`run`, with ``parse_in_background``, once the inputs hold more than two
    batches, a second process (:mod:`eventwire.parse_process`) parses the batch after the
    current one while the current one's stages run, so on two cores the parse and the
    stages overlap; until that process is ready, and after it fails, the runner parses
    as it would without it.
    """

    def __init__(self, options: Options, sink: Sink, command: str = "ingest",
                 dictionaries: tuple[Path, ...] = (), pipeline: Pipeline | None = None,
                 parse_ahead: int = PARSE_AHEAD, parse_in_background: bool = True) -> None:
        self.options = options
        self.sink = sink
        self.pipeline = pipeline or Pipeline(options, dictionaries)
        self.parse_ahead = parse_ahead
        self.report = RunReport(run_id=uuid.uuid4().hex)
        self.index = NearDuplicateIndex(options.dedup)
        for doc_id, duplicate_of, signature in sink.signatures():
            self.index.add(doc_id, self.index.from_bytes(signature), duplicate_of)
        sink.start(self.report.run_id, command, options.model_dump(mode="json"))
        self._window: deque[_Input] = deque()  # inputs read, their turn still to come
        # Drafts by id (a draft is not hashable; each is held here until its turn, so no
        # id is reused meanwhile): those whose parse was made or tried ahead, and the
        # parses made.
        self._asked: dict[int, Draft] = {}
        self._parsed: dict[int, _Parsed] = {}
        self.parse_in_background = parse_in_background
        self._background = False  # parse in a second process: only while run() runs
        self._parse_process: ParseProcess | None = None
        self._next_batch: dict[int, str] | None = None  # texts the process is parsing
        self.parse_process_cpu_seconds = 0.0  # CPU the parse process spent (for benches)
        self._cpu_before = 0.0
        self._whole_input: Deadline | None = None  # run_data's limit on all of one input
        self._collector = Collector()  # dead parses are freed every few documents

    def run(self, paths: list[str], progress: Progress | None = None,
            urls: Sequence[str] = ()) -> RunReport:
        """Every URL of ``urls`` (fetched, each an input), then every input under ``paths``
        (files, folders, ``-``), then the run is closed."""
        started = time.perf_counter()
        for url in urls:
            self.report.inputs += 1
            self._run_alone(self._fetch(url))
        pending = iter(discover(paths, self.options.ingest))
        self._background = self.parse_in_background and self.parse_ahead > 1
        try:
            while True:
                self._read_ahead(pending)
                if not self._window:
                    break
                current = self._window[0]
                if current.item is not None:
                    self.report.inputs += 1
                self._finish(current)
                self._window.popleft()
                if progress and current.item is not None:
                    progress(current.item, current.item.size)
        finally:
            if self._parse_process is not None:
                if self._next_batch is not None:  # its answer would go to the next run
                    self._parse_process.close()
                self.parse_process_cpu_seconds += self._parse_process.cpu_seconds - \
                    self._cpu_before
                self._parse_process = None
            self._background, self._next_batch = False, None
        self.report.seconds = time.perf_counter() - started
        self.sink.finish(self.report.run_id, self.report.summary())
        return self.report

    def run_file(self, item: InputFile) -> None:
        self._run_alone(self._read(item))

    def run_data(self, source: str, data: bytes, url: str | None = None,
                 within: float | None = None) -> None:
        """One input already read: its drafts, each to its outcome; ``url``: where the bytes
        were fetched from, for drafts whose container names no URL of their own.
        ``within``: seconds for all of its items together (each still has its own limit);
        the items left when they run out fail as one ``timeout`` outcome."""
        self._whole_input = Deadline(within, source) if within is not None else None
        try:
            self._run_alone(self._split(source, data, url=url))
        finally:
            self._whole_input = None

    def _run_alone(self, current: _Input) -> None:
        self._window.appendleft(current)
        try:
            self._finish(current)
        finally:
            self._window.remove(current)

    # -- reading ahead ------------------------------------------------------------------------
    def _read_ahead(self, pending: Iterator[InputFile | InputError]) -> None:
        """Read inputs until the window holds the next ``parse_ahead`` drafts after the
        first input's, or ``READ_AHEAD_BYTES`` of them (a path that cannot be listed is an
        input with only a failure)."""
        def more_wanted() -> bool:
            waiting = list(self._window)[1:]
            # with a parse process, the batch after next is read too: it is parsed meanwhile
            wanted = self.parse_ahead * (2 if self._background else 1)
            return sum(len(i.results) for i in waiting) < wanted and \
                sum(len(i.data or b"") for i in waiting) < READ_AHEAD_BYTES
        while not self._window or (self.parse_ahead > 1 and more_wanted()):
            item = next(pending, None)
            if item is None:
                return
            if isinstance(item, InputError):
                self._window.append(_Input(item.source or "?", failure=item))
            else:
                self._window.append(self._read(item))

    def _read(self, item: InputFile) -> _Input:
        try:
            data = read_input(item, self.options.ingest)
        except InputError as error:
            return _Input(item.source, item, failure=error)
        except Exception as exc:  # one bad input must not end the run
            return _Input(item.source, item, failure=_internal(exc, item.source))
        return self._split(item.source, data, item)

    def _fetch(self, url: str) -> _Input:
        """A URL fetched within the fetch settings, split like a file's bytes, the URL its
        source; a refused or failed fetch is an input with only that failure."""
        try:
            fetched = fetch(url, self.options.fetch,
                            ingest_max_bytes=self.options.ingest.max_bytes)
        except InputError as error:
            return _Input(url, failure=error)
        except Exception as exc:  # one bad input must not end the run
            return _Input(url, failure=_internal(exc, url))
        self.report.bytes_read += len(fetched.data)
        return self._split(url, fetched.data, url=fetched.final_url)

    def _split(self, source: str, data: bytes, item: InputFile | None = None,
               url: str | None = None) -> _Input:
        try:
            with time_limit(self._deadline(source)):
                results = list(read_drafts(source, data))
        except InputError as error:
            return _Input(source, item, data, failure=error)
        except Exception as exc:  # one bad input must not end the run
            return _Input(source, item, data, failure=_internal(exc, source))
        if url is not None:
            results = [replace(r, url=url) if isinstance(r, Draft) and r.url is None else r
                       for r in results]
        return _Input(source, item, data, results)

    # -- an input's turn ----------------------------------------------------------------------
    def _finish(self, current: _Input) -> None:
        """Record what reading the input gave, in the order the loop always recorded it."""
        if current.item is None and current.data is None:  # a path that could not be listed
            self._fail(current.failure)  # type: ignore[arg-type]
            return
        if current.data is not None and current.item is not None:
            self.report.bytes_read += len(current.data)
        if current.failure is not None:
            self._fail(current.failure)
            return
        raw_sha256 = sha256_hex(current.data or b"")
        for number, result in enumerate(current.results):
            if self._whole_input is not None and self._whole_input.expired():
                self._fail(self._items_left(current, number, self._whole_input))
                return
            if isinstance(result, InputError):
                self._fail(result)
                continue
            self._run_draft(result, current.data or b"", raw_sha256)

    @staticmethod
    def _items_left(current: _Input, number: int, whole: Deadline) -> InputError:
        left = len(current.results) - number
        return InputError(Reason.TIMEOUT, f"after item {number}: its items together took "
                          f"longer than {whole.seconds or 0:g} s; the {left:,} left were not "
                          "analysed", source=current.source, locator=f"after item {number}")

    # -- parsing ahead ------------------------------------------------------------------------
    def _parse_ahead_from(self, draft: Draft) -> None:
        """Parse the texts of ``draft`` and of the next drafts in the window together, once
        the pipeline has shown that its stages use the parse; with a parse process, take
        the batch it parsed and start it on the next."""
        if self.parse_ahead < 2 or not self.pipeline.resources.parses_documents:
            return
        if id(draft) in self._asked:
            batch = self._next_batch
            if batch is not None and id(draft) in batch:
                self._next_batch = None
                self._take(batch)
                self._parse_next()
            return
        texts = self._texts_from(self._upcoming(draft))
        if len(texts) < 2:
            return  # nothing to gain: parsed when a stage asks
        try:
            started = time.monotonic()
            with time_limit(Deadline(self.options.ingest.extract_timeout, draft.source)):
                parses = list(parse_all(self.pipeline.resources.nlp, texts.values(),
                                        batch_size=len(texts)))
        except Exception:  # a crash or a timeout: each is parsed when asked, and fails alone
            return
        self._keep_parses(texts, parses, time.monotonic() - started)
        self._parse_next()

    def _texts_from(self, drafts: Iterable[Draft]) -> dict[int, str]:
        """Up to ``parse_ahead`` of ``drafts``' texts to parse together, by draft id; each
        draft is marked as asked, whether its text is parsed or not."""
        texts: dict[int, str] = {}
        for upcoming in drafts:
            if len(texts) == self.parse_ahead:
                break
            self._asked[id(upcoming)] = upcoming
            try:
                text = self.pipeline.text_of(upcoming)
            except Exception:  # its own turn will meet the same failure and record it
                continue
            # no parse for a text already kept: an exact duplicate is skipped unparsed
            # (a second run over the same inputs parses nothing)
            if text is not None and text not in texts.values() and \
                    not self.sink.has(sha256_hex(text)):
                texts[id(upcoming)] = text
        return texts

    def _keep_parses(self, texts: dict[int, str], parses: list[Doc], seconds: float) -> None:
        characters = sum(len(text) for text in texts.values()) or 1
        for (draft_id, text), parse in zip(texts.items(), parses, strict=True):
            self._parsed[draft_id] = _Parsed(text, parse, seconds * len(text) / characters)

    def _parse_next(self) -> None:
        """Send the parse process the next drafts in the window that no batch holds: started
        once more than two batches wait, used once it has loaded the pipeline."""
        if not self._background or self._next_batch is not None:
            return
        if self._parse_process is None:
            if sum(1 for _ in self._unasked()) < self.parse_ahead:
                return
            self._parse_process = self.pipeline.parse_process()
            self._cpu_before = self._parse_process.cpu_seconds
        if not self._parse_process.ready():
            return
        texts = self._texts_from(self._unasked())
        if len(texts) >= 2 and self._parse_process.send(list(texts.values())):
            self._next_batch = texts
            return
        if len(texts) >= 2:  # the process is gone: parse here from now on
            self._background = False
        for draft_id in texts:  # their turn parses them, as a batch of its own
            self._asked.pop(draft_id, None)

    def _take(self, texts: dict[int, str]) -> None:
        """The parses the process made, waited for within the time limit; a batch that
        failed or is late is left (those documents are parsed when asked), and so is the
        process."""
        assert self._parse_process is not None
        try:
            parses, seconds = self._parse_process.parses(self.pipeline.resources.nlp,
                                                         self.options.ingest.extract_timeout)
        except Exception:  # a crash, or still parsing after the time limit
            self._background = False
            return
        self._keep_parses(texts, parses, seconds)

    def _unasked(self) -> Iterator[Draft]:
        """The drafts in the window whose parse no batch has made or tried, in order."""
        for current in self._window:
            for result in current.results:
                if isinstance(result, Draft) and id(result) not in self._asked:
                    yield result

    def _upcoming(self, draft: Draft) -> Iterator[Draft]:
        """``draft`` and the drafts after it in the window, in the order of their turns."""
        seen = False
        for current in self._window:
            for result in current.results:
                if result is draft:
                    seen = True
                if seen and isinstance(result, Draft) and id(result) not in self._asked:
                    yield result
        if not seen:
            yield draft

    # -- one draft ----------------------------------------------------------------------------
    def _run_draft(self, draft: Draft, data: bytes, raw_sha256: str) -> None:
        self.pipeline.warm()  # models load outside any document's time limit
        settle_long_lived()  # once loaded, dead parses must not wait for a full collection
        self._parse_ahead_from(draft)
        parsed = self._parsed.pop(id(draft), None)
        self._asked.pop(id(draft), None)
        spent = parsed.seconds if parsed is not None else 0.0
        try:
            # late work is the pipeline's to handle: it keeps what finished in time
            with time_limit(self._deadline(draft.source, draft.locator, spent),
                            late_fails=False) as deadline:
                doc = self.pipeline.document(draft, raw_sha256)
                if self.sink.has(doc.id):
                    self._record(_exact_duplicate(draft.source, draft.locator, doc.id))
                    return
                signature = self.index.signature(doc.text)
                parse = parsed.parse if parsed is not None and parsed.text == doc.text \
                    else None
                doc = self.pipeline.analyse(self._mark_duplicate(doc, signature), deadline,
                                            parse)
        except InputError as error:
            self._fail(error, draft.locator)
            return
        except Exception as exc:  # one bad item must not end the run
            self._fail(_internal(exc, draft.source), draft.locator)
            return
        finally:
            self._collector.done()
        self._keep(draft, doc, data, signature)

    def _keep(self, draft: Draft, doc: Document, data: bytes, signature: MinHash) -> None:
        status = "near_duplicate" if doc.duplicate_of else "stored"
        notes = [f"republishes {doc.duplicate_of[:12]} (similarity {doc.similarity})"
                 if doc.duplicate_of else "", _skipped_note(doc)]
        reason = Reason.PARTIAL.value if doc.skipped else None
        outcome = Outcome(draft.source, draft.locator, status, reason,
                          "; ".join(note for note in notes if note) or None, doc.id)
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

    # -- documents analysed elsewhere (eventwire.scale) ---------------------------------------
    def admit(self, doc: Document, raw: bytes, signature: bytes) -> None:
        """A document analysed elsewhere (by a batch worker, loaded by ``eventwire load``)
        joins this run as if analysed here: the same exact- and near-duplicate rules, in
        the order of the calls, and the same outcome."""
        if self.sink.has(doc.id):
            self._record(_exact_duplicate(doc.source, doc.locator, doc.id))
            return
        minhash = self.index.from_bytes(signature)
        draft = Draft(doc.source, doc.format, doc.text, doc.extractor, doc.locator, doc.url)
        self._keep(draft, self._mark_duplicate(doc, minhash), raw, minhash)

    def record(self, outcome: Outcome) -> None:
        """An outcome decided elsewhere (a failure a batch worker logged) takes its place
        in this run's log."""
        self._record(outcome)

    def _deadline(self, source: str, locator: str | None = None,
                  spent: float = 0.0) -> Deadline:
        """The time limit of one input or draft; ``spent``: seconds of its work already
        done ahead (its share of a parse made with others), counted as if just done."""
        return Deadline(self.options.ingest.extract_timeout, source, locator,
                        started=time.monotonic() - spent)

    # -- outcomes -----------------------------------------------------------------------------
    def _record(self, outcome: Outcome) -> None:
        self.sink.record(self.report.run_id, len(self.report.outcomes), outcome)
        self.report.outcomes.append(outcome)

    def _fail(self, error: InputError, locator: str | None = None) -> None:
        self._record(error_outcome(error, locator))


def error_outcome(error: InputError, locator: str | None = None) -> Outcome:
    """The outcome of an input or item that could not be read or analysed."""
    status = "skipped" if error.reason in (Reason.HIDDEN, Reason.UNSUPPORTED) else "failed"
    return Outcome(error.source or "?", locator or error.locator, status,
                   error.reason.value, error.message)


def _skipped_note(doc: Document) -> str:
    """What a partial document lacks and why, for the outcome log: 'without actors,
    places, ...: extraction took longer than 30 s (ingest.extract_timeout)'."""
    if not doc.skipped:
        return ""
    layers = [layer for stage in doc.skipped for layer in stage.layers]
    first = doc.skipped[0]
    return (f"stored without {', '.join(dict.fromkeys(layers)) or 'some layers'}: "
            f"{first.stage}: {first.message}")


def _exact_duplicate(source: str, locator: str | None, doc_id: str) -> Outcome:
    return Outcome(source, locator, "skipped", Reason.EXACT_DUPLICATE.value,
                   "the same text is already stored", doc_id)


def _internal(exc: Exception, source: str) -> InputError:
    return InputError(
        Reason.INTERNAL,
        f"{described(exc)}; please report this input to the eventwire developers",
        source=source,
    )


def ingest(store: Store, options: Options, paths: list[str], command: str = "ingest",
           dictionaries: tuple[Path, ...] = (), progress: Progress | None = None) -> RunReport:
    """Store everything under ``paths``: the runner with a :class:`StoreSink`."""
    return Runner(options, StoreSink(store), command, dictionaries).run(paths, progress)
