"""A gold text through the configured pipeline, as ``eventwire run`` would analyse it.

Gold sets give a text and sometimes what its source would have said about it (the
publication date, the site section). The text becomes a Document with that metadata as
source hints, and :meth:`Pipeline.analyse` runs the stages settings configure over it: the
anatomy reads the date, genre and cited outlets, and every later stage receives them,
exactly as in production. A swapped stage or event coder is therefore what gets scored.

One difference from ingest, on purpose: the text is not normalised. Gold annotations give
character offsets into the text as written, and normalising (collapsing blank lines and
runs of spaces) would move them; nor is a short text refused (``ingest.min_text_chars``),
since gold sets are often single sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.document import Document, SourceHints
from eventwire.ingest.normalise import sha256_hex
from eventwire.pipeline import Pipeline

EXTRACTOR = "eventwire.evaluation.gold.v1"  # recorded as the text's extractor


@dataclass(frozen=True)
class GoldText:
    """One text of a gold set, with what its source would state about it."""

    text: str
    source: str  # the gold file and the record's id, for messages
    published: str | None = None  # as a JSONL record's "published" field would give it
    section: str | None = None  # as a site's section would, e.g. "Opinion"


def gold_document(pipeline: Pipeline, gold: GoldText) -> Document:
    """The Document ingest would build for ``gold`` (text kept as written)."""
    hints = SourceHints(published=gold.published,
                        published_origin="jsonl" if gold.published else None,
                        section=gold.section)
    guess = pipeline.resources.identifier.identify(gold.text)
    digest = sha256_hex(gold.text)
    return Document(id=digest, source=gold.source, format="text", text=gold.text,
                    raw_sha256=digest, extractor=EXTRACTOR,
                    language=guess.language if guess else None, hints=hints)


def analyse(pipeline: Pipeline, gold: GoldText) -> Document:
    """``gold`` through every configured stage, with the layers they assign."""
    return pipeline.analyse(gold_document(pipeline, gold))
