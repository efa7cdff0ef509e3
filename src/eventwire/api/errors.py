"""One error shape for every failure the API reports:

    {"error": {"status": 404, "code": "E200", "message": "...", "source": "..."}}

eventwire's own errors keep their codes (E100 input, E200 store, E300 options, E400 export);
a request the API cannot read is E422, an unknown path E404, a missing or wrong token E401.
A server error is E500 with no detail (the detail goes to the server's log).

An error never repeats what the request sent (its path, query, headers or body): a
message that would quote a value has it replaced by HIDDEN, and a validation problem names
the parameter, never the value or an unknown key. So a hostile link cannot make the
server reflect its payload, even as JSON.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

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


HIDDEN = "(the value given)"
# shorter values cannot carry markup, and hiding them would blank ordinary words
_SHORTEST_HIDDEN = 3
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
_VOCABULARY = re.compile(r"[a-z_]{1,40}")


def sent_values(data: Any) -> Iterator[str]:
    """Every string value in a request's decoded body, nested (the keys are the API's own
    field names, or unknown ones that `problem` never repeats)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, bytes):
        yield data.decode("utf-8", errors="replace")
    elif isinstance(data, dict):
        for value in data.values():
            yield from sent_values(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from sent_values(item)


def request_values(request: Request) -> list[str]:
    """What the request's URL carried: the path (raw and decoded), the path parameters and
    the query's values."""
    path = request.url.path
    return [path, unquote(path), *(str(v) for v in request.path_params.values()),
            *(value for _, value in request.query_params.multi_items())]


def scrubbed(text: str | None, values: Iterable[str]) -> str | None:
    """``text`` with every value the request sent replaced by HIDDEN, longest first (so
    a value inside another is not left half-hidden). A value that is one lowercase word
    (a choice such as `type` or `csv`) is the API's own vocabulary, and stays."""
    if text is None:
        return None
    hidden = {v for v in values
              if len(v.strip()) >= _SHORTEST_HIDDEN and not _VOCABULARY.fullmatch(v)}
    for value in sorted(hidden, key=len, reverse=True):
        text = text.replace(value, HIDDEN)
        text = text.replace(repr(value)[1:-1], HIDDEN)  # as a message's !r quotes it
    return text


def problem(error: dict[str, Any]) -> str:
    """One validation problem, by the parameter's name and pydantic's message, never the
    value or a key the client made up."""
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "extra_forbidden":  # the last part is the unknown key itself
        return f"{_where(loc[:-1]) or 'body'}: a field it does not take"
    message = str(error.get("msg", "cannot be read"))
    given = error.get("input")
    if isinstance(given, str) and len(given) >= _SHORTEST_HIDDEN and given in message:
        message = f"cannot take {HIDDEN}"
    return f"{_where(loc) or 'body'}: {message}"


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) if isinstance(p, int) or _NAME.fullmatch(str(p)) else "?"
                    for p in loc)


def problems(errors: Iterable[dict[str, Any]], values: Iterable[str] = ()) -> str:
    found = "; ".join(problem(e) for e in errors)
    return scrubbed(found, values) or "the request could not be read"


def error_body(status: int, code: str, message: str, source: str | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "source": source}}


def error_response(status: int, code: str, message: str,
                   source: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, source), status_code=status)


def status_of(error: EventwireError) -> int:
    if isinstance(error, OptionsError):
        return 400
    if isinstance(error, StoreError) and error.message.startswith(("no ", "unknown")):
        return 404
    return 422 if isinstance(error, StoreError) else 400


def install(app: FastAPI) -> None:
    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, exc: EventwireError) -> JSONResponse:
        values = request_values(request)
        return error_response(status_of(exc), exc.code, scrubbed(exc.message, values) or "",
                              scrubbed(exc.source, values))

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, exc: RequestValidationError) -> JSONResponse:
        values = [*request_values(request), *sent_values(exc.body)]
        return error_response(422, "E422", problems(exc.errors(), values))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = scrubbed(str(exc.detail), request_values(request)) or ""
        return error_response(exc.status_code, f"E{exc.status_code}", message)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(500, "E500", "internal error; the server's log has the detail")
