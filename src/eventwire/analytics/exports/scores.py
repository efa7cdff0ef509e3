"""The PLOVER conflict-cooperation scores (data/plover_scores.yaml) and the weight an
event carries in the network export."""

from __future__ import annotations

import math
from functools import cache

from eventwire.resources import load_yaml

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
QUAD_CODES = {quad: number for number, quad in enumerate(QUADS, start=1)}  # PLOVER quad_code


@cache
def _types() -> dict[str, dict]:
    return dict(load_yaml("plover_scores.yaml")["types"])


def plover_score(event_type: str, mode: str | None) -> float | None:
    """The score of a type in a mode; a mode the table lacks (or none) takes the type's
    score; None for a type the table lacks."""
    entry = _types().get(event_type)
    if entry is None:
        return None
    return float((entry.get("modes") or {}).get(mode, entry["score"]))


def event_weight(event_type: str, mode: str | None, independent_sources: int) -> float:
    """|score| x (1 + ln(independent sources)), at least one source counted: an event told
    by one witness weighs its score, each further independent witness adds less."""
    score = plover_score(event_type, mode) or 0.0
    return abs(score) * (1 + math.log(max(independent_sources, 1)))
