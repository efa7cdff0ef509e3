"""The cheap layers beside the costly ones, measured side by side in one run (timings
belong here, not in the test suite, where a loaded machine would fail them):

- the gazetteer read from its disk cache against building it from GeoNames;
- the times layer against spaCy's parse of the same text.

    .venv/bin/python bench/layer_speed.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import time

from eventwire.extract import gazetteer as gazetteer_module
from eventwire.extract.times import find_times
from eventwire.nlp import load_nlp

TEXT = ("Kyrgyz border guards said Tuesday that Tajik troops had opened fire last week. "
        "The two presidents will meet in Bishkek on 3-4 July 2024, and talks on water "
        "sharing are due in the autumn, officials said in a statement on 5 June. ") * 20


def _seconds(work, repeat: int) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    return (time.perf_counter() - started) / repeat


def _gazetteer_cached() -> None:
    gazetteer_module.gazetteer.cache_clear()
    gazetteer_module.gazetteer()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    gazetteer_module.gazetteer()  # make sure the cache exists
    built = _seconds(gazetteer_module.build, 1)
    cached = _seconds(_gazetteer_cached, args.repeat)
    print(f"gazetteer: build {built:.2f} s, from cache {cached:.3f} s "
          f"(cache/build {cached / built:.3f})")
    nlp = load_nlp()
    parse = _seconds(lambda: nlp(TEXT), args.repeat)
    friday = "2024-06-07"
    times = _seconds(lambda: find_times(TEXT, friday), args.repeat)
    print(f"times layer: {times * 1000:.1f} ms, spaCy parse {parse * 1000:.1f} ms "
          f"(times/parse {times / parse:.3f}) for {len(TEXT):,} characters")


if __name__ == "__main__":
    main()
