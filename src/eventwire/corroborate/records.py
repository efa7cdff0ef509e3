"""What corroboration reads from stored documents: one record per document (who published
it, when, whether it republishes or cites another) and one per event mention that can
stand for a real-world event (asserted or reported; hypothetical, negated, future and
opinion mentions never do)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from eventwire.document import EventMention
from eventwire.extract.dictionary import first_country_named
from eventwire.store import Store
from eventwire.store.base import DocumentRow

if TYPE_CHECKING:
    from eventwire.corroborate.corrections import Overlay

_SECTOR_PREFIX = re.compile(r"[A-Z]{3}(?:-[A-Z]{3})*")  # "GOV", "GOV-MIL" (no country)


@dataclass(frozen=True)
class ActorRef:
    id: str
    name: str
    country: str | None
    sectors: tuple[str, ...]
    kind: str

    @property
    def key(self) -> str:
        """What two documents' actors share when they are the same party: the country (an
        actor with none is matched by its name)."""
        return self.country or f"name:{self.name.lower()}"

    @property
    def unknown(self) -> bool:
        """A party the text names only by what it is, with no country: "the two
        governments", "servicemen". It is not a party of its own, so it neither matches
        nor contradicts another document's named side."""
        prefix = self.id.split(":", 1)[0]
        return self.country is None and ":" in self.id and \
            bool(_SECTOR_PREFIX.fullmatch(prefix))


@dataclass(frozen=True)
class PlaceRef:
    id: str
    name: str
    lat: float
    lon: float
    level: str
    country: str | None
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentRecord(DocumentRow):
    """A document as the store gives it (cites: outlet, citing sentence, citing words),
    with what corroboration derives from it."""

    publisher_country: str | None = None
    media_actors: tuple[tuple[str, str], ...] = ()  # (id, name) of the document's outlets


@dataclass(frozen=True)
class MentionRecord:
    id: str
    document_id: str
    type: str
    quad: str
    mode: str | None
    modality: str
    intensity: float
    confidence: float
    source: tuple[ActorRef, ...]
    target: tuple[ActorRef, ...]
    place: PlaceRef | None
    start: date
    end: date
    dated: bool  # the sentence gives the date; else it is the document's, less the lag
    sentence: str
    span: tuple[int, int]
    trigger: tuple[int, int]
    attributed_to: str | None
    published: date | None = field(default=None, compare=False)
    outlet: str | None = None  # key of the outlet whose story the document is
    cites: frozenset[str] = frozenset()  # keys of the outlets the document cites
    corrections: tuple[str, ...] = ()  # ids of the analysts' corrections applied to it

    @property
    def source_keys(self) -> frozenset[str]:
        return frozenset(a.key for a in self.source if not a.unknown)

    @property
    def target_keys(self) -> frozenset[str]:
        return frozenset(a.key for a in self.target if not a.unknown)

    @property
    def order(self) -> tuple[str, str, str, int]:
        """Canonical processing order: by date, then document, then position. Clustering
        the same mentions always gives the same events."""
        return canonical_order(self.start, self.published, self.document_id, self.trigger[0])


def canonical_order(start: date, published: date | None, document_id: str,
                    trigger_start: int) -> tuple[str, str, str, int]:
    """:attr:`MentionRecord.order` from its parts."""
    return (start.isoformat(), (published or start).isoformat(), document_id, trigger_start)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _when(event: EventMention, published: date | None,
          lag: int) -> tuple[date, date, bool] | None:
    return _days(_day(event.start), _day(event.end), published, lag)


def _days(start: date | None, end: date | None, published: date | None,
          lag: int) -> tuple[date, date, bool] | None:
    """A mention's first and last day and whether its sentence gave them; else its
    document's, less the reporting lag; None when neither has a day."""
    if start is not None:
        return start, end or start, True
    if published is None:
        return None
    return published - timedelta(days=lag), published, False


def publisher_country(publisher: str | None) -> str | None:
    """The state a signing office belongs to (the first country its name names)."""
    return first_country_named(publisher)


