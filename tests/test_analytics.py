"""Dyad series and the influence index: every figure checked against a computation on
paper, from events written by hand (tests/analytics_events.py), and on the examples every
figure checked against the events --explain lists for it."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from eventwire.analytics.dyads import Window, dyad_series
from eventwire.analytics.parties import read_side
from eventwire.cli import app
from eventwire.errors import OptionsError
from eventwire.options import Options
from eventwire.store import open_store

from . import analytics_events
from .conftest import ROOT

SCORES = ROOT / "src" / "eventwire" / "data" / "plover_scores.yaml"


def c(independent: int) -> float:
    """The corroboration weight of DESIGN.md, with 0 independent sources counted as 1."""
    return 1 + math.log(max(independent, 1))


def w(value: float) -> Decimal:
    """A contribution as the store rounds it."""
    return Decimal(str(round(value, 6))).quantize(Decimal("0.000001"))


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The hand-written events, in a store of each backend: every figure below must come
    out the same from both."""
    if request.param == "postgresql":
        path = request.getfixturevalue("pg_server").create_database()
    else:
        path = str(tmp_path_factory.mktemp("analytics") / "hand.duckdb")
    store = open_store(path)
    analytics_events.fill(store)
    store.close()
    return path


def _json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _figure(output: dict, period: str, direction: str, quad: str) -> dict:
    found = next(p for p in output["periods"] if p["period"] == period)
    return found["directions"][direction][quad]


# -- dyads -------------------------------------------------------------------------------------
def test_a_dyad_by_quarter_matches_the_paper(db: str, runner: CliRunner) -> None:
    out = _json(runner, "dyad", "RUS", "KAZ", "--db", db, "--by", "quarter")
    assert [p["period"] for p in out["periods"]] == ["2021Q2", "2021Q3"]
    # Q2: Russia's government agreed with Kazakhstan (3 independent sources); Kazakhstan's
    # visit to Russia (mode visit scores 4, not CONSULT's 2.5)
    agree = _figure(out, "2021Q2", "RUS->KAZ", "verbal_cooperation")
    assert Decimal(agree["weight"]) == w(2.5 * c(3)) and agree["count"] == 1
    visit = _figure(out, "2021Q2", "KAZ->RUS", "verbal_cooperation")
    assert Decimal(visit["weight"]) == w(4 * c(1))
    # Q3: the joint material cooperation (no independent source: weight 1), the accusation
    # (allege: 3.5) and the military agreement (RUS-MIL counts for Russia)
    joint = _figure(out, "2021Q3", "RUS+KAZ", "material_cooperation")
    assert Decimal(joint["weight"]) == w(9.5) and joint["event_ids"] == ["ev-0000000000000003"]
    accuse = _figure(out, "2021Q3", "RUS->KAZ", "verbal_conflict")
    assert Decimal(accuse["weight"]) == w(3.5 * c(2))
    assert Decimal(_figure(out, "2021Q3", "RUS->KAZ", "verbal_cooperation")["weight"]) == w(2.5)
    # the joint deployment against Afghanistan is conflict: not a RUS-KAZ figure at all
    q3 = next(p for p in out["periods"] if p["period"] == "2021Q3")
    assert q3["total"]["count"] == 3
    assert "ev-0000000000000005" not in json.dumps(q3["directions"])
    assert Decimal(q3["total"]["weight"]) == w(9.5) + w(3.5 * c(2)) + w(2.5)


def test_every_dyad_figure_is_its_events_sum_and_carries_them(db: str,
                                                               runner: CliRunner) -> None:
    out = _json(runner, "dyad", "RUS", "KAZ", "--db", db, "--explain")
    for period in out["periods"]:
        for quads in period["directions"].values():
            for figure in quads.values():
                parts = figure["contributions"]
                assert sum(Decimal(p["weight"]) for p in parts) == Decimal(figure["weight"])
                assert [p["event"] for p in parts] == figure["event_ids"]
                for part in parts:
                    event = out["events"][part["event"]]
                    hand = abs(event["score"]) * c(event["independent_sources"])
                    assert Decimal(part["weight"]) == w(hand)


