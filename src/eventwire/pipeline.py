"""The pipeline: drafts become Documents, and each stage adds its layer.

Which stages run, in which order, and which event coder the events stage uses, come from
settings (``[pipeline] stages``, ``[events] coder``) through the registry
(:mod:`eventwire.registry`): built-in and third-party stages alike. Each stage records its
name and time in the document's ``stages`` list, the name read from the built stage, so
every stored figure says which code produced it. A stage receives the
:class:`~eventwire.context.StageContext` of its run: the options, the shared models, the
document's deadline, and the spaCy parse, made once: handed in by the runner, which parses
several documents together, else when the first stage asks for it.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from eventwire import deadline as deadlines
from eventwire.context import Resources, StageContext
from eventwire.deadline import Deadline
from eventwire.document import Anatomy, Document, SkippedStage, StageRecord
from eventwire.errors import InputError, Reason, described
from eventwire.ingest.containers import Draft
from eventwire.ingest.normalise import (
    elide_long_tokens,
    normalise_text,
    sha256_hex,
    truncate_at_paragraph,
)
from eventwire.options import Options
from eventwire.parse_process import ParseProcess
from eventwire.registry import REGISTRY, Registry, Stage, StageSpec

INGEST_STAGE = "eventwire.ingest.v1"
# What :meth:`Pipeline.warm` analyses: a line that asks every built-in stage for its models.
WARM_UP_TEXT = ("ALMATY, 3 May 2024 - Kazakhstan's foreign minister met Russian officials "
                "in Moscow on Friday and said: \"We signed 12 agreements.\"")


@dataclass(frozen=True)
class BuiltStage:
    """A stage as the pipeline runs it: the name provenance records, the callable, and
    the layers it requires and assigns (what a skipped stage leaves unknown)."""

    name: str
    run: Stage
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


class Pipeline:
    """Builds Documents from drafts and runs the stages over them; reuse one per run.

    Construction checks the settings: unknown stages or coder, and a stage whose required
    layers no earlier stage assigns, are an OptionsError here, before any input is read.
    """

    def __init__(self, options: Options, dictionaries: tuple[Path, ...] = (),
                 registry: Registry = REGISTRY) -> None:
        self.options = options
        self.dictionaries = dictionaries
        self.resources = Resources(options, dictionaries, registry)
        self.stages = tuple(self._build(spec, spec.build(options, self.resources))
                            for spec in registry.check(options.pipeline.stages))
        self._warm = False
        self._parse_process: ParseProcess | None = None

    def parse_process(self) -> ParseProcess:
        """The second process that runners parse ahead in (:mod:`eventwire.parse_process`):
        started when first asked for (it loads the language model, seconds), then kept for
        the pipeline's later runs; a new one if the last was stopped. It ends with this
        process."""
        if self._parse_process is None or not self._parse_process.usable:
            self._parse_process = ParseProcess()
        return self._parse_process

    def stop_parse_process(self) -> None:
        """Stop the parse process now (a later run starts another): its memory is better
        spent on what follows a run, such as corroboration."""
        if self._parse_process is not None:
            self._parse_process.close()
            self._parse_process = None

    @staticmethod
    def _build(spec: StageSpec, run: Stage) -> BuiltStage:
        # a stage may record a more specific name than it is declared under (the events
        # stage records its coder's)
        return BuiltStage(str(getattr(run, "name", spec.name)), run, spec.requires,
                          spec.assigns)

    def warm(self) -> None:
        """Load what the stages use (language models, dictionaries, the gazetteer) by
        running them once over a short text, before the first document: loading takes
        seconds, and must not count against a document's time limit. Once per pipeline;
        a stage that fails here fails again, and is recorded, on the documents. The
        time limit here is only the cooperative one (no hard stop cuts a model's loading);
        it bounds a stage that loops."""
        if self._warm:
            return
        self._warm = True
        draft = Draft("eventwire:warm-up", "text", WARM_UP_TEXT, INGEST_STAGE)
        self.analyse(self.document(draft, sha256_hex(WARM_UP_TEXT)),
                     Deadline(self.options.ingest.extract_timeout, draft.source))

    def text_of(self, draft: Draft) -> str | None:
        """The text the Document made from ``draft`` will store, or None when it is too
        short to become one; what a runner parses ahead of the document."""
        text = self._text(draft)[0]
        return text if len(text) >= self.options.ingest.min_text_chars else None

    def _text(self, draft: Draft) -> tuple[str, bool, int]:
        """The text a document stores: normalised, over-long tokens cut short, and cut at a
        paragraph within ``ingest.max_text_chars``; with whether it was cut, and how many
        tokens were."""
        text, elided = elide_long_tokens(normalise_text(draft.text),
                                         self.options.ingest.max_token_chars)
        text, truncated = truncate_at_paragraph(text, self.options.ingest.max_text_chars)
        return text, truncated, elided

    def document(self, draft: Draft, raw_sha256: str) -> Document:
        started = time.perf_counter()
        text, truncated, elided = self._text(draft)
        where = f"{draft.locator}: " if draft.locator else ""
        if len(text) < self.options.ingest.min_text_chars:
            raise InputError(
                Reason.NO_TEXT,
                f"{where}only {len(text)} characters of text after extraction "
                f"(ingest.min_text_chars is {self.options.ingest.min_text_chars})",
                source=draft.source,
            )
        if not any(char.isalnum() for char in text):  # marks, joiners or emoji only
            raise InputError(Reason.NO_TEXT, f"{where}no letter or digit in its "
                             f"{len(text)} characters of text", source=draft.source)
        guess = self.resources.identifier.identify(text)
        doc = Document(
            id=sha256_hex(text), source=draft.source, locator=draft.locator, url=draft.url,
            format=draft.format, text=text, raw_sha256=raw_sha256, extractor=draft.extractor,
            language=guess.language if guess else None, truncated=truncated,
            elided=elided, hints=draft.hints,
        )
        return _record(doc, INGEST_STAGE, started)

    def analyse(self, doc: Document, deadline: Deadline | None = None,
                parse: Doc | None = None) -> Document:
        """Run every stage over ``doc``. The deadline (else the one the caller made
        current, else none) is checked between stages and, through
        :func:`eventwire.deadline.check`, inside the heavy stages' loops. ``parse`` is
        the spaCy parse of ``doc.text`` when the caller made it already (a runner parses
        several documents together); else it is made when a stage first asks.

        A document is never lost to a stage: one that runs out of time or fails on this
        text is recorded in ``doc.skipped`` with the reason, and so is every later stage
        that the time left out or that needs a layer it did not make; the layers of the
        others are kept. Without its anatomy a document keeps what its container said
        (title, publisher, an ISO date), so it can still be stored and found, and the
        stages that need it run on that."""
        deadline = deadline or deadlines.current() or Deadline.never()
        ctx = StageContext(self.options, self.resources, doc, deadline, parse)
        skipped: list[SkippedStage] = []
        with deadlines.active(deadline):
            for stage in self.stages:
                reason = _skip_reason(stage, ctx.document, deadline)
                if reason is None:
                    try:
                        started = time.perf_counter()
                        done = stage.run(ctx.document, ctx)
                        # a stage that ends late is cut as the hard stop would have cut it,
                        # so where the work ran (main thread or not) does not change it
                        deadline.check()
                        ctx.document = _record(done, stage.name, started)
                        continue
                    except Exception as exc:  # a timeout (the hard stop too), or a failure
                        reason = _failure(exc, deadline)
                skipped.append(_skipped(stage, *reason))
                ctx.document = _anatomy_from_hints(ctx.document)
            # what follows must not be interrupted; the hard stop may fire just before
            with contextlib.suppress(Exception):
                deadlines.disarm()
        return _with_skipped(ctx.document, skipped)


def _skip_reason(stage: BuiltStage, doc: Document,
                 deadline: Deadline) -> tuple[str, str] | None:
    """Why ``stage`` must not run now, or None."""
    if deadline.expired():
        return "timeout", deadline.error().message
    missing = [layer for layer in stage.requires if getattr(doc, layer, None) is None]
    if missing:
        return "needs_skipped_layer", f"needs {', '.join(missing)}, which was skipped"
    return None


def _failure(exc: Exception, deadline: Deadline) -> tuple[str, str]:
    if deadline.expired() or (isinstance(exc, InputError) and exc.reason is Reason.TIMEOUT):
        return "timeout", deadline.error().message if deadline.seconds else str(exc)
    return "internal_error", described(exc)


def _skipped(stage: BuiltStage, reason: str, message: str) -> SkippedStage:
    return SkippedStage(stage=stage.name, layers=list(stage.assigns), reason=reason,
                        message=message)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _with_skipped(doc: Document, skipped: list[SkippedStage]) -> Document:
    return doc.model_copy(update={"skipped": [*doc.skipped, *skipped]}) if skipped else doc


def _anatomy_from_hints(doc: Document) -> Document:
    """``doc`` with, where its anatomy is missing, what its container's metadata gives:
    title, publisher and an ISO date; so that it can be stored, found and dated."""
    if doc.anatomy is not None:
        return doc
    hints = doc.hints
    published = hints.published[:10] if hints.published and \
        _ISO_DATE.match(hints.published) else None
    return doc.model_copy(update={"anatomy": Anatomy(
        title=hints.title, publisher=hints.publisher, published=published,
        languages=[doc.language] if doc.language else [])})


def _record(doc: Document, name: str, started: float) -> Document:
    record = StageRecord(name=name, seconds=round(time.perf_counter() - started, 4))
    return doc.model_copy(update={"stages": [*doc.stages, record]})
