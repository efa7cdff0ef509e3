"""The shapes of the API's JSON answers, declared so that /openapi.json documents them and
tests check real answers against them. Events and documents reuse the contract's own
models (eventwire.contract), so the API and `eventwire ... --format json` say the same."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventwire.contract import Event


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageInfo(_Answer):
    count: int = Field(description="rows in this page")
    limit: int = Field(description="the page size used (a larger limit is cut to the "
                       "maximum)")
    truncated: bool = Field(description="true when more rows follow this page")
    cursor: str | None = Field(description="pass as `cursor` for the next page; null on "
                               "the last")
    next: str | None = Field(description="the next page's URL (same filters); null on the "
                             "last")


class DocumentSummary(_Answer):
    id: str
    source: str
    locator: str | None
    title: str | None
    published: date | None
    publisher: str | None
    genre: str
    language: str | None
    languages: list[str]
    translated: bool
    duplicate_of: str | None


class DocumentPage(PageInfo):
    documents: list[DocumentSummary]


class EventPage(PageInfo):
    events: list[Event] = Field(description="events by start date, then id (as "
                                "`eventwire events --format json`)")


class ActorSummary(_Answer):
    id: str
    name: str
    kind: str
    country: str | None
    sectors: list[str]
    code: str | None
    mentions: int
    documents: int


class PlaceSummary(_Answer):
    id: str
    name: str
    country: str | None
    level: str
    lat: float
    lon: float
    mentions: int
    documents: int


class CutInfo(_Answer):
    count: int = Field(description="rows in this answer")
    total: int = Field(description="rows matching the filters")
    limit: int = Field(description="the limit used")
    truncated: bool = Field(description="true when `limit` cut the listing (count < total)")


class ActorList(CutInfo):
    actors: list[ActorSummary] = Field(description="most mentioned first")


class PlaceList(CutInfo):
    places: list[PlaceSummary] = Field(description="most mentioned first")


class Analysis(BaseModel):
    """A dyad series, the influence index or a comparison, as `eventwire dyad` and
    `eventwire influence --format json` print it (docs/analytics.md): every figure with
    its value, band and the ids of the events behind it; `events` (with explain) each
    event's weight rule, chain of sources and sentences."""

    model_config = ConfigDict(extra="allow")

    kind: str = Field(description="dyad | influence | influence-compare")
    definition: dict[str, Any] = Field(description="the definition and settings, with "
                                       "their hash")
