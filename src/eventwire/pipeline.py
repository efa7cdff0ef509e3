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

import time
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from eventwire import deadline as deadlines
from eventwire.context import Resources, StageContext
from eventwire.deadline import Deadline
from eventwire.document import Document, StageRecord
from eventwire.errors import InputError, Reason
from eventwire.ingest.containers import Draft
from eventwire.ingest.normalise import normalise_text, sha256_hex, truncate_at_paragraph
from eventwire.options import Options
from eventwire.registry import REGISTRY, Registry, Stage

INGEST_STAGE = "eventwire.ingest.v1"


@dataclass(frozen=True)
class BuiltStage:
    """A stage as the pipeline runs it: the name provenance records, and the callable."""

    name: str
    run: Stage


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
        self.stages = tuple(self._build(name, run) for name, run in (
            (spec.name, spec.build(options, self.resources))
            for spec in registry.check(options.pipeline.stages)))

    @staticmethod
    def _build(declared: str, run: Stage) -> BuiltStage:
        # a stage may record a more specific name than it is declared under (the events
        # stage records its coder's)
        return BuiltStage(str(getattr(run, "name", declared)), run)

    def text_of(self, draft: Draft) -> str | None:
        """The text the Document made from ``draft`` will store, or None when it is too
        short to become one; what a runner parses ahead of the document."""
        text, _ = self._text(draft)
        return text if len(text) >= self.options.ingest.min_text_chars else None

    def _text(self, draft: Draft) -> tuple[str, bool]:
        return truncate_at_paragraph(normalise_text(draft.text),
                                     self.options.ingest.max_text_chars)

    def document(self, draft: Draft, raw_sha256: str) -> Document:
        started = time.perf_counter()
        text, truncated = self._text(draft)
        if len(text) < self.options.ingest.min_text_chars:
            where = f"{draft.locator}: " if draft.locator else ""
            raise InputError(
                Reason.NO_TEXT,
                f"{where}only {len(text)} characters of text after extraction "
                f"(ingest.min_text_chars is {self.options.ingest.min_text_chars})",
                source=draft.source,
            )
        guess = self.resources.identifier.identify(text)
        doc = Document(
            id=sha256_hex(text), source=draft.source, locator=draft.locator, url=draft.url,
            format=draft.format, text=text, raw_sha256=raw_sha256, extractor=draft.extractor,
            language=guess.language if guess else None, truncated=truncated,
            hints=draft.hints,
        )
        return _record(doc, INGEST_STAGE, started)

    def analyse(self, doc: Document, deadline: Deadline | None = None,
                parse: Doc | None = None) -> Document:
        """Run every stage over ``doc``. The deadline (else the one the caller made
        current, else none) is checked between stages and, through
        :func:`eventwire.deadline.check`, inside the heavy stages' loops. ``parse`` is
        the spaCy parse of ``doc.text`` when the caller made it already (a runner parses
        several documents together); else it is made when a stage first asks."""
        deadline = deadline or deadlines.current() or Deadline.never()
        ctx = StageContext(self.options, self.resources, doc, deadline, parse)
        with deadlines.active(deadline):
            for stage in self.stages:
                deadline.check()
                started = time.perf_counter()
                doc = _record(stage.run(doc, ctx), stage.name, started)
                ctx.document = doc
        deadline.check()  # a last stage that ran late must not pass for finished in time
        return doc


def _record(doc: Document, name: str, started: float) -> Document:
    record = StageRecord(name=name, seconds=round(time.perf_counter() - started, 4))
    return doc.model_copy(update={"stages": [*doc.stages, record]})
