"""The head and foot of a document: label lines, datelines, bylines, signature blocks.

Press releases end with a signature block naming the issuing office and often a date;
news reports open with a dateline ("DUSHANBE, Sept 16 (Pamir Courier) —") or a byline.
These rules read lines, so they work the same on plain text, Markdown and HTML bodies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from eventwire.anatomy.dates import DATE_PATTERN

_OFFICE_WORDS = re.compile(
    r"\b(?:Office|Service|Press|Ministry|Embassy|Department|Secretary|Secretariat|Delegation|"
    r"Committee|Spokes(?:person|man|woman)|Presidency|Administration|Council|Mission|"
    r"Consulate|Government|Bureau|Directorate|Commission|Chancellery|Cabinet|Headquarters)\b"
)
_SIGN_PREFIX = re.compile(r"^(?:[—–\-]+\s*|Issued\s+by\s*:\s*|Signed\s*:\s*|Source\s*:\s*)", re.I)
_CONTACT = re.compile(
    r"^(?:tel|phone|fax|e-?mail|contact|media contact|web|website|address)\b|@|https?://|www\.",
    re.I,
)
_ERA = re.compile(r"\b(?:AH|CE|AD|H|M)\b\.?|\b(?:Muharram|Safar|Rabi|Jumada|Rajab|Sha'?ban|"
                  r"Ramadan|Shawwal|Dhu)\w*", re.I)
_PLACE_DATE = re.compile(r"^[A-Z][\w'’.\- ]{1,40},\s*")
LABEL_LINE = re.compile(
    r"^(?:press\s+release|news\s+release|for\s+immediate\s+release|media\s+advisory|"
    r"\(?(?:unofficial\s+)?translat(?:ed|ion)\)?(?:\s+from\s+\w+)?|unofficial\s+translation|"
    r"statement|official\s+statement|embargoed.*|breaking(?:\s+news)?)\s*:?\s*$",
    re.I,
)
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’/&\- ]{2,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?)"
    r"(?:,\s*(?P<date>[^()—–\-]{3,40}?))?\s*(?:\((?P<outlet>[^)]{2,60})\))?\s*[—–\-:]+\s",
)
_BYLINE = re.compile(
    r"^(?:by\s+|published\b|posted\b|updated\b|date\s*:|dated\b|written\s+by\b)", re.I
)
# "EDITORIAL | Tien Shan Observer | 14.02.2023": a section label, the outlet, a date.
_PIPED = re.compile(r"^[^|\n]{2,60}(?:\s+\|\s+[^|\n]{2,60}){1,3}$")
_MASTHEAD_BY = re.compile(
    r"\bby\s+(?:the\s+)?(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:of\s+|the\s+|&\s+)?[A-Z][\w'’.&-]*){0,5})"
    r"\s*$"
)
_MASTHEAD_COMMA = re.compile(
    r"^By\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3},\s*(?P<name>(?:The\s+)?[A-Z][\w'’.&-]*"
    r"(?:\s+[A-Z][\w'’.&-]*){0,4})\s*(?:[—–|,]|$)"
)


_OPINION_WORD = re.compile(r"^(?:editorial|opinion|op-ed|commentary|comment|analysis|column)$",
                           re.I)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def lines(text: str) -> list[Line]:
    return [Line(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", text)
            if m.group().strip()]


_DONE_AT = re.compile(r"^(?:done|signed|adopted|issued|made)\s+(?:at|in)\s+[A-Z][\w'’.\- ]{1,40}?"
                      r",?\s+(?:on\s+)?(?:the\s+)?", re.I)


def is_date_line(line: str) -> bool:
    """A line that is only a date, maybe with a place, a calendar era or 'Done at X on'."""
    line = _DONE_AT.sub("", line.strip())
    rest = _ERA.sub("", DATE_PATTERN.sub("", line))
    rest = _PLACE_DATE.sub("", rest.strip())
    has_date = bool(DATE_PATTERN.search(line)) or bool(re.search(r"\b1[34]\d\d\b", line))
    return has_date and len(re.findall(r"[A-Za-z]{3,}", rest)) <= 1


def is_office_line(line: str) -> bool:
    stripped = _SIGN_PREFIX.sub("", line).strip()
    words = stripped.split()
    return (
        (bool(_OFFICE_WORDS.search(stripped))
        and 2 <= len(words) <= 25
        and stripped[:1].isupper()
        and not stripped.endswith((".", ":", ";", "?", "!"))) or stripped.endswith("Ltd.")
    ) and not _CONTACT.search(stripped) and not re.search(r"\b(?:said|says|told)\b", stripped)


def clean_office(line: str) -> str:
    return _SIGN_PREFIX.sub("", line).strip().rstrip(",")


@dataclass(frozen=True)
class Signature:
    office: Line | None
    date_line: Line | None


def foot_lines(text: str, count: int = 8) -> list[Line]:
    return lines(text)[-count:]


def find_signature(text: str) -> Signature:
    """The signing office and date line of the block at the foot, read bottom-up."""
    office: Line | None = None
    date_line: Line | None = None
    foot = [part for line in foot_lines(text) for part in _split_office_date(line)]
    for position in range(len(foot) - 1, -1, -1):
        line = foot[position]
        body = line.text.strip()
        if LABEL_LINE.match(body) or _CONTACT.search(body):
            continue
        if date_line is None and office is None and is_date_line(body):
            date_line = line
            continue
        if date_line is None and _DONE_AT.match(body) and is_date_line(body):
            date_line = line  # "Done at Baku on 13 November 2024" above the signatures
            continue
        if office is None and is_date_line(body):
            continue
        if is_office_line(body):
            office = line
            if date_line is None:  # "Samarkand, 4 April 2025" above "Issued by: ..."
                above = [f for f in foot[max(0, position - 2):position] if is_date_line(f.text)]
                date_line = above[-1] if above else None
            break
        if len(body) > 120 or body.endswith((".", "?", "!", '"', "”")):
            break  # reached the body text: no signature block
    if office is None and date_line is not None and not (
            _near_end(text, date_line) or _DONE_AT.match(date_line.text.strip())):
        date_line = None
    return Signature(office, date_line)


_OFFICE_THEN_DATE = re.compile(r"^(?P<office>.+)\s+(?P<date>[A-Z][\w'’.\-]+,\s*[^,]{4,30})$")


def _split_office_date(line: Line) -> list[Line]:
    """'Embassy of X in Y Islamabad, 18 July 2023' (a flattened block): two lines."""
    match = _OFFICE_THEN_DATE.match(line.text)
    if not match or not is_date_line(match.group("date")) \
            or not is_office_line(match.group("office")):
        return [line]
    cut = line.start + match.start("date")
    return [Line(line.start, line.start + len(match.group("office")), match.group("office")),
            Line(cut, line.end, match.group("date"))]


def _near_end(text: str, line: Line) -> bool:
    return len(text) - line.end < 200


def head_lines(text: str, count: int = 8) -> Iterator[Line]:
    yield from lines(text)[:count]


def find_dateline(text: str) -> tuple[Line, re.Match[str]] | None:
    for line in head_lines(text, 6):
        match = DATELINE.match(line.text)
        if not match:
            continue
        place = match.group("place").split(",")[0]
        # "NEW DELHI —" is a dateline by its capitals; "Bishkek, October 12, 2022 —" by
        # its date; a title-case phrase before a dash alone is an ordinary sentence.
        dated = match.group("date") and DATE_PATTERN.search(match.group("date"))
        if (place.isupper() and len(place) >= 3) or dated or match.group("outlet"):
            return line, match
    return None


def find_byline(text: str) -> Line | None:
    for line in head_lines(text, 8):
        body = line.text.strip()
        if len(body) >= 200:
            continue
        if _BYLINE.match(body) or (_PIPED.match(body) and DATE_PATTERN.search(body)):
            return line
    return None


def is_masthead_line(line: str) -> bool:
    """'The Zhetysu Review | Opinion': an outlet and a section label, not a headline."""
    if not _PIPED.match(line.strip()):
        return False
    parts = [p.strip() for p in line.split("|")]
    if any(len(p.split()) > 6 for p in parts):
        return False  # a headline, not a masthead
    return any(_OPINION_WORD.match(p) or LABEL_LINE.match(p) or DATE_PATTERN.search(p)
               for p in parts) and len(parts) <= 4


def masthead_from_head(text: str) -> str | None:
    for line in head_lines(text, 3):
        if is_masthead_line(line.text):
            return masthead_from_byline(line.text)
    return None


def masthead_from_byline(line: str) -> str | None:
    """'Published 19 July 2024 by the Turan Policy Forum' or 'By A B, Kura Valley Review'."""
    if _PIPED.match(line.strip()):
        for part in (p.strip() for p in line.split("|")):
            if (not DATE_PATTERN.search(part) and not LABEL_LINE.match(part)
                    and not _OPINION_WORD.match(part) and len(part.split()) >= 2
                    and part[:1].isupper() and not part.lower().startswith("by ")):
                return part
    for pattern in (_MASTHEAD_BY, _MASTHEAD_COMMA):
        match = pattern.search(DATE_PATTERN.sub("", line).strip(" —–|,"))
        if match:
            name = match.group("name").strip(" ,.")
            if not re.match(r"(?:a|an)\s", name, re.I) and len(name.split()) >= 2:
                return name
    return None


_FOOT_MASTHEAD = re.compile(
    r"^(?P<name>(?:The\s+)?[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4})\s+(?:[—–]|-)\s+[a-z]"
)
_FOOT_IS = re.compile(
    r"^(?:The\s+)?(?P<name>[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4})\s+is\s+an?\s+"
    r"(?:independent\s+)?(?:news|media|online|research|analytical|weekly|daily|publication|"
    r"newspaper|magazine|think|policy)"
)


_FIRST_PUBLISHED = re.compile(
    r"\b(?i:first|originally)\s+(?i:appeared|published|ran)\s+(?i:in|on|by)\s+(?:(?i:the)\s+)?"
    r"(?P<name>[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4})"
)


# "Chorsu Review, Tashkent": a newspaper's sign-off, its masthead and its city
_FOOT_SIGNOFF = re.compile(
    r"^(?:The\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+(?:Review|Times|"
    r"Gazette|Post|Herald|Ledger|Chronicle|Wire|Messenger|Observer|Courier|Digest|Tribune|"
    r"Monitor|Dispatch|Journal|Daily|Mirror|Express|Bulletin))\s*,\s*[A-Z][\w'’-]+"
    r"(?:\s+[A-Z][\w'’-]+)?\.?$"
)


def masthead_from_foot(text: str) -> str | None:
    """'Zarafshan Post — independent news from Samarkand', 'First published by X',
    'Chorsu Review, Tashkent'."""
    for line in reversed(foot_lines(text, 3)):
        body = line.text.strip(" *_")
        for pattern in (_FOOT_MASTHEAD, _FOOT_IS, _FIRST_PUBLISHED, _FOOT_SIGNOFF):
            match = pattern.search(body) if pattern is _FIRST_PUBLISHED else pattern.match(body)
            if match and len(match.group("name").split()) >= 2:
                return re.sub(r"^The\s+", "", match.group("name")).rstrip(".")
    return None
