"""The PLOVER score table (data/plover_scores.yaml): each event type's quad and score, and
its modes' scores. The weights w(e) of every weighted figure."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import cache

from eventwire.resources import data_dir, load_yaml
from eventwire.store.base import ScoreRow

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
QUAD_CODES = {quad: number for number, quad in enumerate(QUADS, start=1)}  # PLOVER quad_code
SCORES_FILE = "plover_scores.yaml"


@dataclass(frozen=True)
class TypeScore:
    quad: str
    score: float
    modes: dict[str, float]


@dataclass(frozen=True)
class ScoreTable:
    types: dict[str, TypeScore]
    version: int
    digest: str  # sha256 of the table file: part of every definition hash
    decisions: tuple[str, ...]  # ids of the recorded departures from the manual

    def score(self, event_type: str, mode: str | None) -> float:
        entry = self.types[event_type]
        return entry.modes.get(mode, entry.score) if mode else entry.score

    def find(self, event_type: str, mode: str | None) -> float | None:
        """The score, or None for a type the table lacks."""
        return self.score(event_type, mode) if event_type in self.types else None

    def quad(self, event_type: str) -> str:
        return self.types[event_type].quad

    def rows(self) -> tuple[ScoreRow, ...]:
        """The table as the store's analytics read it: (type, mode or None, score, quad)."""
        rows: list[ScoreRow] = []
        for name, entry in self.types.items():
            rows.append((name, None, entry.score, entry.quad))
            rows += [(name, mode, score, entry.quad) for mode, score in entry.modes.items()]
        return tuple(rows)


@cache
def score_table() -> ScoreTable:
    data = load_yaml(SCORES_FILE)
    types = {
        name: TypeScore(quad=spec["quad"], score=float(spec["score"]),
                        modes={str(m): float(v) for m, v in (spec.get("modes") or {}).items()})
        for name, spec in data["types"].items()}
    bad = sorted({t.quad for t in types.values()} - set(QUADS))
    if bad:
        raise ValueError(f"{SCORES_FILE}: unknown quads {bad}")
    digest = hashlib.sha256((data_dir() / SCORES_FILE).read_bytes()).hexdigest()
    return ScoreTable(types=types, version=int(data["source"]["table_version"]),
                      digest=digest,
                      decisions=tuple(str(d["id"]) for d in data.get("decisions") or ()))


def plover_score(event_type: str, mode: str | None) -> float | None:
    """The score of a type in a mode; a mode the table lacks (or none) takes the type's
    score; None for a type the table lacks."""
    return score_table().find(event_type, mode)


def event_weight(event_type: str, mode: str | None, independent_sources: int) -> float:
    """|score| x (1 + ln(independent sources)), at least one source counted: an event told
    by one witness weighs its score, each further independent witness adds less (the
    weight the store's analytics give an event, before rounding)."""
    score = plover_score(event_type, mode) or 0.0
    return abs(score) * (1 + math.log(max(independent_sources, 1)))
