"""Event records against exhaustive annotations of real articles (`eventwire eval annotated`).

The annotation files (tests/fixtures/annotated/, format in its GUIDE.md) list, for each
article, every asserted or reported event with its sentence, trigger, type, modality and
the words naming its source and target with their country and sector. The article texts
stay where the public sets keep them (PolNeAR's text/ folder, GeoWebNews' JSONL, TimeBank's
TimeML files, read without their tags as the dates evaluation reads them), found under
``texts`` (by default ../shared/eval).

Each article goes through the configured pipeline; its asserted and reported event
mentions are the system's records. Within one sentence, system and gold events are paired
one to one, the best-agreeing pairs first. A pair is:

- *type-right* when the types are the same;
- *full-record right* (strict) when, besides, the modality is the same and each side is
  right: the same number of actors, each gold actor matched by a system actor whose words
  overlap the gold words in the article (near the sentence) and whose country is the gold
  country (a gold country left null accepts any); the *lenient* figure also accepts a
  system actor with the right words and no country where gold has one (unknown, not
  wrong).

Precision counts system records, recall gold events.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from eventwire.document import Actor, Document, EventMention
from eventwire.errors import OptionsError
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.evaluation.places_times import read_tml
from eventwire.pipeline import Pipeline

COUNTED = ("asserted", "reported")
# How far before the sentence a gold actor's words may stand (a pronoun's antecedent,
# "the same report" naming its outlet a sentence earlier).
_WORDS_REACH = 400


@dataclass(frozen=True)
class GoldActor:
    text: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class GoldEvent:
    sentence: tuple[int, int]
    trigger_at: int
    type: str
    modality: str
    source: tuple[GoldActor, ...]
    target: tuple[GoldActor, ...]


@dataclass
class ArticleResult:
    key: str
    gold: int = 0
    system: int = 0
    type_right: int = 0
    strict: int = 0
    lenient: int = 0
    misses: list[str] = field(default_factory=list)
    # each system record's confidence, and whether its type was right
    confidences: list[tuple[float, bool]] = field(default_factory=list)


def _actors(rows: list[dict[str, Any]] | None) -> tuple[GoldActor, ...]:
    return tuple(GoldActor(str(r["text"]), r.get("country"), r.get("sector"))
                 for r in rows or [])


@dataclass(frozen=True)
class AnnotatedArticle:
    """One annotated article: where its text is (a public set's corpus and id, or
    ``inline`` with the text and date in the file itself) and its gold events."""

    corpus: str
    id: str
    events: list[GoldEvent]
    text: str | None = None  # for corpus "inline": articles the project wrote
    date: str | None = None


def read_annotations(path: Path) -> list[AnnotatedArticle]:
    """The annotated articles of ``path``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        articles = data["articles"]
        return [AnnotatedArticle(
            str(a["corpus"]), str(a["id"]),
            [GoldEvent(tuple(e["sentence"]), int(e["trigger_at"]), str(e["type"]),
                       str(e["modality"]), _actors(e.get("source")), _actors(e.get("target")))
             for e in a.get("events") or []],
            text=str(a["text"]) if a["corpus"] == INLINE else None,
            date=str(a["date"]) if a.get("date") else None) for a in articles]
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise OptionsError(f"not an event annotation file (tests/fixtures/annotated/GUIDE.md):"
                           f" {exc}", source=str(path)) from exc


INLINE = "inline"


def article_text(texts: Path, article: AnnotatedArticle) -> GoldText:
    """The article's text, from the file itself or as the public set stores it, and its
    date where the file or the set says."""
    corpus, name = article.corpus, article.id
    if corpus == INLINE and article.text is not None:
        return GoldText(article.text, f"{corpus}/{name}", published=article.date)
    if corpus == "polnear":
        path = texts / "quotes" / "polnear_dev" / "text" / name
        day = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
        return GoldText(path.read_text(encoding="utf-8"), f"{corpus}/{name}",
                        published=day.group(1) if day else None)
    if corpus == "geowebnews":
        found = _geowebnews(texts / "geo" / "geowebnews.jsonl").get(name)
        if found is None:
            raise OptionsError(f"no GeoWebNews article {name!r}", source=str(texts))
        return GoldText(found, f"{corpus}/{name}")
    if corpus == "timebank":
        text, created, _ = read_tml(texts / "dates" / "timebank_dev" / "AQUAINT" / name)
        return GoldText(text, f"{corpus}/{name}", published=created)
    raise OptionsError(f"unknown corpus {corpus!r} (polnear, geowebnews, timebank or inline)",
                       source=str(texts))


