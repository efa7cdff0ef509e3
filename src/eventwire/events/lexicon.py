"""The PLOVER trigger lexicon (data/event_lexicon.yaml): verbs and nouns by event type."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from eventwire.errors import OptionsError
from eventwire.resources import load_yaml

TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QUADS = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation",
    "SUPPORT": "verbal_cooperation", "CONCEDE": "verbal_cooperation",
    "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation",
    "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict", "REJECT": "verbal_conflict",
    "THREATEN": "verbal_conflict",
    "PROTEST": "material_conflict", "SANCTION": "material_conflict",
    "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}


@dataclass(frozen=True)
class Pattern:
    lemma: str
    pos: str  # "verb" or "noun"
    type: str
    objects: frozenset[str] = frozenset()
    prep: str | None = None
    target_prep: str | None = None
    with_joint: bool = False
    mode: str | None = None
    context: tuple[str, ...] = ()
    speech: bool = False
    complements: frozenset[str] = frozenset()  # "declined to comment"; "to": any infinitive
    # built by the coder, not a lexicon key: the verb's subject undergoes the act its
    # object names ("faced criticism from", "received backing from")
    undergone: bool = False

    @property
    def specificity(self) -> int:
        return 2 * bool(self.objects) + bool(self.prep) + bool(self.with_joint) + \
            bool(self.complements)


@dataclass(frozen=True)
class Lexicon:
    patterns: dict[str, tuple[Pattern, ...]]  # lemma -> patterns, most specific first
    intensity: dict[str, float]
    light_nouns: dict[str, str]
    light_verbs: frozenset[str] = frozenset()
    non_events: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)

    def candidates(self, lemma: str) -> tuple[Pattern, ...]:
        return self.patterns.get(lemma, ())


def _pattern(row: dict[str, Any], where: str) -> Pattern:
    kind = "verb" if row.get("verb") else "noun" if row.get("noun") else None
    if kind is None or (row.get("type") not in TYPES and not row.get("non_event")):
        raise OptionsError(f"a pattern needs a verb or noun and a PLOVER type: {row}", source=where)
    context = row.get("context") or []
    return Pattern(
        lemma=str(row[kind]).lower(), pos=kind, type=row.get("type", "NONE"),
        objects=frozenset(str(o).lower() for o in row.get("object") or []),
        prep=row.get("prep"), target_prep=row.get("target_prep"),
        with_joint=bool(row.get("with_joint")), mode=row.get("mode"),
        context=tuple(context if isinstance(context, list) else [context]),
        speech=bool(row.get("speech")),
        complements=frozenset(str(c).lower() for c in row.get("complement") or []),
    )


@cache
def lexicon() -> Lexicon:
    where = "data/event_lexicon.yaml"
    data = load_yaml("event_lexicon.yaml")
    grouped: dict[str, list[Pattern]] = {}
    for row in data.get("patterns") or []:
        pattern = _pattern(row, where)
        grouped.setdefault(pattern.lemma, []).append(pattern)
    intensity = {name: float((spec or {}).get("intensity", 0))
                 for name, spec in (data.get("types") or {}).items()}
    light = {str(k).lower(): v for k, v in (data.get("nouns_for_light_verbs") or {}).items()
             if v in TYPES}
    non_events: dict[str, list[Pattern]] = {}
    for row in data.get("non_events") or []:
        pattern = _pattern({**row, "non_event": True}, where)
        non_events.setdefault(pattern.lemma, []).append(pattern)
    return Lexicon(
        patterns={k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in grouped.items()},
        intensity=intensity, light_nouns=light,
        light_verbs=frozenset(str(v).lower() for v in data.get("light_verbs") or []),
        non_events={k: tuple(v) for k, v in non_events.items()},
    )
