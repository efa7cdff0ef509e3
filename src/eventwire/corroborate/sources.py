"""Who witnessed an event: the chain of sources behind its mentions.

Each mention is traced to its *origin*, the outlet or office that is the witness:
- a near-duplicate republication (or wire copy) is its original's origin;
- a sentence that cites an outlet for the fact ("KUN.UZ reported", "according to
  Interfax") relays that outlet;
- a press release or statement by a party to the event is that party speaking;
- anything else is its publisher's own report.
Independent sources are the distinct origins that are not parties; the formula for the
event's confidence is in docs/corroboration.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from eventwire.corroborate.records import DocumentRecord, MentionRecord, outlet_key
from eventwire.options import CorroborateOptions

_STATEMENT_GENRES = ("press_release", "statement")


@dataclass(frozen=True)
class Link:
    """One mention's place in the chain."""

    mention_id: str
    document_id: str
    role: str  # original | republication | relay | party
    origin: str  # key of the witness
    origin_name: str
    via: str | None = None  # the outlet republished or relayed
    via_document: str | None = None  # a near-duplicate's original document


@dataclass
class Origin:
    key: str
    name: str
    party: bool
    links: list[Link] = field(default_factory=list)
    first_published: date | None = None
    first_document: str | None = None


def _own_origin(doc: DocumentRecord) -> tuple[str, str]:
    name = doc.publisher or doc.url or doc.source
    return f"outlet:{outlet_key(name)}", name


# The words with which a page says it is another outlet's story ("Republished from the
# Syr Darya Times", "This story first appeared in ...", wire copy "courtesy of").
_REPUBLICATION_CUE = re.compile(r"republish|first\s+(?:appeared|published)|originally|reprint|"
                                r"with\s+permission|courtesy|content.sharing",
                                re.I)


# A sentence that goes on citing the outlet named before it
_SAME_REPORT = re.compile(r"\b(?:according to|citing|as reported by) the (?:same|above|"
                          r"latter|earlier) (?:report|outlet|agency|newspaper|source|article)|"
                          r"\bthe (?:same )?(?:report|outlet|agency|newspaper) (?:said|added|"
                          r"reported|noted)\b", re.I)


class Provenance:
    """The documents of the store, read for who copies whom: near-duplicate families (the
    earliest published member is the original, whatever order they were ingested in) and
    pages that declare themselves another outlet's story."""

    def __init__(self, docs: dict[str, DocumentRecord]) -> None:
        self.docs = docs
        families: dict[str, list[DocumentRecord]] = {}
        for doc in docs.values():
            families.setdefault(self._root(doc).id, []).append(doc)
        self.original: dict[str, DocumentRecord] = {}
        # the name copies give their source, for an original whose own page names none
        self.named_by_copies: dict[str, str] = {}
        for members in families.values():
            first = min(members, key=lambda d: (d.published or date.max, d.id))
            for doc in members:
                self.original[doc.id] = first
            named = next((n for n in map(self.republished_from, members) if n), None)
            if named and not first.publisher:
                self.named_by_copies[first.id] = named

    def _root(self, doc: DocumentRecord) -> DocumentRecord:
        seen = {doc.id}
        while doc.duplicate_of in self.docs and doc.duplicate_of not in seen:
            doc = self.docs[doc.duplicate_of]  # type: ignore[index]
            seen.add(doc.id)
        return doc

    def republished_from(self, doc: DocumentRecord) -> str | None:
        return next((outlet for outlet, _, cue in doc.cites if _REPUBLICATION_CUE.search(cue)),
                    None)

    def trace(self, mention: MentionRecord, parties: frozenset[str]) -> Link:
        """The witness behind one mention."""
        doc = self.docs[mention.document_id]
        original = self.original.get(doc.id, doc)
        if original.id != doc.id:
            key, name = self._origin(original, parties)
            return Link(mention.id, doc.id, "republication", key, name, via=name,
                        via_document=original.id)
        outlet = self.republished_from(doc)
        if outlet is not None:
            return Link(mention.id, doc.id, "republication", f"outlet:{outlet_key(outlet)}",
                        outlet, via=outlet)
        cited = _cited_outlet(doc, mention)
        if cited is not None:
            return Link(mention.id, doc.id, "relay", f"outlet:{outlet_key(cited)}", cited,
                        via=cited)
        key, name = self._origin(doc, parties)
        return Link(mention.id, doc.id, "party" if key.startswith("party:") else "original",
                    key, name)

    def _origin(self, doc: DocumentRecord, parties: frozenset[str]) -> tuple[str, str]:
        outlet = self.republished_from(doc) or self.named_by_copies.get(doc.id)
        if outlet is not None:
            return f"outlet:{outlet_key(outlet)}", outlet
        key, name = _own_origin(doc)
        if doc.genre in _STATEMENT_GENRES and doc.publisher_country in parties:
            return f"party:{doc.publisher_country}:{key.split(':', 1)[1]}", name
        return key, name


def _cited_outlet(doc: DocumentRecord, mention: MentionRecord) -> str | None:
    """The outlet the mention's sentence cites for the fact, if any."""
    start, end = mention.span
    for outlet, (s, e), _ in doc.cites:
        if s < end and start < e:
            return outlet
    if _SAME_REPORT.search(mention.sentence):  # "according to the same report, ..."
        before = [outlet for outlet, (s, _e), _ in doc.cites if s < start]
        if before:
            return before[-1]
    media = dict(doc.media_actors)
    return media.get(mention.attributed_to) if mention.attributed_to else None


def chain(members: list[MentionRecord], provenance: Provenance,
          parties: frozenset[str]) -> list[Origin]:
    """The event's witnesses, first reporter first, each with the mentions it stands for."""
    docs = provenance.docs
    origins: dict[str, Origin] = {}
    for mention in sorted(members, key=lambda m: m.order):
        link = provenance.trace(mention, parties)
        origin = origins.setdefault(link.origin, Origin(
            link.origin, link.origin_name, link.origin.startswith("party:")))
        origin.links.append(link)
        published = docs[link.document_id].published
        if published and (origin.first_published is None or published < origin.first_published):
            origin.first_published, origin.first_document = published, link.document_id
        elif origin.first_document is None:
            origin.first_document = link.document_id
    return sorted(origins.values(),
                  key=lambda o: (o.first_published or date.max, o.first_document or "", o.key))


def independent_sources(origins: list[Origin]) -> int:
    return sum(1 for o in origins if not o.party)


def confidence(origins: list[Origin], members: dict[str, MentionRecord],
               docs: dict[str, DocumentRecord], opts: CorroborateOptions) -> float:
    """1 - prod over origins (1 - r_o): each origin is one chance that the event is real,
    r_o its best mention's weight (genre x modality x the coder's confidence)."""
    doubt = 1.0
    for origin in origins:
        best = 0.0
        for link in origin.links:
            mention = members[link.mention_id]
            genre = docs[link.document_id].genre
            best = max(best, opts.genre_weights.get(genre, 0.4)
                       * opts.modality_weights.get(mention.modality, 0.0)
                       * mention.confidence)
        doubt *= 1.0 - best
    return round(1.0 - doubt, 3)
