"""Numeric claims: every number the text states about something, with its value, unit
and subject, and the speaker when it stands inside a quote.

A claim is a number phrase (digits, written-out numbers, scales such as "billion",
newsroom abbreviations such as "$2.5bn", ranges "1,000-1,500" / "between 10 and 15" /
"from 3 to 5") with what it counts or measures after it: a currency (sign, code or
word), a percentage, a measure ("barrels", "tonnes") or a counted noun ("soldiers").
Words before it mark an estimate ("about", "nearly") or a bound ("more than", "up to").
The subject comes from the parse: the counted phrase for a count ("Russian soldiers"),
what a measure measures for the rest ("oil reserves of 233 billion barrels", "a $2.5
billion loan", "40 percent of voters", "unemployment rose to 40 percent").

Dates, times, ordinals, ages, identifiers ("Article 51", "resolution 2593") and vague
plurals ("dozens of") are not claims. The word lists are in data/claim_units.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire import deadline
from eventwire.document import Claim, Quote
from eventwire.errors import OptionsError
from eventwire.nlp import text_of
from eventwire.resources import load_yaml

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_ABBREVIATED = re.compile(r"^(\d+(?:\.\d+)?)([a-z]{1,3})$", re.I)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_RANGE_DASHES = {"-", "–", "—"}
_SKIP_ENTITIES = {"DATE", "TIME", "ORDINAL"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr",
           "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_SUBJECT_STOP = {"relcl", "acl", "appos", "punct", "cc", "conj", "prep", "advcl", "nummod",
                 "quantmod"}


@dataclass(frozen=True)
class Units:
    currency_symbols: dict[str, str]
    currency_codes: frozenset[str]
    currency_words: dict[str, str]
    percent: tuple[str, ...]
    measures: dict[str, str]
    scales: dict[str, float]
    abbreviated_scales: dict[str, float]
    approximate: tuple[str, ...]
    bounds: dict[str, str]
    units: dict[str, int]
    tens: dict[str, int]
    hundred: int
    singles: dict[str, int]
    vague: frozenset[str]
    not_units: frozenset[str]


@cache
def units() -> Units:
    data = load_yaml("claim_units.yaml") or {}
    words = data.get("number_words") or {}
    if not words.get("units") or not data.get("scales"):
        raise OptionsError("claim_units.yaml needs number_words and scales",
                           source="data/claim_units.yaml")
    return Units(
        currency_symbols=dict(data.get("currency_symbols") or {}),
        currency_codes=frozenset(data.get("currency_codes") or []),
        currency_words={str(k).lower(): v for k, v in (data.get("currency_words") or {}).items()},
        percent=tuple(str(p).lower() for p in data.get("percent") or []),
        measures={str(k): str(v) for k, v in (data.get("measures") or {}).items()},
        scales={str(k).lower(): float(v) for k, v in data["scales"].items()},
        abbreviated_scales={str(k).lower(): float(v)
                            for k, v in (data.get("abbreviated_scales") or {}).items()},
        approximate=tuple(str(p).lower() for p in data.get("approximate") or []),
        bounds={str(k).lower(): str(v) for k, v in (data.get("bounds") or {}).items()},
        units={str(k): int(v) for k, v in words["units"].items()},
        tens={str(k): int(v) for k, v in (words.get("tens") or {}).items()},
        hundred=int(words.get("hundred", 100)),
        singles={str(k): int(v) for k, v in (words.get("singles") or {}).items()},
        vague=frozenset(str(w).lower() for w in data.get("vague_not_numbers") or []),
        not_units=frozenset(str(w).lower() for w in data.get("not_units") or []),
    )


# -- written-out numbers --------------------------------------------------------------------
def words_to_number(words: list[str], table: Units | None = None) -> float | None:
    """'two hundred and fifty thousand' -> 250000; 'twenty-five' -> 25; 'a dozen' -> 12.
    None when the words are not one number."""
    table = table or units()
    cleaned = [w for part in words for w in part.lower().split("-") if w]
    if not cleaned:
        return None
    joined = " ".join(cleaned)
    if joined in table.singles:
        return float(table.singles[joined])
    total, current, seen = 0.0, 0.0, False
    for word in cleaned:
        if word in ("and", "a"):
            continue
        if word in table.units:
            current += table.units[word]
        elif word in table.tens:
            current += table.tens[word]
        elif word == "hundred":
            current = (current or 1) * table.hundred
        elif word in table.scales:
            total += (current or 1) * table.scales[word]
            current = 0.0
        elif word == "dozen":
            current = (current or 1) * 12
        elif _DIGITS.match(word):
            current += float(word.replace(",", ""))
        else:
            return None
        seen = True
    return total + current if seen else None


def _is_number_word(token: Token, table: Units) -> bool:
    lower = token.lower_
    return lower in table.units or lower in table.tens or lower == "hundred" or \
        lower == "dozen" or (all(part in table.units or part in table.tens
                                for part in lower.split("-") if part) and "-" in lower)


# -- the finder -----------------------------------------------------------------------------
@dataclass
class _Number:
    start: int  # token indices of the number words (scale included)
    end: int
    value: float


class ClaimFinder:
    def __init__(self, table: Units | None = None) -> None:
        self.table = table or units()
        # the words a number phrase can open with (see _number_at): most tokens are none
        self._opening_words = frozenset(
            [*self.table.units, *self.table.tens, "hundred", "dozen", "a"])

    def _may_open_number(self, token: Token) -> bool:
        """A cheap test that every token _number_at reads a number at passes: digits
        first ("1,500", "3bn"), a number word, or a hyphenated one ("twenty-five")."""
        text = token.text
        return text[:1].isdigit() or token.lower_ in self._opening_words or "-" in text

    def find(self, doc: Doc, quotes: list[Quote]) -> list[Claim]:
        claims: list[Claim] = []
        used: set[int] = set()
        for token in doc:
            deadline.check()
            if token.i in used or not self._may_open_number(token):
                continue
            number = self._number_at(doc, token.i)
            if number is None:
                continue
            claim = self._claim(doc, number, quotes)
            if claim is None:
                used.update(range(number.start, number.end))
                continue
            claim_tokens = doc.char_span(*claim.span, alignment_mode="expand")
            used.update(range(claim_tokens.start, claim_tokens.end) if claim_tokens else
                        range(number.start, number.end))
            claims.append(claim)
        return claims

    # -- a number phrase ------------------------------------------------------------------
    def _number_at(self, doc: Doc, i: int) -> _Number | None:
        table = self.table
        token = doc[i]
        if token.ent_type_ in _SKIP_ENTITIES and not self._unit_follows(doc, i):
            return None
        if _DIGITS.match(token.text):
            value = float(token.text.replace(",", ""))
            end = i + 1
        elif (match := _ABBREVIATED.match(token.text)) and \
                match.group(2).lower() in table.abbreviated_scales:
            value = float(match.group(1)) * table.abbreviated_scales[match.group(2).lower()]
            return _Number(i, i + 1, value)
        elif _is_number_word(token, table) or (token.lower_ == "a" and i + 1 < len(doc) and
                                                doc[i + 1].lower_ in ("dozen", "hundred",
                                                                      "thousand", "million",
                                                                      "billion")):
            end = i + 1
            while end < len(doc) and (_is_number_word(doc[end], table) or
                                      doc[end].lower_ in table.scales or
                                      (doc[end].lower_ in ("and", "-") and end + 1 < len(doc)
                                       and _is_number_word(doc[end + 1], table))):
                end += 1
            value_ = words_to_number([t.text for t in doc[i:end]], table)
            if value_ is None or (token.lower_ == "a" and end == i + 1):
                return None
            return _Number(i, end, value_)
        else:
            return None
        while end < len(doc) and doc[end].lower_ in table.scales:
            value *= table.scales[doc[end].lower_]
            end += 1
        if end < len(doc) and doc[end].lower_ in table.abbreviated_scales and \
                doc[end - 1].whitespace_ == "" and i > 0 and \
                doc[i - 1].text in table.currency_symbols:
            value *= table.abbreviated_scales[doc[end].lower_]
            end += 1
        return _Number(i, end, value)

    def _unit_follows(self, doc: Doc, i: int) -> bool:
        after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        return after in ("%", "percent") or after in self.table.currency_words

    # -- a claim --------------------------------------------------------------------------
    def _claim(self, doc: Doc, number: _Number, quotes: list[Quote]) -> Claim | None:
        table = self.table
        if self._identifier(doc, number):
            return None
        start, end = number.start, number.end
        low = high = None
        value = number.value
        # a range: "1,000-1,500", "1,000 to 1,500", "between 10 and 15"
        second = self._range_end(doc, number)
        if second is not None:
            # "between 2 and 3 billion": the scale of the second end applies to both
            scale = words_scale(doc[second.start:second.end], table)
            own = words_scale(doc[number.start:number.end], table)
            low = number.value * scale if own == 1.0 else number.value
            high, value, end = second.value, low, second.end
        currency = None
        if start > 0 and doc[start - 1].text in table.currency_symbols:
            currency = table.currency_symbols[doc[start - 1].text]
            start -= 1
        elif start > 0 and doc[start - 1].text.upper() in table.currency_codes and \
                doc[start - 1].text.isupper():
            currency = doc[start - 1].text.upper()
            start -= 1
        unit, unit_end, counted = self._unit(doc, end, currency)
        if unit is None:
            return None
        approximate, bound, start = self._qualifier(doc, start)
        if second is not None and start > 0 and doc[start - 1].lower_ in ("between", "from"):
            start -= 1
        span_end = unit_end
        left = doc[start].idx
        right = doc[span_end - 1].idx + len(doc[span_end - 1].text)
        subject = self._subject(doc, number, unit_end, counted)
        quote_index = _quote_holding(quotes, left)
        return Claim(
            value=value, unit=unit, subject=subject,
            attributed_to=quotes[quote_index].speaker if quote_index is not None else None,
            span=(left, right), text=text_of(doc)[left:right], approximate=approximate,
            bound=bound, low=low, high=high, quote=quote_index)

    def _identifier(self, doc: Doc, number: _Number) -> bool:
        """'Article 51', 'resolution 2593', 'Su-30', 'COVID-19', a bare year: not claims."""
        token = doc[number.start]
        if _YEAR.match(token.text) and number.end == number.start + 1 and not \
                self._unit_follows(doc, number.start):
            following = doc[number.end] if number.end < len(doc) else None
            if following is None or following.pos_ not in ("NOUN",) or \
                    following.lower_ in self.table.not_units:
                return True
        if number.start > 0:
            before = doc[number.start - 1]
            if before.text == "-" and number.start > 1 and doc[number.start - 2].is_alpha and \
                    doc[number.start - 2].lower_ not in ("between", "from"):
                return True  # "Su-30", "COVID-19"
            if before.lower_ in _MONTHS:
                return True
            if before.is_title and before.pos_ in ("PROPN", "NOUN") and before.i > 0 and \
                    not before.is_sent_start and before.text not in self.table.currency_symbols \
                    and before.text.upper() not in self.table.currency_codes:
                return True  # "Article 51", "Resolution 2593", "Flight 370"
            if before.lower_ in ("no.", "number", "nr", "#", "no"):
                return True
        # "one of the", "one another": a pronoun, not a count
        return token.lower_ == "one" and number.end < len(doc) and \
            doc[number.end].lower_ in ("of", "another", "day", "side", "hand")

    def _range_end(self, doc: Doc, number: _Number) -> _Number | None:
        i = number.end
        if i >= len(doc):
            return None
        joiner = doc[i].lower_
        between = number.start > 0 and doc[number.start - 1].lower_ == "between"
        if not (joiner in _RANGE_DASHES or joiner == "to" or (joiner == "and" and between)) \
                or i + 1 >= len(doc):
            return None
        start = i + 1
        if doc[start].text in self.table.currency_symbols and start + 1 < len(doc):
            start += 1
        return self._number_at(doc, start)

    def _unit(self, doc: Doc, end: int, currency: str | None) -> tuple[str | None, int, bool]:
        """(unit, token index after it, whether it is a counted noun)."""
        table = self.table
        if currency is not None:
            return currency, end, False
        if end >= len(doc):
            return None, end, False
        following = doc[end]
        for length in (3, 2, 1):
            words = doc[end:min(len(doc), end + length)]
            if len(words) < length:
                continue
            phrase = words.text.lower()  # "kilowatt-hours" is three tokens
            if phrase in table.percent:
                return "percent", end + length, False
            if phrase in table.currency_words:
                return table.currency_words[phrase], end + length, False
            original = words.text
            if original in table.measures or phrase in table.measures:
                return table.measures.get(original) or table.measures[phrase], end + length, \
                    False
            if words[-1].text.upper() in table.currency_codes and words[-1].text.isupper() \
                    and length == 1:
                return words[-1].text.upper(), end + 1, False
        if following.text == "-" and end + 1 < len(doc):  # "a 970-kilometre border"
            measure = doc[end + 1]
            if measure.text in table.measures or measure.lower_ in table.measures:
                return table.measures.get(measure.text) or table.measures[measure.lower_], \
                    end + 2, False
        if following.lower_ in table.vague or following.lower_ in table.not_units:
            return None, end, False
        noun = _counted_noun(doc, end)
        if noun is None or noun.lower_ in table.not_units or noun.lemma_.lower() in \
                table.not_units or noun.ent_type_ in ("DATE", "TIME"):
            return None, end, False
        # the counted thing with its noun compounds: "border guards" -> "border guard"
        first = noun.i
        while first - 1 >= end and doc[first - 1].dep_ == "compound" and \
                doc[first - 1].pos_ == "NOUN":
            first -= 1
        unit = " ".join([*(t.lower_ for t in doc[first:noun.i]), noun.lemma_.lower()])
        return unit, noun.i + 1, True

    def _qualifier(self, doc: Doc, start: int) -> tuple[bool, str | None, int]:
        for length in (3, 2, 1):
            if start - length < 0:
                continue
            phrase = " ".join(t.lower_ for t in doc[start - length:start])
            if phrase in self.table.bounds:
                return False, self.table.bounds[phrase], start - length
            if phrase in self.table.approximate:
                return True, None, start - length
        return False, None, start

    def _subject(self, doc: Doc, number: _Number, unit_end: int, counted: bool) -> str | None:
        unit_head = doc[unit_end - 1]
        if counted:
            return _noun_phrase(unit_head, skip=set(range(number.start, number.end)))
        # "40 percent of voters", "233 billion barrels of oil"
        of = next((c for c in unit_head.children if c.dep_ == "prep" and c.lower_ == "of"),
                  None)
        if of is not None and (pobj := next((c for c in of.children if c.dep_ == "pobj"),
                                            None)) is not None:
            return _noun_phrase(pobj)
        anchor = unit_head
        inside = set(range(number.start, unit_end))
        # climb out of the number phrase: "$2.5 billion" hangs on "loan" in "a $2.5 billion loan"
        while anchor.i in inside and anchor.head.i != anchor.i and anchor.head.i in inside:
            anchor = anchor.head
        head = anchor.head
        if anchor.dep_ in ("compound", "nummod", "amod", "npadvmod", "nmod", "quantmod") and \
                head.pos_ in ("NOUN", "PROPN") and head.i not in inside:
            return _noun_phrase(head, skip=inside)
        if anchor.dep_ == "pobj" and head.dep_ == "prep":
            holder = head.head
            if holder.pos_ in ("NOUN", "PROPN"):  # "oil reserves of 233 billion barrels"
                return _noun_phrase(holder)
            return _verb_subject(holder)  # "trade rose to $1.2 billion"
        if anchor.dep_ in ("dobj", "attr", "npadvmod", "nsubj"):
            return _verb_subject(head) if anchor.dep_ != "nsubj" else None
        return None


def words_scale(tokens: Span, table: Units) -> float:
    """The scale word at the end of a number phrase ('2 billion' -> 1e9), else 1."""
    last = tokens[-1].lower_ if len(tokens) else ""
    return table.scales.get(last, 1.0)


def _counted_noun(doc: Doc, end: int) -> Token | None:
    """The noun a number counts: 'three soldiers', '1,500 Tajik workers', 'two Russian
    military helicopters'."""
    for token in doc[end:min(len(doc), end + 5)]:
        if token.pos_ == "NOUN":
            head = token
            while head.dep_ == "compound" and end < head.head.i < end + 6:  # "border guards"
                head = head.head
            return head
        if token.pos_ not in ("ADJ", "PROPN", "ADV") and token.text != "-":
            return None
    return None


def _noun_phrase(token: Token, skip: set[int] | None = None) -> str:
    skip = skip or set()
    keep = [token]
    stack = [c for c in token.children if c.dep_ not in _SUBJECT_STOP and c.i < token.i]
    while stack:
        child = stack.pop()
        if child.i in skip:
            continue
        keep.append(child)
        stack.extend(c for c in child.children if c.dep_ not in _SUBJECT_STOP)
    words = [t for t in sorted(keep, key=lambda t: t.i) if t.i not in skip and not
             t.is_punct and t.lower_ not in ("the", "a", "an", "some", "about") and
             t.dep_ not in ("det", "predet") and not t.like_num]
    if not words:
        return token.text
    left, right = words[0].i, words[-1].i + 1
    return token.doc[left:right].text


def _verb_subject(verb: Token) -> str | None:
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            if subject.pos_ == "PRON":
                return None
            return _noun_phrase(subject)
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
            verb = verb.head
        else:
            break
    return None


def _quote_holding(quotes: list[Quote], offset: int) -> int | None:
    for index, quote in enumerate(quotes):
        for start, end in quote.parts or [quote.span]:
            if start <= offset < end:
                return index
    return None


__all__ = ["ClaimFinder", "units", "words_to_number"]
