"""`--explain`: every event behind the figures of an output, with its weight and how it was
made (score x corroboration), its chain of sources and the sentences it was read from."""

from __future__ import annotations

import math
from typing import Any

from eventwire.analytics.scores import score_table
from eventwire.contract import Event
from eventwire.store.base import EventFilter, Store
from eventwire.views import side_codes


def event_ids(output: dict[str, Any]) -> list[str]:
    """Every event id any figure of a JSON output lists, once, in order of appearance."""
    found: dict[str, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "event_ids":
                    found.update(dict.fromkeys(item))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(output)
    return list(found)


def explained_events(store: Store, ids: list[str], unit: str) -> dict[str, dict[str, Any]]:
    """Event id -> what a reader needs to check its weight and its evidence."""
    if not ids:
        return {}
    events = store.list_events(EventFilter(ids=tuple(ids)))
    return {e.id: explain_event(e, unit) for e in events}


def explain_event(event: Event, unit: str) -> dict[str, Any]:
    score = score_table().score(event.type, event.mode)
    factor = 1 + math.log(max(event.independent_sources, 1))
    return {
        "type": event.type, "mode": event.mode, "quad": score_table().quad(event.type),
        "start": event.start, "end": event.end, "modality": event.modality,
        "source": side_codes(event.source), "target": side_codes(event.target),
        "score": score, "independent_sources": event.independent_sources,
        "corroboration": round(factor, 6), "mentions": len(event.mentions),
        "weight_rule": (f"|{score}| x (1 + ln(max({event.independent_sources}, 1)))"
                        if unit == "events" else f"|{score}| x {len(event.mentions)} mentions"),
        "chain": [{"name": o.name, "independent": o.independent,
                   "first_published": o.first_published} for o in event.chain],
        "sentences": [{"document": m.document, "publisher": m.publisher,
                       "published": m.published, "source": m.source,
                       "sentence": m.sentence.strip(), "span": m.span}
                      for m in event.mentions]}
