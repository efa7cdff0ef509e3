"""What stages share: the models built once per pipeline, and one document's run.

Stage and coder factories (:mod:`eventwire.registry`) receive the options and the
:class:`Resources`; a stage then receives, for each document, a :class:`StageContext`
with the spaCy parse (made once: by the runner, ahead and together with other documents',
else when the first stage asks for it) and the document's
:class:`~eventwire.deadline.Deadline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.deadline import Deadline
from eventwire.document import Document
from eventwire.events.lexicon import Lexicon, lexicon
from eventwire.events.protocol import EventCoder
from eventwire.extract.actors import ActorExtractor
from eventwire.extract.claims import ClaimFinder
from eventwire.extract.dictionary import actor_dictionary
from eventwire.extract.gazetteer import Gazetteer, gazetteer
from eventwire.extract.places import PlaceResolver
from eventwire.extract.quotes import QuoteExtractor
from eventwire.ingest.language import LanguageIdentifier, identifier
from eventwire.nlp import load_nlp, parse
from eventwire.options import Options
from eventwire.registry import REGISTRY, Registry


class Resources:
    """The heavy shared models, each built on first use and then kept: a pipeline that
    never runs the places stage never loads the gazetteer."""

    def __init__(self, options: Options, dictionaries: tuple[Path, ...] = (),
                 registry: Registry = REGISTRY) -> None:
        self.options = options
        self.dictionaries = dictionaries  # the user's own actor dictionaries (--dict)
        self.registry = registry

    # Whether a stage of this pipeline has asked for a spaCy parse: a runner parses
    # documents ahead, several together, only for a pipeline that uses the parse.
    parses_documents: bool = False

    @cached_property
    def identifier(self) -> LanguageIdentifier:
        return identifier(self.options.languages)

    @cached_property
    def nlp(self) -> Language:
        return load_nlp()

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return gazetteer()

    @cached_property
    def actor_extractor(self) -> ActorExtractor:
        return ActorExtractor(actor_dictionary(self.dictionaries), self.nlp, self.gazetteer)

    @cached_property
    def place_resolver(self) -> PlaceResolver:
        return PlaceResolver(self.gazetteer, self.nlp)

    @cached_property
    def quote_extractor(self) -> QuoteExtractor:
        return QuoteExtractor(places=self.gazetteer)

    @cached_property
    def claim_finder(self) -> ClaimFinder:
        return ClaimFinder()

    @cached_property
    def lexicon(self) -> Lexicon:
        return lexicon()

    @cached_property
    def coder(self) -> EventCoder:
        """The event coder that settings name (``[events] coder``)."""
        return self.registry.coder(self.options.events.coder).build(self.options, self)


@dataclass
class StageContext:
    """One document's run through the stages."""

    options: Options
    resources: Resources
    document: Document
    deadline: Deadline = field(default_factory=Deadline.never)
    _parse: Doc | None = field(default=None, repr=False)

    def parse(self) -> Doc:
        self.resources.parses_documents = True
        if self._parse is None:
            self._parse = parse(self.resources.nlp, self.document.text)
            self.deadline.check()  # a parse can be long: no stage starts after the time is up
        return self._parse

