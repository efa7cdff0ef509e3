"""Choose the hybrid coder's thresholds on the held-out split of the project's examples.

Run with ``make thresholds`` after ``make train`` (it reads ``training/out/heldout.jsonl``,
the 15% that train_pairs.py held out, and asks the packaged model again, as the runtime
does). No evaluation set is read: the thresholds are fixed before the dev sets are scored.

For each held-out sentence the rule coder codes it with the marked source and target as
its only actors, as the hybrid would see a mention with both sides. Two scores per pair of
thresholds:

- mentions: over the rule coder's mentions from the source to the target, the hybrid
  keeps, retypes or drops each; a kept mention is right when its type is the gold type
  (gold NONE: any kept mention is wrong); recall is over the examples with a gold type.
  This is what end-to-end coding sees, and the thresholds maximise its F1.
- pairs: macro-F1 of the pair label (the rules' pair classification, then the hybrid's
  decision), reported beside it.

Writes ``training/out/thresholds.json``; copy the choice into ``[events.hybrid]`` of
``src/eventwire/settings.toml``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from eventwire.document import Actor
from eventwire.evaluation.events import Scored, classify_pair, hybrid_pair, macro_f1, plv_label
from eventwire.events.hybrid import Thresholds, combine
from eventwire.events.learned import Pair, pair_classifier
from eventwire.options import load_options
from eventwire.pipeline import Pipeline

OUT = Path(__file__).resolve().parent / "out"
REPLACE = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)
DROP = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01)
_MARK = re.compile(r"</?[st]>")


@dataclass
class Example:
    gold: str  # the training label: a PLOVER type or NONE
    pair: Pair
    rule_pair: str  # the rules' pair label (PLV's labels)
    mentions: list[str]  # the types of the rule mentions from source to target
    probabilities: dict[str, float]


def unmark(text: str) -> Pair:
    """The plain sentence and the offsets of the marked source and target."""
    plain, spans, opened = "", {}, {}
    position = 0
    for match in _MARK.finditer(text):
        plain += text[position:match.start()]
        position = match.end()
        tag = match.group()
        if tag.startswith("</"):
            spans[tag[2]] = (opened[tag[2]], len(plain))
        else:
            opened[tag[1]] = len(plain)
    plain += text[position:]
    return Pair(plain, spans["s"], spans["t"])


def rule_view(pipeline: Pipeline, pair: Pair) -> tuple[str, list[str]]:
    """The rules' pair label and the types of their mentions from source to target."""
    from eventwire.evaluation.events import rule_coder

    label = classify_pair(pipeline, pair.sentence, pair.source, pair.target)
    marked = [Actor(id="S", name="source", kind="organization", code="",
                    mentions=[pair.source]),
              Actor(id="T", name="target", kind="organization", code="",
                    mentions=[pair.target])]
    events = rule_coder(pipeline).code_with(pipeline.nlp(pair.sentence), marked, "h", None,
                                            None)
    return label, [e.type for e in events if "S" in e.source and "T" in e.target]


def mention_f1(examples: list[Example], thresholds: Thresholds) -> dict[str, float]:
    kept = right = found = 0
    for ex in examples:
        final = [combine(t, ex.probabilities, thresholds) for t in ex.mentions]
        final = [t for t in final if t is not None]
        kept += len(final)
        right += sum(t == ex.gold for t in final)
        found += ex.gold != "NONE" and ex.gold in final
    gold = sum(ex.gold != "NONE" for ex in examples)
    p, r = (right / kept if kept else 0.0), found / gold
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def pair_f1(examples: list[Example], thresholds: Thresholds | None) -> float:
    scored = []
    for ex in examples:
        gold = "NONE" if ex.gold == "NONE" else plv_label(ex.gold)
        label = ex.rule_pair if thresholds is None else \
            hybrid_pair(ex.rule_pair, ex.probabilities, thresholds)
        scored.append(Scored(gold, label))
    return round(macro_f1(scored), 3)


def main() -> None:
    rows = [json.loads(line) for line in (OUT / "heldout.jsonl").read_text().splitlines()]
    pipeline = Pipeline(load_options())
    pairs = [unmark(r["text"]) for r in rows]
    answers = pair_classifier().classify_many(pairs)
    examples = []
    for row, pair, (_label, probabilities) in zip(rows, pairs, answers, strict=True):
        rule_label, mentions = rule_view(pipeline, pair)
        examples.append(Example(row["type"], pair, rule_label, mentions, probabilities))
    never = Thresholds(1.01, 1.01)
    grid = []
    for replace in REPLACE:
        for drop in DROP:
            t = Thresholds(replace, drop)
            grid.append({"replace_above": replace, "drop_none_above": drop,
                         "mentions": mention_f1(examples, t), "pair_macro_f1": pair_f1(
                             examples, t)})
    best = max(grid, key=lambda g: (g["mentions"]["f1"], g["pair_macro_f1"],
                                    -g["replace_above"], -g["drop_none_above"]))
    result = {"heldout_examples": len(examples),
              "rules_only": {"mentions": mention_f1(examples, never),
                             "pair_macro_f1": pair_f1(examples, None)},
              "chosen": best, "grid": grid}
    (OUT / "thresholds.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("heldout_examples", "rules_only", "chosen")},
                     indent=2))


if __name__ == "__main__":
    main()
