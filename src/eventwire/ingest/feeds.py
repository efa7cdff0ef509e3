"""RSS and Atom feeds: each item becomes one document.

The XML is first checked with defusedxml, which refuses entity declarations and
external references, so no entity is expanded and nothing is fetched; feedparser then
reads the (now known to be harmless) feed from memory.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.parsers import expat

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


# More items than any feed carries; past it, feedparser's entries alone take gigabytes.
MAX_ITEMS = 100_000
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
    except ValueError as exc:  # expat reads no UTF-32 or UTF-7, and says so this way
        raise InputError(Reason.MALFORMED, f"the XML declares an encoding its parser cannot "
                         f"read ({exc})", source=source) from exc
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


def parse_feed(data: bytes, source: str) -> list[FeedItem | InputError]:
    """The feed's items; a feed that is not well-formed loses only its broken items
    (see :func:`_salvage`), each reported with its number."""
    items = sum(1 for _ in _ITEM_START.finditer(data))
    if items > MAX_ITEMS:
        raise InputError(Reason.TOO_LARGE, f"the feed has {items:,} items, over the limit of "
                         f"{MAX_ITEMS:,} (feedparser holds them all at once); split it",
                         source=source)
    failures: list[InputError] = []
    numbers: list[int] | None = None  # the items kept, by their number in the input
    try:
        check_safe_xml(data, source)
    except InputError as error:
        salvaged = _salvage(data, source) if error.reason == Reason.MALFORMED else None
        if salvaged is None:
            raise
        data, numbers, failures = salvaged
        check_safe_xml(data, source)  # what is left is checked as a whole, depth included
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    if numbers is not None and len(parsed.entries) != len(numbers):
        raise InputError(Reason.MALFORMED, "the XML is not well-formed, and its items "
                         "cannot be told apart", source=source)
    if not parsed.entries and not failures:
        reason = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        raise InputError(Reason.NO_TEXT, f"the feed has no items{reason}", source=source)
    channel = parsed.feed.get("title") or None
    items: list[FeedItem | InputError] = [
        _item(number, entry, channel) for number, entry in
        zip(numbers or range(len(parsed.entries)), parsed.entries, strict=True)]
    return sorted([*items, *failures], key=_number)


def _item(index: int, entry: feedparser.FeedParserDict, channel: str | None) -> FeedItem:
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
    return FeedItem(index, text, entry.get("link") or None, hints)


def _number(result: FeedItem | InputError) -> int:
    if isinstance(result, FeedItem):
        return result.index
    return int((result.locator or "item 0").split()[1])


# -- a damaged feed, item by item -----------------------------------------------------------
_ITEM_START = re.compile(rb"<(?:item|entry)[\s>/]")
_ITEM_END = re.compile(rb"</(?:item|entry)\s*>")
_DECLARATIONS = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
# The channel's own elements are checked once with every item: past this size, no salvage.
_MAX_HEAD = 1_000_000


def _salvage(data: bytes, source: str) -> tuple[bytes, list[int], list[InputError]] | None:
    """A feed that is not well-formed, rebuilt from its well-formed items.

    The feed is cut where each <item> or <entry> starts; each piece, up to its closing
    tag, is checked with the channel's head and closing tags around it. The good items
    are put back together; each broken one becomes a failure with its number. No
    salvage (None) for a feed with a DOCTYPE or entity declarations, or whose head is
    itself broken: without a DTD no entity can be defined, so nothing is expanded.
    """
    if _DECLARATIONS.search(data):
        return None
    starts = [match.start() for match in _ITEM_START.finditer(data)]
    if not starts or starts[0] > _MAX_HEAD:
        return None
    head = data[:starts[0]]
    tail = _closing_tags(head)
    if tail is None or _xml_error(head + tail) is not None:
        return None
    kept: list[bytes] = []
    numbers: list[int] = []
    failures: list[InputError] = []
    counted, line = 0, 1
    for number, start in enumerate(starts):
        piece = data[start:starts[number + 1] if number + 1 < len(starts) else len(data)]
        closing = list(_ITEM_END.finditer(piece))
        problem = "no closing tag" if not closing else \
            _xml_error(head + piece[:closing[-1].end()] + tail)
        if problem is None:
            kept.append(piece[:closing[-1].end()])
            numbers.append(number)
            continue
        line, counted = line + data.count(b"\n", counted, start), start
        failures.append(InputError(
            Reason.MALFORMED, f"item {number} (line {line}): not well-formed XML ({problem})",
            source=source, locator=f"item {number}"))
    return head + b"".join(kept) + tail, numbers, failures


def _closing_tags(head: bytes) -> bytes | None:
    """The end tags that close what ``head`` leaves open (``</channel></rss>``)."""
    open_tags: list[str] = []
    parser = expat.ParserCreate()
    parser.StartElementHandler = lambda name, _attributes: open_tags.append(name)
    parser.EndElementHandler = lambda _name: open_tags.pop()
    try:
        parser.Parse(head, False)
    except (expat.ExpatError, ValueError):  # ValueError: an encoding expat cannot read
        return None
    return "".join(f"</{name}>" for name in reversed(open_tags)).encode()


def _xml_error(document: bytes) -> str | None:
    """Why ``document`` is not well-formed XML, or None. Entities are refused as
    undefined: the callers have made sure there is no DTD."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(document, True)
    except expat.ExpatError as exc:
        return expat.ErrorString(exc.code)
    except ValueError as exc:  # an encoding expat cannot read (UTF-32, UTF-7)
        return str(exc)
    return None
