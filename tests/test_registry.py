"""The stage registry: third-party stages and coders found through real entry points (a
small distribution written to a temporary folder and put on sys.path), provenance read
from what ran, requirements checked when the pipeline is built, and the time limit off the
main thread."""

from __future__ import annotations

import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.document import Document
from eventwire.errors import OptionsError
from eventwire.ingest.containers import Draft
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.registry import Registry, stage
from eventwire.runner import KeepSink, Runner

DEFAULT_STAGES = ["eventwire.anatomy.rules.v1", "eventwire.extract.actors.rules.v1",
                  "eventwire.extract.places.geonames.v1", "eventwire.extract.times.rules.v2",
                  "eventwire.quotes.v1", "eventwire.events.v1"]
TEXT = ("Kazakhstan and Kyrgyzstan held talks in Astana on 3 May 2024 on water sharing, "
        "officials said. About 40 delegates attended.")

PLUGIN = '''
"""A third-party package: one stage and one event coder."""

from eventwire.document import EventMention, Evidence
from eventwire.events.lexicon import QUADS
from eventwire.registry import coder, stage


@stage("acme.no-claims.v1", requires=["claims"], assigns=["claims"])
def no_claims(options, resources):
    def run(doc, ctx):
        return doc.model_copy(update={"claims": []})
    return run


class FirstSentenceCoder:
    name = "acme.first-sentence.v1"

    def code(self, parse, document):
        sent = next(iter(parse.sents))
        root = sent.root
        return [EventMention(
            id="acme-1", type="CONSULT", evidence=Evidence(
                sentence=sent.text, span=(sent.start_char, sent.end_char),
                trigger=(root.idx, root.idx + len(root.text))),
            confidence=0.5, coder=self.name, intensity=1.0, quad=QUADS["CONSULT"])]


@coder("acme.first-sentence.v1")
def first_sentence(options, resources):
    return FirstSentenceCoder()
'''

ENTRY_POINTS = """
[eventwire.stages]
acme.no-claims.v1 = acme_eventwire:no_claims

[eventwire.coders]
acme.first-sentence.v1 = acme_eventwire:first_sentence
"""


