"""`POST /api/analyse`: the pipeline over a pasted text, an uploaded file or a fetched URL,
the contract returned and nothing stored (`eventwire extract` over HTTP).

A URL is fetched with the guards of :mod:`eventwire.ingest.fetch` (no private, loopback or
metadata addresses unless the server's settings say ``fetch.allow_private = true``, every
redirect checked, bytes and time capped); a refused or failed fetch is a 422 naming why.

Limits: a body over the settings' ``ingest.max_bytes`` is refused (413) before it is all
read, and the analysis stops after ``ingest.extract_timeout`` seconds through the runner's
own deadline (cooperative here: a server's worker thread cannot take a signal).
"""

from __future__ import annotations

import json
import threading
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import UploadFile
from starlette.types import Message

from eventwire.api.access import served
from eventwire.api.errors import (
    ERROR_RESPONSES,
    error_response,
    problems,
    scrubbed,
    sent_values,
)
from eventwire.contract import Contract, to_contract
from eventwire.errors import InputError, Reason
from eventwire.ingest.fetch import Fetched, fetch
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.runner import KeepSink, Outcome, Runner

router = APIRouter(prefix="/api", tags=["analyse"], responses=ERROR_RESPONSES)

PASTED = "pasted.json"  # a pasted text goes through the runner as one JSON record


class PastedText(BaseModel):
    """A text to analyse, with what its container would otherwise have said."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the text (plain text, as pasted)")
    title: str | None = Field(None, description="its title, when the text has none")
    published: str | None = Field(None, description="its publication date, as given")
    publisher: str | None = Field(None, description="the outlet or signing office")


class UrlToFetch(BaseModel):
    """A page or feed to fetch and analyse, in place of a pasted text."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=8192,
                     description="an http(s) URL; private and loopback addresses are refused")


# An upload of many records (a JSONL of 100,000 short lines fits in the body limit) would
# hold the one analysis lock for as many items' time, half an hour and more, and build an
# answer of hundreds of megabytes: all the items of one request share this many times
# ingest.extract_timeout, and those left after it fail as one `timeout` outcome.
WHOLE_ANALYSIS = 4


class TooLarge(Exception):
    """The body went over ingest.max_bytes."""


class Analyser:
    """One pipeline per app, built on first use (the language models take seconds to
    load), and one analysis at a time: the pipeline's resources are not made for
    concurrent use, and each analysis is bounded by the timeout anyway."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    def analyse(self, source: str, data: bytes, url: str | None = None
                ) -> tuple[list[dict[str, Any]], list[Outcome]]:
        """The contracts of every document in ``data``, and the outcomes of what failed
        or was skipped; ``url``: where ``data`` was fetched from."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.options)
            sink = KeepSink()
            runner = Runner(self.options, sink, "analyse", pipeline=self._pipeline)
            runner.run_data(source, data, url, within=WHOLE_ANALYSIS *
                            self.options.ingest.extract_timeout)
        missed = [o for o in runner.report.outcomes if o.status in ("skipped", "failed")]
        return [to_contract(doc) for doc in sink.documents], missed


_CREATING = threading.Lock()


def analyser_of(request: Request) -> Analyser:
    state = request.app.state
    with _CREATING:  # two first requests must not make two analysers
        if getattr(state, "analyser", None) is None:
            state.analyser = Analyser(served(request).options)
    analyser: Analyser = state.analyser
    return analyser


_FORM = {"type": "object", "properties": {
    "text": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
    "published": {"type": "string"}, "publisher": {"type": "string"},
    "file": {"type": "string", "format": "binary"}}}
REQUEST_BODY = {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [PastedText.model_json_schema(),
                                              UrlToFetch.model_json_schema()]}},
    "multipart/form-data": {"schema": _FORM},
    "application/x-www-form-urlencoded": {"schema": _FORM},
    "text/plain": {"schema": {"type": "string"}}}}


@router.post(
    "/analyse", response_model=Contract | list[Contract],
    summary="Analyse a pasted text, an uploaded file or a URL without storing it",
    description="JSON `{\"text\", \"title\"?, \"published\"?, \"publisher\"?}`, a form with "
    "the same fields, a form with a `file` (any format `eventwire extract` reads), a "
    "plain-text body, or JSON `{\"url\"}` (or a form with `url`): the page or feed is "
    "fetched (private, loopback and cloud metadata addresses refused unless the server's "
    "settings allow private ones; redirects checked; the fetch settings' limits) and a "
    "refused or failed fetch gets 422. Answers the extraction contract of the document "
    "(a list when the input holds several, a feed or JSONL). Nothing is stored. Bodies over "
    "ingest.max_bytes get 413; an input that cannot even be read within "
    "ingest.extract_timeout seconds, 422; stages that run out of time or fail are listed "
    "in the document's `skipped`, their layers left empty.",
    openapi_extra={"requestBody": REQUEST_BODY})
