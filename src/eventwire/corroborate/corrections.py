"""Analysts' corrections (eventwire.review) applied where events are made, so that every
figure, export and API answer, all of which read the events corroboration writes, include
them through this one write path.

Mention corrections apply before clustering: a mention marked wrong no longer counts, and a
corrected type, mode, modality, side or date is what clustering reads. Event corrections
apply after: an event marked wrong is withheld (its members stay recorded, so it keeps its
id, but it is not written to the events table and so counts nowhere), and a corrected
type, mode, side, place or date overrides what its members say.

A mention correction is keyed by the mention's document, sentence and trigger, not by its
id (which changes with the coder): it attaches to whichever mention now has that sentence
and that trigger (the same offsets, else the same words), and is listed as orphaned when
none has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from eventwire.contract import Event, EventActor, EventPlace
from eventwire.corroborate.records import ActorRef, MentionRecord
from eventwire.document import EventMention
from eventwire.events.lexicon import QUADS, lexicon
from eventwire.extract.dictionary import actor_dictionary
from eventwire.store import Store
from eventwire.store.base import COUNTING_MODALITIES, Correction, PlaceRow

MENTION_FIELDS = ("wrong", "type", "mode", "modality", "source", "target", "start", "end")
EVENT_FIELDS = ("wrong", "type", "mode", "source", "target", "place", "start", "end")

# 'RUS', 'RUS-MIL', 'RUS-GOV-MIL': a country and its sectors; 'IGO:CSTO': an IGO
_COUNTRY_CODE = re.compile(r"^([A-Z]{3})((?:-[A-Z]{3})*)$")
_IGO_CODE = re.compile(r"^IGO:([A-Z][A-Z0-9]{1,15})$")


@dataclass(frozen=True)
class Party:
    """One party a correction names on a side."""

    code: str
    country: str | None
    sectors: tuple[str, ...]
    igo: str | None

    @property
    def actor_id(self) -> str:
        return f"igo:{self.igo}" if self.igo else f"country:{self.country}"

    @property
    def name(self) -> str:
        entry = actor_dictionary().entries.get(self.actor_id)
        return entry.name if entry else (self.igo or self.country or self.code)


def parse_party(code: str) -> Party:
    """A side's party from its code; ValueError for anything else."""
    text = code.strip().upper()
    igo = _IGO_CODE.match(text)
    if igo:
        return Party(text, None, (), igo.group(1))
    country = _COUNTRY_CODE.match(text)
    if not country:
        raise ValueError(f"{code!r} is not a party code: give a country's ISO-3 code, with "
                         "sectors if you like (RUS, RUS-MIL), or IGO:NAME (IGO:CSTO)")
    sectors = tuple(s for s in country.group(2).split("-") if s)
    return Party(text, country.group(1), sectors, None)


@dataclass
class Overlay:
    """The corrections in force, ready to apply: mention corrections by the id of the
    mention they attach to now, event corrections by event id."""

    mentions: dict[str, list[Correction]] = field(default_factory=dict)
    events: dict[str, list[Correction]] = field(default_factory=dict)
    places: dict[str, PlaceRow] = field(default_factory=dict)
    orphans: list[Correction] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.mentions or self.events)

    def promoted(self) -> set[str]:
        """Mentions a correction makes count (a modality corrected to asserted)."""
        return {m for m, fixes in self.mentions.items() if _counts(fixes)}

    def dropped(self) -> set[str]:
        """Mentions a correction stops counting (wrong, or a non-counting modality)."""
        return {m for m, fixes in self.mentions.items() if not _counts(fixes)}

    def with_promoted(self, store: Store, rows: list[tuple[str, EventMention]],
                      wanted: set[str] | None) -> list[tuple[str, EventMention]]:
        """The counting rows the store gave, with the mentions a correction makes count."""
        have = {event.id for _, event in rows}
        extra = {m for m in self.promoted() - have if wanted is None or m in wanted}
        return rows + store.event_mentions_by_id(extra) if extra else rows

    def mention(self, record: MentionRecord) -> MentionRecord | None:
        """The mention as corrected; None when it no longer counts."""
        fixes = self.mentions.get(record.id)
        if not fixes:
            return record
        if not _counts(fixes):
            return None
        for fix in _effective(fixes):
            record = _fix_mention(record, fix)
        return replace(record, corrections=tuple(c.id for c in fixes))

    def event(self, event: Event, member_fixes: list[str]) -> tuple[Event, bool]:
        """The event as corrected, and whether it is marked wrong (withheld)."""
        fixes = self.events.get(event.id, [])
        applied = sorted(set(member_fixes) | {c.id for c in fixes})
        for fix in _effective(fixes):
            if fix.field != "wrong":
                event = _fix_event(event, fix, self.places)
        if event.end < event.start:  # a corrected start after the machine's end
            event = event.model_copy(update={"end": event.start})
        event = event.model_copy(update={"corrections": applied or None})
        return event, _latest(fixes, "wrong") is not None