@cache
def _geowebnews(path: Path) -> dict[str, str]:
    """Article id -> text, the file read once however many of its articles are scored."""
    with path.open(encoding="utf-8") as stream:
        return {str(r["id"]): r["text"] for r in map(json.loads, stream)}


def evaluate_annotated(path: Path, texts: Path, pipeline: Pipeline) -> dict[str, Any]:
    results: list[ArticleResult] = []
    person_places: list[str] = []
    for article in read_annotations(path):
        try:
            text = article_text(texts, article)
        except FileNotFoundError as exc:
            raise OptionsError(f"the article text is missing: {exc.filename}; give --texts",
                               source=str(path)) from exc
        doc = analyse(pipeline, text)
        results.append(_score_article(f"{article.corpus}/{article.id}", doc, article.events))
        person_places += _places_as_people(doc, pipeline)
    return _figures(results, person_places)


def paired(doc: Document, gold: list[GoldEvent]
           ) -> tuple[list[tuple[GoldEvent, EventMention | None, int]], list[EventMention]]:
    """Each gold event with the system record paired to it within its sentence (the
    best-agreeing first, one to one) and their agreement (0 none, 1 type, 2 lenient, 3
    strict), and the system records left unpaired."""
    actors = {a.id: a for a in doc.actors or []}
    free = [e for e in doc.events or [] if e.modality in COUNTED]
    pairs: list[tuple[GoldEvent, EventMention | None, int]] = []
    for event in gold:
        candidates = [s for s in free if _in_sentence(s, event)]
        scored = sorted(((_agreement(doc.text, event, s, actors), i, s)
                         for i, s in enumerate(candidates)), key=lambda t: (-t[0], t[1]))
        if not scored or scored[0][0] == 0:
            pairs.append((event, None, 0))
            continue
        best, _, match = scored[0]
        free.remove(match)
        pairs.append((event, match, best))
    return pairs, free


def _score_article(key: str, doc: Document, gold: list[GoldEvent]) -> ArticleResult:
    actors = {a.id: a for a in doc.actors or []}
    result = ArticleResult(key, gold=len(gold),
                           system=sum(e.modality in COUNTED for e in doc.events or []))
    pairs, spurious = paired(doc, gold)
    for event, match, best in pairs:
        if match is None:
            result.misses.append(f"{key}: missed {event.type} at {event.trigger_at} "
                                 f"{doc.text[event.sentence[0]:event.sentence[1]][:90]!r}")
            continue
        result.type_right += 1
        result.lenient += best >= 2
        result.strict += best >= 3
        result.confidences += [(match.confidence, True)]
        if best < 3:
            result.misses.append(f"{key}: {event.type} found, record {_WRONG[best]}: "
                                 f"{_described(match, actors)} at {event.trigger_at}")
    for mention in spurious:
        result.confidences += [(mention.confidence, False)]
        result.misses.append(f"{key}: spurious {_described(mention, actors)} "
                             f"{mention.evidence.sentence[:90]!r}")
    return result


_WRONG = {1: "modality or sides wrong", 2: "an actor's country unknown"}


def _described(mention: EventMention, actors: dict[str, Actor]) -> str:
    def side(ids: list[str]) -> str:
        return ",".join(f"{actors[i].name}[{actors[i].country or '-'}]" if i in actors else i
                        for i in ids) or "-"
    return f"{mention.type} {mention.modality} {side(mention.source)} -> {side(mention.target)}"


