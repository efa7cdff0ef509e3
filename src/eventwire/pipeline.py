"""The pipeline: drafts become Documents, and each stage adds its layer.

Stages are named and versioned; each records its name and time in the document's
``stages`` list, so every stored figure says which code produced it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from eventwire import anatomy
from eventwire.document import Document, StageRecord
from eventwire.errors import InputError, Reason
from eventwire.ingest.containers import Draft
from eventwire.ingest.language import LanguageIdentifier, identifier
from eventwire.ingest.normalise import normalise_text, sha256_hex, truncate_at_paragraph
from eventwire.options import Options

INGEST_STAGE = "eventwire.ingest.v1"


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Document, Options, LanguageIdentifier], Document]


def _anatomy_stage(doc: Document, options: Options, ident: LanguageIdentifier) -> Document:
    return doc.model_copy(update={"anatomy": anatomy.analyse(doc, options, ident)})


STAGES: tuple[Stage, ...] = (Stage(anatomy.STAGE, _anatomy_stage),)


class Pipeline:
    """Builds Documents from drafts and runs the stages over them; reuse one per run."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.identifier = identifier(options.languages)

    def document(self, draft: Draft, raw_sha256: str) -> Document:
        started = time.perf_counter()
        text = normalise_text(draft.text)
        text, truncated = truncate_at_paragraph(text, self.options.ingest.max_text_chars)
        if len(text) < self.options.ingest.min_text_chars:
            where = f"{draft.locator}: " if draft.locator else ""
            raise InputError(
                Reason.NO_TEXT,
                f"{where}only {len(text)} characters of text after extraction "
                f"(ingest.min_text_chars is {self.options.ingest.min_text_chars})",
                source=draft.source,
            )
        guess = self.identifier.identify(text)
        doc = Document(
            id=sha256_hex(text), source=draft.source, locator=draft.locator, url=draft.url,
            format=draft.format, text=text, raw_sha256=raw_sha256, extractor=draft.extractor,
            language=guess.language if guess else None, truncated=truncated,
            hints=draft.hints,
        )
        return _record(doc, INGEST_STAGE, started)

    def analyse(self, doc: Document) -> Document:
        for stage in STAGES:
            started = time.perf_counter()
            doc = _record(stage.run(doc, self.options, self.identifier), stage.name, started)
        return doc


def _record(doc: Document, name: str, started: float) -> Document:
    record = StageRecord(name=name, seconds=round(time.perf_counter() - started, 4))
    return doc.model_copy(update={"stages": [*doc.stages, record]})
