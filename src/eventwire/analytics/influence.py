"""The influence index (DESIGN.md, docs/analytics.md): for each power P, each country T of a
region R and each period t,

    C(P,T,t) = sum of w(e) c(e) over the events between P and T with w > 0 (cooperation)
    K(P,T,t) = sum of |w(e)| c(e) over the events between P and T with w < 0 (conflict)
    share(P,R,t) = C(P,R,t) / sum over the powers P' of C(P',R,t)

with w the PLOVER score of the event's type and mode, c = 1 + ln(independent sources), and
"between" meaning P acting on T, T acting on P, or both acting together in a cooperative
event (or fighting each other, which PLOVER codes with both as sources of an ASSAULT). An
event counts once for C(P,R,t) however many of R's countries it involves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from eventwire.analytics.definition import definition
from eventwire.analytics.dyads import (
    PeriodInfo,
    Window,
    contributions,
    period_infos,
    period_starts,
    side_json,
)
from eventwire.analytics.figures import (
    Contribution,
    Denominators,
    Figure,
    merge,
    normalise,
    poisson_draws,
    with_band,
)
from eventwire.analytics.parties import Side
from eventwire.options import AnalyticsOptions
from eventwire.store.base import FlowRow, Store

KINDS = ("cooperation", "conflict")


@dataclass(frozen=True)
class PowerSeries:
    """One power's figures over the periods: in the region and per target country."""

    cooperation: list[Figure]
    conflict: list[Figure]
    share: list[Figure]
    targets: dict[str, dict[str, list[Figure]]]  # T -> cooperation | conflict -> figures


@dataclass(frozen=True)
class InfluenceTable:
    region: Side
    powers: list[Side]
    window: Window
    definition: dict[str, Any]
    periods: list[PeriodInfo]
    series: dict[str, PowerSeries]  # power label -> its figures

    def as_json(self, explain: bool = False) -> dict[str, Any]:
        periods = []
        for i, info in enumerate(self.periods):
            powers = {}
            for power in self.powers:
                found = self.series[power.label]
                powers[power.label] = {
                    "share": found.share[i].as_json(explain),
                    "cooperation": found.cooperation[i].as_json(explain),
                    "conflict": found.conflict[i].as_json(explain),
                    "targets": {t: {k: figures[k][i].as_json(explain) for k in KINDS}
                                for t, figures in found.targets.items()}}
            periods.append({"period": info.label, "start": info.start.isoformat(),
                            "end": info.end.isoformat(), "coverage": info.coverage,
                            "volume": round(info.volume, 6), "powers": powers})
        return {"kind": "influence", "definition": self.definition,
                "region": side_json(self.region),
                "powers": [side_json(p) for p in self.powers],
                "query": self.window.as_json(), "periods": periods}


    def rows(self) -> list[dict[str, Any]]:
        """One flat row per period, power, target ('region' for the whole region) and
        figure (share, cooperation, conflict)."""
        rows = []
        for i, info in enumerate(self.periods):
            for power in self.powers:
                found = self.series[power.label]
                groups = [("region", {"share": found.share, "cooperation": found.cooperation,
                                      "conflict": found.conflict}),
                          *found.targets.items()]
                rows += [{"period": info.label, "start": info.start.isoformat(),
                          "end": info.end.isoformat(), "power": power.label,
                          "target": target, "figure": kind, **figures[i].fields(),
                          "definition": self.definition["hash"]}
                         for target, group in groups for kind, figures in group.items()]
        return rows


