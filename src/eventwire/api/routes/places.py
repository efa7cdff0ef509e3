"""Stored places with coordinates and mention counts, most mentioned first
(`eventwire places`); GeoJSON too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from eventwire.api.access import store_of
from eventwire.api.errors import ERROR_RESPONSES
from eventwire.api.models import PlaceList
from eventwire.api.variants import (
    add_variants,
    csv_response,
    cut_headers,
    geojson_response,
    listing_response,
    point,
)
from eventwire.contract import GEONAMES_CREDIT

router = APIRouter(prefix="/api", tags=["places"], responses=ERROR_RESPONSES)

PLACE_FIELDS = ["id", "name", "country", "level", "lat", "lon", "mentions", "documents"]
MAX_ROWS = 10_000  # a bigger limit is cut to this, and says so


class PlaceQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    country: str | None = Field(None, description="ISO-3 country code")
    level: Literal["country", "admin1", "admin2", "city", "site", "region"] | None = None
    limit: int = Field(50, ge=1, description=f"at most this many (up to {MAX_ROWS}); the "
                       "answer says when it cut the listing")


def _listing(fmt: str) -> Callable[..., Response]:
    def places(request: Request, query: Annotated[PlaceQuery, Query()]) -> Response:
        with store_of(request) as store:
            found = store.list_places(query.country, query.level)
        limit = min(query.limit, MAX_ROWS)
        rows, truncated = found[:limit], len(found) > limit
        headers = cut_headers(truncated)
        if fmt == "csv":
            return csv_response(rows, PLACE_FIELDS, "places.csv", headers)
        if fmt == "geojson":
            features = [point(r["id"], r["lon"], r["lat"],
                              {k: r[k] for k in PLACE_FIELDS if k not in ("lat", "lon")})
                        for r in rows]
            return geojson_response(features, truncated, extra={
                "total": len(found), "attribution": GEONAMES_CREDIT}, headers=headers)
        return listing_response("places", rows, {"count": len(rows), "total": len(found),
                                                 "limit": limit, "truncated": truncated},
                                headers)
    return places


add_variants(router, "/places", ("json", "csv", "geojson"), _listing,
             summary="Stored places with coordinates and mention counts, most mentioned "
             "first", response_model=PlaceList)
