"""The learned pair classifier and the two coders, side by side in one run (sentences/s on
this machine's CPU):

- the classifier alone on marked PLV sentences, in batches (what the hybrid adds);
- the whole pipeline with the rule coder and with the hybrid coder, on the same sentences.

    .venv/bin/python bench/coder_speed.py [--sentences 300] [--gold ../shared/eval/plv/PLV_dev.tsv]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from eventwire.evaluation.documents import GoldText, analyse
from eventwire.events.learned import Pair, pair_classifier
from eventwire.options import load_options
from eventwire.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "eval" / "plv" / "PLV_dev.tsv"


def _pairs(path: Path, limit: int) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    found = []
    for row in rows:
        text, source, target = row["sentence"], row["source"], row["target"]
        if source in text and target in text:
            s, t = text.index(source), text.index(target)
            found.append(Pair(text, (s, s + len(source)), (t, t + len(target))))
    return found[:limit]


def _rate(count: int, work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args()
    pairs = _pairs(args.gold, args.sentences)
    classifier = pair_classifier()
    classifier.classify_many(pairs[:8])  # the session's first run allocates
    alone = _rate(len(pairs), lambda: classifier.classify_many(pairs))
    one_by_one = _rate(len(pairs), lambda: [classifier.classify(p.sentence, p.source,
                                                                p.target) for p in pairs])
    print(f"classifier: {alone:.0f} sentences/s in batches, {one_by_one:.0f} one at a time "
          f"({len(pairs)} PLV sentences)")
    options = load_options()
    for coder in ("eventwire.events.rules.v1", "eventwire.events.hybrid.v1"):
        pipeline = Pipeline(options.with_overrides({"events": {"coder": coder}}))
        texts = [GoldText(p.sentence, f"bench:{i}") for i, p in enumerate(pairs)]
        analyse(pipeline, texts[0])  # load the models before timing
        rate = _rate(len(texts), lambda pipeline=pipeline, texts=texts:
                     [analyse(pipeline, t) for t in texts])
        print(f"pipeline with {coder}: {rate:.1f} sentences/s")


if __name__ == "__main__":
    main()
