"""JSONL and JSON records: one document per object with a ``text`` field.

A damaged container loses only its damaged records: a bad JSONL line, or a bad item of
a JSON array, fails alone with its locator and every good record around it is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventwire.document import SourceHints
from eventwire.errors import InputError, Reason
from eventwire.ingest.normalise import clean_field

EXTRACTOR = "eventwire.ingest.records.json.v1"


@dataclass(frozen=True)
class Record:
    locator: str
    text: str
    url: str | None
    hints: SourceHints


def _optional_str(obj: dict[str, Any], key: str, where: str, source: str) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(
            Reason.MALFORMED, f"{where}: field {key!r} must be a string, not "
            f"{type(value).__name__}", source=source, locator=where,
        )
    # JSON can spell what no text holds (NUL, lone surrogates): gone before the store
    return clean_field(value) or None


def _first_str(obj: dict[str, Any], keys: tuple[str, ...], where: str,
               source: str) -> str | None:
    """The first of several names a field goes by in the wild ('publisher', 'source')."""
    for key in keys:
        value = _optional_str(obj, key, where, source)
        if value:
            return value
    return None


def record_from_object(obj: Any, locator: str, source: str) -> Record:
    if not isinstance(obj, dict):
        raise InputError(
            Reason.MALFORMED, f"{locator}: expected a JSON object, got {type(obj).__name__}",
            source=source, locator=locator,
        )
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            Reason.MALFORMED, f"{locator}: no non-empty string field 'text'", source=source,
            locator=locator,
        )
    published = _optional_str(obj, "published", locator, source)
    hints = SourceHints(
        title=_optional_str(obj, "title", locator, source),
        published=published,
        published_origin="jsonl" if published else None,
        publisher=_first_str(obj, ("publisher", "source", "outlet", "site", "site_name"),
                             locator, source),
        author=_optional_str(obj, "author", locator, source),
        section=_optional_str(obj, "section", locator, source),
    )
    return Record(locator, text, _optional_str(obj, "url", locator, source), hints)


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of a JSON Lines (or other line-based) text, numbered from 1.

    Only "\\n" ends a line (a "\\r" before it is dropped). ``str.splitlines`` also breaks
    at U+0085, U+2028 and U+2029, which JSON allows unescaped inside strings: scraped text
    is full of them, and a record cut there is lost.
    """
    start, number = 0, 1
    while start <= len(text):  # one line at a time: millions of lines are no list
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield number, text[start:end].removesuffix("\r")
        start, number = end + 1, number + 1


# Python's JSON reader recurses once per level of nesting and gives up at about this
# depth (the interpreter's recursion limit); no news record comes near it.
_MAX_DEPTH_NOTE = "about 1,000"


# Not strict: a raw tab or other control character inside a string (which strict JSON
# forbids, and some scrapers write) costs nothing; normalisation drops the controls.
_DECODER = json.JSONDecoder(strict=False)
# json raises a bare ValueError for an integer longer than sys.get_int_max_str_digits()
# (4,300 digits): a guard against quadratic conversion, and no record field is a number.
_LONG_NUMBER = "a number too long to read"


def _loads(text: str, locator: str | None, source: str) -> Any:
    """``json.loads`` whose failures are InputErrors naming the input and the reason."""
    where = f"{locator}: " if locator else ""
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(Reason.MALFORMED, f"{where}not valid JSON ({exc.msg})",
                         source=source, locator=locator) from exc
    except RecursionError as exc:
        raise InputError(Reason.MALFORMED, f"{where}JSON nested deeper than {_MAX_DEPTH_NOTE} "
                         "levels; eventwire does not read it", source=source,
                         locator=locator) from exc
    except ValueError as exc:  # an integer of thousands of digits (Python refuses to read it)
        raise InputError(Reason.MALFORMED, f"{where}not valid JSON ({_LONG_NUMBER})",
                         source=source, locator=locator) from exc


