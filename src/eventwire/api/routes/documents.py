"""Stored documents: the listing with `eventwire docs`' filters, paged by a cursor in ingest
order, and one document's contract with every layer (`eventwire show --format json`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from eventwire.api.access import store_of
from eventwire.api.errors import ERROR_RESPONSES
from eventwire.api.models import DocumentPage
from eventwire.api.paging import Page, cut, decode_cursor, page_fields, page_size
from eventwire.api.variants import (
    add_variants,
    csv_response,
    cut_headers,
    json_response,
    listing_response,
)
from eventwire.contract import Contract, to_contract
from eventwire.errors import OptionsError
from eventwire.store import DocumentFilter

router = APIRouter(prefix="/api", tags=["documents"], responses=ERROR_RESPONSES)

Genre = Literal["news_report", "press_release", "opinion", "statement", "other"]
DOCUMENT_FIELDS = ["id", "source", "locator", "title", "published", "publisher", "genre",
                   "language", "languages", "translated", "duplicate_of"]


class DocumentQuery(BaseModel):
    """`eventwire docs`' filters, and the page."""

    model_config = ConfigDict(extra="ignore")

    genre: Genre | None = None
    language: str | None = Field(None, description="ISO 639-1 code of a language it "
                                 "contains")
    publisher: str | None = Field(None, description="publisher contains this (any case)")
    since: date | None = Field(None, description="published on or after this day")
    until: date | None = Field(None, description="published on or before this day")
    translated: bool | None = Field(None, description="true: only translations; false: "
                                    "only originals")
    duplicates: bool = Field(True, description="include near-duplicate republications")
    q: str | None = Field(None, description="title or text contains this (any case)")
    limit: int | None = Field(None, ge=1, description="page size (default 100; above 1000 "
                              "is cut to 1000, and the answer says so)")
    cursor: str | None = Field(None, description="the `cursor` of the page before")

    def document_filter(self, size: int) -> DocumentFilter:
        return DocumentFilter(
            genre=self.genre, language=self.language, publisher=self.publisher,
            since=self.since.isoformat() if self.since else None,
            until=self.until.isoformat() if self.until else None,
            translated=self.translated, duplicates=self.duplicates, text=self.q,
            after=_after(self.cursor), limit=size + 1)


def _after(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    key = decode_cursor(cursor)
    if not isinstance(key, str):
        raise OptionsError("not a documents cursor", source="cursor")
    return key


def documents_page(request: Request, query: DocumentQuery) -> Page:
    size = page_size(query.limit)
    with store_of(request) as store:
        found = store.list_documents(query.document_filter(size))
    return cut(found, size, request, lambda row: row["id"])


def _listing(fmt: str) -> Callable[..., Response]:
    def documents(request: Request, query: Annotated[DocumentQuery, Query()]) -> Response:
        page = documents_page(request, query)
        headers = cut_headers(page.truncated, page.next)
        if fmt == "csv":
            return csv_response(page.rows, DOCUMENT_FIELDS, "documents.csv", headers)
        return listing_response("documents", page.rows, page_fields(page), headers)
    return documents


add_variants(router, "/documents", ("json", "csv"), _listing,
             summary="Stored documents, with filters, a page at a time",
             response_model=DocumentPage,
             description="In ingest order, as `eventwire docs`. Pass the answer's `cursor` "
             "(or follow `next`) for the next page.")

DocumentId = Annotated[str, Path(description="a document id, or a unique prefix of at "
                                 "least 6 characters")]


def _one(fmt: str) -> Callable[..., Response]:
    def document(request: Request, document_id: DocumentId) -> Response:
        with store_of(request) as store:
            contract = to_contract(store.get(document_id))
        if fmt == "csv":
            return csv_response(layer_rows(contract), LAYER_FIELDS,
                                f"{contract['document']['id'][:12]}.csv", cut_headers(False))
        return json_response(contract)
    return document


add_variants(router, "/documents/{document_id}", ("json", "csv"), _one,
             summary="One document with every layer (the extraction contract)",
             response_model=Contract,
             description="JSON: the contract, as `eventwire show ID --format json`. CSV: "
             "one row per item of every layer (actors, places, times, quotes, claims, "
             "events), with its span and the words it stands on.")

LAYER_FIELDS = ["layer", "id", "label", "start", "end", "text"]


def layer_rows(contract: dict[str, Any]) -> list[dict[str, Any]]:
    """Every span-bearing item of a contract, one row each: which layer, what it is, where
    it stands in the text."""
    text = contract["document"]["text"]
    rows: list[dict[str, Any]] = []
    for actor in contract["actors"]:
        rows += [_span_row("actor", actor["id"], actor["name"], span, text)
                 for span in actor["mentions"]]
    for place in contract["places"]:
        rows += [_span_row("place", place["id"], place["name"], span, text)
                 for span in place["mentions"]]
    for time_ in contract["times"]:
        rows.append(_span_row("time", None, f"{time_['start']}..{time_['end']}",
                              time_["span"], text))
    for quote in contract["quotes"]:
        rows.append(_span_row("quote", quote.get("speaker"), quote["kind"], quote["span"],
                              text))
    for claim in contract["claims"]:
        rows.append(_span_row("claim", None, f"{claim['value']} {claim['unit']}",
                              claim["span"], text))
    for event in contract["events"]:
        rows.append(_span_row("event", event["id"], f"{event['type']} {event['modality']}",
                              event["evidence"]["span"], text))
    return rows


def _span_row(layer: str, item: str | None, label: str, span: list[int], text: str,
              ) -> dict[str, Any]:
    start, end = span[0], span[1]
    return {"layer": layer, "id": item, "label": label, "start": start, "end": end,
            "text": text[start:end]}
