"""Scoring of the places and times layers against the blind press-release set
(tests/fixtures/places_blind/gold.yaml, written by another hand without sight of the code).

Places: a gold toponym is found when a resolved place has a mention overlapping the
first occurrence of its text; it is right when it is within the distance its level allows
(cities and sites 50 km; divisions, regions and borders 200 km, their points being rough
centroids; a country must be that country). Times: a gold expression is found when a time
mention overlaps it; it is right when its first and last days are the gold interval's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from eventwire.document import SourceHints
from eventwire.extract.gazetteer import distance_km
from eventwire.ingest.containers import Draft
from eventwire.pipeline import Pipeline

BLIND = Path(__file__).resolve().parent / "fixtures" / "places_blind" / "gold.yaml"
_KM = {"city": 50.0, "site": 50.0, "admin1": 200.0, "region": 200.0}


def _right_place(gold: dict[str, Any], place: Any) -> bool:
    if gold["level"] == "country":
        return place.level == "country" and place.country == gold["country"]
    away = distance_km(place.lat, place.lon, gold["lat"], gold["lon"])
    return away <= _KM.get(gold["level"], 200)


def score(pipeline: Pipeline) -> dict[str, Any]:
    items = yaml.safe_load(BLIND.read_text(encoding="utf-8"))
    found = right = total = 0
    times_found = times_right = times_total = 0
    by_level: dict[str, list[int]] = {}
    misses: list[str] = []
    for item in items:
        text = item["text"]
        # the publication date as a JSONL record would give it
        draft = Draft(item["id"], "text", text, "test", hints=SourceHints(
            published=str(item["published"]), published_origin="jsonl"))
        doc = pipeline.analyse(pipeline.document(draft, "0" * 64))
        for gold in item.get("places") or []:
            total += 1
            start = text.index(gold["text"])
            end = start + len(gold["text"])
            hit = next((p for p in doc.places or [] for s, e in p.mentions
                        if s < end and start < e), None)
            tally = by_level.setdefault(gold["level"], [0, 0])
            tally[1] += 1
            if hit is None:
                misses.append(f"{item['id']}: {gold['text']!r} not found")
                continue
            found += 1
            if _right_place(gold, hit):
                right += 1
                tally[0] += 1
            else:
                misses.append(f"{item['id']}: {gold['text']!r} -> {hit.name} ({hit.level})")
        for gold in item.get("times") or []:
            times_total += 1
            start = text.index(gold["text"])
            end = start + len(gold["text"])
            hit = next((t for t in doc.times or [] if t.span[0] < end and start < t.span[1]),
                       None)
            if hit is None:
                misses.append(f"{item['id']}: time {gold['text']!r} not found")
                continue
            times_found += 1
            if (hit.start, hit.end) == (str(gold["start"]), str(gold["end"])):
                times_right += 1
            else:
                misses.append(f"{item['id']}: time {gold['text']!r} -> {hit.start}..{hit.end}")
    return {
        "places": total, "place_recall": round(found / total, 3),
        "place_accuracy": round(right / total, 3),
        "by_level": {k: round(v[0] / v[1], 3) for k, v in sorted(by_level.items())},
        "times": times_total, "time_recall": round(times_found / times_total, 3),
        "time_accuracy": round(times_right / times_total, 3), "misses": misses,
    }
