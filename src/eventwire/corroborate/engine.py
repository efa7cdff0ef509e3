"""One corroboration run over the store: mentions -> events, with stable ids and revisions.

Without ``rebuild``, the events already stored keep their members and only mentions not
yet in an event are placed (a new document joins the events it reports). With
``rebuild``, every mention is clustered afresh and each new event takes the id of the
stored event it shares most mentions with. Either way an event whose members change gets
a new revision, recorded with the run that changed it.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from eventwire.contract import (
    Event,
    EventActor,
    EventMember,
    EventOrigin,
    EventPlace,
    EventSourceDocument,
)
from eventwire.corroborate.cluster import LOOKBACK_DAYS, Cluster, assign
from eventwire.corroborate.corrections import Overlay, load_overlay
from eventwire.corroborate.records import (
    ActorRef,
    DocumentRecord,
    MentionRecord,
    load_records,
    order_keys,
)
from eventwire.corroborate.sources import (
    Origin,
    Provenance,
    chain,
    confidence,
    independent_sources,
)
from eventwire.options import CorroborateOptions
from eventwire.store import Store
from eventwire.store.base import Revision

STAGE = "eventwire.corroborate.v1"


@dataclass
class CorroborationReport:
    events: int = 0
    mentions: int = 0
    created: int = 0
    revised: int = 0
    dissolved: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def corroborate(store: Store, opts: CorroborateOptions, run_id: str | None = None,
                rebuild: bool = False) -> CorroborationReport:
    # one corroboration at a time per store: what it reads must still be true when it
    # writes (on PostgreSQL another process may be corroborating the same database)
    with store.exclusive("corroborate"):
        return _corroborate(store, opts, run_id, rebuild)


def _corroborate(store: Store, opts: CorroborateOptions, run_id: str | None,
                 rebuild: bool) -> CorroborationReport:
    overlay = load_overlay(store)  # the analysts' corrections in force
    if rebuild:
        report = _rebuild(store, opts, run_id, overlay)
    else:
        pending, orphaned = _work(store, overlay)
        if not pending and not orphaned:  # nothing new: the common re-run, kept cheap
            return CorroborationReport(events=store.event_count(),
                                       mentions=store.member_count())
        report = CorroborationReport()
        for number, batch in enumerate(_batches(store, opts, pending, overlay)):
            part = _place(store, opts, run_id, overlay, batch, orphaned if number == 0 else {})
            report.created += part.created
            report.revised += part.revised
            report.dissolved += part.dissolved
            store.release_memory()  # what the batch read is of no use to the next
    report.mentions = store.member_count()
    report.events = store.event_count()
    return report


def _rebuild(store: Store, opts: CorroborateOptions, run_id: str | None,
             overlay: Overlay) -> CorroborationReport:
    """Every mention clustered afresh; new events take the ids of stored ones."""
    docs, mentions = load_records(store, opts.report_lag_days, overlay=overlay)
    stored = store.event_members()
    clusters = assign(list(mentions.values()), [], opts)
    _keep_ids(clusters, stored)
    return _write(store, opts, run_id, overlay, clusters, docs, set(stored.values()),
                  rebuild=True)


def _batches(store: Store, opts: CorroborateOptions, pending: set[str],
             overlay: Overlay) -> Iterator[set[str]]:
    """The pending mentions in batches of at most ``batch_mentions``, oldest first.

    One batch needs the records of its mentions and of the events they may join, so memory
    stays bounded however many documents a run brought. Batches follow the canonical
    order in which clustering takes mentions anyway, and each reads back the events the
    batches before it made, so batching gives the same events as one pass (an event that
    grows in a later batch gets one revision more)."""
    size = opts.batch_mentions
    if len(pending) <= size:
        yield pending
        return
    ordered: list[tuple[tuple[str, str, str, int], str]] = []
    ids = sorted(pending)
    for first in range(0, len(ids), size):  # only the order keys are kept
        chunk = set(ids[first:first + size])
        if overlay.mentions:  # a correction may move a mention's day: its record decides
            _, records = load_records(store, opts.report_lag_days, chunk, overlay)
            keys = {mention_id: record.order for mention_id, record in records.items()}
        else:  # two columns, not the records (which read every document's JSON)
            keys = order_keys(store, opts.report_lag_days, chunk)
        ordered += [(key, mention_id) for mention_id, key in keys.items()]
    ordered.sort()
    for first in range(0, len(ordered), size):
        yield {mention_id for _, mention_id in ordered[first:first + size]}


def _place(store: Store, opts: CorroborateOptions, run_id: str | None, overlay: Overlay,
           pending: set[str], orphaned: dict[str, str]) -> CorroborationReport:
    """Place ``pending`` mentions among the stored events and take out ``orphaned`` ones,
    as one pass over all the mentions would have placed them.

    One pass takes mentions in canonical order, so the stored events as they stood before
    the first new mention are what it had made by then: their members from that point on
    are placed again, with the new ones, in order (an older document arriving late changes
    what the later mentions joined). Only the events a new mention could join are read
    back: those still open in the weeks before the earliest new mention, up to the latest
    new or placed-again mention, and those that lost members."""
    lag = opts.report_lag_days
    _, fresh = load_records(store, lag, pending, overlay)
    replaced = set(orphaned.values())
    first = min((m.order for m in fresh.values()), default=None)
    slack = timedelta(days=opts.time_slack_days)
    fresh_end = max((m.end for m in fresh.values()), default=None)
    if fresh:
        replaced |= set(store.events_between(
            min(m.start for m in fresh.values()) - timedelta(days=LOOKBACK_DAYS) - slack,
            fresh_end + slack))
    stored = store.members_of_events(replaced)
    docs, mentions = load_records(store, lag, set(stored) | pending, overlay)
    if first is not None:  # the events the placed-again mentions could join, once over
        last = max(m.end for m in mentions.values() if m.order >= first) + slack
        later = set(store.events_between(fresh_end + slack, last)) - replaced
        if later:
            added = store.members_of_events(later)
            replaced |= later
            stored.update(added)
            more_docs, more = load_records(store, lag, set(added), overlay)
            docs.update(more_docs)
            mentions.update(more)
    kept = {m: e for m, e in stored.items()
            if m in mentions and (first is None or mentions[m].order < first)}
    clusters = _stored_clusters(kept, mentions)
    clusters = assign([m for m in mentions.values() if m.id not in kept], clusters, opts)
    _keep_ids(clusters, stored)  # an event whose members were placed again keeps its id
    return _write(store, opts, run_id, overlay, clusters, docs, replaced, rebuild=False)


def _write(store: Store, opts: CorroborateOptions, run_id: str | None, overlay: Overlay,
           clusters: list[Cluster], docs: dict[str, DocumentRecord], replaced: set[str],
           rebuild: bool) -> CorroborationReport:
    """Name, describe and store the events; record a revision for each one that changed
    and for each replaced event that is gone."""
    _name_new(clusters, lambda ids: set(store.last_revisions(ids)))
    # only the revisions of the events at hand: the whole table grows with the store
    previous = store.last_revisions({c.event_id for c in clusters if c.event_id} | replaced)
    events, revisions, report = _described(clusters, previous, Provenance(docs), opts)
    shown, withheld = _corrected(events, clusters, overlay)
    for event_id in sorted(replaced - {c.event_id for c in clusters}):
        number, members = previous.get(event_id, (0, frozenset()))
        if members:
            revisions.append((event_id, number + 1, "dissolved: its mentions are gone or "
                              "belong to other events"))
            report.dissolved += 1
    with store.transaction():
        if rebuild:
            store.replace_all_events(shown, revisions, run_id, withheld)
        else:
            store.replace_some_events(replaced, shown, revisions, run_id, withheld)
    return report


def _work(store: Store, overlay: Overlay) -> tuple[set[str], dict[str, str]]:
    """The mentions an incremental run places (counting ones in no event) and the members
    it takes out (mention id -> event), corrections included: a mention a correction makes
    count is placed, one it stops counting leaves its event and is never placed."""
    pending = store.pending_mentions()
    orphaned = store.orphaned_members()
    if overlay.mentions:
        members = store.event_members()
        pending |= {m for m in overlay.promoted() if m not in members}
        dropped = overlay.dropped()
        pending -= dropped
        orphaned |= {m: members[m] for m in dropped if m in members}
    return pending, orphaned


def _corrected(events: list[Event], clusters: list[Cluster], overlay: Overlay,
               ) -> tuple[list[Event], list[Event]]:
    """The events as the analysts corrected them: those to write, and those marked wrong
    (withheld: only their members are written, so they keep their ids)."""
    if not overlay:  # no correction in force: the machine's events as they are
        return events, []
    fixes = {c.event_id: [i for m in c.members for i in m.corrections] for c in clusters}
    shown, withheld = [], []
    for event in events:
        corrected, wrong = overlay.event(event, fixes.get(event.id, []))
        (withheld if wrong else shown).append(corrected)
    return shown, withheld


def _described(clusters: list[Cluster], previous: dict[str, tuple[int, frozenset[str]]],
               provenance: Provenance, opts: CorroborateOptions,
               ) -> tuple[list[Event], list[Revision], CorroborationReport]:
    events: list[Event] = []
    revisions: list[Revision] = []
    report = CorroborationReport()
    for cluster in clusters:
        assert cluster.event_id is not None
        members = frozenset(m.id for m in cluster.members)
        number, reason = _revision(previous.get(cluster.event_id), members)
        if reason:
            revisions.append((cluster.event_id, number, reason))
            report.created += number == 1
            report.revised += number > 1
        events.append(describe(cluster, provenance, opts, number))
    return events, revisions, report


def _stored_clusters(stored: dict[str, str],
                     mentions: dict[str, MentionRecord]) -> list[Cluster]:
    grouped: dict[str, list[MentionRecord]] = {}
    for mention_id, event_id in stored.items():
        if mention_id in mentions:
            grouped.setdefault(event_id, []).append(mentions[mention_id])
    clusters = [Cluster(members, event_id) for event_id, members in grouped.items()]
    return sorted(clusters, key=lambda c: c.founder.order)


def _keep_ids(clusters: list[Cluster], stored: dict[str, str]) -> None:
    """Each new cluster takes the id of the stored event it shares most mentions with (an
    id goes to one cluster only: the one with the larger share, then the earlier)."""
    claims: list[tuple[int, str, int]] = []
    for index, cluster in enumerate(clusters):
        if cluster.event_id is not None:
            continue
        counts = Counter(stored[m.id] for m in cluster.members if m.id in stored)
        claims += [(-n, event_id, index) for event_id, n in counts.items()]
    taken = {c.event_id for c in clusters if c.event_id is not None}
    for _, event_id, index in sorted(claims):
        if event_id not in taken and clusters[index].event_id is None:
            clusters[index].event_id = event_id
            taken.add(event_id)


def _name_new(clusters: list[Cluster], recorded: Callable[[set[str]], set[str]]) -> None:
    """A new event is named after its founding mention (content-hash ids, so the same
    documents give the same ids in any store). ``recorded`` says which of some ids an
    event stored ever had (dissolved ones included): a new event never takes one."""
    unnamed = [c for c in clusters if c.event_id is None]
    taken = recorded({_event_id(c.founder.id) for c in unnamed}) if unnamed else set()
    taken |= {c.event_id for c in clusters if c.event_id}
    for cluster in unnamed:
        seed = cluster.founder.id
        event_id = _event_id(seed)
        while event_id in taken:  # the founder once founded an event that lives on
            seed += "+"
            event_id = _event_id(seed)
            taken |= recorded({event_id})
        cluster.event_id = event_id
        taken.add(event_id)


def _event_id(seed: str) -> str:
    return "ev-" + hashlib.sha256(seed.encode()).hexdigest()[:16]


def _revision(previous: tuple[int, frozenset[str]] | None,
              members: frozenset[str]) -> tuple[int, str | None]:
    if previous is None:
        return 1, "created"
    number, before = previous
    if before == members:
        return number, None
    added, removed = len(members - before), len(before - members)
    if not before:
        return number + 1, "created again"
    parts = [f"{added} mention(s) added" if added else "",
             f"{removed} mention(s) removed" if removed else ""]
    return number + 1, ", ".join(p for p in parts if p)


# -- the event as shown ------------------------------------------------------------------

def describe(cluster: Cluster, provenance: Provenance, opts: CorroborateOptions,
             revision: int) -> Event:
    """The event as `eventwire event` and the JSON export show it."""
    docs = provenance.docs
    event_type = cluster.event_type
    typed = sorted((m for m in cluster.members if m.type == event_type), key=lambda m: m.order)
    source = _side([m.source for m in cluster.members])
    target = _side([m.target for m in cluster.members])
    parties = frozenset(a.country for a in source + target if a.country)
    origins = chain(cluster.members, provenance, parties)
    by_id = {m.id: m for m in cluster.members}
    links = {link.mention_id: link for origin in origins for link in origin.links}
    place = cluster.place
    modes = Counter(m.mode for m in typed if m.mode)
    assert cluster.event_id is not None
    return Event(
        id=cluster.event_id, type=event_type, quad=typed[0].quad,
        mode=modes.most_common(1)[0][0] if modes else None,
        modality="asserted" if any(m.modality == "asserted" for m in cluster.members)
        else "reported",
        intensity=typed[0].intensity,
        source=source, target=target,
        place=EventPlace(id=place.id, name=place.name, country=place.country, lat=place.lat,
                         lon=place.lon, level=place.level) if place else None,
        start=cluster.start.isoformat(), end=cluster.end.isoformat(),
        independent_sources=independent_sources(origins),
        sources=len(origins),
        first_reported=_first_reported(origins),
        first_reported_by=origins[0].name if origins else None,
        confidence=confidence(origins, by_id, docs, opts),
        revision=revision,
        chain=[_origin(o, docs) for o in origins],
        mentions=[_member(m, docs[m.document_id], links[m.id])
                  for m in sorted(cluster.members, key=lambda m: m.order)],
        coder=STAGE,
    )


def _first_reported(origins: list[Origin]) -> str | None:
    dates = [o.first_published for o in origins if o.first_published]
    return min(dates).isoformat() if dates else None


def _side(named: list[tuple[ActorRef, ...]]) -> list[EventActor]:
    """One entry per party (country, or name where it has none) that at least a third of
    the mentions give on this side (one relay's stray target is not the event's): its
    commonest name (a country's own name first), its country and every sector it was
    named with."""
    grouped: dict[str, list[ActorRef]] = {}
    mentioned: Counter[str] = Counter()
    for actors in named:
        for actor in actors:
            grouped.setdefault(actor.key, []).append(actor)
        mentioned.update({a.key for a in actors})
    least = max(1, math.ceil(len(named) / 3))
    side = []
    for key in sorted(k for k in grouped if mentioned[k] >= least):
        refs = grouped[key]
        names = Counter(a.name for a in refs if a.kind == "country") \
            or Counter(a.name for a in refs)
        side.append(EventActor(name=names.most_common(1)[0][0], country=refs[0].country,
                               sectors=sorted({s for a in refs for s in a.sectors}),
                               actor_ids=sorted({a.id for a in refs})))
    return side


def _origin(origin: Origin, docs: dict[str, DocumentRecord]) -> EventOrigin:
    return EventOrigin(
        origin=origin.key, name=origin.name, party=origin.party,
        independent=not origin.party,
        first_document=origin.first_document,
        first_published=origin.first_published.isoformat()
        if origin.first_published else None,
        documents=[EventSourceDocument(
            document=link.document_id, role=link.role, via=link.via,
            via_document=link.via_document,
            source=docs[link.document_id].url or docs[link.document_id].source,
            publisher=docs[link.document_id].publisher)
            for link in _first_per_document(origin)],
    )


def _first_per_document(origin: Origin) -> list[Any]:
    seen: dict[str, Any] = {}
    for link in origin.links:
        seen.setdefault(link.document_id, link)
    return list(seen.values())


def _member(mention: MentionRecord, doc: DocumentRecord, link: Any) -> EventMember:
    return EventMember(
        id=mention.id, document=doc.id, source=doc.url or doc.source,
        path=doc.source,
        publisher=doc.publisher, genre=doc.genre,
        published=doc.published.isoformat() if doc.published else None,
        type=mention.type, modality=mention.modality, sentence=mention.sentence,
        span=list(mention.span), trigger=list(mention.trigger),
        role=link.role, origin=link.origin, via=link.via,
    )
