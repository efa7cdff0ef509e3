"""Score the event coder on PLV pairs (TSV) and PLOVER gold-standard records (JSON).

PLV pair classification: the marked source and target are given; the coder runs with
those two spans as its only actors, and the type of the event joining them is the answer
(CONCEDE and RETREAT count as the older YIELD). It needs the rule coder's parts (coding
with given actors, its triggers), taken from the pipeline that settings built. End to end
(PLV, PLOVER and the project's sentences): the configured pipeline runs on the raw sentence
(:mod:`.documents`), so the events scored are those of the coder settings name, with the
anatomy's date and genre; a gold event is found when an extracted event has its type and
its source and target overlap the gold source and target text (for PLOVER, or carry the
gold ISO-3 codes).
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.document import Actor, EventMention
from eventwire.errors import OptionsError
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.events.coder import RuleCoder
from eventwire.events.hybrid import HybridCoder, Thresholds, combine
from eventwire.events.learned import Pair, pair_classifier
from eventwire.events.lexicon import COOPERATIVE, QUADS
from eventwire.pipeline import Pipeline

#: The pair classifiers ``evaluate_plv`` can score side by side (``eventwire eval plv
#: --compare``): the rule coder's, the learned classifier alone, and the hybrid's decision.
PAIR_CODERS = ("rules", "classifier", "hybrid")

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
              "FIGHT": "ASSAULT"}
PLV_QUAD = {"YIELD": "verbal_cooperation"}


def plv_label(event_type: str, modality: str = "asserted") -> str:
    """The label PLV and the PLOVER gold use: CONCEDE and RETREAT are YIELD, and a
    cooperative act in the future is a statement of intent, AGREE."""
    if modality == "negated" and event_type in COOPERATIVE:
        return "REJECT"  # "will not lift the ban", "refused to release": a refusal
    if modality in ("future", "hypothetical") and event_type in COOPERATIVE:
        return "AGREE"  # PLOVER: cooperative acts in the future tense imply intent
    return "YIELD" if event_type in ("CONCEDE", "RETREAT") else event_type


def _quad(label: str) -> str:
    return PLV_QUAD.get(label) or QUADS.get(label, "none")


@dataclass
class Scored:
    gold: str
    predicted: str


def macro_f1(pairs: list[Scored]) -> float:
    labels = sorted({p.gold for p in pairs})
    scores = []
    for label in labels:
        tp = sum(1 for p in pairs if p.gold == label and p.predicted == label)
        fp = sum(1 for p in pairs if p.gold != label and p.predicted == label)
        fn = sum(1 for p in pairs if p.gold == label and p.predicted != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0)
    return sum(scores) / len(scores) if scores else 0.0


def _span(text: str, part: str) -> tuple[int, int] | None:
    if not part:
        return None
    pattern = r".{0,80}?".join(r"\s+".join(re.escape(w) for w in chunk.split())
                               for chunk in re.split(r"\s*\.\.\.?\s*", part.strip()) if chunk)
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def _overlaps(spans: list[tuple[int, int]], span: tuple[int, int] | None) -> bool:
    return span is not None and any(s < span[1] and span[0] < e for s, e in spans)


def rule_coder(pipeline: Pipeline) -> RuleCoder:
    """The rule coder (the hybrid's own): these evaluations code bare sentences and read
    its triggers."""
    coder = pipeline.resources.coder
    if isinstance(coder, HybridCoder):
        return coder.rules
    if not isinstance(coder, RuleCoder):
        raise OptionsError(f"the event evaluations score the rule coder; settings name "
                           f"{coder.name!r} ([events] coder)", source=coder.name)
    return coder


def classify_pair(pipeline: Pipeline, text: str, source: tuple[int, int],
                  target: tuple[int, int]) -> str:
    """The PLOVER type the coder gives the relation between two marked spans."""
    doc = pipeline.resources.nlp(text)
    marked = [Actor(id="S", name="source", kind="organization", code="", mentions=[source]),
              Actor(id="T", name="target", kind="organization", code="", mentions=[target])]
    events = rule_coder(pipeline).code_with(doc, marked, "pair", None, None)
    for test in (lambda e: "S" in e.source and "T" in e.target,
                 lambda e: "T" in e.source and "S" in e.target,
                 lambda e: "S" in e.source or "T" in e.target):
        chosen = [e for e in events if test(e)]
        if chosen:
            best = max(chosen, key=lambda e: e.confidence)
            return plv_label(best.type, best.modality)
    # No event joins them: the trigger on the dependency path between the two, else the
    # trigger nearest to them.
    triggers = [t for sent in doc.sents for t in rule_coder(pipeline).triggers(sent)]
    if not triggers:
        return "NONE"
    s_span = doc.char_span(*source, alignment_mode="expand")
    t_span = doc.char_span(*target, alignment_mode="expand")
    if s_span is None or t_span is None:
        return plv_label(triggers[0][1].type)
    path = {a.i for a in s_span.root.ancestors} | {a.i for a in t_span.root.ancestors}
    on_path = [t for t in triggers if t[0].i in path]
    middle = (s_span.root.i + t_span.root.i) / 2
    _token, pattern = min(on_path or triggers, key=lambda t: abs(t[0].i - middle))
    return plv_label(pattern.type)


def _e2e(pipeline: Pipeline, gold: GoldText) -> tuple[list[EventMention], dict[str, Actor]]:
    """The events and actors (by id) of the configured pipeline on one gold text."""
    doc = analyse(pipeline, gold)
    return doc.events or [], {a.id: a for a in doc.actors or []}


def _matches(event: EventMention, actors: dict[str, Actor], gold_type: str,
             source: list[dict[str, Any]], target: list[dict[str, Any]], text: str,
             level: str) -> bool:
    def same(found: str, gold: str) -> bool:
        return found == gold if level == "type" else _quad(found) == _quad(gold)

    label = plv_label(event.type, event.modality)
    if gold_type not in ("YIELD", "AGREE", "REJECT") and label in ("YIELD", "AGREE", "REJECT"):
        label = event.type
    if not same(label, gold_type):
        return False

    def hit(ids: list[str], gold: list[dict[str, Any]]) -> bool:
        if not gold:
            return True
        spans = [m for i in ids if i in actors for m in actors[i].mentions]
        codes = {actors[i].country or ("IGO" if "IGO" in actors[i].sectors else None)
                 for i in ids if i in actors}
        return any(_overlaps(spans, _span(text, g.get("text", ""))) or
                   (g.get("code") and g["code"][:3] in codes) for g in gold)

    return hit(event.source, source) and hit(event.target, target)


@dataclass
class E2E:
    gold: int = 0
    found_gold: int = 0
    extracted: int = 0
    correct_extracted: int = 0
    quad_found: int = 0
    quad_correct: int = 0

    def figures(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return round(2 * p * r / (p + r), 3) if p + r else 0.0

        p = self.correct_extracted / self.extracted if self.extracted else 0.0
        r = self.found_gold / self.gold if self.gold else 0.0
        qp = self.quad_correct / self.extracted if self.extracted else 0.0
        qr = self.quad_found / self.gold if self.gold else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": f1(p, r),
                "quad_precision": round(qp, 3), "quad_recall": round(qr, 3),
                "quad_f1": f1(qp, qr)}


def _score(e2e: E2E, events: list[EventMention], actors: dict[str, Actor], gold_type: str,
           source: list[dict[str, Any]], target: list[dict[str, Any]], text: str) -> None:
    e2e.gold += 1
    e2e.extracted += len(events)
    e2e.found_gold += any(_matches(e, actors, gold_type, source, target, text, "type")
                          for e in events)
    e2e.quad_found += any(_matches(e, actors, gold_type, source, target, text, "quad")
                          for e in events)
    e2e.correct_extracted += sum(_matches(e, actors, gold_type, source, target, text, "type")
                                 for e in events)
    e2e.quad_correct += sum(_matches(e, actors, gold_type, source, target, text, "quad")
                            for e in events)


def _pair_figures(pairs: list[Scored]) -> dict[str, Any]:
    accuracy = sum(p.gold == p.predicted for p in pairs) / len(pairs) if pairs else 0.0
    quad = sum(_quad(p.gold) == _quad(p.predicted) for p in pairs) / len(pairs) if pairs else 0
    return {"accuracy": round(accuracy, 3), "macro_f1": round(macro_f1(pairs), 3),
            "quad_accuracy": round(quad, 3)}


def hybrid_pair(rule_label: str, probabilities: dict[str, float],
                thresholds: Thresholds) -> str:
    """The hybrid coder's decision on a pair the rules labelled ``rule_label``: a dropped
    mention is NONE, a replaced type takes PLV's label."""
    chosen = combine(rule_label, probabilities, thresholds)
    if chosen is None:
        return "NONE"
    return rule_label if chosen == rule_label else plv_label(chosen)


def _learned_pairs(pipeline: Pipeline, questions: list[tuple[str, Pair | None]],
                   rule_labels: list[str]) -> dict[str, list[Scored]]:
    """The classifier's and the hybrid's labels for the same pairs as the rules'."""
    settings = pipeline.options.events.hybrid
    thresholds = Thresholds(settings.replace_above, settings.drop_none_above)
    asked = [pair for _gold, pair in questions if pair is not None]
    answers = iter(pair_classifier(settings.model).classify_many(asked))
    learned: list[Scored] = []
    combined: list[Scored] = []
    for (gold, pair), rule_label in zip(questions, rule_labels, strict=True):
        if pair is None:
            learned.append(Scored(gold, "NONE"))
            combined.append(Scored(gold, "NONE"))
            continue
        label, probabilities = next(answers)
        learned.append(Scored(gold, plv_label(label)))
        combined.append(Scored(gold, hybrid_pair(rule_label, probabilities, thresholds)))
    return {"classifier": learned, "hybrid": combined}


def evaluate_plv(path: Path, pipeline: Pipeline, compare: bool = False) -> dict[str, Any]:
    """Pair classification with the gold spans (the configured coder's: the rules', or the
    hybrid's decision over them; with ``compare``, rules, classifier and hybrid side by
    side in ``pairs_by``) and end-to-end coding with the configured pipeline."""
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream, delimiter="\t"))
    except OSError as exc:
        raise OptionsError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    questions: list[tuple[str, Pair | None]] = []
    rule_labels: list[str] = []
    e2e = E2E()
    started = time.perf_counter()
    for row_number, row in enumerate(rows, 2):  # line 1 is the header
        text, gold = row["sentence"], row["gold_root"].strip().upper()
        gold = OLD_LABELS.get(gold, gold)
        source, target = _span(text, row["source"]), _span(text, row["target"])
        if source is None or target is None:
            questions.append((gold, None))
            rule_labels.append("NONE")
            continue
        questions.append((gold, Pair(text, source, target)))
        rule_labels.append(classify_pair(pipeline, text, source, target))
        events, actors = _e2e(pipeline, GoldText(text, f"{path}:{row_number}"))
        _score(e2e, events, actors, gold, [{"text": row["source"]}],
               [{"text": row["target"]}], text)
    by_coder = {"rules": [Scored(g, label) for (g, _), label in
                          zip(questions, rule_labels, strict=True)]}
    hybrid = isinstance(pipeline.resources.coder, HybridCoder)
    if compare or hybrid:
        by_coder |= _learned_pairs(pipeline, questions, rule_labels)
    seconds = time.perf_counter() - started
    pairs = by_coder["hybrid" if hybrid else "rules"]
    e2e_figures = e2e.figures()
    figures: dict[str, Any] = {
        "pairs": len(pairs), **_pair_figures(pairs),
        "e2e_precision": e2e_figures["precision"], "e2e_recall": e2e_figures["recall"],
        "e2e_f1": e2e_figures["f1"],
        "sentences_per_second": round(len(pairs) / seconds, 1) if seconds else None,
    }
    if compare:
        figures["pairs_by"] = {name: _pair_figures(by_coder[name]) for name in PAIR_CODERS}
    figures["confusion"] = Counter(f"{p.gold}->{p.predicted}" for p in pairs
                                   if p.gold != p.predicted).most_common(15)
    return figures