def load_overlay(store: Store) -> Overlay:
    """The corrections in force, mention corrections attached to today's mentions."""
    overlay = Overlay()
    for correction in store.corrections():
        if correction.kind == "event":
            overlay.events.setdefault(correction.target, []).append(correction)
            if correction.field == "place" and correction.value:
                row = store.place_by_id(str(correction.value))
                if row is not None:
                    overlay.places[row.place_id] = row
            continue
        mention_id = attach(store, correction)
        if mention_id is None:
            overlay.orphans.append(correction)
        else:
            overlay.mentions.setdefault(mention_id, []).append(correction)
    return overlay


def attach(store: Store, correction: Correction) -> str | None:
    """The id of the mention a mention correction is about now: the one read from its
    sentence with its trigger (same offsets, else the same words); None when none is."""
    if correction.document_id is None or correction.sentence is None:
        return None
    found = store.event_mentions_in_sentence(correction.document_id, correction.sentence)
    for mention in found:
        if tuple(mention.evidence.trigger) == correction.trigger:
            return mention.id
    for mention in found:
        if correction.trigger_text and trigger_text(mention) == correction.trigger_text:
            return mention.id
    return None


def trigger_text(mention: EventMention) -> str:
    """The trigger's words, cut from the evidence sentence."""
    start = mention.evidence.span[0]
    return mention.evidence.sentence[mention.evidence.trigger[0] - start:
                                     mention.evidence.trigger[1] - start]


def _counts(fixes: list[Correction]) -> bool:
    """Whether a corrected mention counts: not wrong, and a counting modality if one was
    given (a mention without a modality correction keeps its own, which the store filters)."""
    if _latest(fixes, "wrong"):
        return False
    modality = _latest(fixes, "modality")
    return modality is None or modality.value in COUNTING_MODALITIES


def _latest(fixes: list[Correction], name: str) -> Correction | None:
    chosen = [c for c in fixes if c.field == name]
    return chosen[-1] if chosen else None


def _effective(fixes: list[Correction]) -> list[Correction]:
    """One correction per field, the latest (corrections come oldest first)."""
    return list({c.field: c for c in fixes}.values())


def _fix_mention(record: MentionRecord, fix: Correction) -> MentionRecord:
    value = fix.value
    if fix.field == "type":
        return replace(record, type=value, quad=QUADS[value],
                       intensity=lexicon().intensity.get(value, 0.0))
    if fix.field in ("mode", "modality"):
        return replace(record, **{fix.field: value})
    if fix.field in ("source", "target"):
        refs = tuple(_actor_ref(parse_party(code)) for code in value)
        return replace(record, **{fix.field: refs})
    if fix.field == "start":
        day = date.fromisoformat(value)
        return replace(record, start=day, end=max(day, record.end), dated=True)
    if fix.field == "end":
        day = date.fromisoformat(value)
        return replace(record, end=day, start=min(day, record.start), dated=True)
    return record


def _actor_ref(party: Party) -> ActorRef:
    return ActorRef(id=party.actor_id, name=party.name, country=party.country,
                    sectors=party.sectors, kind="organization" if party.igo else "country")


def _fix_event(event: Event, fix: Correction, places: dict[str, PlaceRow]) -> Event:
    value = fix.value
    if fix.field == "type":
        update = {"type": value, "quad": QUADS[value],
                  "intensity": lexicon().intensity.get(value, 0.0)}
    elif fix.field in ("source", "target"):
        update = {fix.field: [_event_actor(parse_party(code)) for code in value]}
    elif fix.field == "place":
        update = {"place": _event_place(places.get(value)) if value else None}
    else:  # mode, start, end: the value as it is
        update = {fix.field: value}
    return event.model_copy(update=update)


def _event_actor(party: Party) -> EventActor:
    return EventActor(name=party.name, country=party.country, sectors=list(party.sectors),
                      actor_ids=[party.actor_id])


def _event_place(row: PlaceRow | None) -> EventPlace | None:
    if row is None:  # the place is gone from every document: no place rather than a guess
        return None
    return EventPlace(id=row.place_id, name=row.name, country=row.country, lat=row.lat,
                      lon=row.lon, level=row.level)