def iter_jsonl(text: str, source: str) -> Iterator[Record | InputError]:
    """Each line one record; a bad line yields an error and the rest go on."""
    for number, line in numbered_lines(text):
        if not line.strip():
            continue
        locator = f"line {number}"
        try:
            yield record_from_object(_loads(line, locator, source), locator, source)
        except InputError as exc:
            yield exc


def iter_json(text: str, source: str) -> Iterator[Record | InputError]:
    """A JSON file holding one record or a list of records.

    A list that does not parse as a whole is read item by item, so one bad record costs
    only itself (see :func:`_salvage_array`); objects one per line are JSON Lines, whatever
    the file is called."""
    try:
        data = _loads(text, None, source)
    except InputError:
        head = text.lstrip("\ufeff \t\r\n")
        if head.startswith("["):
            yield from _salvage_array(text, source)
        elif head.startswith("{") and "\n{" in text:  # JSON Lines in a .json file
            yield from iter_jsonl(text, source)
        else:
            raise
        return
    objects = data if isinstance(data, list) else [data]
    for index, obj in enumerate(objects):
        try:
            yield record_from_object(obj, f"item {index}", source)
        except InputError as exc:
            yield exc


_WHITESPACE = re.compile(r"[ \t\r\n]*")
# Where the next record of a damaged array probably starts: an object opening a line, or
# right after the "}," that closed the previous one.
_NEXT_OBJECT = re.compile(r"(?:\n[ \t]*|\}[ \t\r\n]*,[ \t\r\n]*)(?=\{)")


def _salvage_array(text: str, source: str) -> Iterator[Record | InputError]:
    """The items of a damaged JSON array, one at a time.

    Each item is decoded where it starts; an item that does not decode fails with its
    number and line, and reading resumes at the next object that opens a line (or follows
    a "},"), which is how records are laid out in files written by programs.
    """
    position = _WHITESPACE.match(text, text.index("[") + 1).end()
    index = 0
    counted, line = 0, 1  # lines counted up to ``counted``: each newline is counted once
    while position < len(text) and text[position] != "]":
        locator = f"item {index}"
        try:
            obj, end = _decode_item(text, position)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
            line, counted = line + text.count("\n", counted, position), position
            problem = exc.msg if isinstance(exc, json.JSONDecodeError) else \
                _LONG_NUMBER if isinstance(exc, ValueError) else \
                f"nested deeper than {_MAX_DEPTH_NOTE} levels"
            yield InputError(Reason.MALFORMED, f"{locator} (line {line}): not valid JSON "
                             f"({problem})", source=source, locator=locator)
            resume = _NEXT_OBJECT.search(text, position + 1)
            if resume is None:
                return
            position, index = resume.end(), index + 1
            continue
        try:
            yield record_from_object(obj, locator, source)
        except InputError as exc:
            yield exc
        index += 1
        position = _WHITESPACE.match(text, end).end()
        if text.startswith(",", position):
            position = _WHITESPACE.match(text, position + 1).end()


def _decode_item(text: str, position: int) -> tuple[Any, int]:
    """The value starting at ``position`` and where it ends.

    It is decoded from a slice that ends where the next record probably starts, widened
    while the value runs on past it (at least doubled, so a long record costs a few
    tries, not one per line): a JSONDecodeError counts the lines before the error, so
    decoding bad items in the whole text would cost time growing with their square.
    """
    stop = position
    while True:
        boundary = _NEXT_OBJECT.search(text, stop + 1)
        stop = boundary.start() if boundary else len(text)
        chunk = text[position:stop]
        try:
            value, used = _DECODER.raw_decode(chunk)
        except json.JSONDecodeError as exc:
            if boundary is None or exc.pos < len(chunk.rstrip()):
                raise
            stop = position + 2 * len(chunk)  # cut short by the slice, not by damage
            continue
        return value, position + used
