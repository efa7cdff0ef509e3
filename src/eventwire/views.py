"""Projections of stored things for people to read: shared by the command line and the
REST API, so that a table, a CSV file and a JSON response say the same thing the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventwire.contract import Event, EventActor
from eventwire.store import DocumentFilter, Store, Tally

# The flat columns of an event in CSV exports (`eventwire events --format csv`).
EVENT_CSV_FIELDS = ("id", "type", "quad", "modality", "start", "end", "source", "target",
                    "place", "independent_sources", "mentions", "confidence", "revision",
                    "first_reported_by")

SHORT_EVENT_ID = 11  # "ev-" and eight hex digits: enough for `eventwire event ID` to find it


def side_text(side: list[EventActor]) -> str:
    """A side written out: "Russian [RUS-MIL], Tajik troops [TJK-MIL]"."""
    return ", ".join(f"{a.name} [{a.country or '-'}{'-' if a.sectors else ''}"
                     f"{'/'.join(a.sectors)}]" for a in side)


def side_codes(side: list[EventActor]) -> str:
    """A side in compact codes: "RUS-MIL, TJK" (country and first sector), an IGO or group
    by its dictionary code ("CSTO"), else the name the text gave."""
    return ", ".join(dict.fromkeys(actor_code(a) for a in side))


def actor_code(actor: EventActor) -> str:
    if actor.country:
        sectors = [s for s in actor.sectors if s != actor.country]
        return f"{actor.country}-{sectors[0]}" if sectors else actor.country
    for actor_id in actor.actor_ids:
        kind, _, code = actor_id.partition(":")
        if kind in ("igo", "group") and code:
            return code
    return actor.name


def event_row(event: Event) -> dict[str, Any]:
    """One event as a flat row (CSV, tables)."""
    place = event.place
    return {
        "id": event.id, "type": event.type, "quad": event.quad,
        "modality": event.modality, "start": event.start, "end": event.end,
        "source": side_text(event.source), "target": side_text(event.target),
        "place": f"{place.name} ({place.level})" if place else "",
        "independent_sources": event.independent_sources,
        "mentions": len(event.mentions), "confidence": event.confidence,
        "revision": event.revision, "first_reported_by": event.first_reported_by,
    }


def short_ids(ids: list[str], whole: bool = False) -> dict[str, str]:
    """Each id cut to the shortest prefix (at least SHORT_EVENT_ID characters) that is
    unique among ``ids``; whole ids when ``whole``."""
    if whole:
        return {i: i for i in ids}
    size = SHORT_EVENT_ID
    while len({i[:size] for i in ids}) < len(set(ids)):
        size += 1
    return {i: i[:size] for i in ids}


def span_text(text: str, span: Any) -> str:
    return text[span[0]:span[1]] if span else ""


@dataclass(frozen=True)
class StoreSummary:
    """What `eventwire summary` (and the dashboard's overview) shows of a store."""

    path: str
    documents: int
    near_duplicates: int
    translations: int
    genres: list[tuple[Any, int]]
    languages: list[tuple[Any, int]]
    publishers: list[tuple[Any, int]]
    formats: list[tuple[Any, int]]
    event_mentions: list[Tally]  # meeting = asserted or reported
    events: list[Tally]  # meeting = two or more independent sources
    top_actors: list[dict[str, Any]]


def store_summary(store: Store) -> StoreSummary:
    total = store.count()
    return StoreSummary(
        path=store.path, documents=total,
        near_duplicates=total - store.count(DocumentFilter(duplicates=False)),
        translations=store.count(DocumentFilter(translated=True)),
        genres=store.tally("genre"), languages=store.tally("languages", unnest=True),
        publishers=store.tally("publisher", top=15), formats=store.tally("format"),
        event_mentions=store.event_mention_tally(), events=store.event_tally(),
        top_actors=store.list_actors(limit=15),
    )
