"""Shared fixtures: one options object and one pipeline per session (the language models
are large), a fresh store per test, and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.evaluation.gate import Baseline
from eventwire.options import Options, load_options
from eventwire.pipeline import Pipeline
from eventwire.store import DuckDBStore, open_store

from . import pg_cluster

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


# -- PostgreSQL: one throwaway server per session, one fresh database per test ---------------
@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg_cluster.Server]:
    """The server of tests/pg_cluster.py. Without one the PostgreSQL tests skip, saying
    why, except under $EVENTWIRE_REQUIRE_POSTGRES=1 (CI), where they fail."""
    try:
        with pg_cluster.server() as server:
            yield server
    except pg_cluster.NoPostgres as missing:
        if os.environ.get(pg_cluster.REQUIRE_ENV) == "1":
            pytest.fail(f"{missing} (${pg_cluster.REQUIRE_ENV}=1 requires them)")
        pytest.skip(str(missing))


@pytest.fixture()
def pg_url(pg_server: pg_cluster.Server) -> Iterator[str]:
    """The URL of a new, empty database of its own."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new store's URL, once per backend, for the tests that run on both."""
    if request.param == "duckdb":
        return str(tmp_path / "test.duckdb")
    return str(request.getfixturevalue("pg_url"))