def test_sector_unit_and_volume_switches(db: str, runner: CliRunner) -> None:
    military = _json(runner, "dyad", "RUS", "KAZ", "--db", db, "--sector", "MIL")
    assert [p["period"] for p in military["periods"]] == ["2021Q3"]
    assert military["periods"][0]["total"]["event_ids"] == ["ev-000000000000000a"]
    mentions = _json(runner, "dyad", "RUS-MIL", "KAZ", "--db", db, "--unit", "mentions")
    agreed = _figure(mentions, "2021Q3", "RUS-MIL->KAZ", "verbal_cooperation")
    assert agreed["count"] == 3 and Decimal(agreed["weight"]) == w(2.5 * 3)
    # every event of Q3 2021, whoever took part, is the volume the share is taken of
    volume = sum([w(9.5), w(3.5 * c(2)), w(6.5), w(10 * c(2)), w(2.5), w(0),
                  w(9.5 * c(4)), w(2.5)], Decimal(0))
    shares = _json(runner, "dyad", "RUS", "KAZ", "--db", db, "--normalise", "volume")
    accuse = _figure(shares, "2021Q3", "RUS->KAZ", "verbal_conflict")
    assert accuse["denominator"] == {"what": "corpus volume", "value": float(volume)}
    assert accuse["value"] == pytest.approx(float(w(3.5 * c(2)) / volume), abs=1e-6)


def test_an_igo_counts_with_its_organs_and_a_joint_assault_is_between_its_sides(
        db: str, runner: CliRunner) -> None:
    eu = _json(runner, "dyad", "EU", "TJK", "--db", db)
    assert Decimal(_figure(eu, "2021Q2", "EU->TJK", "verbal_cooperation")["weight"]) == w(5)
    clash = _json(runner, "dyad", "KGZ", "TJK", "--db", db, "--by", "year")
    fight = _figure(clash, "2021", "KGZ+TJK", "material_conflict")
    assert Decimal(fight["weight"]) == w(9.5 * c(4))  # heavy weapons, four sources


def test_sparse_figures_are_marked_and_bands_hold_the_value(db: str,
                                                            options: Options) -> None:
    store = open_store(db)
    series = dyad_series(store, read_side("RUS"), read_side("KAZ"), Window(),
                         options.analytics)
    store.close()
    figures = [f for found in series.series.values() for f in found]
    assert all(f.sparse for f in figures)  # none rests on five events
    for figure in figures:
        assert figure.low is not None and figure.high is not None
        assert figure.low <= figure.raw <= figure.high or not figure.events
    empty = next(f for f in figures if not f.events)
    assert (empty.low, empty.high) == (0.0, 0.0)


# -- the influence index ---------------------------------------------------------------------
def _power(out: dict, period: str, power: str) -> dict:
    return next(p for p in out["periods"] if p["period"] == period)["powers"][power]


def test_the_influence_index_matches_the_paper(db: str, runner: CliRunner) -> None:
    out = _json(runner, "influence", "--db", db, "--powers", "RUS,CHN,USA,EU")
    assert [p["period"] for p in out["periods"]] == ["2021Q2", "2021Q3", "2021Q4"]
    rus_q2 = w(2.5 * c(3)) + w(4)
    assert Decimal(_power(out, "2021Q2", "RUS")["cooperation"]["weight"]) == rus_q2
    assert _power(out, "2021Q2", "RUS")["share"]["value"] == pytest.approx(
        float(rus_q2 / (rus_q2 + w(5))), abs=1e-6)
    assert _power(out, "2021Q2", "EU")["share"]["value"] == pytest.approx(
        float(w(5) / (rus_q2 + w(5))), abs=1e-6)
    # Q3: Russia's joint cooperation and military agreement against China's aid to
    # Kyrgyzstan (two sources) and America's agreement with Uzbekistan; China's request
    # scores 0 and is neither cooperation nor conflict
    rus, chn, usa = w(9.5) + w(2.5), w(10 * c(2)), w(2.5)
    q3 = {p: _power(out, "2021Q3", p) for p in ("RUS", "CHN", "USA")}
    assert Decimal(q3["CHN"]["cooperation"]["weight"]) == chn
    assert q3["CHN"]["cooperation"]["event_ids"] == ["ev-0000000000000006"]
    assert q3["CHN"]["conflict"]["count"] == 0
    assert Decimal(q3["RUS"]["conflict"]["weight"]) == w(3.5 * c(2))
    for power, weight in (("RUS", rus), ("CHN", chn), ("USA", usa)):
        assert q3[power]["share"]["value"] == pytest.approx(float(weight / (rus + chn + usa)),
                                                            abs=1e-6)
        assert q3[power]["share"]["denominator"]["value"] == float(rus + chn + usa)
    # Q4: aid to two countries of the region is one event for the region, one per target;
    # America's sanction on Russia is not about the region
    q4 = _power(out, "2021Q4", "RUS")
    assert q4["cooperation"]["count"] == 1 and q4["share"]["value"] == 1.0
    assert Decimal(q4["targets"]["KGZ"]["cooperation"]["weight"]) == w(10 * c(2))
    assert Decimal(q4["targets"]["TJK"]["cooperation"]["weight"]) == w(10 * c(2))
    assert _power(out, "2021Q4", "USA")["conflict"]["count"] == 0


