"""Quotes and numeric claims (issue 6): quotation marks of every kind, attribution and
speaker resolution, indirect speech, claims with value, unit and subject, the store, the
CLI, and the quality gates (PolNeAR dev when ../shared/eval is there; the blind
press-release set always)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.document import Claim, Document, Quote
from eventwire.extract.claims import words_to_number
from eventwire.extract.quotes import find_quotations
from eventwire.ingest.containers import Draft
from eventwire.pipeline import Pipeline

from .blind_quotes import BLIND, score
from .conftest import BASELINE, FIXTURES, ROOT

POLNEAR = ROOT.parent / "shared" / "eval" / "quotes" / "polnear_dev"
# Example documents written for these tests (fictional officials' words, real places).
DOCS = FIXTURES / "quotes_docs"

BORDER_TALKS = (DOCS / "border-talks-2024.txt").read_text(encoding="utf-8")

QUOTE_MARKS = (DOCS / "water-releases-2023.txt").read_text(encoding="utf-8")

INDIRECT = (DOCS / "tapi-talks-2022.txt").read_text(encoding="utf-8")

CLAIMS = (DOCS / "oil-output-2024.txt").read_text(encoding="utf-8")


def _analyse(pipeline: Pipeline, text: str, name: str = "test.txt") -> Document:
    draft = Draft(source=name, format="text", text=text, extractor="test")
    return pipeline.analyse(pipeline.document(draft, name))


def _quote(doc: Document, words: str) -> Quote:
    found = [q for q in doc.quotes or [] if words in q.text]
    assert found, f"no quote with {words!r}: {[q.text for q in doc.quotes or []]}"
    return found[0]


def _speaker_name(doc: Document, quote: Quote) -> str | None:
    actors = {a.id: a for a in doc.actors or []}
    return actors[quote.speaker].name if quote.speaker in actors else None


def _claim(doc: Document, words: str) -> Claim:
    found = [c for c in doc.claims or [] if words in c.text]
    assert found, f"no claim with {words!r}: {[c.text for c in doc.claims or []]}"
    return found[0]


# -- quotation marks ----------------------------------------------------------------------
def test_marks_of_every_kind_pair_up() -> None:
    text = ('He said "straight" and “curly”, «guillemets», „German“ and ‘single’ ones, '
            "but don’t pair an apostrophe.")
    quoted = [text[s:e] for q in find_quotations(text) for s, e in q.parts]
    assert quoted == ["straight", "curly", "guillemets", "German", "single"]


def test_a_quote_over_two_paragraphs_is_one_quote() -> None:
    text = "“First paragraph goes on.\n\n“Second paragraph ends,” she said."
    (quote,) = find_quotations(text)
    assert [text[s:e] for s, e in quote.parts] == ["First paragraph goes on.",
                                                   "Second paragraph ends,"]
    assert quote.balanced


def test_an_unclosed_mark_ends_at_its_paragraph() -> None:
    text = "“No closing mark here, she said.\n\nThe next paragraph is narration."
    (quote,) = find_quotations(text)
    assert not quote.balanced
    assert text[quote.parts[0][0]:quote.parts[0][1]] == "No closing mark here, she said."


def test_direct_quotes_with_all_marks(pipeline: Pipeline) -> None:
    doc = _analyse(pipeline, QUOTE_MARKS)
    guillemets = _quote(doc, "Toktogul reservoir must release")
    assert guillemets.kind == "direct" and guillemets.cue == "said"
    assert _speaker_name(doc, guillemets) == "Serik Abenov"
    german = _quote(doc, "Without the summer releases")
    assert german.cue == "added" and german.speaker == guillemets.speaker
    multi = _quote(doc, "patient for three seasons")
    assert "keep their side of the agreement" in multi.text and len(multi.parts) == 2
    assert multi.speaker == guillemets.speaker and multi.cue == "said"
    # the unbalanced quote degrades to its paragraph instead of failing the document
    unclosed = _quote(doc, "The talks will continue in Astana")
    assert not unclosed.balanced
    # a scare quote in narration is no quote
    assert not [q for q in doc.quotes or [] if q.text == "useful" and q.kind == "direct"]


def test_split_and_carried_quotes(pipeline: Pipeline) -> None:
    doc = _analyse(pipeline, BORDER_TALKS)
    split = _quote(doc, "This is a historic step")
    assert "our peoples have waited" in split.text and len(split.parts) == 2
    assert _speaker_name(doc, split) == "Sirojiddin Muhriddin" and split.cue == "said"
    told = _quote(doc, "We have agreed to reopen")
    assert told.cue == "told" and _speaker_name(doc, told) == "Bakhtiyor Saidov"
    carried = _quote(doc, "Trade between our countries")
    assert carried.cue is None and carried.speaker == told.speaker


# -- indirect speech and speakers ---------------------------------------------------------
def test_indirect_speech_and_coreference(pipeline: Pipeline) -> None:
    doc = _analyse(pipeline, INDIRECT)
    said = _quote(doc, "construction of the Afghan section")
    assert said.kind == "indirect" and said.cue == "said"
    assert _speaker_name(doc, said) == "Rashid Meredov"
    hopes = _quote(doc, "the first gas will reach Herat")
    assert hopes.cue == "hopes" and hopes.speaker == said.speaker  # "He"
    told = _quote(doc, "the security of the route was guaranteed")
    assert told.cue == "told" and told.speaker_text == "The Afghan minister"
    assert _speaker_name(doc, told) == "Shahabuddin Delawar"
    saying = _quote(doc, "the works would employ")
    assert saying.cue == "saying" and saying.speaker_text == "the Afghan delegation"
    according = _quote(doc, "the two sides signed a memorandum")
    assert according.cue == "According to" and according.speaker is not None
    assert according.speaker_text == "the Ministry of Foreign Affairs of Turkmenistan"


def test_the_minister_and_according_to(pipeline: Pipeline) -> None:
    doc = _analyse(pipeline, BORDER_TALKS)
    minister = _quote(doc, "about 1,500 Tajik workers")
    assert minister.kind == "indirect" and minister.speaker_text == "The minister"
    assert _speaker_name(doc, minister) in ("Bakhtiyor Saidov", "Sirojiddin Muhriddin")
    according = _quote(doc, "three border guards were injured")
    assert according.kind == "indirect" and according.speaker is not None
    assert not according.text.endswith("\n")


# -- indirect speech: the constructions of issue 6's follow-up -----------------------------
# Written for these tests: a fictional deputy minister and outlet, real places and bodies.
GRAIN_TALKS = (
    "Abenov: Kazakhstan Will Not Raise Grain Export Duties This Year\n\n"
    "ASTANA, 14 March 2024 (Steppe Courier) — Deputy Minister of Agriculture Ermek Abenov "
    "said the new harvest would be \"the largest in a decade, if the spring stays dry.\"\n\n"
    "The Kyzylorda checkpoint, the regional governor said, will reopen to freight on "
    "Monday.\n\n"
    "The ministry urged Bishkek to return the seized trucks. It called for an urgent meeting "
    "of the border commission. The ministry also called on the Kyrgyz side to publish the "
    "new tariff schedule. The ministry called the delay unacceptable. The governor called a "
    "meeting of local farmers for Friday.\n\n"
    "The Kyrgyz customs service's claim that the trucks had crossed without permits was not "
    "supported by any documents. Kazakhstan remains concerned about the falling water level "
    "of the Syr Darya.\n\n"
    "The railway, which Abenov says the government is ready to co-finance, will link "
    "Saryagash and Tashkent.\n\n"
    "The ministry accused Kyrgyz border guards of delaying Kazakh trucks for days. Abenov "
    "confirmed this on Tuesday.\n\n"
    "The total cost has been estimated at $1.2 billion, with Uzbekistan expected to provide "
    "half of it.\n\n"
    "Abenov wrote on Telegram on Monday that the border would stay open through the "
    "harvest.\n")


@pytest.fixture(scope="module")
def grain_talks(pipeline: Pipeline) -> Document:
    return _analyse(pipeline, GRAIN_TALKS)


def _indirect(doc: Document, words: str) -> Quote:
    quote = _quote(doc, words)
    assert quote.kind == "indirect", quote
    return quote


def test_a_paraphrase_with_a_quoted_fragment_is_indirect(grain_talks: Document) -> None:
    # no direct quote is attributed here, so the paraphrase must not be dropped for it
    harvest = _indirect(grain_talks, "the new harvest would be")
    assert harvest.cue == "said" and harvest.speaker_text is not None
    assert harvest.speaker_text.endswith("Ermek Abenov")


def test_an_attribution_inside_the_sentence_splits_the_content(grain_talks: Document) -> None:
    checkpoint = _indirect(grain_talks, "will reopen to freight")
    assert checkpoint.speaker_text == "the regional governor"
    assert checkpoint.text == "The Kyzylorda checkpoint will reopen to freight on Monday"
    assert len(checkpoint.parts) == 2


def test_demands_with_their_addressee_and_namings(grain_talks: Document) -> None:
    urged = _indirect(grain_talks, "to return the seized trucks")
    assert urged.cue == "urged" and urged.text == "Bishkek to return the seized trucks"
    called_for = _indirect(grain_talks, "an urgent meeting of the border commission")
    assert called_for.cue == "called"
    called_on = _indirect(grain_talks, "to publish the new tariff schedule")
    assert called_on.text == "the Kyrgyz side to publish the new tariff schedule"
    assert _indirect(grain_talks, "the delay unacceptable").speaker_text == "The ministry"
    # convening a meeting is no attribution
    assert not [q for q in grain_talks.quotes or [] if "Friday" in q.text]


def test_nouns_and_adjectives_of_stance(grain_talks: Document) -> None:
    claim = _indirect(grain_talks, "the trucks had crossed without permits")
    assert claim.cue == "claim" and claim.speaker_text == "The Kyrgyz customs service"
    assert not [q for q in grain_talks.quotes or [] if q.cue == "supported"]
    concern = _indirect(grain_talks, "the falling water level")
    assert concern.cue == "concerned" and _speaker_name(grain_talks, concern) == "Kazakhstan"
    accused = _indirect(grain_talks, "delaying Kazakh trucks for days")
    assert accused.cue == "accused" and accused.speaker_text == "The ministry"


def test_headline_and_loose_clauses(grain_talks: Document) -> None:
    headline = _indirect(grain_talks, "Will Not Raise Grain Export Duties")
    assert headline.cue == ":" and headline.speaker_text == "Abenov"
    wrote = _indirect(grain_talks, "the border would stay open through the harvest")
    assert wrote.cue == "wrote" and wrote.speaker_text == "Abenov"


def test_the_speaker_is_cut_out_and_empty_content_dropped(grain_talks: Document) -> None:
    railway = _indirect(grain_talks, "ready to co-finance")
    assert "Abenov" not in railway.text and railway.text.startswith("which")
    # "confirmed this" reports nothing; "with Uzbekistan expected to" has no speaker
    assert not [q for q in grain_talks.quotes or [] if q.cue == "confirmed"]
    assert not [q for q in grain_talks.quotes or [] if "half of it" in q.text]


def test_the_events_coder_reads_the_speech_verbs_of_the_cue_list() -> None:
    from eventwire.events import coder
    from eventwire.extract.quotes import speech_cues

    verbs = speech_cues().verbs
    spoken = {lemma for lemma, verb in verbs.items() if verb.kind == "speech"}
    assert spoken == coder._reported_speech_verbs()
    assert {"say", "tell", "warn", "claim"} <= coder._reported_speech_verbs()
    # demands and commitments keep their own modality in the coder
    assert not {"urge", "promise", "agree", "hope"} & coder._reported_speech_verbs()


def test_a_cue_verb_of_unknown_kind_is_refused() -> None:
    from eventwire.errors import OptionsError
    from eventwire.extract.quotes import _cue_verb

    with pytest.raises(OptionsError, match="kind 'rumour'"):
        _cue_verb("whisper", {"kind": "rumour"}, "data/speech_cues.yaml")
    assert _cue_verb("call", {"kind": "demand", "to_after": "on", "preps": ["for"]},
                     "x").to_after == "on"


# -- claims -------------------------------------------------------------------------------
@pytest.mark.parametrize(("words", "number"), [
    (["three"], 3), (["twenty-five"], 25), (["two", "hundred", "and", "fifty", "thousand"],
                                            250000),
    (["a", "dozen"], 12), (["one", "hundred", "and", "five"], 105), (["1.5", "million"], 1.5e6),
])
def test_written_out_numbers(words: list[str], number: float) -> None:
    assert words_to_number(words) == number


def test_claims_value_unit_subject(pipeline: Pipeline) -> None:
    doc = _analyse(pipeline, CLAIMS)
    reserves = _claim(doc, "30 billion barrels")
    assert (reserves.value, reserves.unit) == (3e10, "barrel")
    assert reserves.subject is not None and reserves.subject.endswith("oil reserves")
    loan = _claim(doc, "$2.5 billion")
    assert (loan.value, loan.unit, loan.subject) == (2.5e9, "USD", "loan")
    soldiers = _claim(doc, "1,500 soldiers")
    assert (soldiers.value, soldiers.unit, soldiers.approximate) == (1500, "soldier", True)
    killed = _claim(doc, "three soldiers")
    assert (killed.value, killed.unit) == (3, "soldier")
    share = _claim(doc, "40 percent")
    assert (share.value, share.unit) == (40, "percent") and share.subject == "Unemployment"
    ranged = _claim(doc, "2,000 and 3,000 people")
    assert (ranged.low, ranged.high, ranged.unit) == (2000, 3000, "people")
    words = _claim(doc, "two hundred and fifty thousand tonnes")
    assert (words.value, words.unit) == (250000, "tonne")
    # article numbers and years are no claims
    assert not [c for c in doc.claims or [] if c.value in (51, 2023, 2024)]


def test_a_claim_inside_a_quote_belongs_to_the_speaker(pipeline: Pipeline) -> None:
    doc = _analyse(pipeline, CLAIMS)
    invest = _claim(doc, "$300 million")
    assert invest.bound == "lower" and invest.value == 3e8
    actors = {a.id: a for a in doc.actors or []}
    assert actors[invest.attributed_to or ""].name == "Almasadam Satkaliyev"
    assert invest.quote is not None and (doc.quotes or [])[invest.quote].kind == "direct"
    told = _analyse(pipeline, BORDER_TALKS)
    workers = _claim(told, "1,500 Tajik workers")
    assert workers.attributed_to is not None and workers.subject == "Tajik workers"


# -- store, CLI, evaluation ---------------------------------------------------------------
def test_store_and_cli(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "border.txt").write_text(BORDER_TALKS, encoding="utf-8")
    (folder / "claims.txt").write_text(CLAIMS, encoding="utf-8")
    db = str(tmp_path / "q.duckdb")
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Saidov",
                                 "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert rows and all(r["speaker_name"] == "Bakhtiyor Saidov" for r in rows)
    doc_id = rows[0]["document_id"]
    shown = runner.invoke(app, ["show", doc_id[:10], "--db", db])
    assert "quote direct" in shown.stdout and "claim" in shown.stdout
    one_doc = runner.invoke(app, ["quotes", "--db", db, "--doc", doc_id[:10]])
    assert one_doc.exit_code == 0 and "Saidov" in one_doc.stdout
    bad = runner.invoke(app, ["quotes", "--db", db, "--doc", "zzzzzzzz"])
    assert bad.exit_code == 1 and "no stored document" in bad.output
    extracted = runner.invoke(app, ["extract", str(folder / "claims.txt")])
    record = json.loads(extracted.stdout)
    assert {"quotes", "claims"} <= set(record) and record["claims"][0]["unit"]


def test_eval_quotes_on_a_brat_folder(tmp_path: Path, runner: CliRunner) -> None:
    text = ('"The border will reopen on Monday," the governor said.\n\n'
            "Officials in Osh said that the queues had grown.\n")
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "osh.txt").write_text(text, encoding="utf-8")
    content = text.index("The border")
    said = text.index("said")
    second = text.index("that the queues")
    officials = text.index("Officials in Osh")
    ann = (f"T1\tContent {content - 1} {text.index(',') + 2}\tx\n"
           f"T2\tSource {text.index('the governor')} {said - 1}\tthe governor\n"
           f"T3\tCue {said} {said + 4}\tsaid\n"
           f"E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n"
           f"T4\tContent {second} {len(text) - 2}\tx\n"
           f"T5\tSource {officials} {officials + 16}\tOfficials in Osh\n"
           f"E2\tAttribution:T4 Content:T4 Source:T5\n")
    (tmp_path / "attributions" / "osh_a1.ann").write_text(ann, encoding="utf-8")
    result = runner.invoke(app, ["eval", "quotes", str(tmp_path)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.splitlines()[-1])
    assert figures["attributions"] == 2
    assert figures["direct_recall"] == 1.0 and figures["direct_speaker_recall"] == 1.0
    assert figures["indirect_recall"] == 1.0 and figures["indirect_speaker_recall"] == 1.0
    empty = runner.invoke(app, ["eval", "quotes", str(tmp_path / "text")])
    assert empty.exit_code == 2 and "attributions/" in empty.output


# -- quality gates ------------------------------------------------------------------------
@pytest.mark.skipif(not POLNEAR.exists(), reason="../shared/eval is not present")
def test_quotes_on_polnear_dev(pipeline: Pipeline) -> None:
    from eventwire.evaluation.quotes import evaluate_quotes

    measured, _ = evaluate_quotes(POLNEAR, pipeline)
    assert BASELINE.shortfalls("quotes_polnear_dev", measured) == []


@pytest.mark.skipif(not BLIND.exists(), reason="the blind quotes set is not written yet")
def test_quotes_and_claims_on_the_blind_press_releases(pipeline: Pipeline) -> None:
    measured, misses = score(pipeline)
    assert BASELINE.shortfalls("quotes_blind_set", measured) == [], "\n".join(misses)


CARRIERS = (
    "Kazakhstan and Kyrgyzstan Agree on Transit Tariffs\n\n"
    "ASTANA, 4 July 2024. The Kazakh Ministry of Foreign Affairs issued a statement "
    "welcoming the agreement on transit tariffs with Kyrgyzstan.\n\n"
    "Deputy Foreign Minister Aidar Sarsenov spoke at a news conference announcing that "
    "Kazakhstan would host the next round of talks in October.\n\n"
    "The Eurasian Development Bank published a report warning that grain exports through "
    "the Dostyk crossing would fall this year.\n\n"
    "Dana Omarova, who heads the Kazakh Grain Exporters Association, said the new tariffs "
    "were fair.\n\n"
    "The Kazakh Grain Exporters Association warned that the harvest would be late.\n"
)


@pytest.fixture(scope="module")
def carriers(pipeline: Pipeline) -> Document:
    return _analyse(pipeline, CARRIERS)


def test_a_statement_speaks_for_whoever_issued_it(carriers: Document) -> None:
    # "issued a statement welcoming …": the ministry welcomes, not "a statement"
    welcoming = _indirect(carriers, "the agreement on transit tariffs")
    assert welcoming.cue == "welcoming"
    assert welcoming.speaker_text == "The Kazakh Ministry of Foreign Affairs"
    warning = _indirect(carriers, "grain exports through the Dostyk crossing")
    assert warning.speaker_text == "The Eurasian Development Bank"


def test_words_at_a_news_conference_are_the_speakers(carriers: Document) -> None:
    announcing = _indirect(carriers, "would host the next round of talks")
    assert announcing.speaker_text is not None
    assert announcing.speaker_text.endswith("Aidar Sarsenov")
    assert _speaker_name(carriers, announcing) == "Aidar Sarsenov"


def test_a_named_organisation_is_no_description_of_a_person(carriers: Document) -> None:
    # "The … Association" is a name; it must not go to the last person near "association"
    warned = _indirect(carriers, "the harvest would be late")
    assert warned.speaker_text == "The Kazakh Grain Exporters Association"
    assert _speaker_name(carriers, warned) != "Dana Omarova"
