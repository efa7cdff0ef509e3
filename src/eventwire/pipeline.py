"""The pipeline: drafts become Documents, and each stage adds its layer.

Stages are named and versioned; each records its name and time in the document's
``stages`` list, so every stored figure says which code produced it. A stage receives
the :class:`Context` of its run: the options, the shared models, and the spaCy parse of
the document, made once, when the first stage asks for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from spacy.tokens import Doc

from eventwire import anatomy
from eventwire.document import Document, StageRecord
from eventwire.errors import InputError, Reason
from eventwire.events import coder
from eventwire.events.lexicon import lexicon
from eventwire.extract import actors, places, quotes, times
from eventwire.extract.claims import ClaimFinder
from eventwire.extract.dictionary import actor_dictionary
from eventwire.extract.gazetteer import gazetteer
from eventwire.ingest.containers import Draft
from eventwire.ingest.language import identifier
from eventwire.ingest.normalise import normalise_text, sha256_hex, truncate_at_paragraph
from eventwire.nlp import load_nlp
from eventwire.options import Options

INGEST_STAGE = "eventwire.ingest.v1"


@dataclass
class Context:
    """What one document's stages share: models are built once per pipeline."""

    pipeline: Pipeline
    document: Document
    _parse: Doc | None = field(default=None, repr=False)

    @property
    def options(self) -> Options:
        return self.pipeline.options

    def parse(self) -> Doc:
        if self._parse is None:
            self._parse = self.pipeline.nlp(self.document.text)
        return self._parse


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Document, Context], Document]


def _anatomy_stage(doc: Document, ctx: Context) -> Document:
    layer = anatomy.analyse(doc, ctx.options, ctx.pipeline.identifier)
    return doc.model_copy(update={"anatomy": layer})


def _actors_stage(doc: Document, ctx: Context) -> Document:
    day = doc.anatomy.published if doc.anatomy else None
    outlets = [(c.span[0], c.span[1], c.source) for c in doc.anatomy.cites] \
        if doc.anatomy else []
    found = ctx.pipeline.actor_extractor.extract(ctx.parse(), day, outlets)
    return doc.model_copy(update={"actors": found})


def _places_stage(doc: Document, ctx: Context) -> Document:
    found = ctx.pipeline.place_resolver.resolve(ctx.parse(), doc.actors or [])
    return doc.model_copy(update={"places": found})


def _times_stage(doc: Document, ctx: Context) -> Document:
    anatomy_ = doc.anatomy
    found = times.find_times(doc.text, anatomy_.published if anatomy_ else None,
                             anatomy_.date_order if anatomy_ else "DMY")
    return doc.model_copy(update={"times": found})


def _quotes_stage(doc: Document, ctx: Context) -> Document:
    """Quotes and the numeric claims in the text, claims inside a quote attributed to
    its speaker."""
    found, speakers = ctx.pipeline.quote_extractor.extract_with_speakers(
        ctx.parse(), doc.actors or [])
    claims = ctx.pipeline.claim_finder.find(ctx.parse(), found)
    return doc.model_copy(update={"quotes": found, "claims": claims, "actors": speakers})


def _events_stage(doc: Document, ctx: Context) -> Document:
    anatomy_ = doc.anatomy
    found = ctx.pipeline.event_coder.code(
        ctx.parse(), doc.actors or [], doc.id,
        anatomy_.published if anatomy_ else None, anatomy_.genre if anatomy_ else None,
        anatomy_.date_order if anatomy_ else "DMY")
    found = [coder.link(event, doc.places or [], doc.times or []) for event in found]
    return doc.model_copy(update={"events": found})


STAGES: tuple[Stage, ...] = (
    Stage(anatomy.STAGE, _anatomy_stage),
    Stage(actors.STAGE, _actors_stage),
    Stage(places.STAGE, _places_stage),
    Stage(times.STAGE, _times_stage),
    Stage(quotes.STAGE, _quotes_stage),
    Stage(coder.CODER, _events_stage),
)


class Pipeline:
    """Builds Documents from drafts and runs the stages over them; reuse one per run."""

    def __init__(self, options: Options, dictionaries: tuple[Path, ...] = ()) -> None:
        self.options = options
        self.identifier = identifier(options.languages)
        self.dictionaries = dictionaries

    @cached_property
    def nlp(self):
        return load_nlp()

    @cached_property
    def actor_extractor(self) -> actors.ActorExtractor:
        return actors.ActorExtractor(actor_dictionary(self.dictionaries), self.nlp,
                                     gazetteer())

    @cached_property
    def place_resolver(self) -> places.PlaceResolver:
        return places.PlaceResolver(gazetteer(), self.nlp)

    @cached_property
    def quote_extractor(self) -> quotes.QuoteExtractor:
        return quotes.QuoteExtractor()

    @cached_property
    def claim_finder(self) -> ClaimFinder:
        return ClaimFinder()

    @cached_property
    def event_coder(self) -> coder.EventCoder:
        return coder.EventCoder(lexicon())

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

    def analyse(self, doc: Document, stages: tuple[Stage, ...] = STAGES) -> Document:
        ctx = Context(self, doc)
        for stage in stages:
            started = time.perf_counter()
            doc = _record(stage.run(doc, ctx), stage.name, started)
            ctx.document = doc
        return doc


def _record(doc: Document, name: str, started: float) -> Document:
    record = StageRecord(name=name, seconds=round(time.perf_counter() - started, 4))
    return doc.model_copy(update={"stages": [*doc.stages, record]})
