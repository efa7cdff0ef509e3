"""One error shape for every failure the API reports:

    {"error": {"status": 404, "code": "E200", "message": "...", "source": "..."}}

eventwire's own errors keep their codes (E100 input, E200 store, E300 options, E400 export);
a request the API cannot read is E422, an unknown path E404, a missing or wrong token E401.
A server error is E500 with no detail (the detail goes to the server's log).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.errors import EventwireError, OptionsError, StoreError

log = logging.getLogger("eventwire.api")


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int = Field(description="the HTTP status, repeated")
    code: str = Field(description="eventwire's error code: E1xx input, E200 store, E300 "
                      "options, E400 export; E401, E404, E413, E422, E500 for the request")
    message: str = Field(description="what failed and what to do")
    source: str | None = Field(description="the input, parameter or store it concerns")


class ErrorBody(BaseModel):
    """The one shape of every error the API reports."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorDetail


_MEANINGS = {400: "a parameter eventwire cannot use (E300) or a bad cursor",
             401: "this server needs its token (E401)",
             404: "no such document, event or path (E200, E404)",
             413: "the body is larger than ingest.max_bytes (E413)",
             422: "a parameter or body that could not be read (E422, E1xx)",
             500: "a server error (E500); the server's log has the detail"}
# attached to every operation of the API, so its schema names the one error shape
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": meaning}
    for status, meaning in _MEANINGS.items()}
# the same for an operation whose answer is not JSON (CSV, GeoJSON, a download): FastAPI
# would file a `model` under the answer's media type, but errors are always JSON
ERRORS_AS_JSON: dict[int | str, dict[str, Any]] = {
    status: {"description": meaning, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for status, meaning in _MEANINGS.items()}


def error_body(status: int, code: str, message: str, source: str | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "source": source}}


def error_response(status: int, code: str, message: str,
                   source: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, source), status_code=status)


def _status_of(error: EventwireError) -> int:
    if isinstance(error, OptionsError):
        return 400
    if isinstance(error, StoreError) and error.message.startswith(("no ", "unknown")):
        return 404
    return 422 if isinstance(error, StoreError) else 400


def install(app: FastAPI) -> None:
    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, exc: EventwireError) -> JSONResponse:
        return error_response(_status_of(exc), exc.code, exc.message, exc.source)

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error_response(422, "E422", problems or "the request could not be read")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, f"E{exc.status_code}", str(exc.detail))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(500, "E500", "internal error; the server's log has the detail")
