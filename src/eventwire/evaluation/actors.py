"""Score actor coding on PLOVER gold-standard records (JSON: a list of records, each with
``text`` and ``source`` / ``target`` lists of ``{actorText, code, sector}``).

For every gold actor the actor found at its span (the mention overlapping it most) is
compared: its country code (``IGO`` for international organisations) and whether the gold
sector (the first three letters of it) is among its sectors; a gold actor without sector
wants none. A gold actor with no mention at its span counts as wrong on both.

Each record's text goes through the configured pipeline (:mod:`.documents`), its date as
the source's publication date, and the actors layer of the finished document is scored:
the actors later stages see and the store keeps.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.document import Actor
from eventwire.errors import OptionsError
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.pipeline import Pipeline


@dataclass
class ActorResult:
    record: str
    text: str
    gold_code: str
    gold_sector: str | None
    found: Actor | None

    @property
    def code_ok(self) -> bool:
        return self.found is not None and _code(self.found) == self.gold_code

    @property
    def sector_ok(self) -> bool:
        if self.found is None:
            return False
        if not self.gold_sector:
            return not [s for s in self.found.sectors if s != "IGO"]
        return self.gold_sector in self.found.sectors


def _code(actor: Actor) -> str:
    return actor.country or ("IGO" if "IGO" in actor.sectors else "---")


def _gold_actors(record: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for role in ("source", "target"):
        value = record.get(role)
        if isinstance(value, list):
            out.extend(a for a in value if isinstance(a, dict) and a.get("actorText"))
    return out


def _locate(text: str, actor_text: str) -> tuple[int, int] | None:
    """Where the gold text stands; '...' in it (words left out) matches a short gap."""
    parts = [p for p in re.split(r"\s*\.\.\.?\s*", actor_text.strip()) if p]
    pattern = r".{0,80}?".join(r"\s+".join(re.escape(w) for w in part.split())
                                for part in parts)
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def _best(actors: list[Actor], span: tuple[int, int]) -> Actor | None:
    best: tuple[int, Actor] | None = None
    for actor in actors:
        for start, end in actor.mentions:
            overlap = min(end, span[1]) - max(start, span[0])
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, actor)
    return best[1] if best else None


def _sector(raw: Any) -> str | None:
    text = str(raw or "").strip()
    return text[:3].upper() if len(text) >= 3 and text[:3].isalpha() else None


def _actors(pipeline: Pipeline, path: Path, record: dict[str, Any], text: str) -> list[Actor]:
    day = record.get("date")
    gold = GoldText(text, f"{path}#{record.get('id', '?')}",
                    published=str(day) if day else None)
    return analyse(pipeline, gold).actors or []


def evaluate(path: Path, pipeline: Pipeline) -> tuple[list[ActorResult], float]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise OptionsError(f"cannot read the gold records: {exc}", source=str(path)) from exc
    results: list[ActorResult] = []
    started = time.perf_counter()
    sentences = 0
    for record in records:
        text = record.get("text")
        gold = _gold_actors(record)
        if not isinstance(text, str) or not gold:
            continue
        sentences += 1
        actors = _actors(pipeline, path, record, text)
        for item in gold:
            span = _locate(text, item["actorText"])
            found = _best(actors, span) if span else None
            results.append(ActorResult(record.get("id", "?"), item["actorText"],
                                       str(item.get("code", "")).upper()[:3],
                                       _sector(item.get("sector")), found))
    rate = sentences / (time.perf_counter() - started) if sentences else 0.0
    return results, rate


def figures(results: list[ActorResult]) -> dict[str, Any]:
    total = len(results)
    if not total:
        return {"actors": 0, "code_accuracy": None, "sector_accuracy": None, "recognised": None}
    return {
        "actors": total,
        "code_accuracy": round(sum(r.code_ok for r in results) / total, 3),
        "sector_accuracy": round(sum(r.sector_ok for r in results) / total, 3),
        "recognised": round(sum(r.found is not None for r in results) / total, 3),
    }
