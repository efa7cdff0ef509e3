"""Quality gates: figures on gold data may not fall below the floors in baseline.json.

The project's own gold always runs; the public PLOVER dev set in ../shared/eval runs when
it is there and is skipped cleanly when it is not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.extract.evaluate import evaluate, figures
from eventwire.pipeline import Pipeline

from .conftest import FIXTURES, ROOT

FLOORS = json.loads((ROOT / "tests" / "baseline.json").read_text(encoding="utf-8"))
EPSILON = 0.005
SHARED_GSR = ROOT.parent / "shared" / "eval" / "plover_gsr" / "PLOVER_GSR_dev.json"


def _check(name: str, path: Path, pipeline: Pipeline) -> None:
    results, _rate = evaluate(path, pipeline)
    measured = figures(results)
    for key, floor in FLOORS[name].items():
        assert measured[key] >= floor - EPSILON, f"{name}: {key} {measured[key]} < {floor}"


def test_actor_coding_on_the_projects_gold(pipeline: Pipeline) -> None:
    _check("actors_central_asia", FIXTURES / "actors" / "central-asia-gold.json", pipeline)


@pytest.mark.skipif(not SHARED_GSR.exists(), reason="../shared/eval is not present")
def test_actor_coding_on_plover_gsr_dev(pipeline: Pipeline) -> None:
    _check("actors_plover_gsr_dev", SHARED_GSR, pipeline)