def _gold_actors(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [{"text": a.get("actorText", ""), "code": a.get("code")} for a in value
            if isinstance(a, dict)]


def evaluate_plover(path: Path, pipeline: Pipeline) -> dict[str, Any]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise OptionsError(f"cannot read the gold records: {exc}", source=str(path)) from exc
    e2e = E2E()
    started = time.perf_counter()
    count = 0
    for record in records:
        text, gold = record.get("text"), str(record.get("event", "")).upper()
        gold = OLD_LABELS.get(gold, gold)
        if not isinstance(text, str) or gold in ("", "DOCUMENT") or \
                not isinstance(record.get("source"), list):
            continue
        count += 1
        events, actors = _e2e(pipeline, GoldText(text, f"{path}#{record.get('id', '?')}"))
        _score(e2e, events, actors, gold, _gold_actors(record.get("source")),
               _gold_actors(record.get("target")), text)
    seconds = time.perf_counter() - started
    figures = e2e.figures()
    return {"records": count, "precision": figures["precision"], "recall": figures["recall"],
            "f1": figures["f1"], "quad_f1": figures["quad_f1"],
            "sentences_per_second": round(count / seconds, 1) if seconds else None}


def _sentence(path: Path, number: int, row: dict[str, Any]) -> GoldText:
    """An annotated sentence with its date and genre as its source would state them: the
    date as the publication date, the genre as the site's section ("Opinion"), which the
    anatomy reads as production reads a page's."""
    genre = row.get("genre")
    return GoldText(row["text"], f"{path}#{number}",
                    published=str(row.get("date") or "") or None,
                    section=str(genre).replace("_", " ").title() if genre else None)


def evaluate_sentences(path: Path, pipeline: Pipeline) -> dict[str, Any]:
    """The project's annotated sentences (tests/fixtures/events/sentences.yaml).

    A gold event is found when an extracted event has its type and shares a source
    country (and, if the gold has targets, a target country); its modality is then
    compared. ``false_assertion_rate`` is the share of extracted asserted or reported
    events that match no gold asserted or reported event: the figure that says how often
    the coder would put a hope, an opinion or a denial into the data as a fact.
    """
    import yaml

    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    gold_total = found = modality_ok = extracted = 0
    factual_extracted = factual_wrong = 0
    per_type: dict[str, list[int]] = {}
    for number, row in enumerate(rows, 1):
        events, actors = _e2e(pipeline, _sentence(path, number, row))
        codes = {key: a.country or ("IGO" if "IGO" in a.sectors else "")
                 for key, a in actors.items()}
        extracted += len(events)
        gold_events = row.get("events") or []

        def agrees(event: EventMention, gold: dict[str, Any],
                   codes: dict[str, str] = codes) -> bool:
            sources = {codes.get(s) for s in event.source}
            targets = {codes.get(t) for t in event.target} | sources
            return event.type == gold["type"] and (
                not gold.get("source") or bool(sources & set(gold["source"]))) and (
                not gold.get("target") or bool(targets & set(gold["target"])))

        for gold in gold_events:
            gold_total += 1
            counts = per_type.setdefault(gold["type"], [0, 0])
            counts[1] += 1
            match = next((e for e in events if agrees(e, gold)), None)
            if match is not None:
                found += 1
                counts[0] += 1
                modality_ok += match.modality == gold.get("modality", "asserted")
        factual_gold = [g for g in gold_events
                        if g.get("modality", "asserted") in ("asserted", "reported")]
        for event in events:
            if event.modality in ("asserted", "reported"):
                factual_extracted += 1
                factual_wrong += not any(agrees(event, g) for g in factual_gold)
    return {
        "sentences": len(rows), "gold_events": gold_total,
        "recall": round(found / gold_total, 3) if gold_total else 0.0,
        "precision": round(found / extracted, 3) if extracted else 0.0,
        "modality_accuracy": round(modality_ok / found, 3) if found else 0.0,
        "false_assertion_rate": round(factual_wrong / factual_extracted, 3)
        if factual_extracted else 0.0,
        "recall_by_type": {t: round(c[0] / c[1], 2) for t, c in sorted(per_type.items())},
    }
