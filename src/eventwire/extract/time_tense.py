"""Which way a time without a year or a week points: before or after the document date.

A bare weekday or month ("on Tuesday", "in March") is resolved from the document date,
and the verb that governs it decides the direction: "said Tuesday" looks back, "will meet
Tuesday" and "postponed until Tuesday" look ahead. Without a parse, the nearest cue word
stands in for that verb: first the nearest one before the time in its sentence (it governs
what follows it), then the nearest finite verb after it ("On Friday, the ministers will
sign ..."). The cue words are in data/time_words.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from eventwire.resources import load_yaml

Direction = Literal["past", "future"]

_WINDOW = 240  # characters either side: news sentences rarely run longer
# the end of a sentence: a stop, then space and a capital (or an opening quote)
_SENTENCE_END = re.compile(r"[.!?]['\"’”)]*\s+(?=[`'\"‘“(]*[A-Z])|\n\s*\n")
# a stop after these words does not end the sentence
# what may come before a time that opens its clause: "But by Monday, ..."
_CLAUSE_OPENING = re.compile(r"[\s\W]*(?:(?:but|and|yet|so|then)\b[\s,]*)?", re.I)
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col",
                  "sgt", "capt", "prof", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                  "sep", "sept", "oct", "nov", "dec", "no", "vs", "u.s", "u.n", "u.k", "e.u",
                  "a.m", "p.m", "jr", "sr", "inc", "co", "corp", "ltd"}


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    words = load_yaml("time_words.yaml")["tense"]
    not_past = "|".join(re.escape(w) for w in words["not_past"])
    past_ed = rf"(?!(?:{not_past})\b)[a-z]{{2,}}ed"

    def alternatives(items: list[str]) -> str:
        # phrases before single words, so "would be held" is not read as "would"
        ordered = sorted(items, key=lambda item: (" " not in item, -len(item)))
        return "|".join(f"(?:{item})" for item in ordered)

    return {
        "future_before": re.compile(rf"(?<![\w'])(?:{alternatives(words['future_before'])})\b"),
        "future_adjacent": re.compile(
            rf"(?<![\w'])(?:{alternatives(words['future_adjacent'])})\s+(?:the\s+)?$"),
        "future_after": re.compile(rf"(?<![\w'])(?:{alternatives(words['future_after'])})\b"),
        "past": re.compile(rf"(?<![\w'-])(?:{alternatives(words['past'])}|{past_ed})\b"),
    }


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``text`` around [start, end) up to the sentence's ends."""
    left = max(0, start - _WINDOW)
    for boundary in _SENTENCE_END.finditer(text, left, start):
        word = re.search(r"([\w.]+)[.!?]['\"’”)]*\s*$", text[left:boundary.end()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        left = boundary.end()
    right = min(len(text), end + _WINDOW)
    for boundary in _SENTENCE_END.finditer(text, end, right):
        word = re.search(r"([\w.]+)[.!?]['\"’”)]*\s*$", text[end:boundary.end()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        right = boundary.start() + 1
        break
    return left, right


def _last(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    """(end, length) of the match that ends nearest the end of ``text``; the longer
    one when two end together ("will be held": the future, not the past "held")."""
    best: tuple[int, int] | None = None
    for match in pattern.finditer(text):
        key = (match.end(), match.end() - match.start())
        if best is None or key > best:
            best = key
    return best


def direction(text: str, start: int, end: int) -> Direction | None:
    """'past' or 'future' for the time at text[start:end], or None without a cue."""
    cues = _cues()
    left, right = _sentence_bounds(text, start, end)
    before = text[left:start]
    after = text[end:right]
    following = re.match(r"[\s,]*([\w'-]+)", after)
    if following and cues["past"].fullmatch(following.group(1)):
        return "past"  # "an appeals court Thursday refused": the verb right after governs
    adjacent = cues["future_adjacent"].search(before)
    if adjacent and not _CLAUSE_OPENING.fullmatch(before[:adjacent.start()]):
        return "future"  # "must sign by Friday"; not "By Monday, officials hardened"
    ahead = _last(cues["future_before"], before)
    back = _last(cues["past"], before)
    if ahead or back:
        return "future" if back is None or (ahead is not None and ahead >= back) else "past"
    ahead_match = cues["future_after"].search(after)
    back_match = cues["past"].search(after)
    if ahead_match and (back_match is None or ahead_match.start() <= back_match.start()):
        return "future"
    return "past" if back_match else None
