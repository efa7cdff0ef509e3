"""Texts too long or too odd for the parser are stored, never dropped: over-long tokens are
cut short in the stored text, long texts are parsed in pieces, and a stage that runs out of
time or fails leaves its layers unknown and says why (``Document.skipped``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire import nlp as nlp_module
from eventwire.document import Document
from eventwire.ingest.normalise import KEPT_OF_LONG_TOKEN, elide_long_tokens
from eventwire.options import Options
from eventwire.runner import Runner, StoreSink
from eventwire.store import open_store

ARTICLE = (
    "ASTANA, 3 May 2024 - Kazakhstan and China signed an agreement on a new railway link "
    "in Astana on Friday, the Kazakh foreign ministry said.\n\n"
    "Russia criticised the agreement, its foreign ministry said in a statement on Saturday."
)


# -- over-long tokens -----------------------------------------------------------------------
def test_a_run_of_characters_longer_than_the_limit_is_cut_short_and_counted() -> None:
    blob = "QUJD" * 1500  # 6,000 characters of base64, no space
    text = f"Russia condemned the blockade. {blob} Kazakhstan met China."
    cut, count = elide_long_tokens(text, 1000)
    assert count == 1
    assert cut == f"Russia condemned the blockade. {blob[:KEPT_OF_LONG_TOKEN]}… " \
                  "Kazakhstan met China."


def test_long_but_plausible_tokens_are_kept_whole() -> None:
    url = "https://news.example.kz/politics/2024/05/03/" + "railway-link-" * 60
    text = f"Details: {url} and more."
    assert len(url) < 1000
    assert elide_long_tokens(text, 1000) == (text, 0)


# -- parsing in pieces ----------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n."), max_size=3000),
       st.integers(min_value=20, max_value=500))
def test_pieces_put_back_together_are_the_text(text: str, size: int) -> None:
    parts = nlp_module.pieces(text, size)
    assert "".join(parts) == text
    assert all(len(part) <= size for part in parts)
    assert all(part for part in parts[:-1])


def test_pieces_end_after_a_paragraph_break_where_there_is_one() -> None:
    text = "\n\n".join(f"Paragraph {i} has a few words in it." for i in range(40))
    parts = nlp_module.pieces(text, 200)
    assert len(parts) > 1
    assert all(part.endswith("\n\n") for part in parts[:-1])


def test_a_long_text_parsed_in_pieces_is_one_doc_with_the_same_text_and_entities() -> None:
    nlp = nlp_module.load_nlp()
    text = "\n\n".join([ARTICLE] * 6)
    whole = nlp(text)
    pieced = nlp_module.parse(nlp, text, piece_chars=400)
    assert pieced.text == text
    assert [(e.start_char, e.label_) for e in pieced.ents] == \
        [(e.start_char, e.label_) for e in whole.ents]
    assert [s.start_char for s in pieced.sents] == [s.start_char for s in whole.sents]


# -- odd texts through the whole ingest -----------------------------------------------------
def _write_odd_inputs(folder: Path) -> dict[str, str]:
    words = ("the delegation from Kazakhstan discussed transit tariffs with officials of "
             "China and Russia near the border crossing at Khorgos ")
    transcript = words * 600  # ~80 KB with no full stop: a transcript, a scraped list
    sentence = (words * 80)[:10_000]
    inputs = {
        "blob.txt": ARTICLE + "\n\nAttachment: " + "QUJD" * 750_000,  # a 3 MB token
        "long-sentence.txt": f"{ARTICLE}\n\n{sentence}.",
        "transcript.txt": transcript,
        "good.txt": "Uzbekistan and Tajikistan agreed to reopen border crossings in "
                    "Tashkent on Monday, the Uzbek foreign ministry said.",
    }
    for name, text in inputs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return inputs


def test_odd_texts_are_stored_with_their_layers_and_the_run_goes_on(
        tmp_path: Path, options: Options) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    inputs = _write_odd_inputs(folder)
    patient = options.with_overrides({"ingest": {"extract_timeout": 600}})
    store = open_store(str(tmp_path / "odd.duckdb"))
    try:
        runner = Runner(patient, StoreSink(store), "test")
        report = runner.run([str(folder)])
        outcomes = {Path(o.source).name: o for o in report.outcomes}
        assert {name: outcomes[name].status for name in inputs} == dict.fromkeys(
            inputs, "stored")
        docs = {name: store.get(outcomes[name].document_id or "") for name in inputs}
        blob = docs["blob.txt"]
        assert blob.elided == 1 and len(blob.text) < 1_000
        assert store.raw_bytes(blob.raw_sha256) == (folder / "blob.txt").read_bytes()
        # the article around the blob is analysed as if the blob were not there
        assert any(event.source == ["country:RUS"] for event in blob.events or [])
        for doc in docs.values():
            assert not doc.skipped
            assert doc.anatomy is not None and doc.actors is not None
            assert doc.events is not None
        assert {a.country for a in docs["transcript.txt"].actors or []} >= {"KAZ", "CHN"}
    finally:
        store.close()


def test_a_stage_that_fails_leaves_the_layers_that_need_it_unknown(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, options: Options) -> None:
    from eventwire.extract.actors import ActorExtractor

    def broken(self, doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("no actors today")

    monkeypatch.setattr(ActorExtractor, "extract", broken)
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    store = open_store(str(tmp_path / "partial.duckdb"))
    try:
        report = Runner(options, StoreSink(store), "test").run([str(path)])
        [outcome] = report.outcomes
        assert (outcome.status, outcome.reason) == ("stored", "partial")
        assert "ValueError: no actors today" in (outcome.message or "")
        assert report.summary()["partial"] == 1
        doc: Document = store.get(outcome.document_id or "")
        assert {s.stage: s.reason for s in doc.skipped} == {
            "eventwire.extract.actors.rules.v1": "internal_error",
            "eventwire.extract.places.geonames.v1": "needs_skipped_layer",
            "eventwire.quotes.v1": "needs_skipped_layer",
            "eventwire.events.rules.v1": "needs_skipped_layer"}
        # unknown, not none found: the skipped layers are null; the others were made
        assert doc.actors is None and doc.events is None and doc.places is None
        assert doc.anatomy is not None and doc.anatomy.published == "2024-05-03"
        assert doc.times
    finally:
        store.close()
