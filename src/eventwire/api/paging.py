"""Pages of a listing: the page size and the opaque cursor that says where the next page
starts.

A cursor is the last key of a page (for events: start date and id; for documents: the
id), as URL-safe base64 of a small JSON value. Clients pass it back unchanged; its content
is no contract. Keys come from the listing's own stable order, so a page never repeats or
skips a row of the pages before it, whatever was added to the store in between (rows
added before the cursor's key are not shown: a listing is walked forwards).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from eventwire.errors import OptionsError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000  # a bigger page is cut to this, and says so


def page_size(limit: int | None) -> int:
    """The rows a page holds: the limit asked for, never more than MAX_LIMIT."""
    if limit is None:
        return DEFAULT_LIMIT
    return max(1, min(limit, MAX_LIMIT))


def encode_cursor(key: Any) -> str:
    text = json.dumps(key, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    """The key a cursor holds; an OptionsError (400) for anything this API did not make."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode())
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise OptionsError("not a cursor this API gave: pass the `cursor` of the page "
                           "before unchanged", source="cursor") from exc


@dataclass(frozen=True)
class Page:
    """One page's rows and what a reader needs to know about the rest."""

    rows: list[Any]
    limit: int
    cursor: str | None  # where the next page starts; None on the last page
    next: str | None  # the next page's URL

    @property
    def truncated(self) -> bool:
        return self.cursor is not None


def page_fields(page: Page) -> dict[str, Any]:
    """What a JSON page says beside its rows."""
    return {"count": len(page.rows), "limit": page.limit, "truncated": page.truncated,
            "cursor": page.cursor, "next": page.next}


def cut(rows: list[Any], limit: int, request: Request, key: Any) -> Page:
    """A page from ``rows`` fetched with ``limit + 1``: the extra row only says there is
    more. ``key`` gives the cursor of a row."""
    if len(rows) <= limit:
        return Page(rows, limit, None, None)
    kept = rows[:limit]
    cursor = encode_cursor(key(kept[-1]))
    url = request.url.include_query_params(cursor=cursor, limit=limit)
    return Page(kept, limit, cursor, url.path + "?" + url.query)
