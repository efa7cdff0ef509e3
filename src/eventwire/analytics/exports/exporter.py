"""`eventwire export`: what can be written in which format, and writing it with its
manifest. The rows come from the store (:meth:`Store.write_export`, :meth:`export_rows`);
the formats the store does not write itself (GeoJSON, networks, PLOVER) are made here."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventwire.analytics.exports.geo import write_geojson
from eventwire.analytics.exports.manifest import (
    Changes,
    LeftOut,
    Manifest,
    Target,
    new_manifest,
)
from eventwire.analytics.exports.network import write_network
from eventwire.analytics.exports.plover import write_plover
from eventwire.contract import GEONAMES_CREDIT, to_contract
from eventwire.errors import OptionsError
from eventwire.store import DocumentFilter, Store

# Every --what and the formats that make sense for it, the first being the default.
FORMATS_OF: dict[str, tuple[str, ...]] = {
    "documents": ("jsonl", "csv", "parquet"),
    "events": ("parquet", "csv", "jsonl", "geojson", "plover"),
    "mentions": ("parquet", "csv", "jsonl"),
    "actors": ("parquet", "csv", "jsonl"),
    "network": ("gexf", "graphml"),
    # the analytics' own tables, written by eventwire.cli.exports through write_table
    "dyads": ("csv", "jsonl", "parquet"),
    "influence": ("csv", "jsonl", "parquet"),
}
ANALYSES = ("dyads", "influence")
WHATS = tuple(FORMATS_OF)
FORMATS = tuple(dict.fromkeys(f for formats in FORMATS_OF.values() for f in formats))
SUFFIX = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl", "geojson": ".geojson",
          "gexf": ".gexf", "graphml": ".graphml", "plover": ".plover.jsonl"}


@dataclass(frozen=True)
class ExportRequest:
    what: str
    fmt: str
    out: Path
    since: datetime | None = None  # UTC: rows created or revised since then
    force: bool = False
    documents: DocumentFilter = field(default_factory=DocumentFilter)  # --what documents
    by_sector: bool = False  # network nodes 'RUS-MIL' rather than 'RUS'


def check_combination(what: str, fmt: str) -> None:
    """An OptionsError naming both when ``fmt`` makes no sense for ``what``."""
    if what not in FORMATS_OF:
        raise OptionsError(f"cannot export {what!r}: --what is one of {', '.join(WHATS)}")
    if fmt not in FORMATS_OF[what]:
        fits = [w for w, formats in FORMATS_OF.items() if fmt in formats]
        hint = f"; {fmt} is for --what {' or '.join(fits)}" if fits else ""
        raise OptionsError(f"cannot export {what} as {fmt}: {what} can be written as "
                           f"{', '.join(FORMATS_OF[what])}{hint}")


def default_out(what: str, fmt: str) -> Path:
    """'events/' for partitioned Parquet, else 'WHAT.SUFFIX' in the working folder."""
    if what == "events" and fmt == "parquet":
        return Path("events")
    return Path(what + SUFFIX[fmt])


def parse_since(text: str) -> datetime:
    """A date or an ISO 8601 time as a naive UTC datetime (the store's clock); a time
    without a zone is taken as UTC."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        if when.tzinfo is not None:
            when = when.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError) as exc:  # overflow: a zone past 9999-12-31
        raise OptionsError(f"--since {text!r} is not a date (YYYY-MM-DD) or an ISO 8601 "
                           "time (2024-05-01T12:00:00Z)") from exc
    return when


def export(store: Store, request: ExportRequest) -> Manifest:
    """Write one export and its manifest, atomically; refused over an existing target
    without ``force``."""
    check_combination(request.what, request.fmt)
    if request.since is not None and request.what == "documents":
        raise OptionsError("--what documents takes --since as a publication date "
                           "(the document filter), not a change time")
    target = Target(request.out, folder=request.what == "events" and request.fmt == "parquet")
    target.refuse_overwrite(request.force)
    with target.writing() as partial:
        written = _write(store, request, partial)
        manifest = new_manifest(
            what=request.what, fmt=request.fmt, files=target.files(), rows=written.rows,
            store_schema_version=store.schema_version, filters=written.filters,
            since=request.since, coders=written.coders, stages=written.stages,
            left_out=written.left_out, changes=_changes(store, request), extra=written.extra)
        target.commit(manifest)
    return manifest


@dataclass
class _Written:
    rows: int
    coders: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def _write(store: Store, request: ExportRequest, path: Path) -> _Written:
    what, fmt = request.what, request.fmt
    if what == "documents":
        return _write_documents(store, request.documents, fmt, path)
    provenance = store.export_provenance("events" if what == "network" else what,
                                         request.since)
    written = _Written(rows=0, **provenance)
    if fmt in ("parquet", "csv", "jsonl"):
        written.rows = store.write_export(what, fmt, path, request.since)
    else:
        events = store.export_rows("events", request.since)
        if fmt == "geojson":
            written.rows, written.left_out = write_geojson(events, path)
        elif fmt == "plover":
            written.rows = write_plover(events, path)
            written.extra["record"] = "one PLOVER JSON record per line"
        else:
            written.rows, written.left_out, written.extra = write_network(
                events, fmt, path, request.by_sector)
    if what in ("events", "mentions") and fmt != "gexf" and fmt != "graphml":
        written.extra["attribution"] = GEONAMES_CREDIT
    # whether analysts' corrections (eventwire.review) shaped the events exported; the
    # mentions are the machine's own output, corrections are applied to events only
    count = store.corrections_in_force()
    written.extra["corrections"] = {"included": count > 0 and what in ("events", "network"),
                                    "in_force": count}
    return written


def _write_documents(store: Store, flt: DocumentFilter, fmt: str, path: Path) -> _Written:
    filters = {k: v for k, v in asdict(flt).items() if v is not None and k != "duplicates"}
    filters["duplicates"] = flt.duplicates
    if fmt == "jsonl":
        count = 0
        with path.open("w", encoding="utf-8") as stream:
            for doc in store.iter_documents(flt):
                stream.write(json.dumps(to_contract(doc), ensure_ascii=False) + "\n")
                count += 1
    else:
        count = store.export_table(fmt, path, flt)
    ids = [row["id"] for row in store.list_documents(flt)]
    return _Written(rows=count, stages=store.document_stages(ids), filters=filters,
                    extra={"attribution": GEONAMES_CREDIT} if fmt == "jsonl" else {})


def _changes(store: Store, request: ExportRequest) -> Changes | None:
    if request.since is None:
        return None
    found = store.event_changes(request.since)
    return Changes(since=request.since.isoformat(), **found)
