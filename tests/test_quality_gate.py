"""Quality gates: figures on gold data may not fall below the floors in baseline.json
(checked by :mod:`eventwire.evaluation.gate`).

The project's own gold always runs; the public dev sets in ../shared/eval run when they
are there and are skipped cleanly when they are not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluation.actors import evaluate, figures
from eventwire.pipeline import Pipeline

from .conftest import BASELINE, FIXTURES, ROOT

SHARED_GSR = ROOT.parent / "shared" / "eval" / "plover_gsr" / "PLOVER_GSR_dev.json"


def _check(name: str, path: Path, pipeline: Pipeline) -> None:
    results, _rate = evaluate(path, pipeline)
    _floors(name, figures(results))


def test_actor_coding_on_the_projects_gold(pipeline: Pipeline) -> None:
    _check("actors_central_asia", FIXTURES / "actors" / "central-asia-gold.json", pipeline)


@pytest.mark.skipif(not SHARED_GSR.exists(), reason="../shared/eval is not present")
def test_actor_coding_on_plover_gsr_dev(pipeline: Pipeline) -> None:
    _check("actors_plover_gsr_dev", SHARED_GSR, pipeline)


SHARED_PLV = ROOT.parent / "shared" / "eval" / "plv" / "PLV_dev.tsv"


def _floors(name: str, measured: dict[str, float]) -> None:
    assert BASELINE.shortfalls(name, measured) == []


def test_event_coding_on_the_projects_sentences(pipeline: Pipeline) -> None:
    from eventwire.evaluation.events import evaluate_sentences

    # floors, and the ceiling on the false-assertion rate (events_sentences_ceilings)
    _floors("events_sentences", evaluate_sentences(FIXTURES / "events" / "sentences.yaml",
                                                    pipeline))


@pytest.mark.skipif(not SHARED_PLV.exists(), reason="../shared/eval is not present")
def test_event_coding_on_plv_dev(pipeline: Pipeline) -> None:
    from eventwire.evaluation.events import evaluate_plv

    _floors("events_plv_dev", evaluate_plv(SHARED_PLV, pipeline))


@pytest.mark.skipif(not SHARED_GSR.exists(), reason="../shared/eval is not present")
def test_event_coding_on_plover_gsr_dev(pipeline: Pipeline) -> None:
    from eventwire.evaluation.events import evaluate_plover

    _floors("events_plover_gsr_dev", evaluate_plover(SHARED_GSR, pipeline))


SHARED_GEO = ROOT.parent / "shared" / "eval" / "geo" / "geowebnews.jsonl"
SHARED_DATES = ROOT.parent / "shared" / "eval" / "dates" / "timebank_dev"


@pytest.mark.skipif(not SHARED_GEO.exists(), reason="../shared/eval is not present")
def test_places_on_geowebnews(pipeline: Pipeline) -> None:
    from eventwire.evaluation.places_times import evaluate_geo

    _floors("places_geowebnews", evaluate_geo(SHARED_GEO, pipeline))


@pytest.mark.skipif(not SHARED_DATES.exists(), reason="../shared/eval is not present")
def test_dates_on_timebank(pipeline: Pipeline) -> None:
    from eventwire.evaluation.places_times import evaluate_dates

    _floors("dates_timebank_dev", evaluate_dates(SHARED_DATES, pipeline))


def test_places_and_times_on_the_blind_press_releases(pipeline: Pipeline) -> None:
    from .blind_places import score

    measured = score(pipeline)
    _floors("places_blind_press", measured)


@pytest.mark.parametrize(("name", "gold"), [
    ("corroboration_blind", FIXTURES / "corroboration" / "gold.yaml"),
    ("corroboration_examples", ROOT / "examples" / "gold" / "corroboration.yaml"),
])
def test_corroboration_on_gold_clusters(name: str, gold: Path) -> None:
    from eventwire.evaluation.corroboration import evaluate_corroboration
    from eventwire.options import load_options

    _floors(name, evaluate_corroboration(gold, load_options()))


SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.mark.skipif(not (SHARED_EVAL / "geo" / "geowebnews.jsonl").exists(),
                    reason="../shared/eval is not present")
@pytest.mark.parametrize("name", ["a", "c"])
def test_event_records_on_real_news(pipeline: Pipeline, name: str) -> None:
    """The annotated real articles the fixes were made against (sets B and D stay for
    measuring, not for gates): type precision and the whole record may not fall back,
    and no country or capital is ever a person."""
    from eventwire.evaluation.annotated import evaluate_annotated

    measured = evaluate_annotated(FIXTURES / "annotated" / f"set-{name}.yaml", SHARED_EVAL,
                                  pipeline)
    assert measured["places_as_people"] == []
    _floors(f"events_real_news_{name}", measured)
