"""Stored actors with their mention counts, most mentioned first (`eventwire actors`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from eventwire.api.access import store_of
from eventwire.api.errors import ERROR_RESPONSES
from eventwire.api.models import ActorList
from eventwire.api.variants import (
    add_variants,
    csv_response,
    cut_headers,
    listing_response,
)

router = APIRouter(prefix="/api", tags=["actors"], responses=ERROR_RESPONSES)

ACTOR_FIELDS = ["id", "name", "kind", "country", "sectors", "code", "mentions", "documents"]
MAX_ROWS = 10_000  # a bigger limit is cut to this, and says so


class ActorQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    country: str | None = Field(None, description="ISO-3 country code, e.g. RUS")
    sector: str | None = Field(None, description="sector code, e.g. MIL")
    kind: Literal["country", "organization", "person", "group"] | None = None
    limit: int = Field(50, ge=1, description=f"at most this many (up to {MAX_ROWS}); the "
                       "answer says when it cut the listing")


def _listing(fmt: str) -> Callable[..., Response]:
    def actors(request: Request, query: Annotated[ActorQuery, Query()]) -> Response:
        # every match is read (the store groups them all anyway) so the answer can say
        # how many a limit left out
        with store_of(request) as store:
            found = store.list_actors(query.country, query.sector, query.kind)
        limit = min(query.limit, MAX_ROWS)
        rows, truncated = found[:limit], len(found) > limit
        headers = cut_headers(truncated)
        if fmt == "csv":
            return csv_response(rows, ACTOR_FIELDS, "actors.csv", headers)
        return listing_response("actors", rows, {"count": len(rows), "total": len(found),
                                                 "limit": limit, "truncated": truncated},
                                headers)
    return actors


add_variants(router, "/actors", ("json", "csv"), _listing,
             summary="Stored actors with their mention counts, most mentioned first",
             response_model=ActorList)
