"""Media outlets a document cites for its facts, with the date it gives for each.

An outlet is a name from data/outlets.yaml, or a capitalised name that outlet words
mark ("the Zamon.uz website", "the news agency Kabar", "Syr Darya Times"). A name counts
as cited only in a citing construction in the same sentence: an attribution phrase
before it ("according to", "in an interview with") or a reporting verb after it
("reported", "published"). The date is the explicit date nearest the name in that
sentence, or a weekday ("on Monday") counted back from the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from eventwire.anatomy.dates import find_dates, find_weekday, weekday_before
from eventwire.anatomy.sentences import sentence_spans
from eventwire.document import Cite, Span
from eventwire.resources import load_yaml

_NAME = r"(?:[A-Z0-9][\w.&'’-]*[\w])(?:\s+(?:of\s+|the\s+|&\s+|de\s+)?[A-Z0-9][\w.&'’-]*[\w]){0,5}"
_DOTTED = (
    r"[A-Za-z0-9-]+\.(?:uz|kz|kg|tj|tm|af|ru|cn|az|am|ge|tr|ir|pk|in|com|net|org|media|info|news)"
)
_HEAD_WORDS = (
    "Times|Daily|Post|News|Courier|Wire|Monitor|Ledger|Herald|Gazette|Journal|Tribune|Express|"
    "Observer|Review|Chronicle|Telegraph|Standard|Today|Lantern|Press|Media|Radio|TV|"
    "Bulletin|Messenger|Dispatch|Evening|Morning|Record|Star|Mirror|Voice|Echo|Inform|Info|Weekly|Digest|"
    "Newswire|Report|Sentinel|Leader|Independent|Guardian|Globe|Panorama|Pravda|Vestnik|"
    "Television|Hour|Broadcasting|Network|FM"
)
_HEADED_NAME = re.compile(
    rf"(?:The\s+)?(?P<name>(?:[A-Z0-9][\w.&'’-]*\s+){{0,4}}(?:{_HEAD_WORDS})(?:\s+Service|"
    rf"\s+Agency|\s+Network|\s+Online|\s+International)?)\b"
)
_NOT_OUTLET = re.compile(r"\b(?:Ministry|Embassy|Office|Government|Department|Committee|"
                         r"Council|Secretary|Service\s+of|Press\s+Service|Presidential)\b")
_CUE_WINDOW = 60
# A date belongs to a citation only when it stands this close to the outlet's name.
_DATE_WINDOW = 50
# Republication and relay phrases, and the passive "published ... by".
_RELAY_BEFORE = re.compile(
    r"\b(?:first\s+(?:appeared|published|reported)\s+(?:in|on|by)|republished\s+"
    r"(?:from|with\s+permission\s+(?:from|of))|with\s+permission\s+(?:from|of)|"
    r"courtesy\s+of|originally\s+(?:published|reported|appeared)\s+(?:in|on|by)|"
    r"\b[a-z]+ed\b[^;]{0,40}?"
    r"\bby)\s+(?:the\s+)?$",
    re.I,
)
_EXTRA_VERBS = re.compile(r"^[\s,]*(?:\w+\s+){0,2}?(?:put\s+it|noted|observed|commented|"
                          r"summed\s+(?:it\s+)?up)\b", re.I)
_GENERIC_TAIL = re.compile(r"\s+(?:TV\s+channel|channel|website|portal|newspaper|"
                           r"news\s+site|web\s+portal)$", re.I)
_LEADING_NOISE = re.compile(r"^(?:(?:[A-Z][\w-]*-based|[A-Z][\w-]*['’]s|\d[\d.,]*)\s+)+")
# Descriptors that some dictionary aliases carry ("The Moscow Times newspaper"): the
# outlet-word rules already read them, so aliases are matched without them.
_ALIAS_DESCRIPTOR = re.compile(r"\s+(?:newspaper|news\s+agency|agency|website|portal|"
                               r"TV\s+channel|channel|magazine|weekly|daily)$")

@dataclass(frozen=True)
class _Lexicon:
    names: dict[str, str]  # alias (as written) -> canonical name
    name_pattern: re.Pattern[str]  # a known name; _known_names adds what may not precede it
    suffix_pattern: re.Pattern[str]
    prefix_pattern: re.Pattern[str]
    before: re.Pattern[str]  # attribution phrase just before a name
    after: re.Pattern[str]  # reporting verb just after a name


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _lexicon() -> _Lexicon:
    names: dict[str, str] = {}
    for outlet in load_yaml("outlets.yaml"):
        for alias in [outlet["name"], *outlet.get("aliases", [])]:
            alias = _ALIAS_DESCRIPTOR.sub("", re.sub(r"^the\s+", "", alias, flags=re.I))
            if len(alias) > 1:
                names[alias] = outlet["name"]
    words = load_yaml("outlet_words.yaml")
    suffixes = _alternation(words["suffixes"])
    prefixes = _alternation([re.sub(r"^the\s+", "", p) for p in words["prefixes"]])
    verbs = _alternation(words["reporting_verbs"])
    phrases = _alternation(words["attribution_phrases"])
    return _Lexicon(
        names=names,
        name_pattern=re.compile(r"(?:" + _alternation(list(names)) + r")(?![\w])"),
        suffix_pattern=re.compile(
            rf"(?:the\s+)?(?P<name>{_DOTTED}|{_NAME})\s+(?:{suffixes})\b"
        ),
        prefix_pattern=re.compile(
            rf"\b(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:{prefixes})\s+(?P<name>{_DOTTED}|{_NAME})"
        ),
        before=re.compile(rf"\b(?:{phrases})\s+(?:the\s+)?(?:[\w.-]+\s+){{0,4}}$", re.I),
        after=re.compile(rf"^[\s,]*(?:\w+\s+){{0,3}}?(?:{verbs})\b", re.I),
    )


@dataclass(frozen=True)
class _Candidate:
    name: str
    span: Span
    known: bool


_NAME_GLUE = re.compile(r"[\w.]")  # a known name must not follow one of these


def _known_names(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The known names in ``text[start:end]`` that no word character or dot precedes, as
    ``finditer`` of the pattern with a ``(?<![\\w.])`` lookbehind would give them. Without
    the lookbehind in front, the engine skips to the positions where a name's first letter
    stands instead of trying every name at every position."""
    pattern = _lexicon().name_pattern
    position = start
    while (match := pattern.search(text, position, end)) is not None:
        if match.start() > 0 and _NAME_GLUE.match(text, match.start() - 1):
            position = match.start() + 1  # the lookbehind fails here for every name
            continue
        yield match
        position = match.end()  # names are never empty


