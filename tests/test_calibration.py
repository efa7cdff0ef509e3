"""The mention-confidence model (eventwire.events.calibration): what it reads of a record,
that it only ever changes confidences, that it ships, and that `[events] calibrate = true`
uses it while the default keeps the coder's own confidences."""

from __future__ import annotations

import json

import pytest

from eventwire.document import Actor, Document, EventMention, Evidence, Quote
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.events.calibration import (
    ConfidenceModel,
    calibrated,
    features,
    packaged_model,
    packaged_model_dir,
)
from eventwire.options import Options
from eventwire.pipeline import Pipeline

SENTENCE = "Kyrgyzstan accused Tajikistan of shelling the border post on Monday."


def _mention(modality: str = "asserted", source: list[str] | None = None,
             target: list[str] | None = None, confidence: float = 0.85) -> EventMention:
    return EventMention(
        id=f"m-{modality}", type="ACCUSE", source=source if source is not None else ["KGZ"],
        target=target if target is not None else ["TJK"], modality=modality,  # type: ignore[arg-type]
        evidence=Evidence(sentence=SENTENCE, span=(0, len(SENTENCE)), trigger=(11, 18)),
        confidence=confidence, coder="test", intensity=-3.0, quad="verbal_conflict")


ACTORS = {"KGZ": Actor(id="KGZ", name="Kyrgyzstan", kind="country", country="KGZ", code="KGZ",
                       entry="country:KGZ", mentions=[(0, 10)]),
          "TJK": Actor(id="TJK", name="Tajikistan", kind="country", country="TJK", code="TJK",
                       mentions=[(19, 29)])}


def test_features_say_what_the_record_shows() -> None:
    found = features(_mention(), ACTORS, [], crowd=1, prior=0.85)
    assert found["type:ACCUSE"] == found["modality:asserted"] == found["both-sides"] == 1.0
    assert found["source:country"] == found["source:dictionary"] == 1.0
    assert "in-quote" not in found and "headline" not in found and found["crowd"] == 0.0
    quoted = Quote(speaker="KGZ", text=SENTENCE, kind="direct", span=(0, len(SENTENCE)))
    alone = features(_mention(target=[]), ACTORS, [quoted], crowd=3, prior=0.65)
    assert alone["target:none"] == alone["in-quote"] == 1.0 and alone["crowd"] > 0
    assert "both-sides" not in alone


def test_the_model_only_changes_the_confidence_of_what_happened() -> None:
    model = ConfidenceModel(bias=-1.0, weights={"both-sides": 3.0, "type:ACCUSE": 0.5})
    assert model.probability({"both-sides": 1.0, "type:ACCUSE": 1.0}) == pytest.approx(0.924,
                                                                                      abs=1e-3)
    # only the layers the model reads
    document = Document.model_construct(actors=list(ACTORS.values()), quotes=[])
    mentions = [_mention(), _mention("hypothetical", confidence=0.5)]
    out = calibrated(mentions, document, model)
    assert [m.model_dump(exclude={"confidence"}) for m in out] == \
        [m.model_dump(exclude={"confidence"}) for m in mentions]
    assert out[0].confidence == 0.92  # asserted: the model's
    assert out[1].confidence == 0.5  # hypothetical: the coder's own stands
    assert ConfidenceModel.from_json(json.loads(json.dumps(model.to_json()))) == model


def test_the_model_ships_small_with_its_card_and_is_used_when_asked(pipeline: Pipeline,
                                                                    options: Options) -> None:
    model = packaged_model()
    assert model is not None and len(model.weights) >= 20
    card = (packaged_model_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "training/news" in card and "No evaluation set" in card
    text = GoldText(text="Kazakhstan on Monday accused Russia of blocking its grain exports. "
                         "\"It is a disgraceful decision,\" the Kazakh foreign minister said.",
                    source="test", published="2023-05-02")
    own = analyse(pipeline, text)  # the default
    learned = analyse(Pipeline(options.with_overrides({"events": {"calibrate": True}})), text)
    assert [e.type for e in own.events or []] == [e.type for e in learned.events or []]
    assert own.events, "the accusation is coded"
    # the coder's own confidences are a few fixed steps; the model's are not those
    assert {e.confidence for e in own.events or []} <= {0.85, 0.75, 0.65, 0.6, 0.55, 0.5,
                                                        0.45, 0.4}
    assert [e.confidence for e in learned.events or []] != \
        [e.confidence for e in own.events or []]
