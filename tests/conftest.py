"""Shared fixtures: one options object and one pipeline per session (the language models
are large), a fresh store per test, and a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.evaluation.gate import Baseline
from eventwire.options import Options, load_options
from eventwire.pipeline import Pipeline
from eventwire.store import DuckDBStore, open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"
# the quality floors every gate test checks (eventwire.evaluation.gate)
BASELINE = Baseline.read(ROOT / "tests" / "baseline.json")


@pytest.fixture(scope="session")
def options() -> Options:
    return load_options()


@pytest.fixture(scope="session")
def pipeline(options: Options) -> Pipeline:
    return Pipeline(options)


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory, options: Options) -> Path:
    """A store of the whole examples/ corpus, ingested (and corroborated) once per session
    for the tests that only read it: the analytics, the exports and the plots."""
    from eventwire.corroborate import corroborate
    from eventwire.runner import ingest

    path = tmp_path_factory.mktemp("examples") / "examples.duckdb"
    db = open_store(str(path))
    ingest(db, options, [str(EXAMPLES)])
    corroborate(db, options.corroborate, "examples")
    db.close()
    return path


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[DuckDBStore]:
    db = open_store(str(tmp_path / "test.duckdb"))
    yield db
    db.close()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