def _candidates(text: str, start: int, end: int) -> Iterator[_Candidate]:
    lex = _lexicon()
    for match in _known_names(text, start, end):
        # Named as the text names it; the dictionary only vouches that it is an outlet.
        yield _Candidate(match.group(), (match.start(), match.end()), True)
    for match in lex.suffix_pattern.finditer(text, start, end):
        # "the Tajik outlet Pamir Courier": the name follows; the prefix rule takes it.
        if not re.match(r"\s+(?:the\s+)?[A-Z]", text[match.end():match.end() + 6]):
            yield _candidate_from(match, "name", known=False)
    for match in lex.prefix_pattern.finditer(text, start, end):
        yield _candidate_from(match, "name", known=False)
    for match in _HEADED_NAME.finditer(text, start, end):
        yield _candidate_from(match, "name", known=False)
    for match in re.finditer(_DOTTED, text[start:end]):
        span = (start + match.start(), start + match.end())
        if text[span[0] - 1:span[0]] not in ("@", "/", "."):
            yield _Candidate(match.group(), span, False)


def clean_name(raw: str) -> str:
    """An outlet's name without sentence-initial words, 'Kabul-based' or 'TV channel'."""
    words = raw.split()
    while len(words) > 1 and (words[0].lower() in STOP_WORDS or words[0] in ("On", "In")):
        words = words[1:]
    name = _LEADING_NOISE.sub("", " ".join(words))
    stripped = _GENERIC_TAIL.sub("", name)
    return stripped if len(stripped.split()) >= 2 else name


def _candidate_from(match: re.Match[str], group: str, *, known: bool) -> _Candidate:
    raw = match.group(group)
    name = clean_name(raw)
    if name.endswith(" TV") and re.match(r"\s+channel", match.string[match.end(group):]):
        name = name[:-3]  # "the Chorsu 24 TV channel": TV describes the channel
    start = match.start(group) + raw.find(name)
    return _Candidate(name, (start, start + len(name)), known)


def _cue(text: str, sentence: Span, span: Span) -> str | None:
    lex = _lexicon()
    before = text[max(sentence[0], span[0] - _CUE_WINDOW):span[0]]
    after = text[span[1]:min(sentence[1], span[1] + _CUE_WINDOW)]
    for pattern, window in ((lex.before, before), (_RELAY_BEFORE, before),
                            (lex.after, after), (_EXTRA_VERBS, after)):
        match = pattern.search(window)
        if match:
            return re.sub(r"\s+the$", "", match.group().strip(" ,"))
    return None


def _date_near(text: str, sentence: Span, span: Span, order: str,
               published: str | None) -> str | None:
    year = int(published[:4]) if published else None
    window = (max(sentence[0], span[0] - _DATE_WINDOW), min(sentence[1], span[1] + _DATE_WINDOW))
    dates = list(find_dates(text, order, year, *window))
    if dates:
        nearest = min(dates, key=lambda d: min(abs(d.start - span[1]), abs(span[0] - d.end)))
        return nearest.value
    weekday = find_weekday(text, *window)
    if weekday and published:
        return weekday_before(published, weekday.group(1))
    return None


def _prefer_longest(candidates: list[_Candidate]) -> list[_Candidate]:
    """Of overlapping names keep the longest ('Fergana Valley Monitor', not 'Fergana')."""
    ranked = sorted(candidates, key=lambda c: (-(c.span[1] - c.span[0]), not c.known))
    kept: list[_Candidate] = []
    for cand in ranked:
        if all(cand.span[1] <= k.span[0] or k.span[1] <= cand.span[0] for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.span)


def find_cites(text: str, *, order: str, published: str | None,
               own_names: set[str]) -> list[Cite]:
    """Cited outlets; ``own_names`` (the publisher) are never a citation of themselves."""
    own = {n.lower() for n in own_names if n}
    cites: list[Cite] = []
    seen: set[tuple[str, str | None]] = set()
    for sentence in sentence_spans(text):
        raw = [c for c in _candidates(text, *sentence)
               if not _NOT_OUTLET.search(c.name) and len(c.name) > 1]
        for cand in _prefer_longest(raw):
            if cand.name.lower() in own or any(cand.name.lower() in o for o in own):
                continue
            cue = _cue(text, sentence, cand.span)
            if cue is None:
                continue
            date = _date_near(text, sentence, cand.span, order, published)
            key = (cand.name.lower(), date)
            if key in seen:
                continue
            seen.add(key)
            cites.append(Cite(source=cand.name, date=date, span=cand.span, cue=cue,
                              known=cand.known, sentence=sentence))
    return cites
