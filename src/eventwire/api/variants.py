"""Every view at one stable URL in several formats: the plain URL and `.json` give JSON,
`.csv` a table, `.geojson` a FeatureCollection (events and places).

Listings stream, in JSON as in CSV: rows are encoded as they are sent, in chunks. A
listing cut by a limit or the page size says so in every format: `"truncated": true` in
JSON, the headers `X-Eventwire-Truncated: true` (and `X-Eventwire-Next`,
`Link: <...>; rel="next"` when there is a next page) on every variant, and the foreign
members `"truncated"` and `"next"` in GeoJSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response, StreamingResponse

from eventwire.api.errors import ERRORS_AS_JSON

SUFFIXES = {"json": ".json", "csv": ".csv", "geojson": ".geojson"}
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8",
         "geojson": "application/geo+json"}
TRUNCATED = "X-Eventwire-Truncated"
NEXT = "X-Eventwire-Next"
CHUNK = 1 << 16  # characters of CSV sent at a time


class CSVResponse(Response):
    media_type = "text/csv"


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


RESPONSE_CLASS = {"csv": CSVResponse, "geojson": GeoJSONResponse}


def add_variants(router: APIRouter, path: str, formats: tuple[str, ...],
                 endpoint_for: Callable[[str], Callable[..., Any]], *, summary: str,
                 response_model: Any = None, description: str | None = None) -> None:
    """Register ``path`` (JSON) and ``path.FORMAT`` for each of ``formats``; the suffixed
    routes first, so that ``/events/{id}`` does not swallow ``/events/{id}.csv``."""
    for fmt in formats:
        kind = "JSON" if fmt == "json" else fmt.upper() if fmt == "csv" else "GeoJSON"
        router.add_api_route(
            path + SUFFIXES[fmt], endpoint_for(fmt), methods=["GET"],
            summary=f"{summary} ({kind})", description=description,
            response_model=response_model if fmt == "json" else None,
            response_class=RESPONSE_CLASS.get(fmt, JSONResponse),
            responses=ERRORS_AS_JSON if fmt != "json" else None,
            name=f"{path}{SUFFIXES[fmt]}")
    router.add_api_route(path, endpoint_for("json"), methods=["GET"], summary=summary,
                         description=description, response_model=response_model, name=path)


def cut_headers(truncated: bool, next_url: str | None = None) -> dict[str, str]:
    """The headers that say a listing was cut, in every format."""
    if not truncated:
        return {TRUNCATED: "false"}
    headers = {TRUNCATED: "true"}
    if next_url:
        headers[NEXT] = next_url
        headers["Link"] = f'<{next_url}>; rel="next"'
    return headers


def json_response(body: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(jsonable_encoder(body), headers=headers)


def listing_response(key: str, rows: Iterable[Any], extra: dict[str, Any],
                     headers: dict[str, str] | None = None) -> StreamingResponse:
    """``{key: [rows...], **extra}`` as JSON, streamed: each row is encoded as it is sent,
    so a page of a thousand events is never one string in memory."""
    return StreamingResponse(_json_listing(key, rows, extra), media_type=MEDIA["json"],
                             headers=headers)


def _json_listing(key: str, rows: Iterable[Any], extra: dict[str, Any]) -> Iterator[str]:
    parts, size = ["{" + json.dumps(key) + ": ["], 0
    for position, row in enumerate(rows):
        text = (", " if position else "") + _dumps(row)
        parts.append(text)
        size += len(text)
        if size >= CHUNK:
            yield "".join(parts)
            parts, size = [], 0
    tail = "".join(f", {json.dumps(k)}: {_dumps(v)}" for k, v in extra.items())
    yield "".join(parts) + "]" + tail + "}"


def _dumps(value: Any) -> str:
    return json.dumps(jsonable_encoder(value), ensure_ascii=False, allow_nan=False)


def csv_response(rows: Iterable[dict[str, Any]], fields: list[str], filename: str,
                 headers: dict[str, str] | None = None) -> StreamingResponse:
    """Rows streamed as CSV, a list joined with ';' (as `--format csv` writes it)."""
    return StreamingResponse(
        _csv_lines(rows, fields), media_type=MEDIA["csv"],
        headers={"Content-Disposition": f'inline; filename="{filename}"', **(headers or {})})


def _csv_lines(rows: Iterable[dict[str, Any]], fields: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list) else v
                         for k, v in row.items()})
        # chunks of some size, not one per row: each chunk is a message through every
        # middleware, and thousands of tiny ones cost more than the rows themselves
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def geojson_response(features: list[dict[str, Any]], truncated: bool,
                     next_url: str | None = None, extra: dict[str, Any] | None = None,
                     headers: dict[str, str] | None = None) -> GeoJSONResponse:
    """A FeatureCollection; ``truncated`` and ``next`` are foreign members (RFC 7946
    section 6.1), there even when false so a reader need not guess."""
    collection = {"type": "FeatureCollection", "features": features, "truncated": truncated,
                  "next": next_url, **(extra or {})}
    return GeoJSONResponse(jsonable_encoder(collection), headers=headers)


def point(feature_id: str, lon: float, lat: float, properties: dict[str, Any],
          ) -> dict[str, Any]:
    return {"type": "Feature", "id": feature_id,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}
