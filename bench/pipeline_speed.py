"""Throughput of the bare spaCy pipeline and of all of eventwire's stages (ingest, anatomy,
actors: spaCy included), side by side.

Run with each interpreter to compare them (the Makefile picks the faster one):
    .venv/bin/python bench/pipeline_speed.py [--repeat 3]
Prints documents per second for both, and their ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from eventwire.ingest.containers import read_drafts
from eventwire.ingest.normalise import sha256_hex
from eventwire.nlp import load_nlp
from eventwire.options import load_options
from eventwire.pipeline import Pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _drafts() -> list:
    drafts = []
    for path in sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and "gold" not in p.parts):
        data = path.read_bytes()
        drafts.extend((d, sha256_hex(data)) for d in read_drafts(str(path), data))
    return drafts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    drafts = _drafts() * args.repeat
    pipeline = Pipeline(load_options())
    nlp = load_nlp()
    docs = [pipeline.document(d, h) for d, h in drafts[:5]]  # warm the models
    list(nlp.pipe(d.text for d in docs))

    started = time.perf_counter()
    docs = [pipeline.analyse(pipeline.document(d, h)) for d, h in drafts]
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
