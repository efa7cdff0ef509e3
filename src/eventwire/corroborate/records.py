"""What corroboration reads from stored documents: one record per document (who published
it, when, whether it republishes or cites another) and one per event mention that can
stand for a real-world event (asserted or reported; hypothetical, negated, future and
opinion mentions never do)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from eventwire.document import Actor, Document, EventMention, PlaceMention
from eventwire.extract.dictionary import actor_dictionary

COUNTING_MODALITIES = ("asserted", "reported")


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
class DocumentRecord:
    id: str
    source: str
    url: str | None
    published: date | None
    publisher: str | None
    genre: str
    duplicate_of: str | None
    # (cited outlet, offsets of the citing sentence, the citing words)
    cites: tuple[tuple[str, tuple[int, int], str], ...] = ()
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

    @property
    def source_keys(self) -> frozenset[str]:
        return frozenset(a.key for a in self.source)

    @property
    def target_keys(self) -> frozenset[str]:
        return frozenset(a.key for a in self.target)

    @property
    def order(self) -> tuple[str, str, str, int]:
        """Canonical processing order: by date, then document, then position. Clustering
        the same mentions always gives the same events."""
        return (self.start.isoformat(), (self.published or self.start).isoformat(),
                self.document_id, self.trigger[0])


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def document_record(doc: Document, publisher_country: str | None = None) -> DocumentRecord:
    anatomy = doc.anatomy
    return DocumentRecord(
        id=doc.id, source=doc.source, url=doc.url,
        published=_day(anatomy.published) if anatomy else None,
        publisher=anatomy.publisher if anatomy else None,
        genre=anatomy.genre if anatomy else "other", duplicate_of=doc.duplicate_of,
        cites=tuple((c.source, tuple(c.sentence), c.cue) for c in anatomy.cites)  # type: ignore[misc]
        if anatomy else (),
        publisher_country=publisher_country,
        media_actors=tuple((a.id, a.name) for a in doc.actors or [] if "MED" in a.sectors),
    )


def mention_records(doc: Document, report_lag_days: int) -> list[MentionRecord]:
    """The document's event mentions that can stand for a real-world event."""
    actors = {a.id: a for a in doc.actors or []}
    places = {p.id: p for p in doc.places or []}
    published = _day(doc.anatomy.published) if doc.anatomy else None
    found = []
    for event in doc.events or []:
        if event.modality not in COUNTING_MODALITIES:
            continue
        when = _when(event, published, report_lag_days)
        if when is None:
            continue  # neither the sentence nor the document says when
        found.append(_record(doc.id, event, actors, places, when, published))
    return found


def _when(event: EventMention, published: date | None,
          lag: int) -> tuple[date, date, bool] | None:
    start, end = _day(event.start), _day(event.end)
    if start is not None:
        return start, end or start, True
    if published is None:
        return None
    return published - timedelta(days=lag), published, False


def _record(doc_id: str, event: EventMention, actors: dict[str, Actor],
            places: dict[str, PlaceMention], when: tuple[date, date, bool],
            published: date | None) -> MentionRecord:
    place = places.get(event.place) if event.place else None
    return MentionRecord(
        id=event.id, document_id=doc_id, type=event.type, quad=event.quad, mode=event.mode,
        modality=event.modality, intensity=event.intensity, confidence=event.confidence,
        source=tuple(_actor(actors[i]) for i in event.source if i in actors),
        target=tuple(_actor(actors[i]) for i in event.target if i in actors),
        place=PlaceRef(place.id, place.name, place.lat, place.lon, place.level,
                       place.country) if place else None,
        start=when[0], end=when[1], dated=when[2], sentence=event.evidence.sentence,
        span=tuple(event.evidence.span), trigger=tuple(event.evidence.trigger),  # type: ignore[arg-type]
        attributed_to=event.attributed_to, published=published,
    )


def _actor(actor: Actor) -> ActorRef:
    return ActorRef(actor.id, actor.name, actor.country, tuple(actor.sectors), actor.kind)


@cache
def _country_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names = {**{k.lower(): v for k, v in actor_dictionary().country_names.items()},
             **{k.lower(): v for k, v in actor_dictionary().demonym_country.items()}}
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in alternatives) + r")\b",
                         re.IGNORECASE)
    return pattern, names


def publisher_country(publisher: str | None) -> str | None:
    """The state a signing office belongs to: the first country its name names ("Embassy
    of the People's Republic of China in Kyrgyzstan" -> CHN; "Kazakh MFA" -> KAZ)."""
    if not publisher:
        return None
    pattern, names = _country_pattern()
    match = pattern.search(publisher)
    return names.get(match.group(1).lower()) if match else None
