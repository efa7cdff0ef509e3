"""`eventwire export` as downloads: each export is written (with its manifest) into a
temporary folder by the same code the command runs, then streamed from the file in chunks
and the folder removed once the last chunk is sent (or the client goes away)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path as FilePath
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import Field
from starlette.background import BackgroundTask

from eventwire.analytics.dyads import dyad_series
from eventwire.analytics.exports import (
    ExportRequest,
    Manifest,
    check_combination,
    default_out,
    export,
    parse_since,
    write_table,
)
from eventwire.analytics.influence import influence
from eventwire.analytics.parties import powers_of, read_region, read_side
from eventwire.api.access import store_of
from eventwire.api.errors import ERROR_RESPONSES, ERRORS_AS_JSON
from eventwire.api.routes.analysis import WindowQuery, analytics_settings
from eventwire.errors import OptionsError
from eventwire.store import Store

router = APIRouter(prefix="/api", tags=["exports"], responses=ERROR_RESPONSES)

# what the API offers of `eventwire export` (parquet is a folder or a binary table for
# local use; the command writes it)
What = Literal["events", "mentions", "actors", "network", "dyads", "influence"]
Fmt = Literal["csv", "jsonl", "geojson", "plover", "gexf", "graphml"]
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
         "geojson": "application/geo+json", "plover": "application/x-ndjson",
         "gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}
CHUNK = 1 << 16


class ExportQuery(WindowQuery):
    """`eventwire export`'s options; the window's fields shape dyads and influence."""

    changed_since: str | None = Field(None, description="events, mentions, actors, "
                                      "network: only what was created or revised since "
                                      "this date or ISO time (UTC unless it says)")
    by_sector: bool = Field(False, description="network: one node per country and sectors "
                            "('RUS-MIL')")
    a: str | None = Field(None, description="dyads: one side")
    b: str | None = Field(None, description="dyads: the other side")
    region: str = Field("Central Asia", description="influence: the region")
    powers: str = Field("RUS,CHN,USA,TUR,IRN,EU", description="influence: comma-separated "
                        "powers")


@router.get(
    "/exports/{what}.{fmt}", response_class=StreamingResponse,
    summary="An export of `eventwire export`, as a download",
    description="events, mentions, actors: csv or jsonl; events also geojson and plover; "
    "network: gexf or graphml; dyads (with a and b) and influence: csv or jsonl. The "
    "header X-Eventwire-Rows says how many rows (features, edges) it holds.",
    responses={200: {"content": {m: {"schema": {"type": "string"}} for m in MEDIA.values()},
                     "description": "the file"}, **ERRORS_AS_JSON})
def download(request: Request, what: Annotated[What, Path()], fmt: Annotated[Fmt, Path()],
             query: Annotated[ExportQuery, Query()]) -> Response:
    check_combination(what, fmt)
    folder = FilePath(tempfile.mkdtemp(prefix="eventwire-export-"))
    try:
        out = folder / default_out(what, fmt).name
        with store_of(request) as store:
            manifest = _write(store, request, what, fmt, out, query)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return StreamingResponse(
        _chunks(out), media_type=MEDIA[fmt],
        # after the last chunk, or once the client has gone away
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
        headers={"Content-Disposition": f'attachment; filename="{out.name}"',
                 "X-Eventwire-Rows": str(manifest.rows)})


def _write(store: Store, request: Request, what: str, fmt: str, out: FilePath,
           query: ExportQuery) -> Manifest:
    if what in ("dyads", "influence"):
        return _write_analysis(store, request, what, fmt, out, query)
    if query.by_sector and what != "network":
        raise OptionsError(f"by_sector shapes the network's nodes; {what} has none",
                           source="by_sector")
    since = parse_since(query.changed_since) if query.changed_since else None
    return export(store, ExportRequest(what=what, fmt=fmt, out=out, since=since,
                                       by_sector=query.by_sector))


def _write_analysis(store: Store, request: Request, what: str, fmt: str, out: FilePath,
                    query: ExportQuery) -> Manifest:
    settings = analytics_settings(request)
    if what == "dyads":
        if not query.a or not query.b:
            raise OptionsError("dyads needs the two sides: ?a=RUS&b=KAZ", source="a, b")
        found = dyad_series(store, read_side(query.a), read_side(query.b), query.window(),
                            settings)
    else:
        found = influence(store, read_region(query.region), powers_of(query.powers),
                          query.window(), settings)
    return write_table(found.rows(), what, fmt, out, filters=found.definition["query"],
                       extra={"definition": found.definition},
                       store_schema_version=store.schema_version)


def _chunks(path: FilePath) -> Iterator[bytes]:
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            yield chunk
