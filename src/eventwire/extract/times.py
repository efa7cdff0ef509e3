"""Times: dates and intervals, normalised against the document's date.

Explicit dates come from the anatomy layer's date rules (dateparser under the document's
day/month order); this module adds what news writes around them: intervals ("from July
30 to August 10", "March 23 - 27 of 2021", "3-4 July 2024"), months and years ("in
2021", "August 1998"), decades, and expressions relative to the document date ("last
Tuesday", "yesterday", "earlier this month", "next week", "two years ago"). Each carries
its granularity and a TimeML-style value.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from eventwire.anatomy.dates import MONTH, find_dates
from eventwire.document import TimeMention

STAGE = "eventwire.extract.times.rules.v1"

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = [d.lower() for d in calendar.day_name]
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1, "several": 3}
_YEAR = r"(?:19|20)\d\d"
_DAYNUM = r"[0-3]?\d(?:st|nd|rd|th)?"
_DASH = r"\s*(?:-|–|—|to|until|till|through|and)\s*"

_INTERVALS = [
    # "from July 30 to August 10, 2021" / "between July 30 and August 10"
    re.compile(rf"\b(?:from|between)\s+(?P<m1>{MONTH})\s+(?P<d1>{_DAYNUM})(?:,?\s+(?P<y1>{_YEAR}))?"
               rf"{_DASH}(?P<m2>{MONTH})\s+(?P<d2>{_DAYNUM})(?:,?\s+(?P<y2>{_YEAR}))?", re.I),
    # "from 30 July to 10 August 2021"
    re.compile(rf"\b(?:from|between)\s+(?P<d1>{_DAYNUM})\s+(?P<m1>{MONTH})(?:\s+(?P<y1>{_YEAR}))?"
               rf"{_DASH}(?P<d2>{_DAYNUM})\s+(?P<m2>{MONTH})(?:,?\s+(?P<y2>{_YEAR}))?", re.I),
    # "March 23 - 27 of 2021", "March 23-27, 2021"
    re.compile(rf"\b(?P<m1>{MONTH})\s+(?P<d1>{_DAYNUM}){_DASH}(?P<d2>{_DAYNUM})"
               rf"(?:,?\s+(?:of\s+)?(?P<y1>{_YEAR}))?", re.I),
    # "3-4 July 2024", "from 3 to 8 April"
    re.compile(rf"\b(?:from\s+|between\s+)?(?P<d1>{_DAYNUM}){_DASH}(?P<d2>{_DAYNUM})\s+"
               rf"(?:of\s+)?(?P<m1>{MONTH})(?:,?\s+(?P<y1>{_YEAR}))?", re.I),
]
DAY_AFTER = re.compile(rf",?\s+{MONTH}\s+[0-3]?\d", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:(?:early|mid|late)[-\s])?(?P<m>{MONTH})(?:,)?\s+(?P<y>{_YEAR})\b",
                         re.I)
_MONTH_ALONE = re.compile(rf"\b(?:in|since|until|by|during|of|last|this|next|early|late|mid)"
                          rf"[-\s]+(?P<m>{MONTH})\b(?!\s+[0-3]?\d)", re.I)
_DECADE = re.compile(r"\b(?:the\s+)?(?P<d>(?:19|20)\d)0s\b")
_BARE_YEAR = re.compile(
    rf"(?<![\d,.$£€])\b(?P<y>{_YEAR})\b(?![\d%]|[.,]\d|\s*(?:people|troops|km))")
_RELATIVE = re.compile(
    r"\b(?P<phrase>today|yesterday|tomorrow|tonight|now|"
    r"(?:(?:earlier|later)\s+)?(?:this|last|next|past|coming)\s+(?:week|month|year|weekend)|"
    r"(?:last|this|next|on|past)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several)\s+"
    r"(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago)\b", re.I)


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month(text: str) -> int | None:
    return _MONTHS.get(text.lower().rstrip(".")[:4].rstrip("t") if text.lower().startswith(
        "sept") else text.lower().rstrip("."))


_FUTURE = re.compile(r"\b(?:will|'ll|shall|scheduled|expected|due|plans?|planned|"
                     r"is to|are to|to be held|upcoming|coming|next)\b", re.I)


def _looks_ahead(text: str, start: int, end: int) -> bool:
    """Words around a bare weekday or month that put it in the future ('will meet on
    Tuesday', 'is scheduled for April'); news otherwise looks back."""
    left = text.rfind(".", 0, start) + 1
    right = text.find(".", end)
    window = text[max(left, start - 90):(right if right != -1 else len(text))][:200]
    return bool(_FUTURE.search(window))


def _relative(match: re.Match[str], anchor: date,
              ahead: bool = False) -> tuple[date, date, str, str] | None:
    phrase = match.group("phrase").lower()
    words = phrase.split()
    if phrase in ("today", "tonight"):
        return anchor, anchor, "day", anchor.isoformat()
    if phrase == "now":
        return anchor, anchor, "day", "PRESENT_REF"
    if phrase in ("yesterday", "tomorrow"):
        day = anchor + timedelta(days=-1 if phrase == "yesterday" else 1)
        return day, day, "day", day.isoformat()
    if match.group("unit"):
        amount = int(match.group("n")) if match.group("n").isdigit() else \
            _NUMBERS[match.group("n").lower()]
        unit = match.group("unit").lower().rstrip("s")
        if unit == "day":
            day = anchor - timedelta(days=amount)
            return day, day, "day", day.isoformat()
        if unit == "week":
            day = anchor - timedelta(weeks=amount)
            return day - timedelta(days=day.weekday()), day + timedelta(
                days=6 - day.weekday()), "week", _iso_week(day)
        if unit == "month":
            month_index = anchor.year * 12 + anchor.month - 1 - amount
            start, end = _month_span(month_index // 12, month_index % 12 + 1)
            return start, end, "month", f"{start.year}-{start.month:02d}"
        year = anchor.year - amount * (10 if unit == "decade" else 1)
        return date(year, 1, 1), date(year, 12, 31), "year", str(year)
    last = words[-1]
    if last in _WEEKDAYS:
        target = _WEEKDAYS.index(last)
        if words[0] == "next" or (ahead and words[0] not in ("last", "past")):
            delta = (target - anchor.weekday()) % 7 or 7
            day = anchor + timedelta(days=delta)
        else:
            delta = (anchor.weekday() - target) % 7
            if words[0] == "last" and delta == 0:
                delta = 7
            day = anchor - timedelta(days=delta)
        return day, day, "day", day.isoformat()
    shift = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(
        words[-2] if len(words) >= 2 else "", 0)
    if last in ("week", "weekend"):
        day = anchor + timedelta(weeks=shift)
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6), "week", _iso_week(day)
    if last == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + shift
        start, end = _month_span(month_index // 12, month_index % 12 + 1)
        return start, end, "month", f"{start.year}-{start.month:02d}"
    if last == "year":
        year = anchor.year + shift
        return date(year, 1, 1), date(year, 12, 31), "year", str(year)
    return None


def _interval(match: re.Match[str], anchor_year: int | None, order: str
              ) -> tuple[date, date] | None:
    groups = match.groupdict()
    year2 = groups.get("y2") or groups.get("y1")
    year1 = groups.get("y1") or year2
    year = int(year1) if year1 else anchor_year
    if year is None:
        return None
    month1 = _month(groups["m1"])
    month2 = _month(groups["m2"]) if groups.get("m2") else month1
    try:
        start = date(year, month1, int(re.sub(r"\D", "", groups["d1"])))
        end = date(int(year2) if year2 else year, month2, int(re.sub(r"\D", "", groups["d2"])))
    except (TypeError, ValueError):
        return None
    return (start, end) if start <= end else None


def find_times(text: str, day: str | None, order: str = "DMY") -> list[TimeMention]:
    """Every time expression, each span once (intervals before dates before the rest)."""
    anchor = date.fromisoformat(day) if day else None
    year = anchor.year if anchor else None
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []

    def add(start_char: int, end_char: int, start: date, end: date, granularity: str,
            value: str, relative: bool) -> None:
        if any(s < end_char and start_char < e for s, e in taken):
            return
        taken.append((start_char, end_char))
        found.append(TimeMention(
            text=text[start_char:end_char], start=start.isoformat(), end=end.isoformat(),
            granularity=granularity, span=(start_char, end_char),  # type: ignore[arg-type]
            value=value, relative=relative))

    for pattern in _INTERVALS:
        for match in pattern.finditer(text):
            interval = _interval(match, year, order)
            if interval:
                add(match.start(), match.end(), *interval, "day",
                    f"{interval[0].isoformat()}/{interval[1].isoformat()}", False)
    for explicit in find_dates(text, order, year):
        day_value = date.fromisoformat(explicit.value)
        if anchor is not None and not explicit.has_year and day_value > anchor + timedelta(days=45):
            # "Oct. 23" in a January report is last October
            day_value = day_value.replace(year=day_value.year - 1)
        add(explicit.start, explicit.end, day_value, day_value, "day", day_value.isoformat(),
            not explicit.has_year)
    for match in _MONTH_YEAR.finditer(text):
        month = _month(match.group("m"))
        if month:
            start, end = _month_span(int(match.group("y")), month)
            add(match.start(), match.end(), start, end, "month", f"{start.year}-{month:02d}",
                False)
    if anchor is not None:
        for match in _RELATIVE.finditer(text):
            following = text[match.end():match.end() + 14]
            if match.group("phrase").lower() in _WEEKDAYS and DAY_AFTER.match(following):
                continue  # "Monday, Oct. 26": the date says which Monday
            resolved = _relative(match, anchor, _looks_ahead(text, match.start(), match.end()))
            if resolved:
                add(match.start("phrase"), match.end("phrase"), *resolved, True)
        for match in _MONTH_ALONE.finditer(text):
            month = _month(match.group("m"))
            if month:
                # a month without a year: the latest one up to the document's month, or
                # the next one when the sentence looks ahead
                if _looks_ahead(text, match.start(), match.end()):
                    month_year = anchor.year if month >= anchor.month else anchor.year + 1
                else:
                    month_year = anchor.year if month <= anchor.month else anchor.year - 1
                start, end = _month_span(month_year, month)
                add(match.start("m"), match.end("m"), start, end, "month",
                    f"{month_year}-{month:02d}", True)
    for match in _DECADE.finditer(text):
        decade = int(match.group("d")) * 10
        add(match.start(), match.end(), date(decade, 1, 1), date(decade + 9, 12, 31), "year",
            f"{match.group('d')}X", False)
    for match in _BARE_YEAR.finditer(text):
        value = int(match.group("y"))
        add(match.start(), match.end(), date(value, 1, 1), date(value, 12, 31), "year",
            str(value), False)
    return sorted(found, key=lambda t: t.span)


