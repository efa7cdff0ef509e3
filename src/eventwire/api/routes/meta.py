"""What the server is: its version, its store and what the store holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from eventwire._version import __version__
from eventwire.api.access import served, store_of
from eventwire.api.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["meta"], responses=ERROR_RESPONSES)


@router.get("/status", summary="The server, its store and what the store holds")
def status(request: Request) -> dict[str, Any]:
    with store_of(request) as store:
        return {"eventwire": __version__, "store": served(request).db,
                "schema_version": store.schema_version, "documents": store.count(),
                "events": store.event_count()}
