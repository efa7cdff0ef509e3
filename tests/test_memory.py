"""A run frees each document's parse as it goes, not thousands of documents later.

A spaCy parse is freed only by the cyclic garbage collector, and one made ahead of its turn
lives long enough to reach the oldest generation, which CPython collects rarely once the
model and the dictionaries are loaded (eventwire/memory.py). The run is made in a fresh
interpreter, so what other tests loaded does not decide when the collector runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from eventwire.memory import COLLECT_EVERY

BENCH = Path(__file__).resolve().parents[1] / "bench"

# Runs a folder of documents through a runner that parses ahead in batches of 8 in its own
# process and keeps nothing, and prints how many parses are in memory as each document is
# kept, without asking for a collection.
_RUN = textwrap.dedent("""
    import gc, json, sys
    from spacy.tokens import Doc
    from eventwire.cli.common import options
    from eventwire.runner import KeepSink, Runner

    alive = []
    def count_parses(doc):
        alive.append(sum(1 for o in gc.get_objects() if isinstance(o, Doc)))
    runner = Runner(options(), KeepSink(count_parses), parse_ahead=8,
                    parse_in_background=False)
    runner.run(sys.argv[1:])
    print(json.dumps({"alive": alive}))
""")


def _alive_parses(folder: Path) -> list[int]:
    """How many parses are in memory as each document is kept."""
    done = subprocess.run([sys.executable, "-c", _RUN, str(folder)], check=True,
                          capture_output=True, text=True, timeout=600)
    return json.loads(done.stdout.strip().splitlines()[-1])["alive"]


def test_a_run_frees_its_parses_as_it_goes(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from corpus import write_corpus  # the memory bench's corpus: the examples recombined
    finally:
        sys.path.remove(str(BENCH))
    write_corpus(tmp_path, 160)
    alive = _alive_parses(tmp_path)
    assert len(alive) >= 150
    # left to the collector's own thresholds, dead parses pile up until a full collection
    # that comes thousands of documents later (here about 70 by the end, and rising); with
    # a full collection every COLLECT_EVERY documents, those since the last one and the
    # batch parsed ahead
    assert max(alive[len(alive) // 2:]) <= 2 * COLLECT_EVERY, str(alive)
