"""Calibrated confidence of an event mention.

The rule coder knows how sure it is only roughly (a trigger with both sides found is surer
than a noun with none). This module turns what a mention record shows about itself (its
type and modality, which sides were found and how, whether it stands in a quote or a
headline, how crowded its sentence is) into the probability that an annotator would code
an event of that type in that sentence: a logistic model, trained with numpy on news
articles the project wrote and annotated (``training/news/``, ``make calibrate``), whose
weights ship in ``eventwire/models/mention-confidence/``. The model card beside them says
what it was trained on and how well its probabilities matched on held-out articles.

Only the confidence changes: the calibrated model never adds, drops or retypes a mention,
so every figure built on event counts stays what the rules give.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from eventwire.document import Actor, Document, EventMention, Quote

MODEL_NAME = "mention-confidence"
WEIGHTS_FILE = "weights.json"
# A sentence that ends without a full stop, question or exclamation mark: a headline or
# a caption.
_ENDS_AS_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*\s*$")


def packaged_model_dir() -> Path:
    return Path(str(resources.files("eventwire") / "models" / MODEL_NAME))


@dataclass(frozen=True)
class ConfidenceModel:
    """Weights of a logistic model over named features (absent features are 0)."""

    bias: float
    weights: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) * value
                                for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def to_json(self) -> dict[str, object]:
        return {"bias": self.bias, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ConfidenceModel:
        weights = data["weights"]
        if not isinstance(weights, dict):
            raise ValueError("weights must be a mapping of feature names to numbers")
        return cls(bias=float(data["bias"]),  # type: ignore[arg-type]
                   weights={str(k): float(v) for k, v in weights.items()})


@cache
def packaged_model() -> ConfidenceModel | None:
    """The shipped model, or None when the package carries none (before the first
    ``make calibrate``): the rule coder's own confidences then stand."""
    path = packaged_model_dir() / WEIGHTS_FILE
    if not path.exists():
        return None
    return ConfidenceModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def _side(prefix: str, ids: Sequence[str], actors: dict[str, Actor]) -> dict[str, float]:
    found = [actors[i] for i in ids if i in actors]
    if not found:
        return {f"{prefix}:none": 1.0}
    first = found[0]
    out = {f"{prefix}:{first.kind}": 1.0}
    if len(found) > 1:
        out[f"{prefix}:several"] = 1.0
    if first.country and not first.country_inferred:
        out[f"{prefix}:country"] = 1.0
    elif first.country:
        out[f"{prefix}:country-inferred"] = 1.0
    if first.entry:
        out[f"{prefix}:dictionary"] = 1.0
    if not first.sectors and first.kind != "person":
        out[f"{prefix}:no-sector"] = 1.0
    return out


def _in_quote(at: int, quotes: Sequence[Quote]) -> bool:
    return any(a <= at < b for q in quotes for a, b in (q.parts or [q.span]))


def features(mention: EventMention, actors: dict[str, Actor], quotes: Sequence[Quote],
             crowd: int, prior: float) -> dict[str, float]:
    """What the record shows about itself. ``crowd`` is how many mentions its sentence
    holds; ``prior`` the rule coder's own confidence (it knows a noun trigger from a verb
    and a wish from an act)."""
    out: dict[str, float] = {
        f"type:{mention.type}": 1.0,
        f"modality:{mention.modality}": 1.0,
        "prior": prior,
        "crowd": math.log1p(max(0, crowd - 1)),
        "long-sentence": min(2.0, len(mention.evidence.sentence) / 250),
    }
    out.update(_side("source", mention.source, actors))
    out.update(_side("target", mention.target, actors))
    if mention.source and mention.target:
        out["both-sides"] = 1.0
    if _in_quote(mention.evidence.trigger[0], quotes):
        out["in-quote"] = 1.0
    if not _ENDS_AS_SENTENCE.search(mention.evidence.sentence):
        out["headline"] = 1.0
    if mention.attributed_to:
        out["attributed"] = 1.0
    if mention.mode:
        out["has-mode"] = 1.0
    return out


def mention_features(mentions: Sequence[EventMention], document: Document
                     ) -> list[dict[str, float]]:
    """The features of each of a document's mentions, in order."""
    actors = {a.id: a for a in document.actors or []}
    quotes = document.quotes or []
    crowds = Counter(m.evidence.span for m in mentions)
    return [features(m, actors, quotes, crowds[m.evidence.span], m.confidence)
            for m in mentions]


# The modalities the model was trained on: what an annotator codes as having happened. A
# hypothetical, negated, future or opinion mention keeps the coder's confidence.
CALIBRATED = ("asserted", "reported")


def calibrated(mentions: list[EventMention], document: Document,
               model: ConfidenceModel | None) -> list[EventMention]:
    """The mentions with the model's confidence in place of the rules' own."""
    if model is None or not mentions:
        return mentions
    return [m.model_copy(update={"confidence": round(model.probability(f), 2)})
            if m.modality in CALIBRATED else m
            for m, f in zip(mentions, mention_features(mentions, document), strict=True)]
