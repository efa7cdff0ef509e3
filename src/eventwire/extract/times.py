"""Times: dates and intervals, normalised against the document's date.

Explicit dates come from the anatomy layer's date rules (dateparser under the document's
day/month order); this module adds what news writes around them: intervals ("from July
30 to August 10", "March 23 - 27 of 2021", "3-4 July 2024"), months, seasons, quarters and
years ("in 2021", "August 1998", "last fall", "the third quarter", "fiscal 2021"),
decades, named days ("Navruz", "Victory Day"), times of day ("9 a.m. Tuesday", "Friday
night"), expressions relative to the document date ("last Tuesday", "yesterday",
"earlier this month", "next week", "two years ago"), ones relative to the last date
written ("later that year") and vague references ("recently", "the future").

Each carries its granularity and a TimeML-style value. A time without a year or a week
("on Tuesday", "in March", "March 6") points back from the document date unless the words
that govern it look ahead ("will meet on Tuesday"): see time_tense.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

from eventwire.anatomy.dates import MONTH, find_dates
from eventwire.document import TimeMention
from eventwire.extract import time_calendar
from eventwire.extract.time_tense import Direction, direction
from eventwire.resources import load_yaml

STAGE = "eventwire.extract.times.rules.v2"

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = [d.lower() for d in calendar.day_name]
_WEEKDAY = "|".join(calendar.day_name)
_FULL_MONTH = "|".join(m for m in calendar.month_name if m)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1, "several": 3}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "final": 4, "last": 4}
_YEAR = r"(?:19|20)\d\d"
_DAYNUM = r"[0-3]?\d(?:st|nd|rd|th)?"
_DASH = r"\s*(?P<conn>-|–|—|to|until|till|through|and)\s*"
_MODIFIER = r"(?P<mod>last|this|next|past|coming)"

_INTERVALS = [
    # "from July 30 to August 10, 2021" / "between July 30 and August 10"
    re.compile(rf"\b(?:from|between)\s+(?P<m1>{MONTH})\s+(?P<d1>{_DAYNUM})(?:,?\s+(?P<y1>{_YEAR}))?"
               rf"{_DASH}(?P<m2>{MONTH})\s+(?P<d2>{_DAYNUM})(?:,?\s+(?P<y2>{_YEAR}))?", re.I),
    # "from 30 July to 10 August 2021"
    re.compile(rf"\b(?:from|between)\s+(?P<d1>{_DAYNUM})\s+(?P<m1>{MONTH})(?:\s+(?P<y1>{_YEAR}))?"
               rf"{_DASH}(?P<d2>{_DAYNUM})\s+(?P<m2>{MONTH})(?:,?\s+(?P<y2>{_YEAR}))?", re.I),
    # "March 23 - 27 of 2021", "March 23-27, 2021"
    re.compile(rf"\b(?P<between>(?:from|between)\s+)?(?P<m1>{MONTH})\s+(?P<d1>{_DAYNUM}){_DASH}"
               rf"(?P<d2>{_DAYNUM})(?:,?\s+(?:of\s+)?(?P<y1>{_YEAR}))?", re.I),
    # "3-4 July 2024", "from 3 to 8 April"
    re.compile(rf"\b(?P<between>(?:from|between)\s+)?(?P<d1>{_DAYNUM}){_DASH}(?P<d2>{_DAYNUM})\s+"
               rf"(?:of\s+)?(?P<m1>{MONTH})(?:,?\s+(?P<y1>{_YEAR}))?", re.I),
]
DAY_AFTER = re.compile(rf",?\s+{MONTH}\s+[0-3]?\d", re.I)
_WEEKDAY_BEFORE = re.compile(rf"\b(?:{_WEEKDAY}),?\s+$")
_WEEK_OF = re.compile(r"\b(?:the\s+)?week\s+of\s+$", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:(?:early|mid|late)[-\s])?(?P<m>{MONTH})(?:,)?\s+(?P<y>{_YEAR})\b",
                         re.I)
_MONTH_ALONE = re.compile(rf"\b(?:{_MODIFIER}|in|since|until|by|during|of|early|late|mid)"
                          rf"[-\s]+(?P<m>{MONTH})\b(?!\s+[0-3]?\d)", re.I)
# "the March accession", "its October session": capitalised, as "may" and "march" are
# also verbs
_MONTH_ATTRIBUTIVE = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?P<m>{_FULL_MONTH})\b(?!\s+[0-3]?\d|,?\s+{_YEAR})")
_DECADE = re.compile(r"\b(?:the\s+)?(?P<d>(?:19|20)\d)0s\b")
_BARE_YEAR = re.compile(
    rf"(?<![\d,.$£€])\b(?P<y>{_YEAR})\b(?![\d%]|[.,]\d|\s*(?:people|troops|km))")
# years before 1900 only after a preposition: a bare "1500" is more often a number
_OLD_YEAR = re.compile(r"\b(?:in|since|of|by|until|from|between|before|after|around)\s+"
                       r"(?P<y>1[5-8]\d\d)\b(?![\d%]|[.,]\d|\s+(?:[a-z]+s|people|police)\b)")
_RELATIVE = re.compile(
    r"\b(?P<phrase>(?P<dayword>today|yesterday|tomorrow|tonight)"
    r"(?:\s+(?P<pod>morning|afternoon|evening|night))?|"
    r"last\s+night|this\s+(?P<pod_this>morning|afternoon|evening)|"
    r"(?P<the>the\s+)?(?:(?:earlier|later)\s+)?(?P<shift>this|last|next|past|coming)\s+"
    r"(?P<period>week|month|year|weekend)|"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several)\s+"
    r"(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago)\b", re.I)
_WEEKDAY_PHRASE = re.compile(
    rf"\b(?:(?P<mod>last|this|next|past|coming|on|early|late)\s+)?(?P<wd>{_WEEKDAY})"
    rf"(?P<poss>'s)?(?:\s+(?P<pod>morning|afternoon|evening|night))?\b", re.I)
_CLOCK = r"(?P<h>1[0-2]|0?[1-9])(?::(?P<min>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?"
_CLOCK_HINT = re.compile(r"\d\s*[AaPp]\.?\s?[Mm]\b")
_CLOCK_WEEKDAY = [
    # "9 a.m. EST Tuesday", "(4 a.m. EDT Thursday)"
    re.compile(rf"\b{_CLOCK}\s+(?:local\s+time\s+|\(?[A-Z]{{2,4}}\)?\s+)?(?:on\s+)?"
               rf"(?P<wd>{_WEEKDAY})\b"),
    # "Tuesday at 9 a.m."
    re.compile(rf"\b(?P<wd>{_WEEKDAY})\s+at\s+{_CLOCK}"),
]
_SEASON = re.compile(
    rf"\b(?:{_MODIFIER}\s+|(?P<prep>in|during|by|until|since|through|over|throughout|before|"
    rf"after)\s+(?:the\s+)?)?(?:(?:early|mid|late)[-\s]+)?(?P<season>spring|summer|autumn|fall|"
    rf"winter)\b(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})\b)?", re.I)
_QUARTER = [
    # "the third quarter of 2021", "third-quarter", "the last quarter of fiscal 2020"
    re.compile(rf"\b(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th|last(?=\s+quarter\s+of))"
               rf"[-\s]quarter\b(?:\s+of\s+(?P<fiscal>(?:fiscal(?:\s+year)?|FY)\s*)?(?P<y>{_YEAR}))?",
               re.I),
    # "Q3", "Q3 2021"
    re.compile(rf"\bQ(?P<q>[1-4])\b(?:[\s/-]*(?P<y>{_YEAR})\b)?"),
    # "last quarter", "next quarter"
    re.compile(rf"\b{_MODIFIER}\s+quarter\b", re.I),
]
_FISCAL = re.compile(rf"\b(?:fiscal\s+(?:year\s+)?|FY\s*['’]?)(?P<y>{_YEAR}|\d\d)\b")
_THE_WEEKEND = re.compile(r"\b(?:over|during|at|on|for|through)\s+(?P<the>the\s+weekend)\b",
                          re.I)
# "the day before last Tuesday's hearing"
_DAY_SHIFT = re.compile(r"\b[Tt]he\s+day\s+(?P<rel>before|after)\s+$")
_ANAPHORA = re.compile(
    r"\b(?P<phrase>(?:(?:earlier|later)\s+)?(?:that|the\s+same|that\s+same)\s+"
    r"(?P<unit>day|morning|afternoon|evening|night|month|year)|the\s+(?:next|following)\s+"
    r"(?P<next>day|morning|month|year))\b", re.I)


_HALF = re.compile(
    rf"\b(?:the\s+)?(?P<half>first|second)\s+half\s+of\s+(?:(?P<m>{_FULL_MONTH})"
    rf"(?:\s+(?P<y>{_YEAR}))?|(?P<yy>{_YEAR})|(?:the\s+)?(?P<rel>this|last|next|current)\s+year)\b",
    re.I)
_MONTH_RANGE = re.compile(
    rf"\b(?P<m1>{_FULL_MONTH})\s+(?:and|to|through|until|-|–)\s+(?P<m2>{_FULL_MONTH})\b"
    rf"(?!\s+[0-3]?\d\b)(?:,?\s+(?P<y>{_YEAR})\b)?")
_YEAR_RANGE = re.compile(
    rf"\b(?:[Bb]etween\s+({_YEAR})\s+and\s+({_YEAR})|[Ff]rom\s+({_YEAR})\s+(?:to|until|"
    rf"through)\s+({_YEAR})|({_YEAR})\s*[-–]\s*({_YEAR}|\d\d)(?![\d/-]))\b")
_PART = re.compile(r"(?:the\s+)?(?:earlier|later)\b")
_SINCE_START = re.compile(
    r"\bsince\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+(?P<unit>year|month)\b",
    re.I)


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month(text: str) -> int | None:
    return _MONTHS.get(text.lower().rstrip(".")[:4].rstrip("t") if text.lower().startswith(
        "sept") else text.lower().rstrip("."))


class _Found:
    """The mentions found so far, each stretch of text claimed once: the first, more
    specific pass to claim it wins."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.mentions: list[TimeMention] = []
        self._taken: list[tuple[int, int]] = []

    def add(self, start_char: int, end_char: int, start: date, end: date, granularity: str,
            value: str, relative: bool) -> None:
        if any(s < end_char and start_char < e for s, e in self._taken):
            return
        self._taken.append((start_char, end_char))
        self.mentions.append(TimeMention(
            text=self.text[start_char:end_char], start=start.isoformat(), end=end.isoformat(),
            granularity=granularity, span=(start_char, end_char),  # type: ignore[arg-type]
            value=value, relative=relative))


