"""Score the quotes layer against BRAT attribution annotations (the PolNeAR format).

A folder holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``: text-bound
``Source``, ``Cue`` and ``Content`` spans (a span may have several fragments, ``s e;s e``)
tied together by ``Attribution`` events (``Attribution-no-source`` when the text names no
source). Where several annotators did one article, the first file in name order is the
gold, so every article counts once.

A gold attribution is **direct** when its content is quoted words: it opens with a
quotation mark and closes with one (trailing punctuation aside); otherwise it is
**indirect** (a paraphrase, possibly with a quoted fragment inside).

For each gold attribution: is there an extracted quote whose content overlaps the gold
content (recall), and does that quote's speaker also overlap the gold source (speaker
recall: the words naming the speaker, or any mention of the actor they resolve to)?
For each extracted quote of a kind: does it overlap some gold content (precision)?

Each text goes through the configured pipeline (:mod:`.documents`), and the quotes and
actors of the finished document are scored: the quotes stage as production runs it, after
the anatomy and the actors stage that had the document's date and cited outlets, with the
speakers it adds to the actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.document import Actor, Quote
from eventwire.errors import OptionsError
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.ingest.records import numbered_lines
from eventwire.pipeline import Pipeline

Fragments = list[tuple[int, int]]
_OPENING = "\"“„«‘'"
_CLOSING = "\"”“»’'"
_TRAILING = ".,;:!?)— \n"


@dataclass
class GoldAttribution:
    content: Fragments
    source: Fragments
    cue: Fragments
    direct: bool


@dataclass
class ArticleResult:
    name: str
    gold: list[GoldAttribution]
    quotes: list[Quote]
    found: list[bool]  # per gold: content matched
    speaker_ok: list[bool]  # per gold: content and speaker matched
    correct: list[bool]  # per quote: overlaps some gold content


def _fragments(spec: str, where: str) -> Fragments:
    out = []
    for part in spec.split(";"):
        try:
            start, end = (int(x) for x in part.split())
        except ValueError as exc:
            raise OptionsError(f"bad BRAT span {part!r}", source=where) from exc
        out.append((start, end))
    return out


def read_ann(path: Path, text: str) -> list[GoldAttribution]:
    """The attributions of one BRAT file."""
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[dict[str, str]] = []
    # BRAT lines end at "\n" only: a quoted span may hold U+2028 or U+0085, which
    # str.splitlines would take for line ends
    for number, line in numbered_lines(path.read_bytes().decode("utf-8")):
        if not line.strip():
            continue
        fields = line.split("\t")
        where = f"{path}:{number}"
        if line.startswith("T") and len(fields) >= 2:
            label, _, spec = fields[1].partition(" ")
            spans[fields[0]] = (label, _fragments(spec, where))
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(item.split(":", 1) for item in fields[1].split() if ":" in item)
            events.append(roles)
    gold = []
    for roles in events:
        content = spans.get(roles.get("Content", ""), ("", []))[1]
        if not content:
            continue
        gold.append(GoldAttribution(
            content=content, source=spans.get(roles.get("Source", ""), ("", []))[1],
            cue=spans.get(roles.get("Cue", ""), ("", []))[1],
            direct=is_direct(text, content)))
    return gold


def is_direct(text: str, content: Fragments) -> bool:
    words = " ".join(text[s:e] for s, e in sorted(content)).strip()
    stripped = words.rstrip(_TRAILING)
    return len(stripped) > 1 and stripped[0] in _OPENING and stripped[-1] in _CLOSING


def _overlaps(a: Fragments, b: Fragments) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _quote_fragments(quote: Quote) -> Fragments:
    return list(quote.parts or [quote.span])


def _speaker_fragments(quote: Quote, actors: dict[str, Actor]) -> Fragments:
    out: Fragments = [quote.speaker_span] if quote.speaker_span else []
    if quote.speaker and quote.speaker in actors:
        out.extend(actors[quote.speaker].mentions)
    return out


def score_article(name: str, text: str, gold: list[GoldAttribution], quotes: list[Quote],
                  actors: list[Actor]) -> ArticleResult:
    by_id = {a.id: a for a in actors}
    found, speaker_ok = [], []
    for item in gold:
        matching = [q for q in quotes if _overlaps(_quote_fragments(q), item.content)]
        found.append(bool(matching))
        speaker_ok.append(any(item.source and _overlaps(_speaker_fragments(q, by_id),
                                                        item.source) for q in matching))
    correct = [any(_overlaps(_quote_fragments(q), g.content) for g in gold) for q in quotes]
    return ArticleResult(name, gold, quotes, found, speaker_ok, correct)


def gold_files(folder: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs: the first annotator's file for each text."""
    texts, notes = folder / "text", folder / "attributions"
    if not texts.is_dir() or not notes.is_dir():
        raise OptionsError("expected the folders text/ and attributions/ (BRAT, the PolNeAR "
                           "layout)", source=str(folder))
    annotations = sorted(notes.glob("*.ann"))
    pairs = []
    for text in sorted(texts.glob("*.txt")):
        pattern = re.compile(re.escape(text.stem) + r"(?:_[^_]+)?\.ann$")
        ann = next((a for a in annotations if pattern.fullmatch(a.name)), None)
        if ann is not None:
            pairs.append((text, ann))
    if not pairs:
        raise OptionsError("no text file has an attribution file", source=str(folder))
    return pairs


def evaluate_quotes(folder: Path, pipeline: Pipeline) -> tuple[dict[str, Any],
                                                               list[ArticleResult]]:
    results = []
    for text_path, ann_path in gold_files(folder):
        text = text_path.read_text(encoding="utf-8")
        gold = read_ann(ann_path, text)
        doc = analyse(pipeline, GoldText(text, str(text_path)))
        results.append(score_article(text_path.stem, text, gold, doc.quotes or [],
                                     doc.actors or []))
    return figures(results), results


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 3) if total else 0.0


def figures(results: list[ArticleResult]) -> dict[str, Any]:
    out: dict[str, Any] = {"attributions": sum(len(r.gold) for r in results)}
    for kind, direct in (("direct", True), ("indirect", False)):
        gold = [(r, i) for r in results for i, g in enumerate(r.gold) if g.direct == direct]
        predicted = [(r, i) for r in results for i, q in enumerate(r.quotes)
                     if (q.kind == "direct") == direct]
        out[f"{kind}_precision"] = _ratio(sum(r.correct[i] for r, i in predicted),
                                          len(predicted))
        out[f"{kind}_recall"] = _ratio(sum(r.found[i] for r, i in gold), len(gold))
        out[f"{kind}_speaker_recall"] = _ratio(sum(r.speaker_ok[i] for r, i in gold), len(gold))
        out[f"{kind}_gold"] = len(gold)
        out[f"{kind}_extracted"] = len(predicted)
    return out


__all__ = ["evaluate_quotes", "figures", "is_direct", "read_ann", "score_article"]
