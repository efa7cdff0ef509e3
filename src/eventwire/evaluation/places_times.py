"""Score the places and times layers.

Geo (JSONL, one article a line: ``{"text", "toponyms": [{"start", "end", "lat", "lon"}]}``):
recognition F1 over toponym spans (overlap), and for resolution, over all gold toponyms
(a missed one counts as wrong, at the largest error): accuracy within 161 km, the median
error, and the area under the curve of log errors (lower is better), as the geoparsing
literature reports it.

Dates (TimeML ``.tml``): for each gold DATE TIMEX3, is a time found at its span, and does
its value equal the gold value, given the document creation time.

Both run the configured pipeline over each text (:mod:`.documents`) and score the places
and times layers of the finished document; TimeML's creation time is the source's
publication date, which the anatomy reads and the times stage resolves against.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from pathlib import Path
from typing import Any

from eventwire.errors import OptionsError
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.extract.gazetteer import distance_km
from eventwire.ingest.records import numbered_lines
from eventwire.pipeline import Pipeline

MAX_KM = 20039.0  # half the Earth's circumference: the worst possible error


def evaluate_geo(path: Path, pipeline: Pipeline) -> dict[str, Any]:
    try:
        # bytes decoded as they are, then numbered_lines: only "\n" ends a record
        lines = numbered_lines(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise OptionsError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    gold_total = predicted_total = matched_gold = matched_pred = 0
    errors: list[float] = []
    for number, line in lines:
        if not line.strip():
            continue
        article = json.loads(line)
        places = analyse(pipeline, GoldText(article["text"], f"{path}:{number}")).places or []
        spans = [(s, e, p) for p in places for s, e in p.mentions]
        predicted_total += len(spans)
        gold = [t for t in article.get("toponyms") or [] if t.get("lat") is not None]
        gold_total += len(gold)
        hit_pred: set[int] = set()
        for toponym in gold:
            best = None
            for index, (s, e, place) in enumerate(spans):
                if s < toponym["end"] and toponym["start"] < e:
                    best = (index, place)
                    break
            if best is None:
                errors.append(MAX_KM)
                continue
            matched_gold += 1
            hit_pred.add(best[0])
            errors.append(distance_km(best[1].lat, best[1].lon, float(toponym["lat"]),
                                      float(toponym["lon"])))
        matched_pred += len(hit_pred)
    precision = matched_pred / predicted_total if predicted_total else 0.0
    recall = matched_gold / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    auc = sum(math.log(1 + e) for e in errors) / (len(errors) * math.log(1 + MAX_KM)) \
        if errors else 1.0
    return {
        "toponyms": gold_total, "recognition_f1": round(f1, 3),
        "acc161": round(sum(e <= 161 for e in errors) / len(errors), 3) if errors else 0.0,
        "auc": round(auc, 3), "median_km": round(statistics.median(errors), 1) if errors else None,
        "recognition_precision": round(precision, 3), "recognition_recall": round(recall, 3),
    }


_TIMEX = re.compile(r"<TIMEX3\b(?P<attrs>[^>]*)>(?P<text>.*?)</TIMEX3>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _attr(attrs: str, name: str) -> str | None:
    match = re.search(rf'\b{name}="([^"]*)"', attrs)
    return match.group(1) if match else None


def read_tml(path: Path) -> tuple[str, str | None, list[tuple[int, int, str]]]:
    """The text inside <TEXT>, the creation date, and the gold DATE spans and values."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct_match = re.search(r"<DCT>.*?value=\"([0-9-]{10})", raw, re.S)
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    content = body.group(1) if body else raw
    text_parts: list[str] = []
    gold: list[tuple[int, int, str]] = []
    position = 0
    cursor = 0
    for match in _TIMEX.finditer(content):
        before = _TAG.sub("", content[cursor:match.start()])
        text_parts.append(before)
        position += len(before)
        inner = _TAG.sub("", match.group("text"))
        if _attr(match.group("attrs"), "type") == "DATE":
            gold.append((position, position + len(inner),
                         _attr(match.group("attrs"), "value") or ""))
        text_parts.append(inner)
        position += len(inner)
        cursor = match.end()
    text_parts.append(_TAG.sub("", content[cursor:]))
    return "".join(text_parts), dct_match.group(1) if dct_match else None, gold


def _canonical(value: str) -> str:
    """One spelling per TimeML value: ISO 8601 writes week numbers with two digits, but
    some gold files write "2000-W6" for "2000-W06"; the same week either way."""
    return re.sub(r"-W(\d)\b", r"-W0\1", value)


def evaluate_dates(folder: Path, pipeline: Pipeline) -> dict[str, Any]:
    files = sorted(folder.rglob("*.tml"))
    if not files:
        raise OptionsError("no .tml files here", source=str(folder))
    total = spans_found = values_right = 0
    for path in files:
        text, dct, gold = read_tml(path)
        times = analyse(pipeline, GoldText(text, str(path), published=dct)).times or []
        for start, end, value in gold:
            total += 1
            found = next((t for t in times if t.span[0] < end and start < t.span[1]), None)
            if found is None:
                continue
            spans_found += 1
            values_right += _canonical(found.value) == _canonical(value)
    return {"timexes": total,
            "span_recall": round(spans_found / total, 3) if total else 0.0,
            "value_accuracy": round(values_right / total, 3) if total else 0.0}