def _relative(match: re.Match[str], anchor: date) -> tuple[date, date, str, str] | None:
    """'yesterday', 'last week', 'two years ago', 'earlier this month' and the like."""
    phrase = match.group("phrase").lower()
    if match.group("dayword") or phrase == "last night" or match.group("pod_this"):
        return _day_word(match, anchor)
    if match.group("unit"):
        return _ago(match, anchor)
    shift = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(match.group("shift").lower(), 0)
    period = match.group("period").lower()
    if shift == 0 and period in ("week", "month", "year") and _PART.match(phrase):
        return _part_of_period(phrase, period, anchor)
    if match.group("the") and shift == -1:
        return _rolling(period, anchor)
    if period == "weekend":
        return _weekend(anchor + timedelta(weeks=shift))
    if period == "week":
        day = anchor + timedelta(weeks=shift)
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6), "week", _iso_week(day)
    if period == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + shift
        start, end = _month_span(month_index // 12, month_index % 12 + 1)
        return start, end, "month", f"{start.year}-{start.month:02d}"
    year = anchor.year + shift
    return date(year, 1, 1), date(year, 12, 31), "year", str(year)


def _part_of_period(phrase: str, period: str,
                    anchor: date) -> tuple[date, date, str, str]:
    """"earlier this month": from its first day to the document's; "later this year":
    from the document's day to the period's last. The value names the period."""
    if period == "week":
        start = anchor - timedelta(days=anchor.weekday())
        end, value, granularity = start + timedelta(days=6), _iso_week(anchor), "week"
    elif period == "month":
        start, end = _month_span(anchor.year, anchor.month)
        value, granularity = f"{anchor.year}-{anchor.month:02d}", "month"
    else:
        start, end, value, granularity = (date(anchor.year, 1, 1), date(anchor.year, 12, 31),
                                          str(anchor.year), "year")
    return (start, anchor, granularity, value) if "earlier" in phrase \
        else (anchor, end, granularity, value)


def _add_ranges(found: _Found, text: str, anchor: date | None) -> None:
    """Stretches longer than a day: "the second half of October", "in January and
    February", "between 2019 and 2021", "since the beginning of the year"."""
    for match in _HALF.finditer(text):
        resolved = _half(match, anchor)
        if resolved:
            found.add(match.start(), match.end(), *resolved, anchor is None or bool(
                match.group("rel")) or not (match.group("y") or match.group("yy")))
    for match in _MONTH_RANGE.finditer(text):
        year = int(match.group("y")) if match.group("y") else anchor.year if anchor else None
        if year is None:
            continue
        first, last = _month(match.group("m1")), _month(match.group("m2"))
        if first and last and first < last:
            start, end = _month_span(year, first)[0], _month_span(year, last)[1]
            found.add(match.start(), match.end(), start, end, "month",
                      f"{year}-{first:02d}/{year}-{last:02d}", not match.group("y"))
    for match in _YEAR_RANGE.finditer(text):
        years = [g for g in match.groups() if g]
        first, last = int(years[0]), int(years[1])
        if len(years[1]) == 2:
            last += first // 100 * 100
        if first < last <= first + 50:
            found.add(match.start(), match.end(), date(first, 1, 1), date(last, 12, 31),
                      "year", f"{first}/{last}", False)
    if anchor is not None:
        for match in _SINCE_START.finditer(text):
            start = date(anchor.year, anchor.month, 1) if match.group("unit").lower() == \
                "month" else date(anchor.year, 1, 1)
            found.add(match.start(), match.end(), start, anchor, "day",
                      f"{start.isoformat()}/{anchor.isoformat()}", True)


def _half(match: re.Match[str], anchor: date | None) -> tuple[date, date, str, str] | None:
    first_half = match.group("half").lower() == "first"
    if match.group("m"):
        year = int(match.group("y")) if match.group("y") else anchor.year if anchor else None
        month = _month(match.group("m"))
        if year is None or month is None:
            return None
        start, end = _month_span(year, month)
        middle = date(year, month, 15)
        return ((start, middle) if first_half else (middle + timedelta(days=1), end)) + (
            "day", f"{year}-{month:02d}")
    if match.group("yy"):
        year = int(match.group("yy"))
    elif anchor is not None:
        year = anchor.year + {"last": -1, "next": 1}.get((match.group("rel") or "").lower(), 0)
    else:
        return None
    start, end = (date(year, 1, 1), date(year, 6, 30)) if first_half else (
        date(year, 7, 1), date(year, 12, 31))
    return start, end, "month", f"{year}-H{1 if first_half else 2}"


def _weekend(day: date) -> tuple[date, date, str, str]:
    """The Saturday and Sunday of ``day``'s ISO week, in TimeML's 2024-W12-WE."""
    saturday = day + timedelta(days=5 - day.weekday())
    return saturday, saturday + timedelta(days=1), "week", f"{_iso_week(day)}-WE"


def _add_the_weekend(found: _Found, text: str, anchor: date) -> None:
    """'over the weekend' is the one just past, 'at the weekend' in a sentence that
    looks ahead the one to come."""
    for match in _THE_WEEKEND.finditer(text):
        ahead = direction(text, match.start(), match.end())
        sunday = anchor.weekday() == 6
        if ahead == "future":
            day = anchor + timedelta(weeks=1) if sunday else anchor
        else:
            day = anchor if sunday else anchor - timedelta(weeks=1)
        found.add(match.start("the"), match.end(), *_weekend(day), True)


def _day_word(match: re.Match[str], anchor: date) -> tuple[date, date, str, str]:
    """'today', 'yesterday morning', 'tonight', 'last night', 'this afternoon': the
    day (the part of it is below the layer's granularity, as in TimeML DATE values)."""
    word = (match.group("dayword") or "").lower()
    shift = -1 if match.group("phrase").lower() == "last night" else \
        {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    day = anchor + timedelta(days=shift)
    return day, day, "day", day.isoformat()


def _ago(match: re.Match[str], anchor: date) -> tuple[date, date, str, str]:
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


def _rolling(period: str, anchor: date) -> tuple[date, date, str, str]:
    """'the past week', 'the last month': the stretch that ends at the document date,
    not the calendar period before it. A week is written as the anchor's ISO week, the
    others as TimeML durations."""
    if period in ("week", "weekend"):
        return anchor - timedelta(days=6), anchor, "week", _iso_week(anchor)
    if period == "month":
        month_index = anchor.year * 12 + anchor.month - 2
        start_year, start_month = month_index // 12, month_index % 12 + 1
        start_day = min(anchor.day, calendar.monthrange(start_year, start_month)[1])
        return date(start_year, start_month, start_day) + timedelta(days=1), anchor, "month", "P1M"
    start = anchor.replace(year=anchor.year - 1, day=min(anchor.day, 28)) + timedelta(days=1)
    return start, anchor, "year", "P1Y"


def _weekday(match: re.Match[str], anchor: date, text: str) -> date:
    """The day a weekday name means: 'next'/'last' say so; otherwise the sentence's
    direction, and news looks back (the same day included) when nothing says."""
    target = _WEEKDAYS.index(match.group("wd").lower())
    modifier = (match.group("mod") or "").lower()
    if modifier in ("next", "coming"):
        ahead: Direction | None = "future"
    elif modifier in ("last", "past"):
        ahead = "past"
    elif match.group("poss"):
        # "Wednesday's ruling" is one already made, "ahead of Sunday's vote" one to come
        before = text[max(0, match.start() - 30):match.start()].lower()
        ahead = "future" if re.search(r"\b(?:ahead of|before|upcoming)\s*$", before) else "past"
    else:
        ahead = direction(text, match.start("wd"), match.end())
    if ahead == "future":
        return anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)
    back = (anchor.weekday() - target) % 7
    if modifier in ("last", "past") and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def _interval(match: re.Match[str], anchor_year: int | None) -> tuple[date, date] | None:
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


def _add_intervals(found: _Found, text: str, year: int | None) -> None:
    """Ranges of days; "April 24 and 25" (no "between") is two days, not a range."""
    for pattern in _INTERVALS:
        for match in pattern.finditer(text):
            interval = _interval(match, year)
            if not interval:
                continue
            if match.group("conn").lower() == "and" and "between" in pattern.groupindex \
                    and not match.group("between"):
                first_end = match.end("d1") if match.start("m1") < match.start("d1") \
                    else match.start("conn")
                first_end = match.start() + len(text[match.start():first_end].rstrip())
                second_start = match.start("d2")
                found.add(match.start(), first_end, interval[0], interval[0], "day",
                          interval[0].isoformat(), False)
                found.add(second_start, match.end(), interval[1], interval[1], "day",
                          interval[1].isoformat(), False)
                continue
            found.add(match.start(), match.end(), *interval, "day",
                      f"{interval[0].isoformat()}/{interval[1].isoformat()}", False)


def _add_clock_weekdays(found: _Found, text: str, anchor: date) -> None:
    for pattern in _CLOCK_WEEKDAY:
        for match in pattern.finditer(text):
            day = _weekday(_as_weekday(match), anchor, text)
            hour = int(match.group("h")) % 12 + (12 if match.group("ap").lower() == "p" else 0)
            value = f"{day.isoformat()}T{hour:02d}:{match.group('min') or '00'}"
            found.add(match.start(), match.end(), day, day, "day", value, True)


def _as_weekday(match: re.Match[str]) -> re.Match[str]:
    """The weekday of a clock-time match as a weekday phrase; its direction comes from
    the words before the whole expression too ('until 9 a.m. Tuesday')."""
    weekday = _WEEKDAY_PHRASE.match(match.string, match.start("wd"))
    assert weekday is not None  # the clock patterns end their weekday at a word boundary
    return weekday


def _yearless(day: date, anchor: date, ahead: Direction | None) -> date:
    """A day written without its year: this year's, unless that is well past the
    document date (then last year's: "Oct. 23" in a January report), or before it in a
    sentence that looks ahead (then next year's: "until March 6" in December)."""
    if ahead == "future" and day < anchor - timedelta(days=45):
        return _replace_year(day, day.year + 1)
    if ahead != "future" and day > anchor + timedelta(days=45):
        return _replace_year(day, day.year - 1)
    return day


def _replace_year(day: date, year: int) -> date:
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _add_explicit_dates(found: _Found, text: str, order: str, anchor: date | None) -> None:
    year = anchor.year if anchor else None
    for explicit in find_dates(text, order, year):
        day = date.fromisoformat(explicit.value)
        if anchor is not None and not explicit.has_year:
            day = _yearless(day, anchor, direction(text, explicit.start, explicit.end))
        first = explicit.start
        weekday = _WEEKDAY_BEFORE.search(text, max(0, first - 12), first)
        if weekday:  # "on Monday, Oct. 26": the date says which Monday
            first = weekday.start()
        week_of = _WEEK_OF.search(text, max(0, explicit.start - 16), explicit.start)
        if week_of:  # "the week of March 6"
            monday = day - timedelta(days=day.weekday())
            found.add(week_of.start(), explicit.end, monday, monday + timedelta(days=6), "week",
                      _iso_week(day), not explicit.has_year)
            continue
        found.add(first, explicit.end, day, day, "day", day.isoformat(), not explicit.has_year)


def _add_months_with_years(found: _Found, text: str) -> None:
    for match in _MONTH_YEAR.finditer(text):
        month = _month(match.group("m"))
        if month:
            start, end = _month_span(int(match.group("y")), month)
            found.add(match.start(), match.end(), start, end, "month",
                      f"{start.year}-{month:02d}", False)


def _add_months_alone(found: _Found, text: str, anchor: date) -> None:
    """'in March', 'last October', 'the March accession'."""
    for pattern in (_MONTH_ALONE, _MONTH_ATTRIBUTIVE):
        for match in pattern.finditer(text):
            month = _month(match.group("m"))
            if not month:
                continue
            modifier = match.groupdict().get("mod")
            year, (start, end) = time_calendar.pick(
                lambda y, m=month: _month_span(y, m), anchor,
                modifier.lower() if modifier else None,
                direction(text, match.start("m"), match.end("m")))
            found.add(match.start("mod") if modifier else match.start("m"), match.end("m"),
                      start, end, "month", f"{year}-{month:02d}", True)


def _add_seasons(found: _Found, text: str, anchor: date | None) -> None:
    """'last fall', 'in the spring', 'summer 2021'; a season word alone is too often
    something else ('the fall of the government', 'the Arab Spring')."""
    for match in _SEASON.finditer(text):
        name = match.group("season").lower()
        modifier = (match.group("mod") or "").lower() or None
        explicit = match.group("y")
        if not explicit and not modifier and not (
                match.group("prep") and match.group("season").islower()
                and not re.match(r"\s+of\b", text[match.end():])):
            continue
        if explicit:
            year, (start, end) = int(explicit), time_calendar.season(int(explicit), name)
        elif anchor is None:
            continue
        else:
            year, (start, end) = time_calendar.pick(
                lambda y, n=name: time_calendar.season(y, n), anchor, modifier,
                direction(text, match.start("season"), match.end()))
        first = match.start("mod") if modifier else match.start("season")
        found.add(first, match.end(), start, end, "season",
                  f"{year}-{time_calendar.SEASON_CODES[name]}", not explicit)


def _add_quarters(found: _Found, text: str, anchor: date | None) -> None:
    """'the third quarter (of fiscal 2021)', 'Q3 2021', 'last quarter'."""
    for pattern in _QUARTER:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("q"):
                number = int(groups["q"])
            elif groups.get("ord"):
                number = _ORDINALS[groups["ord"].lower()]
            else:
                number = 0
            explicit = groups.get("y")
            fiscal = "FY" if groups.get("fiscal") else ""
            if explicit:
                year, (start, end) = int(explicit), time_calendar.quarter(int(explicit), number)
            elif anchor is None:
                continue
            elif number:
                year, (start, end) = time_calendar.pick(
                    lambda y, q=number: time_calendar.quarter(y, q), anchor, None,
                    direction(text, match.start(), match.end()))
            else:
                year, number, (start, end) = _shifted_quarter(anchor, groups["mod"].lower())
            found.add(match.start(), match.end(), start, end, "quarter",
                      f"{fiscal}{year}-Q{number}", not explicit)


def _shifted_quarter(anchor: date, modifier: str) -> tuple[int, int, tuple[date, date]]:
    shift = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(modifier, 0)
    index = anchor.year * 4 + (anchor.month - 1) // 3 + shift
    year, number = index // 4, index % 4 + 1
    return year, number, time_calendar.quarter(year, number)


def _add_fiscal_years(found: _Found, text: str) -> None:
    """'fiscal 2021', 'FY2021', "FY'21". Fiscal years start in different months in
    different countries and firms; without knowing whose, the calendar year stands in."""
    for match in _FISCAL.finditer(text):
        written = match.group("y")
        year = int(written) if len(written) == 4 else 2000 + int(written)
        found.add(match.start(), match.end(), date(year, 1, 1), date(year, 12, 31), "year",
                  f"FY{year}", False)


@cache
def _holiday_pattern() -> re.Pattern[str]:
    names = sorted(time_calendar.holidays(), key=len, reverse=True)
    written = "|".join(re.escape(name).replace("'", "['’]") for name in names)
    return re.compile(rf"\b(?:{_MODIFIER}\s+)?(?P<name>{written})(?P<week>\s+week)?\b"
                      rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})\b)?", re.I)


