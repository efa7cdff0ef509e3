"""Real-world events: the listing with `eventwire events`' filters, paged by a cursor in a
stable order (start date, then id), and one event with its mentions, its chain of sources
and its revisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from eventwire.api.access import store_of
from eventwire.api.errors import ERROR_RESPONSES
from eventwire.api.models import EventPage
from eventwire.api.paging import Page, cut, decode_cursor, page_fields, page_size
from eventwire.api.variants import (
    add_variants,
    csv_response,
    cut_headers,
    geojson_response,
    json_response,
    listing_response,
    point,
)
from eventwire.contract import Event
from eventwire.errors import OptionsError
from eventwire.store import EventFilter
from eventwire.views import EVENT_CSV_FIELDS, event_row, side_codes

router = APIRouter(prefix="/api", tags=["events"], responses=ERROR_RESPONSES)

Quad = Literal["verbal_cooperation", "material_cooperation", "verbal_conflict",
               "material_conflict"]
# Far above any event's sources, and inside the store's 64-bit integers: a larger number
# reached the query and was a server error instead of a refusal.
MOST_SOURCES = 1_000_000_000


class EventQuery(BaseModel):
    """`eventwire events`' filters, and the page."""

    model_config = ConfigDict(extra="ignore")

    actor: str | None = Field(None, description="a country code (RUS) or part of an actor's "
                              "name, on either side")
    country: str | None = Field(None, description="ISO-3 code on either side or where the "
                                "event happened")
    dyad: str | None = Field(None, description="SOURCE-TARGET country codes, e.g. RUS-KAZ "
                             "(a joint act of both counts too)")
    type: str | None = Field(None, description="PLOVER type, e.g. AGREE")
    quad: Quad | None = None
    place: str | None = Field(None, description="part of the place's name, or an ISO-3 code")
    since: date | None = Field(None, description="events ending on or after this day")
    until: date | None = Field(None, description="events starting on or before this day")
    min_sources: int | None = Field(None, ge=0, le=MOST_SOURCES,
                                    description="at least this many independent sources")
    modality: Literal["asserted", "reported"] | None = None
    limit: int | None = Field(None, ge=1, description="page size (default 100; above 1000 "
                              "is cut to 1000, and the answer says so)")
    cursor: str | None = Field(None, description="the `cursor` of the page before")

    def event_filter(self, size: int) -> EventFilter:
        return EventFilter(
            actor=self.actor, country=self.country, dyad=_dyad(self.dyad), type=self.type,
            quad=self.quad, place=self.place, since=_iso(self.since), until=_iso(self.until),
            min_sources=self.min_sources, modality=self.modality,
            after=_after(self.cursor), limit=size + 1)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _dyad(value: str | None) -> tuple[str, str] | None:
    """'RUS-KAZ' (or 'RUS>KAZ') as the CLI reads it."""
    if value is None:
        return None
    parts = [p.strip() for p in value.replace(">", "-").split("-") if p.strip()]
    if len(parts) != 2:
        raise OptionsError("give two country codes, e.g. RUS-KAZ", source="dyad")
    return parts[0], parts[1]


def _after(cursor: str | None) -> tuple[str | None, str] | None:
    if cursor is None:
        return None
    key = decode_cursor(cursor)
    if not (isinstance(key, list) and len(key) == 2 and isinstance(key[1], str)
            and (key[0] is None or isinstance(key[0], str))):
        raise OptionsError("not an events cursor", source="cursor")
    if key[0] is not None:
        try:
            date.fromisoformat(key[0])
        except ValueError as exc:
            raise OptionsError("not an events cursor", source="cursor") from exc
    return key[0], key[1]


def _key(event: Event) -> list[str | None]:
    return [event.start or None, event.id]


def events_page(request: Request, query: EventQuery) -> Page:
    size = page_size(query.limit)
    with store_of(request) as store:
        found = store.list_events(query.event_filter(size))
    return cut(found, size, request, _key)


def _listing(fmt: str) -> Callable[..., Response]:
    def events(request: Request, query: Annotated[EventQuery, Query()]) -> Response:
        page = events_page(request, query)
        headers = cut_headers(page.truncated, page.next)
        if fmt == "csv":
            return csv_response((event_row(e) for e in page.rows), list(EVENT_CSV_FIELDS),
                                "events.csv", headers)
        if fmt == "geojson":
            return geojson_response([f for e in page.rows if (f := event_feature(e))],
                                    page.truncated, page.next,
                                    {"unplaced": [e.id for e in page.rows if not e.place]},
                                    headers)
        return listing_response("events", (e.as_json() for e in page.rows),
                                page_fields(page), headers)
    return events


def event_feature(event: Event) -> dict[str, Any] | None:
    """An event with a place as a GeoJSON Point (an event with none has no feature)."""
    place = event.place
    if place is None:
        return None
    return point(event.id, place.lon, place.lat, {
        "id": event.id, "type": event.type, "quad": event.quad, "mode": event.mode,
        "modality": event.modality, "start": event.start, "end": event.end,
        "source": side_codes(event.source), "target": side_codes(event.target),
        "independent_sources": event.independent_sources, "place_id": place.id,
        "place_name": place.name, "place_country": place.country,
        # a country-level place is the country's centroid: filter on it to drop them
        "level": place.level})


add_variants(router, "/events", ("json", "csv", "geojson"), _listing,
             summary="Real-world events, with filters, a page at a time",
             response_model=EventPage,
             description="Oldest first (start date, then id), as `eventwire events`. Pass "
             "the answer's `cursor` (or follow `next`) for the next page.")

EventId = Annotated[str, Path(description="an event id, or a unique prefix of it")]


def _one(fmt: str) -> Callable[..., Response]:
    def event(request: Request, event_id: EventId) -> Response:
        with store_of(request) as store:
            found = store.get_event(event_id)
        if fmt == "csv":
            return csv_response([event_row(found)], list(EVENT_CSV_FIELDS),
                                f"{found.id}.csv", cut_headers(False))
        if fmt == "geojson":
            feature = event_feature(found)
            return geojson_response([feature] if feature else [], False,
                                    extra={"unplaced": [] if feature else [found.id]})
        return json_response(found.as_json())
    return event


add_variants(router, "/events/{event_id}", ("json", "csv", "geojson"), _one,
             summary="One event: its actors, place and time, its chain of sources, every "
             "mention with its sentence, and its revisions", response_model=Event)
