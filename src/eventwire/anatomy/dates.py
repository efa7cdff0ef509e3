"""Explicit calendar dates in text, normalised to YYYY-MM-DD.

Regular expressions find date-shaped strings; dateparser turns each match into a date
under the document's day/month order. Relative dates are left to the times layer, except
weekday names next to an anchor date, which the citation rules need.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import dateparser

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
MONTH = _MONTH
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_NUMERIC = rf"\b(?:[0-3]?\d[./-][01]?\d[./-]{_YEAR}|{_YEAR}[./-][01]?\d[./-][0-3]?\d)\b"
_DAY_MONTH = rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?"
_MONTH_DAY = rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
_MONTH_YEAR = rf"\b{_MONTH}\s+{_YEAR}"
DATE_PATTERN = re.compile(
    rf"(?:{_NUMERIC}|{_DAY_MONTH}|{_MONTH_DAY})(?![\w/.-]\d)", re.IGNORECASE
)
_HAS_YEAR = re.compile(_YEAR)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:on|last|this past)\s+(" + "|".join(WEEKDAYS) + r")\b", re.I)


@dataclass(frozen=True)
class FoundDate:
    value: str  # YYYY-MM-DD
    start: int
    end: int
    text: str
    has_year: bool


def detect_order(text: str) -> str:
    """DMY or MDY: the first numeric date that can only be read one way decides."""
    for match in re.finditer(r"\b([0-3]?\d)[./-]([0-3]?\d)[./-](?:19|20)\d\d\b", text):
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            return "DMY"
        if second > 12 >= first:
            return "MDY"
    return "DMY"


# Bounded: an archive brings endless distinct date strings, and memory must not grow
# with the corpus (a few thousand recent ones cover a feed's repeats).
@lru_cache(maxsize=4096)
def _parse(text: str, order: str, year: int | None) -> str | None:
    settings: dict[str, object] = {
        "DATE_ORDER": order,
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"] if year is None else ["day", "month"],
        "STRICT_PARSING": False,
    }
    if year is not None:
        settings["RELATIVE_BASE"] = _base(year)
        settings["PREFER_DATES_FROM"] = "current_period"
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text, flags=re.I).replace(" of ", " ")
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if year is not None and not _HAS_YEAR.search(text):
        parsed = parsed.replace(year=year)
    return parsed.date().isoformat()


def _base(year: int):
    from datetime import datetime

    return datetime(year, 7, 1)


def parse_date(text: str, order: str = "DMY", year: int | None = None) -> str | None:
    """One date string to YYYY-MM-DD; ``year`` completes a date written without one."""
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:[T ].*)?", text)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
    compact = re.fullmatch(r"((?:19|20)\d\d)(\d\d)(\d\d)(?:\d{4,6})?", text)
    if compact:  # <meta name="pubdate" content="20230412">
        try:
            return date(int(compact[1]), int(compact[2]), int(compact[3])).isoformat()
        except ValueError:
            return None
    numeric = re.fullmatch(r"(\d{4})[./](\d{1,2})[./](\d{1,2})", text)
    if numeric:
        order = "YMD"
    try:
        return _parse(text, order, year)
    except (ValueError, OverflowError):
        return None


def find_dates(text: str, order: str, year: int | None = None,
               start: int = 0, end: int | None = None) -> Iterator[FoundDate]:
    """Explicit dates in ``text[start:end]``; yearless ones only when ``year`` is given."""
    for match in DATE_PATTERN.finditer(text, start, len(text) if end is None else end):
        has_year = bool(_HAS_YEAR.search(match.group()))
        if not has_year and year is None:
            continue
        value = parse_date(match.group(), order, None if has_year else year)
        if value:
            yield FoundDate(value, match.start(), match.end(), match.group(), has_year)


def weekday_before(anchor: str, weekday: str) -> str:
    """The latest ``weekday`` on or before the anchor date (news: 'on Monday')."""
    day = date.fromisoformat(anchor)
    target = WEEKDAYS.index(weekday.lower())
    return (day - timedelta(days=(day.weekday() - target) % 7)).isoformat()


def find_weekday(text: str, start: int, end: int) -> re.Match[str] | None:
    return _WEEKDAY.search(text, start, end)
