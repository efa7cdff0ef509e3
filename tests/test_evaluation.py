"""The evaluation package: each evaluation scores the pipeline settings configure (a swapped
coder, a dropped stage), gold texts reach the stages as written and with their source's
metadata, and the quality gate reads and checks its floors and ceilings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from spacy.tokens import Doc

from eventwire.document import Document, EventMention, Evidence
from eventwire.errors import OptionsError
from eventwire.evaluation.anatomy import through_anatomy
from eventwire.evaluation.documents import GoldText, analyse, gold_document
from eventwire.evaluation.events import evaluate_sentences
from eventwire.evaluation.gate import EPSILON, Baseline
from eventwire.evaluation.places_times import evaluate_geo
from eventwire.events.lexicon import QUADS
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.registry import Registry, coder, stage

TALKS = "Kazakhstan and Kyrgyzstan held talks in Astana on water sharing, officials said."
ANATOMY = "eventwire.anatomy.rules.v1"


# -- the configured pipeline is what gets scored ----------------------------------------------
class SanctionCoder:
    """Codes one SANCTION in every document, by all of its actors: nothing the rule coder
    would find in TALKS."""

    name = "test.always-sanction.v1"

    def code(self, parse: Doc, document: Document) -> list[EventMention]:
        sent = next(iter(parse.sents))
        return [EventMention(
            id="sanction-1", type="SANCTION", source=[a.id for a in document.actors or []],
            evidence=Evidence(sentence=sent.text, span=(sent.start_char, sent.end_char),
                              trigger=(sent.root.idx, sent.root.idx + len(sent.root.text))),
            confidence=1.0, coder=self.name, intensity=-5.0, quad=QUADS["SANCTION"])]


@coder(SanctionCoder.name)
def sanction_coder(options: Options, resources: object) -> SanctionCoder:
    return SanctionCoder()


def _sentences(tmp_path: Path) -> Path:
    gold = [{"text": TALKS, "date": "2024-05-03", "genre": "news_report",
             "events": [{"type": "SANCTION", "source": ["KAZ"]}]}]
    path = tmp_path / "sentences.yaml"
    path.write_text(yaml.safe_dump(gold), encoding="utf-8")
    return path


def test_the_events_evaluation_scores_the_coder_settings_name(
        tmp_path: Path, options: Options, pipeline: Pipeline) -> None:
    gold = _sentences(tmp_path)
    assert evaluate_sentences(gold, pipeline)["recall"] == 0.0  # the rule coder: talks
    registry = Registry()
    registry.add(sanction_coder)
    swapped = Pipeline(options.with_overrides({"events": {"coder": SanctionCoder.name}}),
                       registry=registry)
    figures = evaluate_sentences(gold, swapped)
    assert figures["recall"] == 1.0 and figures["precision"] == 1.0


def test_a_dropped_stage_is_missing_from_what_the_evaluation_sees(
        tmp_path: Path, options: Options, pipeline: Pipeline) -> None:
    at = TALKS.index("Astana")
    article = {"text": TALKS, "toponyms": [
        {"start": at, "end": at + len("Astana"), "lat": 51.18, "lon": 71.45}]}
    gold = tmp_path / "geo.jsonl"
    gold.write_text(json.dumps(article) + "\n", encoding="utf-8")
    assert evaluate_geo(gold, pipeline)["recognition_recall"] == 1.0
    without_places = [name for name in options.pipeline.stages
                      if name not in ("eventwire.extract.places.geonames.v1",
                                      "eventwire.events.v1")]  # events require places
    dropped = Pipeline(options.with_overrides({"pipeline": {"stages": without_places}}))
    assert evaluate_geo(gold, dropped)["recognition_recall"] == 0.0


@stage("test.anatomy.v1", requires=["text"], assigns=["anatomy"])
def other_anatomy(options: Options, resources: object) -> object:
    raise AssertionError("never built: only its declaration is read")


def test_the_anatomy_evaluation_runs_the_configured_stages_up_to_the_anatomy(
        options: Options) -> None:
    assert through_anatomy(options).pipeline.stages == (ANATOMY,)
    registry = Registry()
    registry.add(other_anatomy)
    swapped = options.with_overrides({"pipeline": {"stages": [
        "test.anatomy.v1", "eventwire.extract.actors.rules.v1"]}})
    assert through_anatomy(swapped, registry).pipeline.stages == ("test.anatomy.v1",)
    no_anatomy = options.with_overrides({"pipeline": {"stages": [
        "eventwire.extract.actors.rules.v1"]}})
    with pytest.raises(OptionsError, match="assigns the anatomy"):
        through_anatomy(no_anatomy)


# -- gold texts -------------------------------------------------------------------------------
def test_a_gold_text_keeps_its_offsets_and_its_sources_metadata(pipeline: Pipeline) -> None:
    # two spaces and three newlines: ingest would normalise them and move gold offsets
    text = "Opinion piece.  Kazakhstan and Kyrgyzstan held talks.\n\n\nOfficials said so."
    gold = GoldText(text, "gold#1", published="2024-05-03", section="Opinion")
    assert gold_document(pipeline, gold).text == text
    doc = analyse(pipeline, gold)
    assert doc.anatomy is not None
    assert (doc.anatomy.published, doc.anatomy.genre) == ("2024-05-03", "opinion")
    assert doc.actors and doc.events is not None  # every configured stage ran


# -- the quality gate -------------------------------------------------------------------------
def _baseline(tmp_path: Path) -> Baseline:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({
        "_note": "notes are not gates",
        "coding": {"accuracy": 0.8, "recall": 0.5},
        "coding_ceilings": {"false_rate": 0.2},
    }), encoding="utf-8")
    return Baseline.read(path)


def test_the_gate_passes_figures_at_their_pins_within_epsilon(tmp_path: Path) -> None:
    baseline = _baseline(tmp_path)
    assert "_note" not in baseline.pins
    at_pins = {"accuracy": 0.8 - EPSILON / 2, "recall": 0.9, "false_rate": 0.2 + EPSILON / 2}
    assert baseline.shortfalls("coding", at_pins) == []


def test_the_gate_names_each_figure_below_a_floor_or_above_a_ceiling(tmp_path: Path) -> None:
    measured = {"accuracy": 0.7, "recall": 0.9, "false_rate": 0.3}
    assert _baseline(tmp_path).shortfalls("coding", measured) == [
        "coding: accuracy 0.7 < floor 0.8", "coding: false_rate 0.3 > ceiling 0.2"]


def test_a_gate_without_floors_is_an_error_not_a_pass(tmp_path: Path) -> None:
    with pytest.raises(OptionsError, match="no floors for 'parsing'"):
        _baseline(tmp_path).shortfalls("parsing", {"accuracy": 1.0})
    unreadable = tmp_path / "missing.json"
    with pytest.raises(OptionsError, match="cannot read the baseline"):
        Baseline.read(unreadable)

