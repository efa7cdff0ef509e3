"""Throughput of the bare spaCy pipeline and of all of eventwire's stages (ingest, anatomy,
actors: spaCy included), side by side.

Documents go through the runner (reading and decoding included, nothing stored), as in
`eventwire extract`. Run with each interpreter to compare them (the Makefile picks the
faster one):
    .venv/bin/python bench/pipeline_speed.py [--repeat 3]
Prints documents per second for both, and their ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from eventwire.document import Document
from eventwire.nlp import load_nlp
from eventwire.options import Options, load_options
from eventwire.pipeline import Pipeline
from eventwire.runner import KeepSink, Runner

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _files() -> list[str]:
    return sorted(str(p) for p in EXAMPLES.rglob("*") if p.is_file() and "gold" not in p.parts)


def _run(options: Options, pipeline: Pipeline, files: list[str]) -> list[Document]:
    """One pass over the files; a new sink each time, so no pass skips another's texts."""
    sink = KeepSink()
    Runner(options, sink, "bench", pipeline=pipeline).run(files)
    return sink.documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    options = load_options()
    pipeline = Pipeline(options)
    files = _files()
    nlp = load_nlp()
    warm = _run(options, pipeline, files[:5])  # warm the models
    list(nlp.pipe(d.text for d in warm))

    started = time.perf_counter()
    docs = [doc for _ in range(args.repeat) for doc in _run(options, pipeline, files)]
    eventwire_rate = len(docs) / (time.perf_counter() - started)
    stage_seconds: dict[str, float] = {}
    for doc in docs:
        for record in doc.stages:
            stage_seconds[record.name] = stage_seconds.get(record.name, 0.0) + record.seconds

    started = time.perf_counter()
    list(nlp.pipe(d.text for d in docs))
    spacy_rate = len(docs) / (time.perf_counter() - started)

    spacy_seconds = len(docs) / spacy_rate
    events_seconds = sum(v for k, v in stage_seconds.items() if k.startswith("eventwire.events"))
    print(f"python {platform.python_version()}: {len(docs)} documents")
    print(f"  spaCy en_core_web_sm     {spacy_rate:8.1f} docs/s")
    print(f"  eventwire all stages     {eventwire_rate:8.1f} docs/s")
    print(f"  ratio eventwire/spaCy    {eventwire_rate / spacy_rate:8.2f}")
    for name, seconds in stage_seconds.items():
        print(f"  stage {name:40s} {seconds:7.2f} s")
    # The event layer's own cost against the parse it needs: spaCy alone vs spaCy + events.
    print(f"  ratio spaCy+events/spaCy {spacy_seconds / (spacy_seconds + events_seconds):8.2f}")


if __name__ == "__main__":
    main()