@pytest.fixture()
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    """An installed distribution 'acme-eventwire' (module and .dist-info with its entry
    points), and a registry of its own so no other test sees its names."""
    (tmp_path / "acme_eventwire.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = tmp_path / "acme_eventwire-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-eventwire\n"
                                   "Version: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield Registry()
    sys.modules.pop("acme_eventwire", None)


def _analyse(pipeline: Pipeline, text: str = TEXT) -> Document:
    return pipeline.analyse(pipeline.document(Draft("mem", "text", text, "test"), "0" * 64))


def _with(options: Options, stages: list[str] | None = None,
          coder: str | None = None) -> Options:
    overrides: dict[str, dict[str, object]] = {}
    if stages is not None:
        overrides["pipeline"] = {"stages": stages}
    if coder is not None:
        overrides["events"] = {"coder": coder}
    return options.with_overrides(overrides)


def test_the_defaults_are_todays_pipeline(options: Options) -> None:
    pipeline = Pipeline(options)
    assert [s.name for s in pipeline.stages] == [*DEFAULT_STAGES[:-1],
                                                 "eventwire.events.rules.v1"]


def test_a_third_party_stage_runs_and_is_recorded(options: Options, plugin: Registry) -> None:
    pipeline = Pipeline(_with(options, [*DEFAULT_STAGES, "acme.no-claims.v1"]),
                        registry=plugin)
    doc = _analyse(pipeline)
    assert doc.claims == []
    assert [s.name for s in doc.stages][-1] == "acme.no-claims.v1"
    assert "acme.no-claims.v1" in plugin.stage_names()


def test_a_swapped_coder_is_recorded_under_its_own_name(options: Options,
                                                        plugin: Registry) -> None:
    pipeline = Pipeline(_with(options, coder="acme.first-sentence.v1"), registry=plugin)
    doc = _analyse(pipeline)
    assert doc.events and {e.coder for e in doc.events} == {"acme.first-sentence.v1"}
    assert doc.events[0].start == "2024-05-03"  # the events stage still links the time
    assert "acme.first-sentence.v1" in [s.name for s in doc.stages]
    assert "eventwire.events.rules.v1" not in [s.name for s in doc.stages]


def test_a_missing_requirement_is_a_clear_error(options: Options, plugin: Registry) -> None:
    stages = [name for name in DEFAULT_STAGES if name != "eventwire.quotes.v1"]
    with pytest.raises(OptionsError) as caught:
        Pipeline(_with(options, [*stages, "acme.no-claims.v1"]), registry=plugin)
    message = str(caught.value)
    assert "'acme.no-claims.v1' requires claims" in message
    assert "eventwire.quotes.v1" in message  # the stage that would provide it


def test_unknown_names_list_what_is_available(options: Options) -> None:
    with pytest.raises(OptionsError, match=r"available: .*eventwire\.anatomy\.rules\.v1"):
        Pipeline(_with(options, ["eventwire.anatomy.rules.v9"]), registry=Registry())
    with pytest.raises(OptionsError, match=r"no coder named .acme\.none\.v1."):
        Pipeline(_with(options, coder="acme.none.v1"), registry=Registry())


def test_a_stage_may_name_only_document_layers() -> None:
    with pytest.raises(OptionsError, match="unknown layers"):
        stage("acme.bad.v1", assigns=["sentiment"])(lambda options, resources: None)  # type: ignore[arg-type, return-value]


@stage("tests.slow.v1", requires=["text"])
def _slow(options: Options, resources: object):  # type: ignore[no-untyped-def]
    """Loops for up to 5 s, checking the deadline as the heavy stages do."""
    def run(doc: Document, ctx):  # type: ignore[no-untyped-def]
        until = time.monotonic() + 5
        while time.monotonic() < until:
            ctx.deadline.check()
            time.sleep(0.01)
        return doc
    return run


@stage("tests.sleepy.v1", requires=["text"])
def _sleepy(options: Options, resources: object):  # type: ignore[no-untyped-def]
    """Sleeps past the limit without checking: the check after it discards its work."""
    def run(doc: Document, ctx):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        return doc
    return run


@pytest.mark.parametrize("name", ["tests.slow.v1", "tests.sleepy.v1"])
def test_the_time_limit_works_off_the_main_thread(tmp_path: Path, options: Options,
                                                  name: str) -> None:
    registry = Registry()
    registry.add(_slow)
    registry.add(_sleepy)
    quick = options.with_overrides({"pipeline": {"stages": [name]},
                                    "ingest": {"extract_timeout": 0.2}})
    path = tmp_path / "slow.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = Runner(quick, KeepSink(), "test", pipeline=Pipeline(quick, registry=registry))
    worker = threading.Thread(target=runner.run, args=([str(path)],))
    started = time.monotonic()
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert time.monotonic() - started < 3
    [outcome] = runner.report.outcomes  # stored with what finished in time: nothing
    assert (outcome.status, outcome.reason) == ("stored", "partial")
    assert outcome.source == str(path)
    assert "longer than 0.2 s (ingest.extract_timeout)" in (outcome.message or "")
    [doc] = runner.sink.documents  # type: ignore[attr-defined]
    assert [(s.stage, s.reason) for s in doc.skipped] == [(name, "timeout")]
    assert doc.stages[-1].name == "eventwire.ingest.v1"


@stage("tests.loads-a-model.v1", requires=["text"])
def _loads_a_model(options: Options, resources: object):  # type: ignore[no-untyped-def]
    """Takes a second on its first call, as a stage loading its model on first use does."""
    loaded: list[bool] = []

    def run(doc: Document, ctx):  # type: ignore[no-untyped-def]
        if not loaded:
            time.sleep(1.0)
            loaded.append(True)
        return doc
    return run


def test_loading_models_does_not_count_against_the_first_documents_time(
        tmp_path: Path, options: Options) -> None:
    registry = Registry()
    registry.add(_loads_a_model)
    quick = options.with_overrides({"pipeline": {"stages": ["tests.loads-a-model.v1"]},
                                    "ingest": {"extract_timeout": 0.5}})
    path = tmp_path / "first.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = Runner(quick, KeepSink(), "test", pipeline=Pipeline(quick, registry=registry))
    [outcome] = runner.run([str(path)]).outcomes
    assert (outcome.status, outcome.reason) == ("stored", None)
    [doc] = runner.sink.documents  # type: ignore[attr-defined]
    assert not doc.skipped and doc.stages[-1].name == "tests.loads-a-model.v1"
