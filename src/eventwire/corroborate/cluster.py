"""Clustering event mentions into real-world events.

A mention joins an event when their types share a family (data/event_families.yaml),
their actors overlap (by country, and with direction where the type has one), their
places are compatible (distance by level) and their times meet (with slack). Mentions are
taken in one canonical order (date, document, position), so the same mentions always
make the same events, and a new document's mentions are added to the events already
there.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property

from eventwire.corroborate.records import MentionRecord, PlaceRef
from eventwire.extract.gazetteer import distance_km
from eventwire.options import CorroborateOptions
from eventwire.resources import load_yaml

# Mentions more than this many days before a new mention's start are not looked at.
LOOKBACK_DAYS = 45


@dataclass(frozen=True)
class Families:
    of_type: dict[str, frozenset[str]]
    symmetric: frozenset[str]

    def share(self, a: str, b: str) -> bool:
        return a == b or bool(self.of_type.get(a, frozenset()) & self.of_type.get(b, frozenset()))


@cache
def families() -> Families:
    data = load_yaml("event_families.yaml") or {}
    of_type: dict[str, set[str]] = {}
    for name, types in (data.get("families") or {}).items():
        for event_type in types:
            of_type.setdefault(event_type, set()).add(name)
    return Families({t: frozenset(f) for t, f in of_type.items()},
                    frozenset(data.get("symmetric") or ()))


class Cluster:
    """One real-world event in the making: its mentions, and what they agree on (kept
    until the next mention joins)."""

    def __init__(self, members: list[MentionRecord], event_id: str | None = None) -> None:
        self.members = list(members)
        self.event_id = event_id  # kept from the store when the event already exists

    def add(self, mention: MentionRecord) -> None:
        self.members.append(mention)
        for name in ("founder", "event_type", "source_keys", "target_keys", "start", "end",
                     "place", "outlets"):
            self.__dict__.pop(name, None)

    @cached_property
    def founder(self) -> MentionRecord:
        return min(self.members, key=lambda m: m.order)

    @cached_property
    def event_type(self) -> str:
        counts = Counter(m.type for m in self.members)
        return max(counts, key=lambda t: (counts[t], t == self.founder.type, t))

    @cached_property
    def source_keys(self) -> frozenset[str]:
        return frozenset().union(*(m.source_keys for m in self.members))

    @cached_property
    def target_keys(self) -> frozenset[str]:
        return frozenset().union(*(m.target_keys for m in self.members))

    @cached_property
    def outlets(self) -> frozenset[str]:
        return frozenset(m.outlet for m in self.members if m.outlet)

    @cached_property
    def start(self) -> date:
        dated = [m for m in self.members if m.dated] or self.members
        return min(m.start for m in dated)

    @cached_property
    def end(self) -> date:
        dated = [m for m in self.members if m.dated] or self.members
        return max(m.end for m in dated)

    @cached_property
    def place(self) -> PlaceRef | None:
        """The place most members name (documents agree on where it happened); among
        equals the most precise (a site before a city before a country)."""
        placed = [m.place for m in self.members if m.place is not None]
        if not placed:
            return None
        counts = Counter(p.id for p in placed)
        return min(placed, key=lambda p: (-counts[p.id], _PRECISION.get(p.level, 9), p.id))


_PRECISION = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5}


def _km(a: PlaceRef, b: PlaceRef) -> float:
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _same_point(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    """The same site or town, named by both."""
    return a is not None and b is not None and a.id == b.id and a.level in ("site", "city")


def places_meet(a: PlaceRef | None, b: PlaceRef | None, opts: CorroborateOptions) -> bool:
    """Unknown places meet anything; a country meets the places inside it; two points meet
    within a distance that grows with the coarser of their levels."""
    if a is None or b is None or a.id == b.id:
        return True
    for outer, inner in ((a, b), (b, a)):
        if outer.level == "country":
            return inner.country == outer.country
        if outer.level == "region" and outer.members:
            return inner.country in outer.members
    fine = {"site", "city"}
    limit = opts.city_km if a.level in fine and b.level in fine else opts.region_km
    return _km(a, b) <= limit


def actors_meet(cluster: Cluster, mention: MentionRecord, fam: Families) -> float | None:
    """How well the mention's actors match the event's (0-1), or None when they cannot be
    the same parties."""
    cs, ct = cluster.source_keys, cluster.target_keys
    ms, mt = mention.source_keys, mention.target_keys
    if not any(a.country for a in (*mention.source, *mention.target)):
        # No state named ("civilians", "both sides"): a page that cites one of the
        # event's outlets for its facts ("according to the Chui Valley Post, there are dead
        # on both sides") can join, and so can a mention whose parties are only unknown
        # ("the servicemen") at the very site or town the event is at.
        if mention.cites & cluster.outlets:
            return 0.5
        parties = (*mention.source, *mention.target)
        return 0.3 if parties and all(a.unknown for a in parties) and \
            _same_point(cluster.place, mention.place) else None
    ours, theirs = ms | mt, cs | ct
    # "Xi and Tokayev signed": a joint act is compared by its participants, as a meeting is
    joint = ((len(ms) >= 2 and not mt) or (len(cs) >= 2 and not ct)) \
        and len(ours) >= 2 and len(theirs) >= 2
    if joint or (mention.type in fam.symmetric and cluster.event_type in fam.symmetric):
        shared = ours & theirs
        if len(shared) < min(2, len(ours), len(theirs)):
            return None
        return len(shared) / len(ours | theirs)
    if (ms and cs and not ms & cs) or (mt and ct and not mt & ct):
        return None  # a named side contradicts: not the same event
    shared = (ms & cs) | (mt & ct)
    if not shared:
        return None
    return len(shared) / len((ms | mt) | (cs | ct))


def times_meet(cluster: Cluster, mention: MentionRecord, opts: CorroborateOptions) -> int | None:
    """Days between the mention's interval and the event's, or None when they are further
    apart than the slack allows."""
    slack = timedelta(days=opts.time_slack_days)
    if mention.start > cluster.end + slack or mention.end < cluster.start - slack:
        return None
    if mention.start > cluster.end:
        return (mention.start - cluster.end).days
    if mention.end < cluster.start:
        return (cluster.start - mention.end).days
    return 0


def match(cluster: Cluster, mention: MentionRecord, opts: CorroborateOptions,
          fam: Families) -> float | None:
    """A score for the mention joining the event, or None when it cannot."""
    if not fam.share(mention.type, cluster.event_type):
        return None
    days = times_meet(cluster, mention, opts)
    if days is None or not places_meet(cluster.place, mention.place, opts):
        return None
    overlap = actors_meet(cluster, mention, fam)
    if overlap is None:
        return None
    return 1.5 * overlap + (1.5 if mention.type == cluster.event_type else 0.0) \
        + _same_spot(cluster.place, mention.place, opts) - 0.1 * days


def _same_spot(a: PlaceRef | None, b: PlaceRef | None, opts: CorroborateOptions) -> float:
    """1 for the same site or town, 0.5 for places that only do not contradict."""
    if a is None or b is None:
        return 0.0
    fine = {"site", "city"}
    if a.id == b.id or (a.level in fine and b.level in fine
                        and _km(a, b) <= opts.city_km):
        return 1.0
    return 0.5


def assign(mentions: list[MentionRecord], clusters: list[Cluster], opts: CorroborateOptions,
           fam: Families | None = None) -> list[Cluster]:
    """Add each mention (taken in canonical order) to the best event it can join, or start
    a new event with it. ``clusters`` are the events already there; returned with the new
    ones after them."""
    fam = fam or families()
    out = list(clusters)
    index = _Index(fam)
    for cluster in out:
        index.add(cluster)
    for mention in sorted(mentions, key=lambda m: m.order):
        horizon = mention.start - timedelta(days=LOOKBACK_DAYS)
        best, best_score = None, 0.0
        for cluster in index.near(mention.type, horizon):
            if cluster.end < horizon:
                continue
            score = match(cluster, mention, opts, fam)
            if score is not None and (best is None or score > best_score):
                best, best_score = cluster, score
        if best is None:
            best = Cluster([mention])
            out.append(best)
            index.add(best)
        else:
            best.add(mention)
    return out


class _Index:
    """Events by type family, in order of their first day: a mention looks only at the
    events of its families that began in the weeks before it."""

    def __init__(self, fam: Families) -> None:
        self.fam = fam
        self.keys: dict[str, list[tuple[str, str, str, int]]] = {}
        self.clusters: dict[str, list[Cluster]] = {}

    def _families(self, event_type: str) -> list[str]:
        return sorted(self.fam.of_type.get(event_type) or {f"type:{event_type}"})

    def add(self, cluster: Cluster) -> None:
        key = (*cluster.founder.order[:3], cluster.founder.order[3])
        for name in self._families(cluster.founder.type):
            keys, clusters = self.keys.setdefault(name, []), self.clusters.setdefault(name, [])
            at = bisect.bisect_right(keys, key)
            keys.insert(at, key)
            clusters.insert(at, cluster)

    def near(self, event_type: str, horizon: date) -> list[Cluster]:
        """Events of the type's families founded on or after ``horizon``, oldest first
        (a later mention of an event only moves its founding day earlier, so none is
        missed)."""
        found: dict[int, Cluster] = {}
        low = (horizon.isoformat(),)
        for name in self._families(event_type):
            keys = self.keys.get(name, [])
            for cluster in self.clusters.get(name, [])[bisect.bisect_left(keys, low):]:
                found.setdefault(id(cluster), cluster)
        return sorted(found.values(), key=lambda c: c.founder.order)