def test_compare_names_the_change_guards_a_low_baseline_and_lists_its_events(
        db: str, runner: CliRunner) -> None:
    out = _json(runner, "influence", "--db", db, "--powers", "RUS,CHN,USA,EU",
                "--compare", "2021Q2", "2021Q3")
    assert (out["from"], out["to"]) == ("2021Q2", "2021Q3")
    chn = out["powers"]["CHN"]["cooperation"]
    assert chn["band"] == "new activity" and chn["ratio"] is None
    assert chn["drivers"]["in_second"][0]["event"] == "ev-0000000000000006"
    rus = out["powers"]["RUS"]["cooperation"]
    assert rus["events_from"] == 2 and "no percentage" in rus["guard"]
    assert rus["change"] == pytest.approx(float(w(12) - w(2.5 * c(3)) - w(4)), abs=1e-6)
    assert out["definition"]["hash"]


def test_the_definition_hash_follows_the_settings(db: str, runner: CliRunner) -> None:
    first = _json(runner, "influence", "--db", db)["definition"]["hash"]
    assert _json(runner, "influence", "--db", db)["definition"]["hash"] == first
    assert _json(runner, "influence", "--db", db, "--min-sources", "2"
                 )["definition"]["hash"] != first


def test_zscores_need_a_baseline(db: str, runner: CliRunner) -> None:
    out = _json(runner, "dyad", "RUS", "KAZ", "--db", db, "--by", "month", "--normalise",
                "zscore")
    figures = [f for p in out["periods"] for q in p["directions"].values() for f in q.values()]
    assert all(f["value"] is None and "baseline" in f["note"] for f in figures[:4])


def test_csv_lists_figures_with_their_events(db: str, runner: CliRunner) -> None:
    result = runner.invoke(app, ["influence", "--db", db, "--format", "csv"])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("period,start,end,power,target,figure,value,low,high,count")
    chinese_aid = [line for line in lines if ",CHN,region,cooperation," in line
                   and line.startswith("2021Q3")]
    assert chinese_aid and "ev-0000000000000006" in chinese_aid[0]