def _in_sentence(mention: EventMention, event: GoldEvent) -> bool:
    """The system's trigger stands in the gold event's sentence."""
    return event.sentence[0] <= mention.evidence.trigger[0] < event.sentence[1]


def _agreement(text: str, event: GoldEvent, mention: EventMention,
               actors: dict[str, Actor]) -> int:
    """0 other type; 1 type right; 2 also modality and sides right with unknown countries
    accepted; 3 all strictly right."""
    if mention.type != event.type:
        return 0
    if mention.modality != event.modality:
        return 1
    sides = [(event.source, mention.source), (event.target, mention.target)]
    strict = all(_side_right(text, event, g, s, actors, lenient=False) for g, s in sides)
    if strict:
        return 3
    lenient = all(_side_right(text, event, g, s, actors, lenient=True) for g, s in sides)
    return 2 if lenient else 1


def _side_right(text: str, event: GoldEvent, gold: tuple[GoldActor, ...], ids: list[str],
                actors: dict[str, Actor], lenient: bool) -> bool:
    found = [actors[i] for i in ids if i in actors]
    if len(found) != len(gold):
        return False
    spans = [_word_spans(text, event, g.text) for g in gold]
    for gold_actor, places in zip(gold, spans, strict=True):
        if not any(_actor_right(gold_actor, places, a, lenient) for a in found):
            return False
    return True


def _word_spans(text: str, event: GoldEvent, words: str) -> list[tuple[int, int]]:
    start = max(0, event.sentence[0] - _WORDS_REACH)
    return [(m.start() + start, m.end() + start)
            for m in re.finditer(re.escape(words), text[start:event.sentence[1]])]


def _actor_right(gold: GoldActor, places: list[tuple[int, int]], actor: Actor,
                 lenient: bool) -> bool:
    words = any(s < pe and ps < e for s, e in actor.mentions for ps, pe in places)
    if not words:
        return False
    if gold.country is None or _code_country(actor) == _IGO_CODES.get(gold.country,
                                                                       gold.country):
        return True
    return lenient and actor.country is None


# Annotators write an international body's "country" as IGO, or UNO (CAMEO's code for the
# United Nations); the project codes such actors with no country and the IGO sector, and
# their actor code begins with IGO (DESIGN.md: "ISO-3 country (or IGO)").
_IGO_CODES = {"IGO": "IGO", "UNO": "IGO"}


def _code_country(actor: Actor) -> str | None:
    return actor.country or ("IGO" if "IGO" in actor.sectors else None)


def _places_as_people(doc: Document, pipeline: Pipeline) -> list[str]:
    """People the actor layer made of a country's or a capital's name."""
    gazetteer = pipeline.resources.gazetteer
    return [f"{doc.source}: {a.name}" for a in doc.actors or [] if a.kind == "person"
            and gazetteer.names_a_state(a.name)]


def _brier(scored: list[tuple[float, bool]]) -> float | None:
    """The mean squared gap between each record's confidence and whether its type was
    right (0 is perfect; always saying 0.5 scores 0.25)."""
    if not scored:
        return None
    return round(sum((c - right) ** 2 for c, right in scored) / len(scored), 3)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _figures(results: list[ArticleResult], person_places: list[str]) -> dict[str, Any]:
    total = Counter[str]()
    for r in results:
        total.update({"gold": r.gold, "system": r.system, "type": r.type_right,
                      "strict": r.strict, "lenient": r.lenient})
    return {
        "articles": len(results), "gold_events": total["gold"],
        "system_events": total["system"],
        "type_precision": _ratio(total["type"], total["system"]),
        "type_recall": _ratio(total["type"], total["gold"]),
        "full_precision": _ratio(total["strict"], total["system"]),
        "full_recall": _ratio(total["strict"], total["gold"]),
        "full_precision_lenient": _ratio(total["lenient"], total["system"]),
        "full_recall_lenient": _ratio(total["lenient"], total["gold"]),
        "confidence_brier": _brier([c for r in results for c in r.confidences]),
        "places_as_people": person_places,
        "misses": [m for r in results for m in r.misses],
    }