def influence(store: Store, region: Side, powers: list[Side], window: Window,
              settings: AnalyticsOptions) -> InfluenceTable:
    rows = {p.label: store.flows(window.flow_query(p, region, by_counterpart=True))
            for p in powers}
    starts = period_starts(window, [r.period for found in rows.values() for r in found])
    infos = period_infos(store, window, starts, home=set(region.party.countries))
    members = list(region.party.countries + region.party.igos)
    grouped = {p: _grouped(found) for p, found in rows.items()}
    raw = {p: _raw_series(grouped[p], starts, members, window, settings) for p in rows}
    totals = {kind: [sum(raw[p][kind][i].raw for p in raw) for i in range(len(starts))]
              for kind in KINDS}
    volume = [info.volume for info in infos]
    series = {}
    for power, figures in raw.items():
        shown = {kind: normalise(figures[kind], window.normalise,
                                 Denominators(volume, totals[kind], "all powers' total"),
                                 settings) for kind in KINDS}
        series[power] = PowerSeries(
            cooperation=shown["cooperation"], conflict=shown["conflict"],
            share=_shares(power, raw, starts, settings),
            targets={t: {kind: normalise(f[kind], window.normalise, Denominators(
                volume, [x.raw for x in f[kind]], "target total"), settings)
                if window.normalise != "share" else f[kind] for kind in KINDS}
                for t, f in figures["targets"].items()})
    spec = {"region": side_json(region), "powers": [side_json(p) for p in powers],
            **window.as_json()}
    return InfluenceTable(region=region, powers=powers, window=window, periods=infos,
                          series=series, definition=definition("influence", spec, settings,
                                                               store.corrections_in_force()))


# (kind, target or None for the region, period) -> contributions
_Cells = dict[tuple[str, str | None, date], list[Contribution]]


def _grouped(rows: list[FlowRow]) -> _Cells:
    cells: _Cells = defaultdict(list)
    for row in rows:
        if row.sign == 0:
            continue  # a score of 0 (a plain request) is neither cooperation nor conflict
        kind = "cooperation" if row.sign > 0 else "conflict"
        found = contributions(row)
        cells[(kind, row.counterpart, row.period)] += found
        cells[(kind, None, row.period)] += found
    return cells


def _raw_series(cells: _Cells, starts: list[date], members: list[str], window: Window,
                settings: AnalyticsOptions) -> dict[str, Any]:
    def figures(kind: str, target: str | None) -> list[Figure]:
        return [with_band(Figure(merge(cells.get((kind, target, s), [])), window.measure),
                          settings, settings.sparse_below) for s in starts]

    return {"cooperation": figures("cooperation", None),
            "conflict": figures("conflict", None),
            "targets": {t: {k: figures(k, t) for k in KINDS} for t in members}}


def _shares(power: str, raw: dict[str, dict[str, Any]], starts: list[date],
            settings: AnalyticsOptions) -> list[Figure]:
    """P's share of all powers' cooperation in each period, with a band from resampling the
    period's events jointly (an event two powers share moves both totals)."""
    shares = []
    for i in range(len(starts)):
        mine = raw[power]["cooperation"][i]
        figures = {p: raw[p]["cooperation"][i] for p in raw}
        total = sum(f.raw for f in figures.values())
        denominator = {"what": "all powers' cooperation", "value": round(total, 6)}
        if total <= 0:
            shares.append(replace(mine, value=None, low=None, high=None,
                                  denominator=denominator,
                                  note="no cooperation with the region in this period"))
            continue
        low, high = _share_band(power, figures, settings)
        shares.append(replace(mine, value=mine.raw / total, low=low, high=high,
                              denominator=denominator))
    return shares


def _share_band(power: str, figures: dict[str, Figure], settings: AnalyticsOptions,
                ) -> tuple[float, float]:
    ids = sorted({c.event_id for f in figures.values() for c in f.events})
    index = {event_id: n for n, event_id in enumerate(ids)}
    draws = poisson_draws(len(ids), ids, settings).astype(float)
    totals = {}
    for name, figure in figures.items():
        values = np.zeros(len(ids))
        for c in figure.events:
            values[index[c.event_id]] = float(c.weight) if figure.measure == "weight" \
                else c.units
        totals[name] = draws @ values
    whole = sum(totals.values())
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(whole > 0, totals[power] / np.where(whole > 0, whole, 1), np.nan)
    tail = (1 - settings.confidence) / 2 * 100
    return float(np.nanpercentile(share, tail)), float(np.nanpercentile(share, 100 - tail))
