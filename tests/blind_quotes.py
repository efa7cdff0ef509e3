"""Scoring of the quotes and claims layers against the blind press-release set
(tests/fixtures/quotes/blind-set.yaml, written by another hand without sight of the code).

Quotes: a gold quote is found when an extracted quote's content overlaps it; its speaker
is right when the extracted quote resolves to an actor with a mention of the gold speaker
(any occurrence of the gold string in the text). Claims: a gold claim is found when an
extracted claim overlaps it; its value is right when value (or, for a range, both ends)
agrees to 0.5 %, its unit when the singular forms agree. Precision counts the extracted
items that overlap some gold item.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from eventwire.document import Document
from eventwire.ingest.containers import Draft
from eventwire.pipeline import Pipeline

BLIND = Path(__file__).resolve().parent / "fixtures" / "quotes" / "blind-set.yaml"


def _occurrences(text: str, needle: str | None) -> list[tuple[int, int]]:
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def singular(unit: str) -> str:
    words = []
    for word in unit.lower().replace("-", " ").split():
        if word.endswith("men") and len(word) > 4:  # servicemen, policemen
            word = word[:-3] + "man"
        elif word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def analyse(pipeline: Pipeline, item: dict[str, Any]) -> Document:
    draft = Draft(source=f"blind:{item['id']}", format="text", text=item["text"],
                  extractor="test")
    return pipeline.analyse(pipeline.document(draft, item["id"]))


def score(pipeline: Pipeline, path: Path = BLIND) -> tuple[dict[str, float], list[str]]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    totals = {"gold_quotes": 0, "found_quotes": 0, "right_speaker": 0, "extracted_quotes": 0,
              "correct_quotes": 0, "gold_claims": 0, "found_claims": 0, "right_value": 0,
              "right_unit": 0, "extracted_claims": 0, "correct_claims": 0}
    misses: list[str] = []
    for item in items:
        doc = analyse(pipeline, item)
        text = doc.text
        actors = {a.id: a for a in doc.actors or []}
        quotes = doc.quotes or []
        gold_spans = []
        for gold in item.get("quotes") or []:
            where = _occurrences(text, gold["text"])
            gold_spans.append(where)
            totals["gold_quotes"] += 1
            matching = [q for q in quotes if _overlaps(q.parts or [q.span], where)]
            if not matching:
                misses.append(f"{item['id']}: missed {gold['kind']} {gold['text'][:60]!r}")
                continue
            totals["found_quotes"] += 1
            speaker_at = _occurrences(text, gold.get("speaker"))
            if any(q.speaker in actors and _overlaps(actors[q.speaker].mentions, speaker_at)
                   for q in matching):
                totals["right_speaker"] += 1
            else:
                misses.append(f"{item['id']}: speaker of {gold['text'][:40]!r} is "
                              f"{gold.get('speaker')!r}, found "
                              f"{[(q.speaker_text, q.speaker) for q in matching]}")
        totals["extracted_quotes"] += len(quotes)
        totals["correct_quotes"] += sum(
            any(_overlaps(q.parts or [q.span], g) for g in gold_spans) for q in quotes)
        claims = doc.claims or []
        claim_spans = []
        for gold in item.get("claims") or []:
            where = _occurrences(text, gold["text"])
            claim_spans.append(where)
            totals["gold_claims"] += 1
            matching = [c for c in claims if _overlaps([c.span], where)]
            if not matching:
                misses.append(f"{item['id']}: missed claim {gold['text']!r}")
                continue
            totals["found_claims"] += 1
            claim = matching[0]
            ranged = gold.get("low") is not None
            value_ok = (_close(claim.low, gold["low"]) and _close(claim.high, gold["high"])) \
                if ranged else _close(claim.value, float(gold["value"]))
            unit_ok = singular(claim.unit) == singular(str(gold["unit"]))
            totals["right_value"] += value_ok
            totals["right_unit"] += unit_ok
            if not (value_ok and unit_ok):
                misses.append(f"{item['id']}: claim {gold['text']!r} is {gold['value']} "
                              f"{gold['unit']}, found {claim.value} {claim.unit}")
        totals["extracted_claims"] += len(claims)
        totals["correct_claims"] += sum(any(_overlaps([c.span], g) for g in claim_spans)
                                        for c in claims)
    return figures(totals), misses


def figures(t: dict[str, int]) -> dict[str, float]:
    def ratio(a: str, b: str) -> float:
        return round(t[a] / t[b], 3) if t[b] else 0.0

    return {
        "quote_recall": ratio("found_quotes", "gold_quotes"),
        "quote_precision": ratio("correct_quotes", "extracted_quotes"),
        "speaker_accuracy": ratio("right_speaker", "gold_quotes"),
        "claim_recall": ratio("found_claims", "gold_claims"),
        "claim_precision": ratio("correct_claims", "extracted_claims"),
        "claim_value_accuracy": ratio("right_value", "gold_claims"),
        "claim_unit_accuracy": ratio("right_unit", "gold_claims"),
    }
