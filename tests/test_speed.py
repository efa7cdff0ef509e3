"""The shortcuts taken for throughput give what the slow paths gave, on real documents.

Each shortcut (entities built once per parse, a lookahead before the bare Quran-name
pattern, a first test on the tokens that can open a number, a cached gazetteer key) is
checked against the plain computation it replaces, on the project's example documents.
No test here measures time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from eventwire.anatomy import citations
from eventwire.extract import actors, gazetteer
from eventwire.extract.claims import ClaimFinder
from eventwire.nlp import entities
from eventwire.pipeline import Pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TEXT_EXAMPLES = sorted([*EXAMPLES.glob("opinion/*.txt"), *EXAMPLES.glob("opinion/*.md"),
                        *EXAMPLES.glob("press/*.txt")])


@pytest.fixture(scope="module")
def parses(pipeline: Pipeline) -> list[Doc]:
    assert len(TEXT_EXAMPLES) >= 5
    return list(pipeline.resources.nlp.pipe(p.read_text(encoding="utf-8")
                                            for p in TEXT_EXAMPLES))


def _spans(spans: list) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label_) for s in spans]


def test_entities_are_the_parse_entities_built_once(parses: list[Doc]) -> None:
    for doc in parses:
        first = entities(doc)
        assert _spans(first) == _spans(list(doc.ents))
        assert entities(doc) is first  # kept with the parse, not rebuilt


def test_entities_inside_a_span_are_what_span_ents_gives(parses: list[Doc]) -> None:
    checked = 0
    for doc in parses:
        outers = [*doc.noun_chunks, *doc.sents, *doc.ents,
                  *(doc[i:i + 7] for i in range(0, len(doc), 3))]
        for outer in outers:
            assert _spans(actors._entities_in(outer)) == _spans(list(outer.ents))
            checked += 1
    assert checked > 1000


# -- the Quran-name pattern -----------------------------------------------------------------
def _plain_name_pattern() -> re.Pattern[str]:
    """The bare-name pattern as it was before the lookahead."""
    num = r"(?P<surah>\d{1,3})\s*[:.]\s*(?P<ayah>\d{1,3})" + citations._RANGE
    return re.compile(r"\b(?P<name>" + citations._quran().name_pattern + r")\s+" + num, re.I)


CITED = [
    "As Al-Baqarah 2:255 says, and al baqarah   2 : 255-257 repeats.",
    "He read Yasin 36:1\nand then Al-Imran 3:103 – 104 aloud.",
    "Al\nFatiha 1:1 opens the book; Ta-Ha 20:1 and An-Nisa\t4:59 follow.",
    "The meeting at 10:30 in Al-Kahf hall, room 18.10, ended at 12:00.",
    "x" * 50 + " Al-Ikhlas" + " " * 40 + "112:1",  # a long run of spaces before the verse
]


@pytest.mark.parametrize("text", CITED)
def test_bare_name_pattern_matches_as_without_its_lookahead(text: str) -> None:
    fast = citations._quran_patterns()[4]
    assert fast.pattern != _plain_name_pattern().pattern  # the lookahead is in place
    assert [m.group() for m in fast.finditer(text)] == \
        [m.group() for m in _plain_name_pattern().finditer(text)]


def test_bare_name_pattern_on_the_examples() -> None:
    fast, plain = citations._quran_patterns()[4], _plain_name_pattern()
    for path in TEXT_EXAMPLES:
        text = path.read_text(encoding="utf-8")
        assert [m.span() for m in fast.finditer(text)] == \
            [m.span() for m in plain.finditer(text)]
    joined = " ".join(CITED)
    assert [m.span() for m in fast.finditer(joined)] == \
        [m.span() for m in plain.finditer(joined)]
    assert len(list(fast.finditer(joined))) >= 5


# -- claims ---------------------------------------------------------------------------------
def test_no_token_skipped_by_the_first_test_opens_a_number(parses: list[Doc]) -> None:
    finder = ClaimFinder()
    numbers = 0
    for doc in parses:
        for token in doc:
            number = finder._number_at(doc, token.i)
            if number is not None:
                numbers += 1
                assert finder._may_open_number(token), token.text
    assert numbers > 20


def test_first_test_passes_the_number_forms() -> None:
    finder = ClaimFinder()
    doc = English()("a dozen 1,500 3bn twenty-five hundred seven the ministry")
    skipped = [t.text for t in doc if not finder._may_open_number(t)]
    assert skipped == ["the", "ministry"]


# -- the gazetteer key ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["The Hague", "Khujand", "Mazar-i-Sharif", "Qo‘qon",
                                  "São Tomé", "  the   Gulf  of Aden ", "Shymkent's"])
def test_cached_key_is_the_plain_key(name: str) -> None:
    assert gazetteer.key(name) == gazetteer.key.__wrapped__(name)
    assert gazetteer.key(name) == gazetteer.key(name)
