"""RSS and Atom feeds: each item becomes one document.

The XML is first checked with defusedxml, which refuses entity declarations and
external references, so no entity is expanded and nothing is fetched; feedparser then
reads the (now known to be harmless) feed from memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from xml.etree import ElementTree

import defusedxml.ElementTree as safe_et
import feedparser
from defusedxml import DefusedXmlException

from eventwire.document import SourceHints
from eventwire.errors import InputError, Reason
from eventwire.ingest.html import fragment_to_text

EXTRACTOR = f"eventwire.ingest.feed.feedparser-{feedparser.__version__}.v1"


@dataclass(frozen=True)
class FeedItem:
    index: int
    text: str
    url: str | None
    hints: SourceHints


# No feed nests elements this deep; feedparser slows down with depth (ten seconds for
# 100,000 levels), and what it would give is no article.
MAX_DEPTH = 500


def _depth(root: ElementTree.Element) -> int:
    """The deepest level of nesting, walked without recursion."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in element)
    return deepest


def check_safe_xml(data: bytes, source: str) -> None:
    """Refuse XML with entity declarations or external references, or nested absurdly
    deep; report bad syntax."""
    try:
        root = safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                  forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            Reason.UNSAFE_XML,
            f"the XML declares entities or external references ({type(exc).__name__}); "
            "eventwire does not expand them",
            source=source,
        ) from exc
    except safe_et.ParseError as exc:
        raise InputError(Reason.MALFORMED, f"the XML is not well-formed: {exc}", source=source) \
            from exc
    if _depth(root) > MAX_DEPTH:
        raise InputError(Reason.MALFORMED, f"the feed's XML is nested deeper than {MAX_DEPTH} "
                         "levels, which no feed needs", source=source)


def _iso_date(entry: feedparser.FeedParserDict) -> tuple[str | None, str | None]:
    # dict.get, not entry.get: for "updated", feedparser falls back to "published" with a
    # DeprecationWarning when an item's date did not parse
    for key in ("published", "updated", "created"):
        parsed = dict.get(entry, f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed), dict.get(entry, key)
    return None, None


def _entry_html(entry: feedparser.FeedParserDict) -> str:
    contents = entry.get("content") or []
    longest = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return longest if len(longest) >= len(summary) else summary


def parse_feed(data: bytes, source: str) -> list[FeedItem]:
    check_safe_xml(data, source)
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        reason = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        raise InputError(Reason.NO_TEXT, f"the feed has no items{reason}", source=source)
    channel = parsed.feed.get("title") or None
    items = []
    for index, entry in enumerate(parsed.entries):
        text, links = fragment_to_text(_entry_html(entry))
        iso, _raw = _iso_date(entry)
        categories = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
        hints = SourceHints(
            title=(entry.get("title") or "").strip() or None,
            published=iso,
            published_origin="feed" if iso else None,
            publisher=channel,
            author=entry.get("author") or None,
            section=", ".join(categories) or None,
            links=links,
        )
        items.append(FeedItem(index, text, entry.get("link") or None, hints))
    return items
