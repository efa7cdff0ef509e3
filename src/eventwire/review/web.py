"""The review page, `/review/events/{event_id}`: the event as the store has it (type,
sides, modality, place, dates, its mentions and their sentences), a form to correct it or
mark it wrong, and the corrections in force, each with an undo button.

Server-rendered with Jinja2's autoescaping, with no script and no inline style (the app's
Content-Security-Policy allows neither). The forms are plain form posts answered with a
redirect back to the page, so no script is needed. Another site cannot post a correction
in the analyst's name: a post must carry an `Origin` header naming this server (browsers
send one with every form post; the app's guard checks it too), and the session's
double-submit token, in a SameSite=Strict cookie and repeated in a hidden field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader

from eventwire.api.access import served, store_for_writing, store_of
from eventwire.api.errors import request_values, scrubbed
from eventwire.api.security import (
    CSRF_FIELD,
    csrf_field_matches,
    csrf_token,
    set_csrf_cookie,
)
from eventwire.contract import Event
from eventwire.corroborate.corrections import EVENT_FIELDS, MENTION_FIELDS
from eventwire.errors import EventwireError, StoreError
from eventwire.review.corrections import Listed, add, listing, undo
from eventwire.review.corrections import Request as CorrectionRequest
from eventwire.store import Store

router = APIRouter(prefix="/review", tags=["review"], include_in_schema=False)


@cache
def templates() -> Environment:
    # autoescape on for every template: document text is shown as text, never as markup
    return Environment(loader=PackageLoader("eventwire.review", "templates"), autoescape=True)


@dataclass(frozen=True)
class Row:
    """A correction as the page shows it."""

    correction: Any
    attached_to: str | None
    shown_value: str


@router.get("/events/{event_id}", response_class=HTMLResponse)
def review_event(request: Request, event_id: str) -> HTMLResponse:
    with store_of(request) as store:
        return _page(request, store, event_id)


@router.post("/events/{event_id}", response_model=None)
def post_review(request: Request, event_id: str, action: str = Form(...),
                reason: str = Form(""), target: str = Form(""), field: str = Form(""),
                value: str = Form(""), author: str = Form(""), correction: str = Form(""),
                csrf: str = Form("", alias=CSRF_FIELD)) -> Response:
    if not _same_origin(request) or not csrf_field_matches(request, csrf):
        return HTMLResponse("<!doctype html><title>refused</title><p>A correction must be "
                            "posted from this server's own review page, in this browser "
                            "session: open the page again.</p>", 403)
    opts = served(request).options.corroborate
    with store_for_writing(request) as store:  # corrections take turns, as in the API
        try:
            if action == "undo":
                undo(store, correction, reason, author or "review page", opts)
            else:
                corrected = CorrectionRequest(target or event_id, field, value or None,
                                              reason, author or "review page")
                add(store, corrected, opts)
        except EventwireError as exc:  # shown on the page, the form kept
            sent = [*request_values(request), target, field, value, reason, author,
                    correction]
            return _page(request, store, event_id, error=scrubbed(exc.message, sent),
                         status=422)
    return RedirectResponse(f"/review/events/{event_id}", status_code=303)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is not None and \
        origin.rstrip("/") == f"{request.url.scheme}://{request.url.netloc}"


def _page(request: Request, store: Store, event_id: str, error: str | None = None,
          status: int = 200) -> HTMLResponse:
    event = _event(store, event_id)
    rows = _corrections_of(store, event_id, event)
    if event is None and not rows:
        raise StoreError(f"no event with id {event_id!r}", source=store.path)
    fields = sorted(set(EVENT_FIELDS) | set(MENTION_FIELDS), key=_field_order)
    token = csrf_token(request)
    html = templates().get_template("event.html").render(
        event_id=event.id if event else event_id, event=event, corrections=rows,
        fields=fields, error=error, csrf=token, csrf_field=CSRF_FIELD)
    reply = HTMLResponse(html, status)
    set_csrf_cookie(reply, request, token)
    return reply


def _field_order(name: str) -> int:
    order = ("type", "mode", "source", "target", "modality", "place", "start", "end", "wrong")
    return order.index(name)


def _event(store: Store, event_id: str) -> Event | None:
    """The event, or None when it is withheld (marked wrong) or gone."""
    try:
        return store.get_event(event_id)
    except StoreError:
        return None


def _corrections_of(store: Store, event_id: str, event: Event | None) -> list[Row]:
    """The corrections in force on the event or on one of its mentions."""
    members = {m.id for m in event.mentions} if event else set()
    full_id = event.id if event else event_id
    return [Row(r.correction, r.attached_to, _shown(r.correction.value))
            for r in listing(store) if _concerns(r, full_id, members)]


def _concerns(row: Listed, event_id: str, members: set[str]) -> bool:
    if row.correction.kind == "event":
        return row.correction.target == event_id
    return row.attached_to in members


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    return ", ".join(value) if isinstance(value, list) else str(value)
