"""Recognise what an input is (page, feed, JSONL, text) and turn it into drafts.

A draft is one document's text and the metadata its container gave, before
normalisation, ids and de-duplication.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePath, PurePosixPath
from urllib.parse import urlsplit

from eventwire.document import SourceHints
from eventwire.errors import InputError, Reason
from eventwire.ingest import archives, feeds, html, plaintext, records
from eventwire.ingest.decode import decode_bytes
from eventwire.ingest.normalise import clean_field


@dataclass(frozen=True)
class Draft:
    source: str
    format: str
    text: str
    extractor: str
    locator: str | None = None
    url: str | None = None
    hints: SourceHints = field(default_factory=SourceHints)


_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_HEAD = re.compile(r"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)", re.I | re.S)
_EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed",
    ".md": "markdown", ".markdown": "markdown",
    ".txt": "text", ".text": "text",
}


def suffix_of(source: str) -> str:
    """The extension of a file's name, or of a URL's path: never of its host name (the
    .py of https://diario.com.py/ is Paraguay, not Python)."""
    if source.startswith(("http://", "https://")):
        return PurePosixPath(urlsplit(source).path).suffix.lower()
    return PurePath(source).suffix.lower()


def sniff_format(source: str, text: str) -> str:
    """The container kind, from the file extension and then from the content."""
    by_extension = _EXTENSIONS.get(suffix_of(source))
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if by_extension in (None, "text") or suffix_of(source) == ".xml":
        if _FEED_ROOT.search(head[:2048]) and head.startswith("<"):
            return "feed"
        if _HTML_HEAD.match(head):
            return "html"
        if head.startswith("{") and "\n{" in text[:200_000]:
            return "jsonl"
        if head.startswith(("{", "[")) and text.rstrip().endswith(("}", "]")):
            return "json"
    return by_extension or "text"


def _feed_format(text: str) -> str:
    return "atom" if re.search(r"<feed[\s>]", text[:4096]) else "rss"


# Files that sit beside documents but are none: configuration, data, code, media.
_NOT_DOCUMENTS = {
    ".yaml", ".yml", ".toml", ".ini", ".cfg", ".csv", ".tsv", ".py", ".js", ".css", ".sh",
    ".sql", ".lock", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".mp3", ".mp4", ".pdf",
    ".doc", ".docx", ".xls", ".xlsx", ".parquet", ".duckdb",
    # archives other than zip and gzip (which are opened, see archives.py)
    ".tar", ".tgz", ".7z", ".rar", ".bz2", ".xz", ".zst",
}


def check_supported(source: str) -> None:
    suffix = suffix_of(source)
    if suffix in _NOT_DOCUMENTS:
        raise InputError(
            Reason.UNSUPPORTED,
            f"{suffix} files are not documents eventwire reads (text, Markdown, HTML, "
            "RSS/Atom, JSON, JSONL, and zip or gzip files of them)",
            source=source,
        )


# Appended to the extractor's name when invalid byte sequences were read as U+FFFD, so a
# stored text says that its source bytes were damaged.
REPLACED_SUFFIX = "+replaced-invalid-bytes"


def read_drafts(source: str, data: bytes) -> Iterator[Draft | InputError]:
    """Drafts from one input's bytes. Errors for single items are yielded, not raised.

    A zip or gzip input gives the drafts of each member, located by the member's name
    (``articles/a.html``, ``feeds/wire.rss item 3``); see :mod:`eventwire.ingest.archives`.
    """
    check_supported(source)
    results = _archive_drafts(source, data) if archives.archive_kind(data) \
        else _document_drafts(source, data)
    yield from _bounded(results, source)


# Every item of an input is held until the input's turn (one InputError is about a
# kilobyte): past these counts, a file of millions of tiny or broken lines (20 MB of "{}"
# is 7 million) would take gigabytes, so reading stops with one outcome that says where.
MAX_ITEMS = 100_000
MAX_FAILED_ITEMS = 10_000


def _bounded(results: Iterator[Draft | InputError], source: str
             ) -> Iterator[Draft | InputError]:
    failed = 0
    for items, result in enumerate(results):
        if items == MAX_ITEMS or failed == MAX_FAILED_ITEMS:
            what = f"{items:,} items" if items == MAX_ITEMS else f"{failed:,} bad items"
            yield InputError(Reason.TOO_LARGE, f"reading stopped after {what}; the rest of "
                             "the input is not read: split it into smaller files",
                             source=source, locator=f"after item {items}")
            return
        failed += isinstance(result, InputError)
        yield result


def _archive_drafts(source: str, data: bytes) -> Iterator[Draft | InputError]:
    for member in archives.members(source, data):
        if isinstance(member, InputError):
            yield member
        elif archives.is_nested_archive(member.name, member.data):
            yield InputError(Reason.UNSUPPORTED, f"{member.name}: an archive inside an "
                             "archive is not opened; unpack it first", source=source,
                             locator=member.name)
        else:
            yield from _located(source, member.name, member.data)


def _located(source: str, name: str, data: bytes) -> Iterator[Draft | InputError]:
    """A member's drafts and errors, moved to the archive's source and located by name."""
    try:
        results = list(_document_drafts(name, data))
    except InputError as error:
        results = [error]
    for result in results:
        locator = f"{name} {result.locator}" if result.locator else name
        if isinstance(result, Draft):
            yield replace(result, source=source, locator=locator)
        else:
            yield InputError(result.reason, f"{name}: {result.message}", source=source,
                             locator=locator)


def _document_drafts(source: str, data: bytes) -> Iterator[Draft | InputError]:
    check_supported(source)
    decoded = decode_bytes(data, source)
    for result in _drafts(source, data, decoded.text):
        if isinstance(result, Draft):
            result = _cleaned(result)
            if decoded.replaced:
                result = replace(result, extractor=result.extractor + REPLACED_SUFFIX)
        yield result


_HINT_FIELDS = ("title", "published", "publisher", "author", "section")


def _cleaned(draft: Draft) -> Draft:
    """The draft with its metadata cleaned as its text will be: no controls, no bidi
    overrides (an RLO in a title would show the rest of a page line reversed), no
    zero-width characters. The text itself is normalised by the pipeline."""
    hints = draft.hints.model_copy(update={
        **{name: clean_field(value) or None for name in _HINT_FIELDS
           if (value := getattr(draft.hints, name))},
        "links": [link for link in map(clean_field, draft.hints.links) if link]})
    return replace(draft, hints=hints, url=clean_field(draft.url) or None if draft.url else None)


def _drafts(source: str, data: bytes, text: str) -> Iterator[Draft | InputError]:
    kind = sniff_format(source, text)
    if kind == "feed":
        fmt = _feed_format(text)
        for item in feeds.parse_feed(data, source):
            if isinstance(item, InputError):
                yield item
            else:
                yield Draft(source, fmt, item.text, feeds.EXTRACTOR, f"item {item.index}",
                            item.url, item.hints)
    elif kind in ("jsonl", "json"):
        reader = records.iter_jsonl if kind == "jsonl" else records.iter_json
        for record in reader(text, source):
            if isinstance(record, InputError):
                yield record
            else:
                yield Draft(source, kind, record.text, records.EXTRACTOR, record.locator,
                            record.url, record.hints)
    elif kind == "html":
        body, hints = html.extract_page(text, source)
        yield Draft(source, "html", body, html.EXTRACTOR, hints=hints)
    elif kind == "markdown":
        body, hints = plaintext.markdown_to_text(text)
        yield Draft(source, "markdown", body, plaintext.MARKDOWN_EXTRACTOR, hints=hints)
    elif text.lstrip().startswith("<") and text.rstrip().endswith(">"):
        raise InputError(
            Reason.MALFORMED,
            "XML that is neither an RSS/Atom feed nor an HTML page",
            source=source,
        )
    else:
        yield Draft(source, "text", text, plaintext.TEXT_EXTRACTOR)
