"""`eventwire eval annotated`: system event records scored against exhaustive annotations
of real articles, on a small article and annotation written here in the public sets'
layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.document import Actor
from eventwire.errors import OptionsError
from eventwire.evaluation.annotated import GoldActor, _actor_right, evaluate_annotated
from eventwire.pipeline import Pipeline

ARTICLE = ("Kazakh troops shelled a Kyrgyz border post on Monday, the ministry said.\n\n"
           "Tajikistan signed a water-sharing agreement with Uzbekistan in Dushanbe on "
           "Tuesday.\n")
NAME = "wire_2023-05-02_border-and-water.txt"


def _event(text: str, sentence: str, trigger: str, kind: str, modality: str,
           source: list[tuple[str, str | None]], target: list[tuple[str, str | None]]) -> dict:
    start = text.index(sentence)
    return {"sentence": [start, start + len(sentence)], "trigger": trigger,
            "trigger_at": text.index(trigger, start), "type": kind, "mode": None,
            "modality": modality, "attributed_to": None,
            "source": [{"text": t, "country": c, "sector": None} for t, c in source],
            "target": [{"text": t, "country": c, "sector": None} for t, c in target]}


@pytest.fixture()
def annotated(tmp_path: Path) -> tuple[Path, Path]:
    texts = tmp_path / "eval"
    folder = texts / "quotes" / "polnear_dev" / "text"
    folder.mkdir(parents=True)
    (folder / NAME).write_text(ARTICLE, encoding="utf-8")
    first = "Kazakh troops shelled a Kyrgyz border post on Monday, the ministry said."
    second = ("Tajikistan signed a water-sharing agreement with Uzbekistan in Dushanbe on "
              "Tuesday.")
    events = [
        _event(ARTICLE, first, "shelled", "ASSAULT", "reported",
               [("Kazakh troops", "KAZ")], [("Kyrgyz", "KGZ")]),
        _event(ARTICLE, second, "signed", "SUPPORT", "asserted",
               [("Tajikistan", "TJK")], [("Uzbekistan", "UZB")]),
        # a second event of the same sentence that the system does not code
        _event(ARTICLE, second, "agreement", "AGREE", "asserted",
               [("Uzbekistan", "UZB")], [("Tajikistan", "TJK")]),
    ]
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump({"annotator": "test", "articles": [
        {"corpus": "polnear", "id": NAME, "events": events}]}), encoding="utf-8")
    return gold, texts


def test_records_are_scored_by_type_and_whole_record(pipeline: Pipeline,
                                                     annotated: tuple[Path, Path]) -> None:
    gold, texts = annotated
    figures = evaluate_annotated(gold, texts, pipeline)
    assert figures["gold_events"] == 3 and figures["system_events"] == 2
    assert figures["type_precision"] == 1.0 and figures["type_recall"] == pytest.approx(0.667)
    assert figures["full_precision"] == 1.0 and figures["full_recall"] == pytest.approx(0.667)
    assert len(figures["misses"]) == 1 and "AGREE" in figures["misses"][0]
    assert figures["places_as_people"] == []


def test_an_article_the_project_wrote_carries_its_text_and_date(
        pipeline: Pipeline, annotated: tuple[Path, Path], tmp_path: Path) -> None:
    gold, _texts = annotated
    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    article = data["articles"][0]
    article.update({"corpus": "inline", "id": "written-01", "text": ARTICLE,
                    "date": "2023-05-02"})
    inline = tmp_path / "inline.yaml"
    inline.write_text(yaml.safe_dump(data), encoding="utf-8")
    nowhere = tmp_path / "no-public-sets"  # an inline article needs none of them
    figures = evaluate_annotated(inline, nowhere, pipeline)
    assert figures["gold_events"] == 3 and figures["type_recall"] == pytest.approx(0.667)


def test_an_unknown_country_is_lenient_not_strict() -> None:
    actor = Actor(id="x", name="Kazakh troops", kind="organization", code="", country=None,
                  mentions=[(0, 13)])
    gold = GoldActor("Kazakh troops", "KAZ", "MIL")
    assert not _actor_right(gold, [(0, 13)], actor, lenient=False)
    assert _actor_right(gold, [(0, 13)], actor, lenient=True)
    wrong = actor.model_copy(update={"country": "KGZ"})
    assert not _actor_right(gold, [(0, 13)], wrong, lenient=True)


def test_an_international_body_matches_the_igo_and_uno_codes_strictly() -> None:
    """Annotators write IGO (or CAMEO's UNO for the United Nations) where a country goes;
    the project's code for such an actor begins with IGO (no country, sector IGO)."""
    body = Actor(id="org:cstoo", name="CSTO peacekeepers", kind="organization", code="IGOMIL",
                 country=None, sectors=["IGO", "MIL"], mentions=[(0, 17)])
    for code in ("IGO", "UNO"):
        assert _actor_right(GoldActor("CSTO peacekeepers", code, "IGO"), [(0, 17)], body,
                            lenient=False)
    national = body.model_copy(update={"sectors": ["MIL"]})
    assert not _actor_right(GoldActor("CSTO peacekeepers", "IGO", "IGO"), [(0, 17)],
                            national, lenient=False)
    assert not _actor_right(GoldActor("CSTO peacekeepers", "RUS", "MIL"), [(0, 17)], body,
                            lenient=False)


def test_the_command_prints_json_and_names_a_missing_text(annotated: tuple[Path, Path],
                                                          runner: CliRunner,
                                                          tmp_path: Path) -> None:
    gold, texts = annotated
    result = runner.invoke(app, ["eval", "annotated", str(gold), "--texts", str(texts)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["type_recall"] > 0.6
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = runner.invoke(app, ["eval", "annotated", str(gold), "--texts", str(empty)])
    assert missing.exit_code == 2 and "text is missing" in missing.output


TIMEML = """<?xml version="1.0" ?>
<TimeML><DOCID>XIE19990101.0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1999-01-01" functionInDocument="CREATION_TIME">\
1999-01-01</TIMEX3></DCT>
<TITLE>Kazakhstan Condemns Border Shelling</TITLE>
<TEXT>
ASTANA, <TIMEX3 tid="t1" type="DATE" value="1999-01-01">January 1</TIMEX3> (Xinhua) --
Kazakhstan <EVENT eid="e1" class="OCCURRENCE">condemned</EVENT> the shelling &amp; the raids.
</TEXT></TimeML>
"""


def test_a_timebank_article_is_its_tagless_text_dated_by_its_creation_time(
        tmp_path: Path) -> None:
    """TimeBank's news (1998-2000) is a pool of real articles no other set used: the text
    an annotator counts offsets in is the one the dates evaluation gives the pipeline."""
    from eventwire.evaluation.annotated import AnnotatedArticle, article_text

    folder = tmp_path / "dates" / "timebank_dev" / "AQUAINT"
    folder.mkdir(parents=True)
    (folder / "XIE19990101.0001.tml").write_text(TIMEML, encoding="utf-8")
    gold = article_text(tmp_path, AnnotatedArticle("timebank", "XIE19990101.0001.tml", []))
    assert gold.text.strip().startswith("ASTANA, January 1 (Xinhua) --\nKazakhstan condemned")
    assert "<" not in gold.text and gold.published == "1999-01-01"
    with pytest.raises(OptionsError, match="timebank"):
        article_text(tmp_path, AnnotatedArticle("timebnk", "XIE19990101.0001.tml", []))


ANNOTATED = Path(__file__).parent / "fixtures" / "annotated"
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


@pytest.mark.parametrize("path", sorted(ANNOTATED.glob("set-*.yaml")), ids=lambda p: p.stem)
def test_every_annotation_file_reads_and_its_triggers_stand_in_their_sentences(
        path: Path) -> None:
    from eventwire.evaluation.annotated import article_text, read_annotations

    articles = read_annotations(path)
    assert articles and len({(a.corpus, a.id) for a in articles}) == len(articles), "repeats"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["articles"]
    for article, written in zip(articles, raw, strict=True):
        text = article_text(SHARED_EVAL, article).text \
            if SHARED_EVAL.exists() or article.text is not None else None
        for event, row in zip(article.events, written.get("events") or [], strict=True):
            assert event.sentence[0] <= event.trigger_at < event.sentence[1], row
            if text is not None:
                at = event.trigger_at
                assert text[at:at + len(row["trigger"])] == row["trigger"], (article.id, row)


def test_no_article_is_annotated_in_two_sets() -> None:
    """A held-out set must not hold an article some other set was fixed against."""
    from eventwire.evaluation.annotated import read_annotations

    seen: dict[tuple[str, str], str] = {}
    for path in sorted(ANNOTATED.glob("set-*.yaml")):
        for article in read_annotations(path):
            key = (article.corpus, article.id)
            assert key not in seen, (path.stem, seen.get(key))
            seen[key] = path.stem
