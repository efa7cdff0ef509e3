"""`eventwire export` on a store built from example documents: Parquet with nested columns
and month partitions, CSV and JSONL, GeoJSON, GEXF and GraphML networks, PLOVER records,
manifests, --since, refusing to overwrite, and write_table for the analytics."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import geojson
import jsonschema
import networkx as nx
import pytest
from typer.testing import CliRunner

from eventwire.analytics.exports import ExportRequest, Manifest, export, write_table
from eventwire.analytics.exports.manifest import sha256_of
from eventwire.analytics.exports.schemas import SCHEMAS, generate, published
from eventwire.cli import app
from eventwire.corroborate import corroborate
from eventwire.errors import ExportError
from eventwire.options import Options
from eventwire.runner import ingest
from eventwire.store import Store, open_store

from .conftest import EXAMPLES

FIRST = ["news/syr-darya-times-2022-12-22-kazakh-uzbek-allied-treaty.html",
         "news/vakhsh-herald-2021-08-05-harb-maidon-drills.html"]
# a second outlet on the same exercise: it revises the exercise's event
LATER = ["news/amu-darya-dispatch-2021-08-10-harb-maidon-exercise-ends.html"]


@dataclass(frozen=True)
class Corpus:
    db: Path
    between: datetime  # UTC, after FIRST was stored and corroborated, before LATER


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, options: Options) -> Corpus:
    db = tmp_path_factory.mktemp("exports") / "exports.duckdb"
    store = open_store(str(db))
    ingest(store, options, [str(EXAMPLES / f) for f in FIRST])
    corroborate(store, options.corroborate, "first")
    between = datetime.now(UTC).replace(tzinfo=None)
    ingest(store, options, [str(EXAMPLES / f) for f in LATER])
    corroborate(store, options.corroborate, "later")
    store.close()
    return Corpus(db, between)


@contextmanager
def opened(db: Path) -> Iterator[Store]:
    store = open_store(str(db))
    try:
        yield store
    finally:
        store.close()


def _export(db: Path, what: str, fmt: str, out: Path, **options: Any) -> Manifest:
    with opened(db) as store:
        return export(store, ExportRequest(what=what, fmt=fmt, out=out, **options))


def _events(db: Path) -> list[dict[str, Any]]:
    with opened(db) as store:
        return store.export_rows("events")


def _exercise(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The exercise two outlets reported: the event LATER revised."""
    found = [e for e in events if e["independent_sources"] == 2]
    assert len(found) == 1
    return found[0]


def _manifest_of(path: Path) -> dict[str, Any]:
    where = path / "manifest.json" if path.is_dir() else \
        path.with_name(path.name + ".manifest.json")
    manifest = json.loads(where.read_text(encoding="utf-8"))
    jsonschema.validate(manifest, published("export_manifest.schema.json"))
    return manifest


# -- Parquet, CSV, JSONL -----------------------------------------------------------------

