"""Scripture references (Quran, Bible) and legal citations, normalised.

Quran references come as "[TMQ: 8:24]", "(Quran 2:256)", "[Al-Anfal: 24]" or
"Surah Al-Imran, verse 103" and are normalised to SURAH:AYAH; Bible references to
"<Book> C:V". Legal citations cover UN Security Council and General Assembly
resolutions, articles of the UN Charter, and articles of named codes, laws and treaties.
Every reference is checked against the chapter and verse counts in data/ so that a time
("at 10:30") or a score is not taken for a verse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from eventwire.document import LegalCitation, Scripture
from eventwire.resources import load_yaml

_RANGE = r"(?:\s*[-–]\s*(?P<to>\d{1,3}))?"


def _key(name: str) -> str:
    name = re.sub(r"[’ʿʾ‘`']", "", name.lower())
    return re.sub(r"[\s\-]+", " ", name).strip()


@dataclass(frozen=True)
class _Quran:
    by_name: dict[str, int]
    ayahs: dict[int, int]
    name_pattern: str
    longest: int  # characters in the longest name


@cache
def _quran() -> _Quran:
    by_name: dict[str, int] = {}
    ayahs: dict[int, int] = {}
    names: set[str] = set()
    for surah in load_yaml("quran_surahs.yaml"):
        ayahs[surah["number"]] = surah["ayahs"]
        for name in [surah["name"], *surah.get("aliases", [])]:
            by_name[_key(name)] = surah["number"]
            names.add(name)
    alternatives = sorted(names, key=len, reverse=True)
    pattern = "|".join(
        re.escape(n).replace("'", "['’ʿʾ‘]?").replace(r"\-", r"[\s\-]?").replace(r"\ ", r"[\s\-]")
        for n in alternatives
    )
    return _Quran(by_name, ayahs, pattern, max(map(len, names)))


@dataclass(frozen=True)
class _Bible:
    by_name: dict[str, tuple[str, int]]
    pattern: str


@cache
def _bible() -> _Bible:
    by_name: dict[str, tuple[str, int]] = {}
    for book in load_yaml("bible_books.yaml"):
        for name in [book["name"], *book.get("aliases", [])]:
            by_name[name.rstrip(".")] = (book["name"], book["chapters"])
    alternatives = sorted(by_name, key=len, reverse=True)
    return _Bible(by_name, "|".join(re.escape(n) for n in alternatives))


@cache
def _quran_patterns() -> list[re.Pattern[str]]:
    name = _quran().name_pattern
    num = r"(?P<surah>\d{1,3})\s*[:.]\s*(?P<ayah>\d{1,3})" + _RANGE
    return [
        re.compile(r"[\[(]\s*TMQ\s*[:\-]?\s*" + num + r"\s*[\])]", re.I),
        re.compile(r"\b(?:the\s+)?(?:Holy\s+)?(?:Qur['’]?an|Koran|Quran)\s*[,:]?\s*\(?\s*" + num,
                   re.I),
        re.compile(
            r"\b(?:Surah|Sura|Surat)\s+(?P<name>" + name + r")\s*(?:\(\s*" + num + r"\s*\)|"
            r"[,:]?\s*(?:verses?|ayahs?|ayat|aya)?\s*(?P<ayah2>\d{1,3})(?:\s*[-–]\s*(?P<to2>\d{1,3}))?)",
            re.I,
        ),
        re.compile(r"[\[(]\s*(?P<name>" + name + r")\s*[:,]?\s*(?P<ayah2>\d{1,3})"
                   r"(?:\s*[-–]\s*(?P<to2>\d{1,3}))?\s*[\])]", re.I),
        # A bare name before a verse number. The name alternation is tried at every word
        # boundary of the text, which is slow; the lookahead first asks whether a verse
        # number follows within the longest name's reach, a condition every match meets.
        re.compile(r"\b" + _within_reach_of_verse(_quran().longest)
                   + r"(?P<name>" + name + r")\s+" + num, re.I),
    ]


def _within_reach_of_verse(longest: int) -> str:
    """A lookahead: a verse number ("2:255") after at most ``longest`` characters and some
    whitespace. Names are at least one character long and never match more characters
    than they are written with, so it rules out no match of the name pattern."""
    return rf"(?=[\s\S]{{1,{longest}}}\s+\d{{1,3}}\s*[:.]\s*\d)"


def _quran_ref(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    quran = _quran()
    if groups.get("surah"):
        surah, ayah, to = int(groups["surah"]), int(groups["ayah"]), groups.get("to")
    else:
        surah = quran.by_name.get(_key(groups["name"]), 0)
        ayah, to = int(groups["ayah2"]), groups.get("to2")
    if groups.get("name") and groups.get("surah"):
        named = quran.by_name.get(_key(groups["name"]))
        if named is not None and named != surah:
            return None
    limit = quran.ayahs.get(surah)
    if limit is None or not 1 <= ayah <= limit or (to and not ayah < int(to) <= limit):
        return None
    return f"{surah}:{ayah}" + (f"-{to}" if to else "")


@cache
def _bible_pattern() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?P<book>" + _bible().pattern + r")\.?\s+(?P<chapter>\d{1,3})\s*:\s*"
        r"(?P<verse>\d{1,3})(?:\s*[-–]\s*(?P<to>\d{1,3}))?(?!\d)"
    )


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


# Cheap tests that say whether the long name alternations can match at all.
_VERSE = re.compile(r"\d\s*[:.]\s*\d")
_QURAN_HINT = re.compile(r"\bSur(?:ah?|at)\b|[\[(][^\])\n]{2,60}?\d{1,3}\s*[\])]", re.I)


def find_scripture(text: str) -> list[Scripture]:
    found: list[Scripture] = []
    taken: list[tuple[int, int]] = []
    if not (_VERSE.search(text) or _QURAN_HINT.search(text)):
        return found
    for pattern in _quran_patterns():
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            ref = _quran_ref(match)
            if ref and not _overlaps(span, taken):
                taken.append(span)
                found.append(Scripture(work="Quran", ref=ref, span=span, cited_as=match.group()))
    bible = _bible()
    for match in (_bible_pattern().finditer(text) if _VERSE.search(text) else ()):
        span = (match.start(), match.end())
        book, chapters = bible.by_name[match.group("book").rstrip(".")]
        chapter = int(match.group("chapter"))
        if not 1 <= chapter <= chapters or _overlaps(span, taken):
            continue
        taken.append(span)
        to = match.group("to")
        ref = f"{book} {chapter}:{match.group('verse')}" + (f"-{to}" if to else "")
        found.append(Scripture(work="Bible", ref=ref, span=span, cited_as=match.group()))
    return sorted(found, key=lambda s: s.span)


# -- legal citations ------------------------------------------------------------------------
_UN = r"(?:UN|U\.N\.|United\s+Nations)"
_RES_LIST = (
    r"(?P<refs>(?:No\.?\s*)?\d{3,4}(?:\s*\(\d{4}\))?"
    r"(?:\s*(?:,|and|&)\s*(?:No\.?\s*)?\d{3,4}(?:\s*\(\d{4}\))?)*)"
)
# "the Security Council, in resolution 2593" and "the General Assembly, by resolution
# 77/158" name the body a few words before the number: the body must be in the same
# clause; the citation's span is the "resolution ..." part.
_GAP = r"\b[^.;]{0,80}?\b"
_UNSC = [
    re.compile(rf"\b(?:{_UN}\s+)?Security\s+Council{_GAP}(?P<cite>[Rr]esolutions?\s+{_RES_LIST})"),
    re.compile(r"\bUNSC\s+(?P<cite>[Rr]esolutions?\s+" + _RES_LIST + ")"),
    re.compile(rf"\b(?P<cite>[Rr]esolutions?\s+{_RES_LIST})\s+(?:adopted\s+)?(?:of|by)\s+the\s+"
               rf"(?:{_UN}\s+)?Security\s+Council"),
    re.compile(r"\b(?P<cite>UNSCR\s*" + _RES_LIST + ")"),
    re.compile(r"\b(?P<cite>S/RES/(?P<refs>\d{3,4}\s*(?:\(\d{4}\))?))"),
    re.compile(r"\b(?P<cite>[Rr]esolutions?\s+(?P<refs>\d{3,4}\s*\((?:19|20)\d\d\)))"),
]
_GA_REF = r"(?:A/RES/)?(?P<refs>(?:ES-)?\d{1,3}/\d{1,3})"
_UNGA = [
    re.compile(rf"\b(?:{_UN}\s+)?General\s+Assembly{_GAP}(?P<cite>[Rr]esolutions?\s+{_GA_REF})"),
    re.compile(rf"\bUNGA\s+(?P<cite>[Rr]esolutions?\s+{_GA_REF})"),
    re.compile(rf"\b(?P<cite>[Rr]esolutions?\s+{_GA_REF})\s+(?:adopted\s+)?(?:of|by)\s+the\s+"
               rf"(?:{_UN}\s+)?General\s+Assembly"),
    re.compile(r"\b(?P<cite>A/RES/(?P<refs>(?:ES-)?\d{1,3}/\d{1,3}))"),
]
_NUMBER = r"\d+[A-Za-z]?(?:[-–.]\d+)?(?:\(\d+\))?"
_ARTICLES = (
    rf"(?P<kind>Articles?|Sections?|Sec\.|Art\.)\s+(?P<articles>{_NUMBER}"
    rf"(?:\s*(?:,|and|&|or)\s*(?:(?:Articles?|Sections?|Art\.)\s+)?{_NUMBER})*)"
)
_CHARTER = re.compile(
    _ARTICLES + rf"\s+of\s+the\s+(?:{_UN}\s+Charter|Charter\s+of\s+the\s+United\s+Nations)"
)
_CAP = r"[A-Z][\w'’-]*"
_NAMED = re.compile(
    _ARTICLES + r"\s+of\s+(?:the\s+|its\s+|their\s+)?(?:(?:19|20)\d\d\s+)?"
    r"(?P<instrument>(?:" + _CAP + r"\s+){0,6}?"
    r"(?:Code|Constitution|Law|Treaty|Convention|Charter|Agreement|Act|Statute|Covenant|"
    r"Declaration|Protocol)"
    r"(?:\s+(?:of|on)\s+(?:the\s+)?[A-Z0-9][\w'’-]*(?:\s+" + _CAP + r"){0,4}){0,2})"
)
_ONE_RESOLUTION = re.compile(r"(\d{3,4})(?:\s*\((\d{4})\))?")
_ONE_NUMBER = re.compile(_NUMBER)


def _span(match: re.Match[str]) -> tuple[int, int]:
    return match.span("cite") if "cite" in match.groupdict() else match.span()


def _resolutions(match: re.Match[str], instrument: str) -> Iterator[LegalCitation]:
    for number, year in _ONE_RESOLUTION.findall(match.group("refs")):
        yield LegalCitation(
            instrument=instrument, ref=number, year=int(year) if year else None,
            span=_span(match), cited_as=text_of(match),
        )


def text_of(match: re.Match[str]) -> str:
    start, end = _span(match)
    return match.string[start:end]


def _articles(match: re.Match[str], instrument: str) -> list[LegalCitation]:
    kind = "Section" if match.group("kind").lower().startswith("sec") else "Article"
    return [LegalCitation(instrument=instrument, ref=f"{kind} {number}",
                          span=match.span(), cited_as=match.group())
            for number in _ONE_NUMBER.findall(match.group("articles"))]


# Words every match of a family of patterns contains, so that a text without any of them
# is not scanned by the family's patterns: "[Rr]esolutions?", "UNSCR", "S/RES/", "A/RES/";
# "Articles?", "Sections?", "Sec.", "Art.".
_RESOLUTION_WORDS = ("esolution", "UNSCR", "/RES/")
_ARTICLE_WORDS = ("Article", "Section", "Sec.", "Art.")


def _legal_matches(text: str) -> Iterator[list[LegalCitation]]:
    """Citations per match, most specific patterns first."""
    if any(word in text for word in _RESOLUTION_WORDS):
        for pattern in _UNSC:
            for match in pattern.finditer(text):
                yield list(_resolutions(match, "UN Security Council resolution"))
        for pattern in _UNGA:
            for match in pattern.finditer(text):
                yield [LegalCitation(instrument="UN General Assembly resolution",
                                     ref=match.group("refs"), span=_span(match),
                                     cited_as=text_of(match))]
    if any(word in text for word in _ARTICLE_WORDS):
        for match in _CHARTER.finditer(text):
            yield _articles(match, "UN Charter")
        for match in _NAMED.finditer(text):
            yield _articles(match, re.sub(r"\s+", " ", match.group("instrument")).strip())


def find_legal(text: str) -> list[LegalCitation]:
    """Legal citations; where two patterns match the same words, the first one wins."""
    found: list[LegalCitation] = []
    taken: list[tuple[int, int]] = []
    for group in _legal_matches(text):
        if not group or _overlaps(group[0].span, taken):
            continue
        taken.append(group[0].span)
        found.extend(group)
    return sorted(found, key=lambda c: c.span)
