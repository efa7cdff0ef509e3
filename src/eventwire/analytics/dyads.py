"""Dyad series: what side A did to side B, B to A, and both together, period by period, in
the four PLOVER quads, from real-world events (docs/analytics.md).

Each figure is the events behind it: a count (of events, or of their mentions) and a weight,
the sum over them of |PLOVER score| x (1 + ln(independent sources)). The store groups them;
this module adds the empty periods, the uncertainty bands and the normalisation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.analytics.coverage import diagnostics
from eventwire.analytics.definition import definition
from eventwire.analytics.figures import (
    Contribution,
    Denominators,
    Figure,
    merge,
    normalise,
    with_band,
)
from eventwire.analytics.parties import Side
from eventwire.analytics.periods import label, period_end, starts_between
from eventwire.analytics.scores import QUADS, score_table
from eventwire.options import AnalyticsOptions
from eventwire.store.base import FlowQuery, FlowRow, Party, Store

DIRECTIONS = ("forward", "backward", "joint")


@dataclass(frozen=True)
class Window:
    """The query common to dyads and the influence index."""

    period: str = "quarter"
    since: str | None = None
    until: str | None = None
    unit: str = "events"  # events | mentions
    measure: str = "weight"  # weight | count
    normalise: str = "raw"  # raw | volume | share | zscore
    min_sources: int = 0

    def flow_query(self, first: Side, second: Side, by_counterpart: bool = False,
                   ) -> FlowQuery:
        return self._query(first.party, second.party, by_counterpart)

    def volume_query(self) -> FlowQuery:
        """The same window with no parties: every event counts (the corpus volume)."""
        return self._query(Party(), Party(), False)

    def _query(self, first: Party, second: Party, by_counterpart: bool) -> FlowQuery:
        return FlowQuery(first=first, second=second, scores=score_table().rows(),
                         period=self.period, since=self.since, until=self.until,
                         min_sources=self.min_sources, unit=self.unit,
                         by_counterpart=by_counterpart)

    def as_json(self) -> dict[str, Any]:
        return {"by": self.period, "since": self.since, "until": self.until,
                "unit": self.unit, "measure": self.measure, "normalise": self.normalise,
                "min_sources": self.min_sources}


@dataclass(frozen=True)
class PeriodInfo:
    start: date
    end: date
    label: str
    coverage: dict[str, Any]
    volume: float


@dataclass(frozen=True)
class DyadSeries:
    a: Side
    b: Side
    window: Window
    definition: dict[str, Any]
    periods: list[PeriodInfo]
    # (direction, quad) -> one figure per period; ("total", "all") the whole dyad
    series: dict[tuple[str, str], list[Figure]]

    def direction_label(self, direction: str) -> str:
        return {"forward": f"{self.a.label}->{self.b.label}",
                "backward": f"{self.b.label}->{self.a.label}",
                "joint": f"{self.a.label}+{self.b.label}",
                "total": "all"}[direction]

    def as_json(self, explain: bool = False) -> dict[str, Any]:
        periods = []
        for i, info in enumerate(self.periods):
            directions: dict[str, Any] = {}
            for direction in DIRECTIONS:
                directions[self.direction_label(direction)] = {
                    quad: self.series[(direction, quad)][i].as_json(explain) for quad in QUADS}
            periods.append({
                "period": info.label, "start": info.start.isoformat(),
                "end": info.end.isoformat(), "coverage": info.coverage,
                "volume": round(info.volume, 6), "directions": directions,
                "total": self.series[("total", "all")][i].as_json(explain)})
        return {"kind": "dyad", "definition": self.definition,
                "a": side_json(self.a), "b": side_json(self.b),
                "query": self.window.as_json(), "periods": periods}


    def rows(self) -> list[dict[str, Any]]:
        """One flat row per period, direction and quad (CSV and table exports)."""
        return [{"period": info.label, "start": info.start.isoformat(),
                 "end": info.end.isoformat(), "direction": self.direction_label(direction),
                 "quad": quad, **self.series[(direction, quad)][i].fields(),
                 "definition": self.definition["hash"]}
                for i, info in enumerate(self.periods)
                for direction in DIRECTIONS for quad in QUADS]


def side_json(side: Side) -> dict[str, Any]:
    return {"label": side.label, "kind": side.kind, "countries": list(side.party.countries),
            "igos": list(side.party.igos), "sectors": list(side.party.sectors)}


def dyad_series(store: Store, a: Side, b: Side, window: Window,
                settings: AnalyticsOptions) -> DyadSeries:
    query = window.flow_query(a, b)
    rows = store.flows(query)
    starts = period_starts(window, [r.period for r in rows])
    infos = period_infos(store, window, starts, home=set(a.party.countries + b.party.countries))
    cells: dict[tuple[str, str, date], list[Contribution]] = defaultdict(list)
    for row in rows:
        cells[(row.direction, row.quad, row.period)] += contributions(row)
        cells[("total", "all", row.period)] += contributions(row)
    raw: dict[tuple[str, str], list[Figure]] = {}
    for key in [(d, q) for d in DIRECTIONS for q in QUADS] + [("total", "all")]:
        raw[key] = [with_band(Figure(merge(cells.get((*key, s), [])), window.measure),
                              settings, settings.sparse_below) for s in starts]
    denominators = Denominators(
        volume=[info.volume for info in infos],
        total=[f.raw for f in raw[("total", "all")]], total_label="dyad total")
    series = {key: normalise(figures, window.normalise, denominators, settings)
              for key, figures in raw.items()}
    spec = {"a": side_json(a), "b": side_json(b), **window.as_json()}
    return DyadSeries(a=a, b=b, window=window, periods=infos, series=series,
                      definition=definition("dyad", spec, settings,
                                            store.corrections_in_force()))


def contributions(row: FlowRow) -> list[Contribution]:
    return [Contribution(event_id=e, units=u, weight=w, score=s) for e, u, w, s in
            zip(row.event_ids, row.units, row.contributions, row.scores, strict=True)]


def period_starts(window: Window, found: list[date]) -> list[date]:
    """Every period of the window: from --since (else the first event) to --until (else
    the last event), with the periods between that hold no event."""
    first = date.fromisoformat(window.since) if window.since else min(found, default=None)
    last = date.fromisoformat(window.until) if window.until else max(found, default=None)
    if first is None or last is None or first > last:
        return []
    return starts_between(first, last, window.period)


def period_infos(store: Store, window: Window, starts: list[date], home: set[str],
                 ) -> list[PeriodInfo]:
    """Each period's label, coverage diagnostics and corpus volume (all events, whoever
    took part, in the same unit, measure and filters)."""
    volume = {v.period: v for v in store.volume(window.volume_query())} if starts else {}
    coverage = {c.period: c for c in store.coverage(window.period, window.since,
                                                    window.until)} if starts else {}
    infos = []
    for start in starts:
        row = volume.get(start)
        amount = 0.0 if row is None else (
            float(row.weight) if window.measure == "weight" else float(row.units))
        infos.append(PeriodInfo(start=start, end=period_end(start, window.period),
                                label=label(start, window.period),
                                coverage=diagnostics(coverage.get(start), home),
                                volume=amount))
    return infos
