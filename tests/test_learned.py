"""The learned pair classifier and the hybrid coder: loading, a few unambiguous sentences,
the combination rule, provenance, and a clear error when the model is missing."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from eventwire.errors import OptionsError
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.events.hybrid import CODER, HybridCoder, Thresholds, combine
from eventwire.events.learned import (
    Pair,
    PairClassifier,
    mark,
    packaged_model,
    pair_classifier,
)
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
ASSAULT = {"ASSAULT"}
ACCORD = {"SUPPORT", "AGREE", "COOPERATE"}


@pytest.fixture(scope="session")
def classifier() -> PairClassifier:
    return pair_classifier()  # cached: the ONNX session is built once per process


def _pair(text: str, source: str, target: str) -> Pair:
    start, other = text.index(source), text.index(target)
    return Pair(text, (start, start + len(source)), (other, other + len(target)))


@pytest.mark.parametrize(("text", "source", "target", "expected"), [
    ("Israeli warplanes carried out airstrikes on Hamas positions in Gaza overnight.",
     "Israeli warplanes", "Hamas", ASSAULT),
    ("Russian forces shelled Ukrainian villages near Kharkiv, killing four civilians.",
     "Russian forces", "Ukrainian villages", ASSAULT),
    ("Kazakhstan and Uzbekistan signed a treaty on allied relations in Tashkent on Thursday.",
     "Kazakhstan", "Uzbekistan", ACCORD),
    ("I think Germany has always been a difficult partner for France.",
     "Germany", "France", {"NONE"}),
])
def test_clear_sentences_get_their_type(classifier: PairClassifier, text: str, source: str,
                                        target: str, expected: set[str]) -> None:
    pair = _pair(text, source, target)
    label, probabilities = classifier.classify(pair.sentence, pair.source, pair.target)
    assert label in expected, (label, sorted(probabilities.items(), key=lambda i: -i[1])[:3])
    assert set(probabilities) == set(classifier.labels)
    assert sum(probabilities.values()) == pytest.approx(1.0, abs=1e-4)


def test_a_batch_gives_the_same_answers_as_one_at_a_time(classifier: PairClassifier) -> None:
    # int8 dynamic quantisation sets the activations' scale per batch, padding included,
    # so probabilities move a little with the batch; the labels must not
    pairs = [_pair("Iran accused Israel of sabotage.", "Iran", "Israel"),
             _pair("A much longer sentence in which the Turkish foreign ministry, after "
                   "days of talks, thanked Azerbaijan for its help.", "Turkish foreign "
                   "ministry", "Azerbaijan")]
    together = classifier.classify_many(pairs)
    alone = [classifier.classify(p.sentence, p.source, p.target) for p in pairs]
    for (label, probs), (label_alone, probs_alone) in zip(together, alone, strict=True):
        assert label == label_alone
        assert probs[label] == pytest.approx(probs_alone[label], abs=0.02)
    assert classifier.classify_many([]) == []


def test_markers_are_placed_as_in_training() -> None:
    assert mark(_pair("China warned Japan.", "China", "Japan")) == \
        "<s>China</s> warned <t>Japan</t>."
    assert mark(_pair("Japan was warned by China.", "China", "Japan")) == \
        "<t>Japan</t> was warned by <s>China</s>."
    long = "word " * 200 + "China warned Japan." + " word" * 200
    marked = mark(_pair(long, "China", "Japan"))
    assert "<s>China</s> warned <t>Japan</t>" in marked and len(marked) < 600


def test_a_missing_model_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text('{"labels": ["NONE"]}')
    with pytest.raises(OptionsError, match=r"model\.onnx, tokenizer\.json.*make train"):
        PairClassifier(tmp_path)


def test_the_model_ships_as_package_data_and_is_small() -> None:
    folder = packaged_model()
    for name in ("model.onnx", "tokenizer.json", "labels.json", "MODEL_CARD.md"):
        assert (folder / name).is_file(), name
    assert (folder / "model.onnx").stat().st_size < 100 * 1024 * 1024


def test_combine_replaces_drops_and_keeps() -> None:
    t = Thresholds(replace_above=0.6, drop_none_above=0.9)
    assert combine("ACCUSE", {"ASSAULT": 0.7, "ACCUSE": 0.2, "NONE": 0.1}, t) == "ASSAULT"
    assert combine("ACCUSE", {"ASSAULT": 0.5, "ACCUSE": 0.3, "NONE": 0.2}, t) == "ACCUSE"
    assert combine("ACCUSE", {"NONE": 0.95, "ACCUSE": 0.05}, t) is None
    assert combine("ACCUSE", {"NONE": 0.8, "ACCUSE": 0.2}, t) == "ACCUSE"
    assert combine("ACCUSE", {"NONE": 0.95, "ACCUSE": 0.05}, Thresholds(0.6, 1.01)) == "ACCUSE"


def test_the_hybrid_coder_is_registered_and_recorded(options: Options) -> None:
    assert CODER in REGISTRY.coder_names()
    hybrid = Pipeline(options.with_overrides({"events": {"coder": CODER}}))
    assert isinstance(hybrid.resources.coder, HybridCoder)
    doc = analyse(hybrid, GoldText(
        "Russian troops attacked Ukrainian positions near Kharkiv on Monday.", "test"))
    assert doc.events, "no event coded"
    assert {e.coder for e in doc.events} == {CODER}
    assert CODER in [s.name for s in doc.stages]
    assert any(e.type == "ASSAULT" for e in doc.events)


def test_the_train_extra_is_not_needed_at_run_time() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {Requirement(r).name for r in project["dependencies"]}
    training = {Requirement(r).name for r in project["optional-dependencies"]["train"]}
    assert {"torch", "transformers", "onnx"} <= training
    assert not runtime & training
    probe = ("import sys; from eventwire.events.learned import pair_classifier; "
             "pair_classifier().classify('A met B.', (0, 1), (6, 7)); "
             "print(sorted({'torch', 'transformers', 'onnx'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"
