"""`eventwire eval corroboration GOLD.yaml`: cluster a folder of documents and compare the
events with gold clusters (the format of examples/gold/corroboration.yaml).

For each gold event, the system event that holds mentions from the most of its documents
is its match. Figures: ``complete`` (the match holds every gold document), ``sources``
(the match's count of distinct sources equals the gold's "independent_sources", which
counts a party's own statement as a source), ``first_reported`` (the same first reporter)
and ``kept_apart`` (share of must-not-merge pairs that no system event joins).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from eventwire.contract import Event
from eventwire.corroborate.engine import corroborate
from eventwire.corroborate.records import outlet_key
from eventwire.errors import OptionsError
from eventwire.options import Options
from eventwire.runner import ingest
from eventwire.store import EventFilter, open_store


def _gold(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise OptionsError(f"cannot read the gold clusters: {exc}", source=str(path)) from exc
    if not isinstance(data, list):
        raise OptionsError("expected a list of gold events", source=str(path))
    return data


def _root(path: Path, gold: list[dict[str, Any]]) -> Path:
    """Documents are named relative to the gold file's folder or the one above it."""
    first = next((d for event in gold for d in event.get("documents") or []), None)
    for root in (path.parent, path.parent.parent):
        if first is None or (root / first.split("#")[0]).exists():
            return root
    raise OptionsError(f"cannot find the document {first!r} next to the gold file",
                       source=str(path))


def evaluate_corroboration(path: Path, options: Options) -> dict[str, Any]:
    gold = _gold(path)
    root = _root(path, gold)
    files = sorted({d.split("#")[0] for event in gold
                    for d in [*(event.get("documents") or []), *(event.get("discussed_in") or [])]})
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "eval.duckdb"))
        ingest(store, options, [str(root / f) for f in files], "eval corroboration")
        corroborate(store, options.corroborate, "eval")
        events = store.list_events(EventFilter())
        store.close()
    return _score(gold, events, root)


def _documents_of(event: Event, root: Path) -> set[str]:
    found = set()
    for mention in event.mentions:
        source = Path(mention.path)
        try:
            found.add(str(source.resolve().relative_to(root.resolve())))
        except ValueError:
            found.add(str(source))
    return found


def _score(gold: list[dict[str, Any]], events: list[Event], root: Path) -> dict[str, Any]:
    covers = [(_documents_of(e, root), e) for e in events]
    complete = sources = first = 0
    misses: list[str] = []
    best_of: dict[str, Event | None] = {}
    for entry in gold:
        wanted = {d.split("#")[0] for d in entry.get("documents") or []}
        match = max(covers, key=lambda c: (len(c[0] & wanted), -len(c[0] - wanted)),
                    default=None)
        best = match[1] if match and match[0] & wanted else None
        best_of[entry["id"]] = best
        if best is None:
            misses.append(f"{entry['id']}: no event")
            continue
        complete += wanted <= match[0]  # type: ignore[index]
        sources += best.sources == entry.get("independent_sources")
        first += outlet_key(best.first_reported_by or "") == \
            outlet_key(entry.get("first_reported_by") or "")
        if not wanted <= match[0]:  # type: ignore[index]
            misses.append(f"{entry['id']}: missing {sorted(wanted - match[0])}")  # type: ignore[index]
    pairs = {tuple(sorted((e["id"], other))) for e in gold
             for other in e.get("must_not_merge_with") or []}
    merged = [(a, b) for a, b in pairs if best_of.get(a) is not None
              and best_of.get(b) is not None and best_of[a].id == best_of[b].id]  # type: ignore[union-attr]
    misses += [f"{a} and {b}: merged into one event" for a, b in merged]
    apart = len(pairs) - len(merged)
    total = len(gold) or 1
    return {
        "events": len(gold), "complete": round(complete / total, 3),
        "sources": round(sources / total, 3), "first_reported": round(first / total, 3),
        "kept_apart": round(apart / len(pairs), 3) if pairs else 1.0,
        "system_events": len(events), "misses": misses,
    }