# -- reading them from the store (no document is parsed whole) -----------------------------
def load_records(store: Store, report_lag_days: int, mention_ids: set[str] | None = None,
                 overlay: Overlay | None = None,
                 ) -> tuple[dict[str, DocumentRecord], dict[str, MentionRecord]]:
    """The counting mentions (all, or those of ``mention_ids``) and the documents they need:
    their own and every copy of them (a republication's original decides its chain). With
    an ``overlay``, the mentions as the analysts corrected them."""
    rows = store.counting_mentions(mention_ids)
    if overlay:
        rows = overlay.with_promoted(store, rows, mention_ids)
    docs = _documents(store, {doc_id for doc_id, _ in rows} if mention_ids is not None else None)
    actors, places = _actors_and_places(store, set(docs) if mention_ids is not None else None)
    media: dict[str, list[tuple[str, str]]] = {}
    for (doc_id, _), actor in actors.items():
        if "MED" in actor.sectors:
            media.setdefault(doc_id, []).append((actor.id, actor.name))
    for doc_id, found in media.items():
        if doc_id in docs:
            docs[doc_id] = replace(docs[doc_id], media_actors=tuple(found))
    mentions: dict[str, MentionRecord] = {}
    for doc_id, event in rows:
        doc = docs.get(doc_id)
        published = doc.published if doc else None
        when = _when(event, published, report_lag_days)
        if when is None:
            continue
        record = _from_tables(doc_id, event, actors, places, when, published)
        if doc is not None:
            record = replace(record, outlet=_outlet_of(doc),
                             cites=frozenset(outlet_key(c[0]) for c in doc.cites))
        corrected = overlay.mention(record) if overlay else record
        if corrected is not None:
            mentions[event.id] = corrected
    return docs, mentions


def order_keys(store: Store, report_lag_days: int,
               mention_ids: set[str]) -> dict[str, tuple[str, str, str, int]]:
    """:attr:`MentionRecord.order` of each counting mention of ``mention_ids`` that has a
    day (its own, else its document's), read from two columns instead of whole records: a
    large run's mentions are put in order before they are placed, batch by batch."""
    keys: dict[str, tuple[str, str, str, int]] = {}
    for mention_id, doc_id, start, published, trigger in store.mention_dates(mention_ids):
        days = _days(start, None, published, report_lag_days)
        if days is not None:  # no day at all: never placed (load_records leaves it out)
            keys[mention_id] = canonical_order(days[0], published, doc_id, trigger)
    return keys


def _documents(store: Store, wanted: set[str] | None) -> dict[str, DocumentRecord]:
    """All documents, or ``wanted`` with their near-duplicate families."""
    if wanted is None:
        rows = store.documents_and_copies()
    else:
        rows, seen = [], set(wanted)
        frontier = set(wanted)
        while frontier:  # families are small: a few rounds reach every copy
            found = store.documents_and_copies(frontier)
            fresh = [r for r in found if r.id not in {x.id for x in rows}]
            rows += fresh
            frontier = ({r.id for r in fresh} | {r.duplicate_of for r in fresh
                                                 if r.duplicate_of}) - seen
            seen |= frontier
    return {row.id: DocumentRecord(
        id=row.id, source=row.source, url=row.url, published=row.published,
        publisher=row.publisher, genre=row.genre, duplicate_of=row.duplicate_of,
        cites=row.cites, publisher_country=publisher_country(row.publisher))
        for row in rows}


def _actors_and_places(store: Store, documents: set[str] | None,
                       ) -> tuple[dict[tuple[str, str], ActorRef],
                                  dict[tuple[str, str], PlaceRef]]:
    actors = {(a.document_id, a.actor_id): ActorRef(a.actor_id, a.name, a.country, a.sectors,
                                                    a.kind)
              for a in store.document_actors(documents)}
    places = {(p.document_id, p.place_id): PlaceRef(p.place_id, p.name, p.lat, p.lon, p.level,
                                                    p.country, p.members)
              for p in store.document_places(documents)}
    return actors, places


def outlet_key(name: str) -> str:
    """'The Syr Darya Times', 'SYR-DARYA TIMES' and 'Syr Darya Times' are one outlet."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _outlet_of(doc: DocumentRecord) -> str | None:
    name = doc.publisher or doc.url
    return outlet_key(name) if name else None


def _from_tables(doc_id: str, event: EventMention, actors: dict[tuple[str, str], ActorRef],
                 places: dict[tuple[str, str], PlaceRef], when: tuple[date, date, bool],
                 published: date | None) -> MentionRecord:
    return MentionRecord(
        id=event.id, document_id=doc_id, type=event.type, quad=event.quad, mode=event.mode,
        modality=event.modality, intensity=event.intensity, confidence=event.confidence,
        source=tuple(actors[(doc_id, i)] for i in event.source if (doc_id, i) in actors),
        target=tuple(actors[(doc_id, i)] for i in event.target if (doc_id, i) in actors),
        place=places.get((doc_id, event.place)) if event.place else None,
        start=when[0], end=when[1], dated=when[2], sentence=event.evidence.sentence,
        span=tuple(event.evidence.span), trigger=tuple(event.evidence.trigger),  # type: ignore[arg-type]
        attributed_to=event.attributed_to, published=published,
    )
