"""The hybrid coder: the rule coder's mentions, retyped or dropped by the learned classifier.

The rules find triggers, actors' roles, modality, dates and magnitudes; the classifier
(:mod:`eventwire.events.learned`) only judges the relation of a source and a target
already found. So it is asked only about mentions with both a source and a target, where
its answer can change something, and the decision (:func:`combine`) uses two thresholds
chosen on the held-out split of the project's own examples (``make thresholds``):

- the classifier's type replaces the rule's when it is another PLOVER type whose
  probability is at least ``replace_above``;
- a ``NONE`` with probability at least ``drop_none_above`` drops the mention (the pair
  holds no event with this source acting on this target: background, reversed roles, a
  drill, a metaphor);
- otherwise the rule's type stands.

Every mention it returns carries its name (``eventwire.events.hybrid.v1``), so stored
provenance says that the learned model took part in the coding.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from spacy.tokens import Doc

from eventwire.document import Actor, Document, EventMention
from eventwire.events.coder import RuleCoder
from eventwire.events.learned import Pair, PairClassifier, Span
from eventwire.events.lexicon import QUADS

CODER = "eventwire.events.hybrid.v1"


@dataclass(frozen=True)
class Thresholds:
    replace_above: float
    drop_none_above: float


def combine(rule_type: str, probabilities: dict[str, float],
            thresholds: Thresholds) -> str | None:
    """The type to keep for a mention the rules typed ``rule_type``; None to drop it."""
    best = max(probabilities, key=probabilities.__getitem__)
    if best == "NONE":
        return None if probabilities[best] >= thresholds.drop_none_above else rule_type
    if best != rule_type and probabilities[best] >= thresholds.replace_above:
        return best
    return rule_type


def _nearest_in(actor: Actor | None, sentence: Span, trigger: Span) -> Span | None:
    """The actor's mention inside the sentence nearest to the trigger, relative to the
    sentence."""
    if actor is None:
        return None
    inside = [m for m in actor.mentions if sentence[0] <= m[0] and m[1] <= sentence[1]]
    if not inside:
        return None
    start, end = min(inside, key=lambda m: abs(m[0] - trigger[0]))
    return start - sentence[0], end - sentence[0]


def pair_of(mention: EventMention, actors: dict[str, Actor]) -> Pair | None:
    """The question to ask about a mention: its sentence with its first source and first
    target marked; None when either has no mention in the sentence."""
    if not mention.source or not mention.target:
        return None
    sentence, trigger = mention.evidence.span, mention.evidence.trigger
    source = _nearest_in(actors.get(mention.source[0]), sentence, trigger)
    target = _nearest_in(actors.get(mention.target[0]), sentence, trigger)
    if source is None or target is None or source == target:
        return None
    return Pair(mention.evidence.sentence, source, target)


class HybridCoder:
    """The rule coder and the pair classifier; an :class:`~.protocol.EventCoder`."""

    name = CODER

    def __init__(self, rules: RuleCoder, classifier: PairClassifier,
                 thresholds: Thresholds) -> None:
        self.rules = rules  # evaluations code bare sentences through it
        self.classifier = classifier
        self.thresholds = thresholds

    def code(self, parse: Doc, document: Document) -> list[EventMention]:
        mentions = self.rules.code(parse, document)
        actors = {a.id: a for a in document.actors or []}
        asked = {i: pair for i, m in enumerate(mentions)
                 if (pair := pair_of(m, actors)) is not None}
        answers = dict(zip(asked, self.classifier.classify_many(list(asked.values())),
                           strict=True))
        out = []
        for i, mention in enumerate(mentions):
            if i not in answers:
                out.append(mention.model_copy(update={"coder": self.name}))
                continue
            kept = self.decide(mention, answers[i][1], document.id)
            if kept is not None:
                out.append(kept)
        return out

    def decide(self, mention: EventMention, probabilities: dict[str, float],
               doc_id: str) -> EventMention | None:
        """The mention as the combination leaves it, under this coder's name."""
        chosen = combine(mention.type, probabilities, self.thresholds)
        if chosen is None:
            return None
        if chosen == mention.type:
            return mention.model_copy(update={"coder": self.name})
        # another type: the rule pattern's mode and context belonged to the old one
        ident = hashlib.sha256(
            f"{doc_id}:{mention.evidence.trigger[0]}:{chosen}".encode()).hexdigest()[:16]
        return mention.model_copy(update={
            "id": ident, "type": chosen, "mode": None, "context": [], "quad": QUADS[chosen],
            "intensity": self.rules.lexicon.intensity.get(chosen, 0.0),
            "confidence": round(min(mention.confidence, probabilities[chosen]), 2),
            "coder": self.name})
