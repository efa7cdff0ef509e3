"""`influence --compare 2021Q2 2021Q3`: what changed between two periods for each power,
how sure that is, and which events account for it.

Change bands follow ACLED's practice of naming a change relative to its baseline, with a
guard for low baselines: from fewer than `compare_min_baseline` events no percentage is
given (five events becoming ten is not "+100%" anyone should quote), only the absolute
change. Bands: ratio >= 2 "large increase", >= 1.25 "increase", > 0.8 "about the same",
> 0.5 "decrease", else "large decrease"; from nothing to something "new activity".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from eventwire.analytics.dyads import Window
from eventwire.analytics.figures import Figure
from eventwire.analytics.influence import KINDS, InfluenceTable, influence
from eventwire.analytics.parties import Side
from eventwire.analytics.periods import parse_label, period_end
from eventwire.errors import OptionsError
from eventwire.options import AnalyticsOptions
from eventwire.store.base import Store

DRIVERS = 5  # events listed as accounting for a change, each way


def compare(store: Store, region: Side, powers: list[Side], window: Window,
            first: str, second: str, settings: AnalyticsOptions) -> dict[str, Any]:
    kind, start_a = parse_label(first)
    kind_b, start_b = parse_label(second)
    if kind != kind_b:
        raise OptionsError("compare two periods of the same kind (2021Q2 and 2021Q3)",
                           source=f"{first} {second}")
    if start_a >= start_b:
        raise OptionsError("the first period must come before the second",
                           source=f"{first} {second}")
    whole = replace(window, period=kind, since=start_a.isoformat(),
                    until=period_end(start_b, kind).isoformat())
    table = influence(store, region, powers, whole, settings)
    a, b = _index(table, start_a), _index(table, start_b)
    result: dict[str, Any] = {
        "kind": "influence-compare", "definition": table.definition,
        "from": table.periods[a].label, "to": table.periods[b].label,
        "coverage": {"from": table.periods[a].coverage, "to": table.periods[b].coverage},
        "powers": {}}
    for power in powers:
        found = table.series[power.label]
        entry: dict[str, Any] = {"share": _share_change(found.share[a], found.share[b])}
        for name in KINDS:
            figures = getattr(found, name)
            entry[name] = change(figures[a], figures[b], settings)
        result["powers"][power.label] = entry
    return result


def driver_ids(result: dict[str, Any]) -> list[str]:
    """Every event a comparison names as a driver of a change, once, in order."""
    found: dict[str, None] = {}
    for entry in result["powers"].values():
        for kind in KINDS:
            for side in entry[kind]["drivers"].values():
                found.update(dict.fromkeys(d["event"] for d in side))
    return list(found)


def _index(table: InfluenceTable, start: date) -> int:
    for i, info in enumerate(table.periods):
        if info.start == start:
            return i
    raise OptionsError("period outside the data", source=start.isoformat())


def _share_change(before: Figure, after: Figure) -> dict[str, Any]:
    return {"from": before.as_json(), "to": after.as_json(),
            "change": None if before.value is None or after.value is None
            else round(after.value - before.value, 6)}


def change(before: Figure, after: Figure, settings: AnalyticsOptions) -> dict[str, Any]:
    """Two figures of one series: the absolute change, the ratio and its band (guarded),
    whether their uncertainty bands overlap, and the events that account for it."""
    difference = after.raw - before.raw
    found: dict[str, Any] = {
        "from": before.raw, "to": after.raw, "change": round(difference, 6),
        "events_from": len(before.events), "events_to": len(after.events),
        "bands_overlap": _overlap(before, after), **band(before, after, settings),
        "drivers": drivers(before, after)}
    return found


def band(before: Figure, after: Figure, settings: AnalyticsOptions) -> dict[str, Any]:
    if len(before.events) < settings.compare_min_baseline:
        if not before.events and after.events:
            label = "new activity"
        elif not before.events and not after.events:
            label = "no activity"
        else:
            label = "increase" if after.raw > before.raw else (
                "decrease" if after.raw < before.raw else "about the same")
        return {"ratio": None, "band": label,
                "guard": f"baseline of {len(before.events)} events (fewer than "
                         f"{settings.compare_min_baseline}): no percentage change"}
    ratio = after.raw / before.raw if before.raw else None
    if ratio is None:
        return {"ratio": None, "band": "about the same", "guard": "baseline weighs 0"}
    label = ("large increase" if ratio >= 2 else "increase" if ratio >= 1.25 else
             "about the same" if ratio > 0.8 else "decrease" if ratio > 0.5 else
             "large decrease")
    return {"ratio": round(ratio, 6), "percent": round((ratio - 1) * 100, 1), "band": label,
            "guard": None}


def _overlap(before: Figure, after: Figure) -> bool | None:
    if None in (before.low, before.high, after.low, after.high):
        return None
    return not (before.high < after.low or after.high < before.low)  # type: ignore[operator]


def drivers(before: Figure, after: Figure) -> dict[str, list[dict[str, Any]]]:
    """The biggest events of the second period and of the first: what came, what went."""
    return {
        "in_second": [{"event": c.event_id, "weight": str(c.weight), "units": c.units}
                      for c in after.events[:DRIVERS]],
        "in_first": [{"event": c.event_id, "weight": str(c.weight), "units": c.units}
                     for c in before.events[:DRIVERS]]}
