"""`/api/corrections`: the analysts' corrections, the API's only writing endpoints.

A POST must carry a JSON body (`Content-Type: application/json`): a browser sends that
cross-site only after a CORS preflight this server never grants, so another site's page
cannot post here in the analyst's name. A POST that carries an `Origin` header must also
come from this server's own origin. (Beyond loopback every request needs the token as
well; the sign-in page's cookie is SameSite=Strict, so a cross-site request carries none.)
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from eventwire.api.access import served, store_for_writing, store_of
from eventwire.api.errors import (
    ERROR_RESPONSES,
    error_response,
    request_values,
    scrubbed,
    sent_values,
    status_of,
)
from eventwire.errors import EventwireError
from eventwire.review.corrections import (
    CorrectionError,
    Listed,
    add,
    corrections_note,
    listed_json,
    listing,
    undo,
)
from eventwire.review.corrections import Request as CorrectionRequest

router = APIRouter(prefix="/api", tags=["corrections"], responses=ERROR_RESPONSES)


class NewCorrection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: str = Field(min_length=1, description="an event id (ev-...) or an event "
                        "mention's id")
    field: str = Field(description="wrong | type | mode | source | target | modality | "
                       "place | start | end")
    value: str | list[str] | None = Field(None, description="the corrected value; party "
                                          "codes as a list ('RUS', 'RUS-MIL', 'IGO:CSTO')")
    reason: str = Field(min_length=1, pattern=r"\S", description="why (required)")
    author: str | None = Field(None, description="who corrects; default 'api'")


class Undo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, pattern=r"\S", description="why (required)")
    author: str | None = Field(None, description="who undoes it; default 'api'")


def same_origin(request: Request) -> bool:
    """True when the request names no Origin, or this server's own."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.rstrip("/") == f"{request.url.scheme}://{request.url.netloc}"


def same_site_json(request: Request) -> None:
    """Refuse a POST that might come from another site (a dependency: it runs before the
    body is read)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send the correction as JSON (Content-Type: "
                            "application/json)")
    if not same_origin(request):
        raise HTTPException(403, "a correction must come from this server's own pages")


@router.get("/corrections", summary="The corrections in force (all with ?all=true)")
def list_corrections(request: Request, include_undone: bool = Query(
        False, alias="all", description="undone corrections too")) -> dict[str, Any]:
    with store_of(request) as store:
        rows = listing(store, include_undone)
        note = corrections_note(store)
    return {"corrections": [listed_json(r) for r in rows],
            "orphaned": sum(r.orphaned for r in rows), **note}


@router.post("/corrections", status_code=201, summary="Correct an event or a mention",
             response_model=None, dependencies=[Depends(same_site_json)])
def post_correction(request: Request, body: NewCorrection) -> dict[str, Any] | JSONResponse:
    opts = served(request).options.corroborate
    try:
        with store_for_writing(request) as store:
            correction = add(store, CorrectionRequest(
                body.target, body.field, body.value, body.reason, body.author or "api"), opts)
    except EventwireError as exc:
        return _refused(request, exc, body)
    return listed_json(Listed(correction, correction.target))


@router.post("/corrections/{correction_id}/undo", summary="Undo a correction",
             response_model=None, dependencies=[Depends(same_site_json)])
def undo_correction(request: Request, correction_id: str,
                    body: Undo) -> dict[str, Any] | JSONResponse:
    opts = served(request).options.corroborate
    try:
        with store_for_writing(request) as store:
            undone = undo(store, correction_id, body.reason, body.author or "api", opts)
    except EventwireError as exc:
        return _refused(request, exc, body)
    return listed_json(Listed(undone, undone.target))


def _refused(request: Request, error: EventwireError, body: BaseModel) -> JSONResponse:
    """The correction's error (422; an unknown target 404), without repeating what the
    request sent."""
    values = [*request_values(request), *sent_values(body.model_dump())]
    status = 422 if isinstance(error, CorrectionError) else status_of(error)
    return error_response(status, error.code, scrubbed(error.message, values) or "",
                          scrubbed(error.source, values))