def _week_around(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _one_day(day: date) -> tuple[date, date]:
    return day, day


def _add_holidays(found: _Found, text: str, anchor: date | None) -> None:
    """'Thanksgiving Day', 'last Navruz', 'Easter week', 'Christmas 2020'."""
    table = time_calendar.holidays()
    for match in _holiday_pattern().finditer(text):
        if not match.group("name")[0].isupper():
            continue  # names of days are capitalised; "may day" is not one
        day_of: Callable[[int], date] = table[match.group("name").lower().replace("’", "'")]
        explicit = match.group("y")
        if explicit:
            day = day_of(int(explicit))
        elif anchor is None:
            continue
        else:
            modifier = (match.group("mod") or "").lower() or None
            # "Easter week" has begun once its Monday has, not only on Easter Sunday
            span_of = _week_around if match.group("week") else _one_day
            _, (first, _) = time_calendar.pick(
                lambda y, span_of=span_of, day_of=day_of: span_of(day_of(y)), anchor, modifier,
                direction(text, match.start("name"), match.end()))
            day = first + timedelta(days=6) if match.group("week") else first
        if match.group("week"):
            monday = day - timedelta(days=day.weekday())
            found.add(match.start(), match.end(), monday, monday + timedelta(days=6), "week",
                      _iso_week(day), not explicit)
        else:
            found.add(match.start(), match.end(), day, day, "day", day.isoformat(), not explicit)


def _add_weekdays(found: _Found, text: str, anchor: date) -> None:
    for match in _WEEKDAY_PHRASE.finditer(text):
        if DAY_AFTER.match(text, match.end("wd")):
            continue  # "Monday, Oct. 26": the date says which Monday
        day = _weekday(match, anchor, text)
        modifier = (match.group("mod") or "").lower()
        first = match.start("wd") if modifier in ("", "on", "early", "late") else match.start()
        shift = _DAY_SHIFT.search(text, max(0, match.start() - 20), match.start())
        if shift:
            day += timedelta(days=1 if shift.group("rel") == "after" else -1)
            first = shift.start()
        found.add(first, match.end(), day, day, "day", day.isoformat(), True)


@cache
def _reference_pattern() -> re.Pattern[str]:
    references = load_yaml("time_words.yaml")["references"]
    alternatives = [(phrase, value) for value, phrases in references.items()
                    for phrase in phrases]
    groups = "|".join(f"(?P<{value}_{index}>{phrase})"
                      for index, (phrase, value) in enumerate(alternatives))
    return re.compile(rf"\b(?:{groups})\b", re.I)


def _add_references(found: _Found, text: str, anchor: date) -> None:
    """'recently', 'the future', 'current': TimeML's PAST_REF, FUTURE_REF and
    PRESENT_REF. They have no bounds of their own; start and end are the document date
    and the granularity says they are vague."""
    for match in _reference_pattern().finditer(text):
        value = (match.lastgroup or "").rsplit("_", 1)[0]
        found.add(match.start(), match.end(), anchor, anchor, "vague", value, True)


# what an anaphor can point back to: "that year" to any date in it, "that day" to a day
_ANAPHOR_REFERENCES = {"year": ("day", "month", "year"), "month": ("day", "month")}


def _add_anaphora(found: _Found, text: str) -> None:
    """'later that year', 'that same day', 'the next morning': read against the last
    date written before them."""
    written = sorted(found.mentions, key=lambda t: t.span)
    for match in _ANAPHORA.finditer(text):
        unit = (match.group("unit") or match.group("next")).lower()
        usable = _ANAPHOR_REFERENCES.get(unit, ("day",))
        earlier = [t for t in written if t.span[1] <= match.start() and "/" not in t.value
                   and t.granularity in usable]
        if not earlier:
            continue
        reference = date.fromisoformat(earlier[-1].start)
        resolved = _anaphor(reference, unit, bool(match.group("next")))
        found.add(match.start(), match.end(), *resolved, True)


def _anaphor(reference: date, unit: str, following: bool) -> tuple[date, date, str, str]:
    if unit == "year":
        year = reference.year + following
        return date(year, 1, 1), date(year, 12, 31), "year", str(year)
    if unit == "month":
        index = reference.year * 12 + reference.month - 1 + following
        start, end = _month_span(index // 12, index % 12 + 1)
        return start, end, "month", f"{start.year}-{start.month:02d}"
    day = reference + timedelta(days=int(following))
    return day, day, "day", day.isoformat()


def _add_years(found: _Found, text: str) -> None:
    for match in _DECADE.finditer(text):
        decade = int(match.group("d")) * 10
        found.add(match.start(), match.end(), date(decade, 1, 1), date(decade + 9, 12, 31),
                  "year", f"{match.group('d')}X", False)
    for pattern in (_BARE_YEAR, _OLD_YEAR):
        for match in pattern.finditer(text):
            value = int(match.group("y"))
            found.add(match.start("y"), match.end("y"), date(value, 1, 1), date(value, 12, 31),
                      "year", str(value), False)


def _add_relative(found: _Found, text: str, anchor: date) -> None:
    for match in _RELATIVE.finditer(text):
        resolved = _relative(match, anchor)
        if resolved:
            found.add(match.start("phrase"), match.end("phrase"), *resolved, True)


@cache
def _holiday_words() -> tuple[str, ...]:
    """The part of each holiday name before any apostrophe, lower case, to tell whether
    a text may name one ("new year's day" -> "new year")."""
    return tuple({name.split("'")[0] for name in time_calendar.holidays()})


def find_times(text: str, day: str | None, order: str = "DMY") -> list[TimeMention]:
    """Every time expression, each span once: the most specific reading first
    (intervals, clock times, dates, months with years), the relative ones after."""
    anchor = date.fromisoformat(day) if day else None
    found = _Found(text)
    lower = text.lower()

    def mentions(*words: str) -> bool:
        # a substring test is far cheaper than a regular expression over the whole text,
        # and most documents name no season, quarter or holiday
        return any(word in lower for word in words)

    if mentions(*_MONTHS):
        _add_intervals(found, text, anchor.year if anchor else None)
    if mentions(" half ", " and ", " to ", "-", "–", " since ", " through "):
        _add_ranges(found, text, anchor)
    if anchor is not None and mentions(*_WEEKDAYS) and _CLOCK_HINT.search(text):
        _add_clock_weekdays(found, text, anchor)
    _add_explicit_dates(found, text, order, anchor)
    _add_months_with_years(found, text)
    if mentions("quarter", "q1", "q2", "q3", "q4"):
        _add_quarters(found, text, anchor)
    if mentions("fiscal", "fy"):
        _add_fiscal_years(found, text)
    if mentions("spring", "summer", "autumn", "fall", "winter"):
        _add_seasons(found, text, anchor)
    if mentions(*_holiday_words()):
        _add_holidays(found, text, anchor)
    if anchor is not None:
        _add_relative(found, text, anchor)
        if mentions("weekend"):
            _add_the_weekend(found, text, anchor)
        if mentions(*_WEEKDAYS):
            _add_weekdays(found, text, anchor)
        _add_months_alone(found, text, anchor)
        _add_references(found, text, anchor)
    _add_years(found, text)
    if mentions(" that ", " same ", " next ", " following "):
        _add_anaphora(found, text)
    return sorted(found.mentions, key=lambda t: t.span)
