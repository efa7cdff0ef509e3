"""Score the anatomy layer against gold annotations (docs/gold-anatomy-format.md).

Each gold entry names a file (and an item for feeds and JSONL); the file is run through
the runner without a store, with the configured stages up to the one that assigns the
anatomy (a swapped anatomy stage is what gets scored; the later stages would only cost
time), and each annotated field is compared. Near duplicates are checked by running the
gold files in order through one run, which marks them as an ingest does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventwire.document import Document
from eventwire.errors import InputError, OptionsError, Reason
from eventwire.options import Options
from eventwire.registry import REGISTRY, Registry
from eventwire.runner import KeepSink, Runner

FIELDS = ("title", "published", "published_source", "publisher", "genre", "translated",
          "language", "languages", "cites", "urls", "scripture", "legal", "passages",
          "duplicate_of")
_EQUIVALENT_SOURCES = {"byline": "text", "text": "text"}


@dataclass
class FieldResult:
    field: str
    ok: bool
    expected: Any
    found: Any


@dataclass
class DocumentResult:
    key: str
    fields: list[FieldResult] = field(default_factory=list)


def _norm_name(name: str | None) -> str:
    return re.sub(r"^the\s+", "", (name or "").strip().lower())


def _legal_match(gold: dict[str, Any], found: tuple[str, str]) -> bool:
    instrument, ref = found
    if str(gold["ref"]).lower() != ref.lower():
        return False
    a, b = set(_norm_name(gold["instrument"]).split()), set(_norm_name(instrument).split())
    return a <= b or b <= a or len(a & b) >= max(2, min(len(a), len(b)) - 1)


def _key(entry: dict[str, Any]) -> str:
    item = entry.get("item")
    return entry["file"] + (f"#{item}" if item is not None else "")


def through_anatomy(options: Options, registry: Registry = REGISTRY) -> Options:
    """``options`` with the configured stages cut after the last one that assigns the
    anatomy layer."""
    stages = options.pipeline.stages
    assigning = [position for position, name in enumerate(stages)
                 if "anatomy" in registry.stage(name).assigns]
    if not assigning:
        raise OptionsError("no stage in [pipeline] stages assigns the anatomy layer",
                           source=", ".join(stages))
    return options.with_overrides({"pipeline": {"stages": list(stages[:assigning[-1] + 1])}})


def _documents(root: Path, files: list[str], options: Options) -> dict[str, Document]:
    """Every document of the gold files, keyed 'file' or 'file#item', de-duplicated in order."""
    sink = KeepSink()
    runner = Runner(through_anatomy(options), sink, "eval anatomy")
    docs: dict[str, Document] = {}
    for name in files:
        kept = len(sink.documents)
        runner.run_data(name, (root / name).read_bytes())
        found = sink.documents[kept:]
        for position, doc in enumerate(found):
            key = name if len(found) == 1 and doc.locator is None else f"{name}#{position}"
            docs[key] = doc
    return docs


def _compare(entry: dict[str, Any], doc: Document, docs: dict[str, Document]) -> DocumentResult:
    a = doc.anatomy
    assert a is not None
    result = DocumentResult(_key(entry))

    def check(name: str, ok: bool, expected: Any, found: Any) -> None:
        result.fields.append(FieldResult(name, ok, expected, found))

    text = doc.text
    if "title" in entry:
        check("title", (entry["title"] or None) == a.title, entry["title"], a.title)
    if "published" in entry:
        expected = str(entry["published"]) if entry["published"] else None
        check("published", expected == a.published, expected, a.published)
    if entry.get("published_source") and a.published_candidates:
        won = a.published_candidates[0].source
        want = entry["published_source"]
        check("published_source",
              _EQUIVALENT_SOURCES.get(want, want) == _EQUIVALENT_SOURCES.get(won, won), want, won)
    if "publisher" in entry:
        check("publisher", _norm_name(entry["publisher"]) == _norm_name(a.publisher),
              entry["publisher"], a.publisher)
    for name in ("genre", "translated"):
        if name in entry:
            check(name, entry[name] == getattr(a, name), entry[name], getattr(a, name))
    if "language" in entry:
        check("language", entry["language"] == doc.language, entry["language"], doc.language)
    gold_langs = set(entry.get("languages") or [entry.get("language", "en")])
    check("languages", gold_langs == set(a.languages), sorted(gold_langs), a.languages)
    gold_cites = {(_norm_name(c["source"]), str(c["date"]) if c.get("date") else None)
                  for c in entry.get("cites") or []}
    found_cites = {(_norm_name(c.source), c.date) for c in a.cites}
    check("cites", gold_cites == found_cites, sorted(gold_cites, key=str),
          sorted(found_cites, key=str))
    gold_urls = {u.rstrip("/") for u in entry.get("urls") or []}
    found_urls = {link.url.rstrip("/") for link in a.links}
    check("urls", gold_urls == found_urls, sorted(gold_urls), sorted(found_urls))
    gold_refs = {(s["work"], str(s["ref"])) for s in entry.get("scripture") or []}
    check("scripture", gold_refs == {(s.work, s.ref) for s in a.scripture}, sorted(gold_refs),
          sorted({(s.work, s.ref) for s in a.scripture}))
    found_legal = [(c.instrument, c.ref) for c in a.legal]
    gold_legal = entry.get("legal") or []
    legal_ok = all(any(_legal_match(g, f) for f in found_legal) for g in gold_legal) and all(
        any(_legal_match(g, f) for g in gold_legal) for f in found_legal)
    check("legal", legal_ok, [(g["instrument"], g["ref"]) for g in gold_legal], found_legal)
    gold_passages = entry.get("passages") or []
    found_passages = [(p.language, text[p.span[0]:p.span[1]]) for p in a.passages]
    passages_ok = all(
        any(lang == g["language"] and g["contains"] in body for lang, body in found_passages)
        for g in gold_passages
    ) and {lang for lang, _ in found_passages} <= {g["language"] for g in gold_passages}
    check("passages", passages_ok, [(g["language"], g["contains"]) for g in gold_passages],
          [(lang, body[:60]) for lang, body in found_passages])
    gold_dup = entry.get("duplicate_of")
    expected_id = None
    if gold_dup:
        target = docs.get(gold_dup) or docs.get(f"{gold_dup}#0")
        expected_id = target.id if target else f"missing:{gold_dup}"
    check("duplicate_of", expected_id == doc.duplicate_of, gold_dup, doc.duplicate_of)
    return result


def evaluate(gold_files: list[Path], root: Path, options: Options) -> list[DocumentResult]:
    entries: list[dict[str, Any]] = []
    for path in gold_files:
        entries.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    files = sorted({e["file"] for e in entries} | {
        str(e["duplicate_of"]).split("#")[0] for e in entries if e.get("duplicate_of")})
    # Originals first, so that republications find them (as when a folder is ingested).
    files.sort(key=lambda f: any(str(e.get("duplicate_of") or "").split("#")[0] != ""
                                 and e["file"] == f for e in entries))
    docs = _documents(root, files, options)
    results = []
    for entry in entries:
        key = _key(entry)
        doc = docs.get(key) or docs.get(f"{key}#0")
        if doc is None:
            raise InputError(Reason.NO_TEXT, f"no document for gold entry {key}",
                             source=str(root / entry["file"]))
        results.append(_compare(entry, doc, docs))
    return results


def scores(results: list[DocumentResult]) -> dict[str, float]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        for item in result.fields:
            totals[item.field][0] += int(item.ok)
            totals[item.field][1] += 1
    return {name: round(ok / n, 3) for name in FIELDS if (ok_n := totals.get(name))
            for ok, n in [ok_n]}