def test_events_parquet_is_nested_and_partitioned_by_month(corpus: Corpus,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "events"
    manifest = _export(corpus.db, "events", "parquet", out)
    events = _events(corpus.db)
    months = {e["start"].strftime("%Y-%m") for e in events}
    assert {p.name for p in out.iterdir() if p.is_dir()} == {f"month={m}" for m in months}
    con = duckdb.connect()
    relation = con.sql(f"SELECT * FROM read_parquet('{out}/*/*.parquet', "
                       "hive_partitioning = true)")
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert types["source"].startswith("STRUCT(") and types["source"].endswith(")[]")
    assert "sectors VARCHAR[]" in types["source"] and "actor_ids VARCHAR[]" in types["source"]
    assert types["place"].startswith("STRUCT(id VARCHAR")
    assert types["mention_ids"] == "VARCHAR[]"
    rows = con.sql(f"SELECT id, month, mention_ids, place.lon AS lon FROM read_parquet("
                   f"'{out}/*/*.parquet', hive_partitioning = true)").fetchall()
    assert len(rows) == manifest.rows == len(events)
    exercise = _exercise(events)
    stored = {r[0]: r for r in rows}[exercise["id"]]
    assert stored[1] == exercise["start"].strftime("%Y-%m")
    assert stored[2] == exercise["mention_ids"] and len(stored[2]) >= 2


def test_mentions_and_actors_parquet_are_one_file_each(corpus: Corpus, tmp_path: Path) -> None:
    con = duckdb.connect()
    for what, column in (("mentions", "context"), ("actors", "sectors")):
        out = tmp_path / f"{what}.parquet"
        manifest = _export(corpus.db, what, "parquet", out)
        assert out.is_file() and manifest.rows > 0
        relation = con.sql(f"SELECT * FROM read_parquet('{out}')")
        types = dict(zip(relation.columns, map(str, relation.types), strict=True))
        assert types[column] == "VARCHAR[]"
        assert con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone() == \
            (manifest.rows,)


def test_csv_joins_lists_with_semicolons(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    _export(corpus.db, "events", "csv", out)
    exercise = _exercise(_events(corpus.db))
    with out.open(encoding="utf-8", newline="") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    row = rows[exercise["id"]]
    assert row["mention_ids"] == ";".join(exercise["mention_ids"])
    assert row["source_code"] == ";".join(p["code"] or "" for p in exercise["source"])
    assert row["place_level"] == exercise["place"]["level"]


def test_jsonl_event_rows_are_nested_and_match_their_schema(corpus: Corpus,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    _export(corpus.db, "events", "jsonl", out)
    schema = published("export_event_row.schema.json")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        jsonschema.validate(row, schema)
    exercise = {r["id"]: r for r in rows}[_exercise(_events(corpus.db))["id"]]
    assert isinstance(exercise["source"][0], dict) and isinstance(exercise["mention_ids"], list)


# -- GeoJSON ---------------------------------------------------------------------------

def test_geojson_is_valid_lon_lat_and_counts_the_unplaced(corpus: Corpus,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    manifest = _export(corpus.db, "events", "geojson", out)
    collection = geojson.loads(out.read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    events = {e["id"]: e for e in _events(corpus.db)}
    for feature in collection["features"]:
        place = events[feature["properties"]["id"]]["place"]
        assert feature["geometry"]["coordinates"] == [place["lon"], place["lat"]]
        assert feature["properties"]["level"] == place["level"]
    unplaced = sorted(i for i, e in events.items() if e["place"] is None)
    assert unplaced, "the corpus has events without a place"
    assert [(x.reason, sorted(x.ids)) for x in manifest.left_out] == [("no place", unplaced)]
    assert manifest.rows + len(unplaced) == len(events)


# -- networks --------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_edges_carry_hand_counted_weights(corpus: Corpus, tmp_path: Path,
                                                  fmt: str) -> None:
    out = tmp_path / f"network.{fmt}"
    _export(corpus.db, "network", fmt, out)
    graph = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    assert graph.is_directed()
    # By hand: Russia acts on Tajikistan in one event, the exercise (COOPERATE, no mode,
    # score 9.5) that two independent outlets reported: 9.5 x (1 + ln 2).
    exercise = _exercise(_events(corpus.db))
    edge = graph.edges["RUS", "TJK"]
    assert int(edge["events"]) == 1
    assert edge["event_ids"] == exercise["id"]
    assert float(edge["material_cooperation"]) == pytest.approx(9.5 * (1 + math.log(2)))
    assert float(edge["verbal_conflict"]) == 0.0
    # The troops sent (MOBILIZE troops, -6.5, one source) from Uzbekistan towards
    # Afghanistan: |-6.5| x 1.
    assert float(graph.edges["UZB", "AFG"]["material_conflict"]) == pytest.approx(6.5)


def test_network_by_sector_keeps_sector_codes(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "network.gexf"
    _export(corpus.db, "network", "gexf", out)
    rolled = nx.read_gexf(out)
    by_sector = tmp_path / "sectors.gexf"
    _export(corpus.db, "network", "gexf", by_sector, by_sector=True)
    split = nx.read_gexf(by_sector)
    assert all("-" not in node for node in rolled.nodes)
    assert any("-" in node for node in split.nodes)


# -- PLOVER ----------------------------------------------------------------------------

def test_plover_records_validate_and_point_at_their_sentence(corpus: Corpus,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    manifest = _export(corpus.db, "events", "plover", out)
    schema = published("plover_record.schema.json")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == manifest.rows > 0
    quads = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3,
             "material_conflict": 4}
    with opened(corpus.db) as store:
        for record in records:
            jsonschema.validate(record, schema)
            text = store.get(record["eventwire"]["document_id"]).text
            start, end = record["text_info"]["start"], record["text_info"]["end"]
            assert text[start:end] == record["event_text"][0]
            assert record["quad_code"] == quads[record["eventwire"]["quad"]]
    located = [r for r in records if r["eventwire"]["place_id"]]
    # a GeoNames place carries its integer id; a site placed beside one
    # ('geonames:234594#site:...') or a place of eventwire's own table carries none
    geonames = [r for r in located if re.fullmatch(r"geonames:\d+", r["eventwire"]["place_id"])]
    assert geonames and all(f"geonames:{r['event_loc']['geonameid']}" ==
                            r["eventwire"]["place_id"] for r in geonames)
    assert all(r["event_loc"]["geonameid"] is None for r in located if r not in geonames)
    assert all(r["event_loc"] is None for r in records if not r["eventwire"]["place_id"])


# -- manifests -------------------------------------------------------------------------

@pytest.mark.parametrize(("what", "fmt", "name"), [
    ("events", "parquet", "events"), ("mentions", "csv", "mentions.csv"),
    ("actors", "jsonl", "actors.jsonl"), ("network", "graphml", "net.graphml"),
    ("documents", "jsonl", "docs.jsonl"), ("events", "plover", "ev.plover.jsonl"),
])
def test_manifest_checksums_match_the_files(corpus: Corpus, tmp_path: Path, what: str,
                                            fmt: str, name: str) -> None:
    out = tmp_path / name
    _export(corpus.db, what, fmt, out)
    manifest = _manifest_of(out)
    folder = out if out.is_dir() else out.parent
    assert manifest["files"]
    for entry in manifest["files"]:
        path = folder / entry["path"]
        assert sha256_of(path) == entry["sha256"] and path.stat().st_size == entry["bytes"]
    if out.is_dir():
        on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        assert on_disk - {"manifest.json"} == {e["path"] for e in manifest["files"]}
    assert manifest["what"] == what and manifest["format"] == fmt
    assert manifest["store_schema_version"] == 8
    assert any(stage.startswith("eventwire.anatomy.") for stage in manifest["stages"])
    if what not in ("documents", "actors"):  # actor rows name no coder; their stages do
        assert any(coder.startswith("eventwire.events.") for coder in manifest["coders"])
    assert not list(tmp_path.glob("*.partial")), "nothing is left under a partial name"


# -- --since ---------------------------------------------------------------------------

def test_since_exports_what_changed_and_lists_the_revised_event(corpus: Corpus,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "changed.jsonl"
    manifest = _export(corpus.db, "events", "jsonl", out, since=corpus.between)
    exercise = _exercise(_events(corpus.db))
    assert manifest.changes is not None
    assert manifest.changes.revised == [exercise["id"]]
    assert manifest.changes.dissolved == []
    written = {json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert written == set(manifest.changes.created) | {exercise["id"]}
    assert len(written) < len(_events(corpus.db)), "unchanged events are not exported"


def test_since_lists_a_dissolved_event_and_writes_nothing_stale(corpus: Corpus,
                                                                tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus.db, db)
    exercise = _exercise(_events(db))
    with opened(db) as store, store.transaction():
        # what corroboration does when an event's mentions are gone
        store.replace_some_events({exercise["id"]}, [], [
            (exercise["id"], exercise["revision"] + 1, "dissolved: its mentions are gone")],
            "test")
    out = tmp_path / "changed.geojson"
    manifest = _export(db, "events", "geojson", out, since=corpus.between)
    assert manifest.changes is not None
    assert manifest.changes.dissolved == [exercise["id"]]
    assert exercise["id"] not in manifest.changes.revised
    ids = {f["properties"]["id"] for f in json.loads(out.read_text())["features"]}
    assert exercise["id"] not in ids


def test_since_takes_dates_and_times_and_refuses_nonsense(corpus: Corpus, tmp_path: Path,
                                                           runner: CliRunner) -> None:
    db = str(corpus.db)
    out = tmp_path / "e.jsonl"
    later = runner.invoke(app, ["export", "--db", db, "--what", "events", "--format", "jsonl",
                                "--since", "2999-01-01T00:00:00+02:00", "--out", str(out)])
    assert later.exit_code == 0, later.output
    assert out.read_text() == "" and _manifest_of(out)["since"] == "2998-12-31T22:00:00"
    bad = runner.invoke(app, ["export", "--db", db, "--what", "events", "--since", "soon",
                              "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "soon" in bad.output


# -- the command line ------------------------------------------------------------------

def test_refuses_to_overwrite_without_force(corpus: Corpus, tmp_path: Path,
                                            runner: CliRunner) -> None:
    db = str(corpus.db)
    for what, fmt, out in (("events", "parquet", tmp_path / "events"),
                           ("actors", "csv", tmp_path / "actors.csv")):
        args = ["export", "--db", db, "--what", what, "--format", fmt, "--out", str(out)]
        assert runner.invoke(app, args).exit_code == 0
        before = _manifest_of(out)["created"]
        refused = runner.invoke(app, args)
        assert refused.exit_code == 1 and "--force" in refused.output
        assert _manifest_of(out)["created"] == before
        forced = runner.invoke(app, [*args, "--force"])
        assert forced.exit_code == 0, forced.output
        assert _manifest_of(out)["files"]


@pytest.mark.parametrize(("what", "fmt"), [("mentions", "gexf"), ("network", "csv"),
                                           ("documents", "geojson"), ("actors", "plover")])
def test_a_nonsense_combination_names_both(corpus: Corpus, tmp_path: Path, runner: CliRunner,
                                           what: str, fmt: str) -> None:
    out = tmp_path / "x"
    result = runner.invoke(app, ["export", "--db", str(corpus.db), "--what", what,
                                 "--format", fmt, "--out", str(out)])
    assert result.exit_code == 2
    assert f"cannot export {what} as {fmt}" in " ".join(result.output.split())
    assert not out.exists()


def test_options_of_one_kind_of_export_are_refused_elsewhere(corpus: Corpus, tmp_path: Path,
                                                  runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--db", str(corpus.db), "--what", "events",
                                 "--genre", "opinion", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--genre" in result.output
    result = runner.invoke(app, ["export", "--db", str(corpus.db), "--what", "events",
                                 "--by-sector", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--by-sector" in result.output


# -- the analytics' own tables and the schemas -------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_write_table_writes_rows_with_a_manifest(tmp_path: Path, fmt: str) -> None:
    rows = [{"source": "RUS", "target": "TJK", "month": "2021-08", "weight": 16.08,
             "events": ["ev-1", "ev-2"]},
            {"source": "CHN", "target": "KAZ", "month": "2021-09", "weight": 2.5,
             "events": ["ev-3"]}]
    out = tmp_path / f"dyads.{fmt}"
    manifest = write_table(rows, "dyads", fmt, out, filters={"country": "TJK"},
                           extra={"definition": "test"})
    assert manifest.rows == 2 and _manifest_of(out)["filters"] == {"country": "TJK"}
    if fmt == "csv":
        assert "ev-1;ev-2" in out.read_text(encoding="utf-8")
    elif fmt == "jsonl":
        assert json.loads(out.read_text().splitlines()[0])["events"] == ["ev-1", "ev-2"]
    else:
        relation = duckdb.connect().sql(f"SELECT events FROM read_parquet('{out}')")
        assert str(relation.types[0]) == "VARCHAR[]"
        assert relation.fetchall()[0] == (["ev-1", "ev-2"],)
    with pytest.raises(ExportError, match="--force"):
        write_table(rows, "dyads", fmt, out)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_schemas_are_what_the_models_generate(name: str) -> None:
    assert published(name) == generate(name), \
        "regenerate with eventwire.analytics.exports.schemas.write_schemas()"