@pytest.mark.parametrize(("args", "message"), [
    (["dyad", "RUS", "Atlantis"], "Atlantis"),
    (["dyad", "RUS", "KAZ", "--by", "fortnight"], "fortnight"),
    (["influence", "--region", "EU"], "region of countries"),
    (["influence", "--compare", "2021Q3", "2021Q2"], "before"),
    (["influence", "--compare", "2021Q3", "2021-09"], "same kind"),
])
def test_bad_queries_are_refused_with_the_reason(db: str, runner: CliRunner,
                                                 args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2
    assert message in result.output


def test_regions_and_igos_are_read_from_the_project_tables() -> None:
    assert read_side("Central Asia").party.countries == ("KAZ", "KGZ", "TJK", "TKM", "UZB")
    assert "EUROPEAN_COMMISSION" in read_side("European Union").party.igos
    assert read_side("rus-mil").party.sectors == ("MIL",)
    with pytest.raises(OptionsError):
        read_side("Narnia")


def test_the_score_table_records_each_departure_from_the_manual() -> None:
    table = yaml.safe_load(SCORES.read_text(encoding="utf-8"))
    assert table["types"]["ACCUSE"]["score"] < 0  # printed +3 in the manual
    assert table["types"]["SANCTION"]["quad"] == "material_conflict"
    decided = {d["id"] for d in table["decisions"]}
    assert {"accuse-sign", "sanction-quad", "vandalize-mode"} <= decided
    assert len(table["types"]) == 16


def test_explain_in_the_terminal_lists_weights_sources_and_sentences(
        db: str, runner: CliRunner) -> None:
    result = runner.invoke(app, ["influence", "--db", db, "--powers", "CHN", "--explain",
                                 "--wide"])
    assert result.exit_code == 0, result.output
    assert "ev-0000000000000006 AID" in result.output
    assert "Sentence 0 of event 6." in result.output
    assert "16.931472 = |10.0| x (1 + ln(max(2, 1)))" in result.output


def test_examples_every_figure_adds_up_from_its_explained_events(
        examples_db: Path, runner: CliRunner) -> None:
    scores = yaml.safe_load(SCORES.read_text(encoding="utf-8"))["types"]
    for args in (["dyad", "KGZ", "TJK", "--by", "year"],
                 ["influence", "--by", "year"]):
        out = _json(runner, *args, "--db", str(examples_db), "--explain")
        assert out["periods"], args
        figures = list(_figures(out))
        assert any(f["count"] for f in figures)
        for figure in figures:
            parts = figure.get("contributions", [])
            assert sum((Decimal(p["weight"]) for p in parts), Decimal(0)) == Decimal(
                figure["weight"])
            for part in parts:
                event = out["events"][part["event"]]
                spec = scores[event["type"]]
                score = (spec.get("modes") or {}).get(event["mode"], spec["score"])
                assert event["score"] == score
                assert Decimal(part["weight"]) == w(abs(score) * c(event["independent_sources"]))
                assert event["sentences"] and event["modality"] in ("asserted", "reported")


def _figures(value: Any):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        if "event_ids" in value and "weight" in value:
            yield value
        for key, item in value.items():
            if key != "events":
                yield from _figures(item)
    elif isinstance(value, list):
        for item in value:
            yield from _figures(item)


UNSEEN = ROOT / "tests" / "fixtures" / "analytics"


def _figures_only(out: dict) -> list[dict]:
    """The powers' figures of each period, without the coverage diagnostics (which do
    count every stored document)."""
    return [{"period": p["period"], "powers": p["powers"]} for p in out["periods"]]


def test_an_opinion_piece_and_a_republication_change_no_figure(
        tmp_path: Path, runner: CliRunner) -> None:
    db = str(tmp_path / "unseen.duckdb")
    report = UNSEEN / "steppe-courier-2024-03-14-aktau-grain.txt"
    assert runner.invoke(app, ["ingest", str(report), "--db", db]).exit_code == 0
    query = ["influence", "--db", db, "--powers", "RUS,CHN", "--by", "month"]
    before = _json(runner, *query)
    assert _power(before, "2024-03", "RUS")["cooperation"]["count"] == 1
    assert _power(before, "2024-03", "CHN")["cooperation"]["count"] == 1
    # a column imagining sanctions and threats, and another outlet's copy of the report
    others = [str(UNSEEN / name) for name in (
        "caspian-review-2024-03-18-opinion-sanctions.txt",
        "ural-wire-republished-2024-03-15-aktau-grain.txt")]
    assert runner.invoke(app, ["ingest", *others, "--db", db]).exit_code == 0
    after = _json(runner, *query)
    # coverage counts the column, not the near-duplicate republication
    assert next(p for p in after["periods"])["coverage"]["documents"] == 2
    assert _figures_only(after) == _figures_only(before)
    assert after["definition"]["hash"] == before["definition"]["hash"]


def test_dyads_and_influence_export_as_tables_with_their_definition(
        db: str, runner: CliRunner, tmp_path: Path) -> None:
    import hashlib

    import duckdb

    table = tmp_path / "influence.parquet"
    result = runner.invoke(app, ["export", "--what", "influence", "--format", "parquet",
                                 "--db", db, "--powers", "RUS,CHN", "--out", str(table)])
    assert result.exit_code == 0, result.output
    rows = duckdb.sql(f"SELECT value, event_ids FROM '{table}' WHERE period = '2021Q3' "
                      "AND power = 'CHN' AND target = 'region' AND figure = 'cooperation'"
                      ).fetchall()
    assert rows == [(float(w(10 * c(2))), ["ev-0000000000000006"])]
    manifest = json.loads((tmp_path / "influence.parquet.manifest.json").read_text())
    shown = _json(runner, "influence", "--db", db, "--powers", "RUS,CHN")
    assert manifest["extra"]["definition"]["hash"] == shown["definition"]["hash"]
    [entry] = manifest["files"]
    assert entry["sha256"] == hashlib.sha256(table.read_bytes()).hexdigest()
    dyads = tmp_path / "dyads.csv"
    assert runner.invoke(app, ["export", "--what", "dyads", "--dyad", "RUS", "--dyad", "KAZ",
                               "--format", "csv", "--db", db, "--out", str(dyads)]
                         ).exit_code == 0
    lines = dyads.read_text().splitlines()
    assert len(lines) == 1 + 2 * 3 * 4  # two quarters, three directions, four quads
    refused = runner.invoke(app, ["export", "--what", "dyads", "--format", "csv", "--db", db,
                                  "--out", str(tmp_path / "x.csv")])
    assert refused.exit_code == 2 and "--dyad A --dyad B" in refused.output


def test_plot_option_draws_what_the_table_shows(db: str, runner: CliRunner,
                                                tmp_path: Path) -> None:
    picture = tmp_path / "influence.svg"
    result = runner.invoke(app, ["influence", "--db", db, "--powers", "RUS,CHN",
                                 "--plot", str(picture), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    svg = picture.read_text(encoding="utf-8")
    assert shown["definition"]["hash"] in svg and "Central Asia" in svg
    refused = runner.invoke(app, ["dyad", "RUS", "KAZ", "--db", db, "--plot",
                                  str(tmp_path / "dyad.gif")])
    assert refused.exit_code != 0 and ".png or .svg" in refused.output


CORPUS_2025 = UNSEEN / "central-asia-2025"


@pytest.fixture(scope="module")
def corpus_2025(tmp_path_factory: pytest.TempPathFactory, options: Options) -> str:
    """Eighteen reports and press releases a helper session wrote (without seeing the
    code) with an answer key: Russia leads in 2025Q2, China in 2025Q3; a future-tense
    report, a hypothetical, an opinion column and a republication are traps."""
    from eventwire.corroborate import corroborate
    from eventwire.runner import ingest

    path = str(tmp_path_factory.mktemp("corpus-2025") / "corpus.duckdb")
    store = open_store(path)
    ingest(store, options, [str(CORPUS_2025)])
    corroborate(store, options.corroborate, "test")
    store.close()
    return path


def test_the_index_moves_the_way_the_answer_key_says(corpus_2025: str,
                                                     runner: CliRunner) -> None:
    key = yaml.safe_load((CORPUS_2025 / "answer-key.yaml").read_text(encoding="utf-8"))
    out = _json(runner, "influence", "--db", corpus_2025, "--explain")
    assert [p["period"] for p in out["periods"]] == ["2025Q2", "2025Q3"]
    for power in ("RUS", "CHN", "USA", "TUR", "IRN", "EU"):
        expected = key["expected"][power]
        before, after = (_power(out, q, power) for q in ("2025Q2", "2025Q3"))
        for quarter, found in (("2025Q2", before), ("2025Q3", after)):
            for kind in ("cooperation", "conflict"):  # one event more or less at most
                assert abs(found[kind]["count"] - expected[quarter][kind]) <= 1, (
                    power, quarter, kind)
        want = _share(expected, "2025Q3", key) - _share(expected, "2025Q2", key)
        moved = (after["share"]["value"] or 0) - (before["share"]["value"] or 0)
        assert (moved > 0) == (want > 0) and (moved < 0) == (want < 0), power
    traps = {t["file"] for t in key["traps"]} - {
        t["file"] for t in key["traps"] if t["trap"] == "republication"}
    for event in out["events"].values():
        for sentence in event["sentences"]:
            assert Path(sentence["source"]).name not in traps, sentence


def _share(expected: dict, quarter: str, key: dict) -> float:
    total = key["expected"]["totals"][quarter]["cooperation"]
    return expected[quarter]["cooperation"] / total if total else 0.0
