"""Corroboration: mentions clustered into real-world events, with their chain of sources,
on the project's example documents and on records written for the clustering rules."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.corroborate import corroborate
from eventwire.corroborate.cluster import assign
from eventwire.corroborate.records import (
    ActorRef,
    MentionRecord,
    PlaceRef,
    load_records,
    order_keys,
    publisher_country,
)
from eventwire.options import Options
from eventwire.runner import ingest
from eventwire.store import EventFilter, open_store

from .conftest import EXAMPLES

TREATY = [
    "news/syr-darya-times-2022-12-22-kazakh-uzbek-allied-treaty.html",
    "news/saryarka-herald-republished-2022-12-23-kazakh-uzbek-allied-treaty.html",
    "news/ishim-river-gazette-republished-2022-12-23-kazakh-uzbek-allied-treaty.html",
    "news/naryn-gazette-republished-2022-12-24-kazakh-uzbek-allied-treaty.html",
    "press/mec-kg-kazakh-uzbek-agreements-exporters-2022.txt",
]
EXERCISE = [
    "news/vakhsh-herald-2021-08-05-harb-maidon-drills.html",
    "news/amu-darya-dispatch-2021-08-10-harb-maidon-exercise-ends.html",
    "opinion/column-harb-maidon-drills-2021.txt",
]


def _ingest(db: Path, options: Options, files: list[str]) -> list[dict]:
    """The stored events after ingesting ``files``, as `eventwire events --format json`
    gives them."""
    store = open_store(str(db))
    ingest(store, options, [str(EXAMPLES / f) for f in files])
    corroborate(store, options.corroborate, "test")
    events = [e.as_json() for e in store.list_events(EventFilter())]
    store.close()
    return events


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, options: Options) -> tuple[Path, list]:
    db = tmp_path_factory.mktemp("corroborate") / "events.duckdb"
    return db, _ingest(db, options, TREATY + EXERCISE)


def _holding(events: list[dict], file: str) -> list[dict]:
    return [e for e in events if any(m["path"].endswith(file) for m in e["mentions"])]


def _treaty(events: list[dict]) -> dict:
    signed = [e for e in _holding(events, TREATY[0])
              if e["type"] == "SUPPORT" and {"KAZ", "UZB"} <= {a["country"] for a in e["source"]}]
    assert len(signed) == 1, "the signing is one event"
    return signed[0]


def test_three_republications_and_a_relay_are_one_source(corpus: tuple[Path, list]) -> None:
    event = _treaty(corpus[1])
    assert all(_holding([event], f) for f in TREATY), "every copy and the relay join it"
    assert event["independent_sources"] == 1
    assert [o["name"] for o in event["chain"]] == ["Syr Darya Times"]
    roles = {d["source"].rsplit("/", 1)[-1]: d["role"] for d in event["chain"][0]["documents"]}
    assert roles[Path(TREATY[0]).name] == "original"
    assert [roles[Path(f).name] for f in TREATY[1:4]] == ["republication"] * 3
    assert roles[Path(TREATY[4]).name] == "relay"
    assert event["first_reported_by"] == "Syr Darya Times"
    assert event["place"]["name"] == "Tashkent"


def test_two_outlets_on_one_exercise_are_two_sources(corpus: tuple[Path, list]) -> None:
    events = corpus[1]
    drills = [e for e in _holding(events, EXERCISE[0]) if e["type"] == "COOPERATE"
              and e["place"] and e["place"]["name"] == "Harb-Maidon training ground"]
    assert len(drills) == 1  # the bilateral drills near Termez the story recalls are another
    event = drills[0]
    assert _holding([event], EXERCISE[1]), "the second outlet's report joins"
    assert event["independent_sources"] == 2
    assert {a["country"] for a in event["source"]} >= {"RUS", "TJK", "UZB"}
    assert event["place"]["level"] == "site"


def test_an_opinion_piece_adds_no_event(corpus: tuple[Path, list]) -> None:
    assert not _holding(corpus[1], EXERCISE[2])


def test_reingesting_changes_no_id_and_no_revision(corpus: tuple[Path, list],
                                                   options: Options) -> None:
    db, events = corpus
    again = _ingest(db, options, TREATY + EXERCISE)
    assert [e["id"] for e in again] == [e["id"] for e in events]
    assert {e["revision"] for e in again} == {1}


def test_a_later_copy_joins_its_event_as_a_revision(tmp_path: Path, options: Options) -> None:
    db = tmp_path / "late.duckdb"
    before = _treaty(_ingest(db, options, TREATY[:3]))
    after = _treaty(_ingest(db, options, TREATY[3:4]))
    assert after["id"] == before["id"]
    assert after["revision"] == before["revision"] + 1
    assert len(after["mentions"]) > len(before["mentions"])
    store = open_store(str(db))
    shown = store.get_event(after["id"][:10])
    store.close()
    assert shown.revisions is not None
    assert shown.revisions[0].reason == "created"
    assert "added" in shown.revisions[-1].reason


def test_rebuild_keeps_the_ids(corpus: tuple[Path, list], options: Options) -> None:
    db, events = corpus
    store = open_store(str(db))
    report = corroborate(store, options.corroborate, "rebuild", rebuild=True)
    rebuilt = store.list_events(EventFilter())
    store.close()
    assert report.created == 0
    assert {e.id for e in rebuilt} == {e["id"] for e in events}


# -- the clustering rules, on records written for them ---------------------------------------
def _mention(ident: str, when: str, source: list[str], target: list[str],
             event_type: str = "ASSAULT", place: PlaceRef | None = None) -> MentionRecord:
    day = date.fromisoformat(when)
    return MentionRecord(
        id=ident, document_id=f"doc-{ident}", type=event_type, quad="material_conflict",
        mode=None, modality="asserted", intensity=-8.0, confidence=0.8,
        source=tuple(ActorRef(f"country:{c}", c, c, (), "country") for c in source),
        target=tuple(ActorRef(f"country:{c}", c, c, (), "country") for c in target),
        place=place, start=day, end=day, dated=True, sentence="...", span=(0, 3),
        trigger=(0, 1), attributed_to=None, published=day)


BATKEN = PlaceRef("geonames:1463580", "Batken", 40.06, 70.82, "city", "KGZ")
ISFARA = PlaceRef("geonames:1221194", "Isfara", 40.13, 70.63, "city", "TJK")
ASTANA = PlaceRef("geonames:1526273", "Astana", 51.18, 71.45, "city", "KAZ")


def test_the_same_dyad_months_apart_is_two_events(options: Options) -> None:
    clusters = assign([_mention("a", "2021-04-29", ["KGZ"], ["TJK"], place=BATKEN),
                       _mention("b", "2022-09-15", ["KGZ"], ["TJK"], place=BATKEN)],
                      [], options.corroborate)
    assert len(clusters) == 2


def test_the_same_city_and_day_with_other_parties_is_two_events(options: Options) -> None:
    talks = [_mention("a", "2024-07-03", ["CHN"], ["KAZ"], "CONSULT", ASTANA),
             _mention("b", "2024-07-03", ["RUS"], ["CHN"], "CONSULT", ASTANA)]
    assert len(assign(talks, [], options.corroborate)) == 2


def test_two_sides_named_either_way_round_are_one_meeting(options: Options) -> None:
    talks = [_mention("a", "2024-07-03", ["CHN"], ["KAZ"], "CONSULT", ASTANA),
             _mention("b", "2024-07-04", ["KAZ", "CHN"], [], "AGREE", ASTANA)]
    assert len(assign(talks, [], options.corroborate)) == 1


def test_nearby_towns_meet_and_a_contradicting_side_does_not(options: Options) -> None:
    clash = _mention("a", "2022-09-14", ["KGZ"], ["TJK"], place=BATKEN)
    across = replace(_mention("b", "2022-09-15", ["KGZ"], ["TJK"]), place=ISFARA)
    other = _mention("c", "2022-09-14", ["UZB"], ["TJK"], place=BATKEN)
    clusters = assign([clash, across, other], [], options.corroborate)
    assert sorted(len(c.members) for c in clusters) == [1, 2]


def test_the_clustering_does_not_depend_on_arrival_order(options: Options) -> None:
    records = [_mention(str(i), f"2022-09-{14 + i % 3}", ["KGZ"], ["TJK"], place=BATKEN)
               for i in range(6)] + [_mention("x", "2022-12-01", ["KGZ"], ["TJK"])]
    first = assign(records, [], options.corroborate)
    second = assign(list(reversed(records)), [], options.corroborate)
    assert sorted(sorted(m.id for m in c.members) for c in first) == \
        sorted(sorted(m.id for m in c.members) for c in second)


def _partition(store: Any) -> list[tuple[str, ...]]:
    """Which mentions share an event (ids aside)."""
    return sorted(tuple(sorted(m.id for m in e.mentions))
                  for e in store.list_events(EventFilter()))


def test_incremental_runs_in_any_order_give_the_events_of_one_pass(
        tmp_path: Path, options: Options) -> None:
    # The examples arrive a few at a time, out of date order, each run corroborating when
    # it ends (as `ingest` does); an older document arriving late must change what later
    # mentions joined, as one pass over everything (a rebuild) would have it.
    files = sorted(str(p) for p in EXAMPLES.rglob("*") if p.is_file() and "gold" not in p.parts)
    files = files[1::2] + files[0::2]  # news of 2024 before news of 2021, and so on
    store = open_store(str(tmp_path / "late.duckdb"))
    try:
        for first in range(0, len(files), 8):
            ingest(store, options, files[first:first + 8])
            corroborate(store, options.corroborate, f"run {first}")
        incremental = _partition(store)
        corroborate(store, options.corroborate, "one pass", rebuild=True)
        assert incremental == _partition(store)
        assert sum(len(members) > 1 for members in incremental) >= 10
    finally:
        store.close()


def test_the_order_of_mentions_is_read_from_two_columns(corpus: tuple[Path, list],
                                                        options: Options) -> None:
    # a large run's mentions are put in order before they are placed; the order read from
    # the mention and document tables must be the records' own
    store = open_store(str(corpus[0]))
    try:
        lag = options.corroborate.report_lag_days
        _, records = load_records(store, lag)
        assert len(records) >= 20
        keys = order_keys(store, lag, set(records) | {"no-such-mention"})
        assert keys == {mention_id: record.order for mention_id, record in records.items()}
    finally:
        store.close()


def test_a_signing_office_belongs_to_its_state() -> None:
    assert publisher_country("Embassy of the People's Republic of China in the Kyrgyz "
                             "Republic") == "CHN"
    assert publisher_country("Press Service of the Ministry of Foreign Affairs of the "
                             "Republic of Uzbekistan") == "UZB"
    assert publisher_country("Syr Darya Times") is None


# -- the command line -------------------------------------------------------------------------
def test_events_command_filters_and_formats(corpus: tuple[Path, list], runner: CliRunner) -> None:
    db = str(corpus[0])
    result = runner.invoke(app, ["events", "--db", db, "--format", "json", "--min-sources",
                                 "2"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(e["independent_sources"] >= 2 for e in rows)
    keys = {"id", "type", "mode", "source", "target", "place", "start", "end", "mentions",
            "independent_sources", "chain", "confidence", "revision"}
    assert keys <= set(rows[0])
    assert {"name", "country", "sectors"} <= set(rows[0]["source"][0])
    assert {"lat", "lon", "level"} <= set(rows[0]["place"])
    assert {"document", "source", "sentence", "span"} <= set(rows[0]["mentions"][0])
    dyad = runner.invoke(app, ["events", "--db", db, "--format", "csv", "--type", "SUPPORT",
                               "--country", "UZB"])
    assert dyad.exit_code == 0
    lines = dyad.stdout.strip().splitlines()
    assert lines[0].startswith("id,type,quad") and len(lines) >= 2
    assert all(",SUPPORT," in line for line in lines[1:])
    none = runner.invoke(app, ["events", "--db", db, "--format", "json", "--until",
                               "2020-01-01"])
    assert json.loads(none.stdout) == []
    bad = runner.invoke(app, ["events", "--db", db, "--since", "yesterday"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_the_events_table_reads_at_80_and_200_columns(corpus: tuple[Path, list],
                                                      runner: CliRunner) -> None:
    db = str(corpus[0])
    events = json.loads(runner.invoke(app, ["events", "--db", db, "--format", "json"]).stdout)
    codes = {f"{a['country']}-{a['sectors'][0]}" if a["sectors"] else a["country"]
             for e in events for side in ("source", "target") for a in e[side] if a["country"]}
    assert len(codes) >= 4
    narrow = runner.invoke(app, ["events", "--db", db], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    table = narrow.stdout
    assert "…" not in table and max(len(line) for line in table.splitlines()) <= 80
    words = set(table.replace(",", " ").split())
    assert codes <= words  # every source and target code whole, at least once
    assert all(e["id"][:11] in table for e in events)  # ids long enough for `event`
    assert "not shown: place" in narrow.output  # and the user is told what was left out
    wide = runner.invoke(app, ["events", "--db", db], env={"COLUMNS": "200"})
    assert "place" in wide.stdout.splitlines()[1] and "…" not in wide.stdout
    every = runner.invoke(app, ["events", "--db", db, "--wide"], env={"COLUMNS": "80"})
    assert "conf." in every.stdout and events[0]["id"] in every.stdout


def test_event_command_shows_the_chain_and_the_sentences(corpus: tuple[Path, list],
                                                         runner: CliRunner) -> None:
    event = _treaty(corpus[1])
    result = runner.invoke(app, ["event", event["id"][:12], "--db", str(corpus[0])])
    assert result.exit_code == 0, result.output
    assert "chain of sources" in result.output
    assert "Syr Darya Times: independent (first reported)" in result.output
    assert "relay via Syr Darya Times" in result.output
    assert "signed a treaty on allied relations" in result.output
    missing = runner.invoke(app, ["event", "ev-0000", "--db", str(corpus[0])])
    assert missing.exit_code == 1 and "no event" in missing.output


def test_a_joint_signing_is_compared_by_its_participants(options: Options) -> None:
    signing = _mention("a", "2024-07-03", ["CHN", "KAZ"], [], "SUPPORT", ASTANA)
    same = _mention("b", "2024-07-03", ["KAZ"], ["CHN"], "SUPPORT", ASTANA)
    other = _mention("c", "2024-07-03", ["RUS", "CHN"], [], "CONSULT", ASTANA)
    clusters = assign([signing, same, other], [], options.corroborate)
    assert sorted(sorted(m.id for m in c.members) for c in clusters) == [["a", "b"], ["c"]]


def test_a_dyad_finds_a_joint_act(corpus: tuple[Path, list], runner: CliRunner) -> None:
    result = runner.invoke(app, ["events", "--db", str(corpus[0]), "--dyad", "KAZ-UZB",
                                 "--format", "json"])
    assert result.exit_code == 0
    assert _treaty(corpus[1])["id"] in {e["id"] for e in json.loads(result.stdout)}
    none = runner.invoke(app, ["events", "--db", str(corpus[0]), "--dyad", "KAZ"])
    assert none.exit_code == 2 and "two country codes" in none.output


def test_show_links_each_mention_to_its_event(corpus: tuple[Path, list],
                                              runner: CliRunner) -> None:
    event = _treaty(corpus[1])
    document = next(m["document"] for m in event["mentions"] if m["role"] == "original")
    result = runner.invoke(app, ["show", document[:12], "--db", str(corpus[0])])
    assert result.exit_code == 0
    flat = "".join(result.output.split())  # the table wraps long rows
    assert f"->event{event['id']}" in flat
    assert "Tashkent[city,UZB]" in flat


def test_summary_counts_real_world_events(corpus: tuple[Path, list], runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "--db", str(corpus[0])])
    assert result.exit_code == 0
    assert "real-world events" in result.output
    assert "COOPERATE" in result.output.split("real-world events", 1)[1]


def _events_placed_afresh(examples_db: Path, copy: Path, options: Options,
                          batch_mentions: int) -> tuple[dict[str, frozenset[str]], Any]:
    """The examples' events placed again, incrementally, from a store whose events are
    cleared (every counting mention pending), ``batch_mentions`` at a time."""
    shutil.copy(examples_db, copy)
    store = open_store(str(copy))
    try:
        with store.transaction():
            store.replace_all_events([], [], "cleared")
        opts = options.corroborate.model_copy(update={"batch_mentions": batch_mentions})
        report = corroborate(store, opts, "again")
        return {e.id: frozenset(m.id for m in e.mentions)
                for e in store.list_events(EventFilter())}, report
    finally:
        store.close()


def test_placing_mentions_in_batches_gives_the_events_of_one_pass(
        examples_db: Path, tmp_path: Path, options: Options) -> None:
    """A huge run places its mentions a batch at a time (bounded memory): the events, their
    ids and members, are those of one pass over all of them."""
    whole, one_pass = _events_placed_afresh(examples_db, tmp_path / "one.duckdb", options,
                                            10_000)
    batched, in_batches = _events_placed_afresh(examples_db, tmp_path / "batches.duckdb",
                                                options, 100)
    assert one_pass.mentions > 200  # so batches of 100 are several
    assert batched == whole
    assert (in_batches.events, in_batches.mentions) == (one_pass.events, one_pass.mentions)
    assert in_batches.revised > one_pass.revised == 0  # events grew across batches