async def analyse(request: Request) -> Response:
    limit = served(request).options.ingest.max_bytes
    try:
        body = await _read(request, limit)
    except TooLarge:
        return error_response(413, "E413", f"the body is larger than {limit:,} bytes "
                              "(ingest.max_bytes)", "body")
    found = await _input_of(request, body)
    if isinstance(found, Response):
        return found
    url = None
    if isinstance(found, UrlToFetch):
        fetched = await run_in_threadpool(_fetch, served(request).options, found.url)
        if isinstance(fetched, Response):
            return fetched
        found, url = (found.url, fetched.data), fetched.final_url
    source, data = found
    contracts, missed = await run_in_threadpool(analyser_of(request).analyse, source, data,
                                                url)
    if not contracts:
        return _refusal(missed, source)
    return JSONResponse(contracts[0] if len(contracts) == 1 else contracts)


def _fetch(options: Options, url: str) -> Fetched | Response:
    """The page at ``url`` within the server's fetch settings, or the error saying why not."""
    try:
        return fetch(url, options.fetch, ingest_max_bytes=options.ingest.max_bytes)
    except InputError as error:
        return error_response(422, error.code, f"{error.reason}: {error.message}", url)


async def _read(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it is known to be larger than ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        parts.append(chunk)
    return b"".join(parts)


Found = tuple[str, bytes] | UrlToFetch | Response


async def _input_of(request: Request, body: bytes) -> Found:
    """(source name, bytes) for the runner, from whichever way the text came; or the URL
    to fetch them from."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        return _pasted_json(body)
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return await _form(request, body)
    if kind in ("text/plain", ""):
        text = body.decode("utf-8", errors="replace")
        return _pasted(PastedText(text=text)) if text.strip() else _unreadable(
            "the body is empty: send a text to analyse")
    # the type is not repeated: it is what the client sent
    return _unreadable("cannot read a body of this Content-Type: send JSON, a form, a file "
                       "or plain text")


def _pasted_json(body: bytes) -> Found:
    try:
        if _names_url(body):
            return UrlToFetch.model_validate_json(body)
        return _pasted(PastedText.model_validate_json(body))
    except ValidationError as exc:
        return _unreadable(problems(exc.errors()))


def _names_url(body: bytes) -> bool:
    """Whether a JSON body is an object with a "url" (a URL to fetch, not a text)."""
    try:
        record = json.loads(body)
    except (ValueError, RecursionError):
        return False  # the text model's validation says what is wrong with it
    return isinstance(record, dict) and "url" in record


def _pasted(pasted: PastedText) -> tuple[str, bytes]:
    record = pasted.model_dump(exclude_none=True)
    return PASTED, json.dumps(record, ensure_ascii=False).encode()


async def _form(request: Request, body: bytes) -> Found:
    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    # the body is already read (and counted): parse it from memory
    form = await Request(request.scope, replay).form(max_files=1, max_fields=8)
    try:
        upload = form.get("file")
        if isinstance(upload, UploadFile):
            name = PurePath(upload.filename or "upload.txt").name or "upload.txt"
            return name, await upload.read()
        fields = {k: v for k, v in form.items() if isinstance(v, str) and k != "file"}
        try:
            if "url" in fields:
                return UrlToFetch.model_validate(fields)
            return _pasted(PastedText.model_validate(fields))
        except ValidationError as exc:
            return _unreadable(problems(exc.errors(), sent_values(fields)))
    finally:
        await form.close()


def _unreadable(message: str) -> Response:
    return error_response(422, "E422", message, "body")


def _refusal(missed: list[Outcome], source: str) -> Response:
    """No document came out: why, in the error shape."""
    if not missed:
        return error_response(422, "E100", "no document in this input",
                              source if source == PASTED else "the upload")
    first = missed[0]
    status = 413 if first.reason == Reason.TOO_LARGE.value else 422
    # the source is an uploaded file's name, which the client chose: never repeated
    hidden = [source, first.source] if source != PASTED else []
    return error_response(status, "E100", scrubbed(f"{first.reason}: {first.message}", hidden)
                          or first.reason, "the upload" if hidden else first.source)
