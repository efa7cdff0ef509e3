"""Review: analysts' corrections stored apart, applied to every figure and export through
corroboration, undoable, surviving re-analysis and re-ingest, exportable as training
examples, and served by the API and the review page (docs/review.md)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.api import create_app
from eventwire.cli import app
from eventwire.corroborate import corroborate
from eventwire.options import Options
from eventwire.runner import ingest
from eventwire.store import open_store

from .conftest import EXAMPLES

TREATY = "news/syr-darya-times-2022-12-22-kazakh-uzbek-allied-treaty.html"
CLASHES = "news/pamir-courier-2022-09-16-border-clashes.html"
REPUBLISHED = "news/saryarka-herald-republished-2022-12-23-kazakh-uzbek-allied-treaty.html"
ORIGIN = "http://testserver"  # the TestClient's own origin


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, options: Options) -> Path:
    """A store of two reports (the Kazakh-Uzbek treaty, the Kyrgyz-Tajik clashes), built
    once; each test corrects its own copy."""
    path = tmp_path_factory.mktemp("review") / "built.duckdb"
    store = open_store(str(path))
    ingest(store, options, [str(EXAMPLES / TREATY), str(EXAMPLES / CLASHES)])
    corroborate(store, options.corroborate, "built")
    store.close()
    return path


@pytest.fixture()
def db(built: Path, tmp_path: Path) -> str:
    copy = tmp_path / "review.duckdb"
    shutil.copy(built, copy)
    return str(copy)


def _cli(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _events(runner: CliRunner, db: str) -> list[dict[str, Any]]:
    return json.loads(_cli(runner, "events", "--db", db, "--format", "json"))


def _treaty(events: list[dict[str, Any]]) -> dict[str, Any]:
    found = [e for e in events if e["type"] in ("SUPPORT", "ASSAULT")
             and {"KAZ", "UZB"} <= {a["country"] for a in e["source"]}]
    assert len(found) == 1, "the signing is one event"
    return found[0]


def _correction_id(output: str) -> str:
    return output.split()[1].rstrip(":")


def _dyad_ids(runner: CliRunner, db: str) -> dict[str, set[str]]:
    """Event ids behind the KAZ-UZB dyad, by quad (every direction and period)."""
    out = json.loads(_cli(runner, "dyad", "KAZ", "UZB", "--db", db, "--by", "year",
                          "--format", "json"))
    by_quad: dict[str, set[str]] = {}
    for period in out["periods"]:
        for quads in period["directions"].values():
            for quad, figure in quads.items():
                by_quad.setdefault(quad, set()).update(figure["event_ids"])
    return by_quad


def _influence(runner: CliRunner, db: str) -> dict[str, Any]:
    return json.loads(_cli(runner, "influence", "--region", "UZB", "--powers", "KAZ",
                           "--db", db, "--by", "year", "--format", "json"))


def _influence_ids(out: dict[str, Any], kind: str) -> set[str]:
    return {i for p in out["periods"] for i in p["powers"]["KAZ"][kind]["event_ids"]}


def test_a_type_correction_changes_the_event_and_the_figures(runner: CliRunner,
                                                              db: str) -> None:
    treaty = _treaty(_events(runner, db))
    assert treaty["type"] == "SUPPORT" and "corrections" not in treaty
    assert treaty["id"] in _dyad_ids(runner, db)["verbal_cooperation"]
    assert treaty["id"] in _influence_ids(_influence(runner, db), "cooperation")

    added = _cli(runner, "review", "add", treaty["id"], "--field", "type", "--value",
                 "ASSAULT", "--reason", "a test of the figures", "--author", "tester",
                 "--db", db)
    correction = _correction_id(added)

    corrected = _treaty(_events(runner, db))
    assert corrected["id"] == treaty["id"], "the event keeps its id"
    assert corrected["type"] == "ASSAULT" and corrected["quad"] == "material_conflict"
    assert corrected["corrections"] == [correction]
    dyad = _dyad_ids(runner, db)
    assert treaty["id"] in dyad["material_conflict"]
    assert treaty["id"] not in dyad["verbal_cooperation"]
    influence = _influence(runner, db)
    assert treaty["id"] not in _influence_ids(influence, "cooperation")
    assert influence["definition"]["corrections"] == {"included": True, "in_force": 1}


def test_an_event_marked_wrong_leaves_figures_and_exports_and_undo_restores(
        runner: CliRunner, db: str, tmp_path: Path) -> None:
    treaty = _treaty(_events(runner, db))
    added = _cli(runner, "review", "wrong", treaty["id"], "--reason", "not a treaty",
                 "--author", "tester", "--db", db)
    correction = _correction_id(added)
    assert treaty["id"] not in {e["id"] for e in _events(runner, db)}
    assert not any(treaty["id"] in ids for ids in _dyad_ids(runner, db).values())
    out = tmp_path / "events.jsonl"
    _cli(runner, "export", "--what", "events", "--format", "jsonl", "--out", str(out),
         "--db", db)
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert exported and treaty["id"] not in {row["id"] for row in exported}
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text())
    assert manifest["extra"]["corrections"] == {"included": True, "in_force": 1}

    _cli(runner, "review", "undo", correction, "--reason", "it was one after all",
         "--author", "tester", "--db", db)
    restored = _treaty(_events(runner, db))
    assert restored["id"] == treaty["id"] and restored["type"] == "SUPPORT"
    assert "corrections" not in restored
    assert treaty["id"] in _dyad_ids(runner, db)["verbal_cooperation"]
    listed = json.loads(_cli(runner, "review", "list", "--all", "--format", "json",
                             "--db", db))
    assert [(c["id"], c["undone_by"], c["undo_reason"]) for c in listed] == [
        (correction, "tester", "it was one after all")], "undo marks, never deletes"
    assert json.loads(_cli(runner, "review", "list", "--format", "json", "--db", db)) == []


def test_corrections_hold_when_a_new_report_joins_the_event(runner: CliRunner,
                                                           db: str) -> None:
    """An incremental run (a new document) re-describes the event the report joins: the
    event's corrected type holds, and a mention marked wrong stays out."""
    treaty = _treaty(_events(runner, db))
    headline = next(m for m in treaty["mentions"] if "Tashkent" not in m["sentence"])
    typed = _correction_id(_cli(runner, "review", "add", treaty["id"], "--field", "type",
                                "--value", "AGREE", "--reason", "an agreement",
                                "--author", "tester", "--db", db))
    _cli(runner, "review", "wrong", headline["id"], "--reason", "a headline repeats the "
         "story", "--author", "tester", "--db", db)
    _cli(runner, "ingest", str(EXAMPLES / REPUBLISHED), "--db", db)
    events = _events(runner, db)
    joined = next(e for e in events if e["id"] == treaty["id"])
    assert any(m["path"].endswith(REPUBLISHED) for m in joined["mentions"]), \
        "the republication joins the treaty"
    # the wrong mention is no member any more, so only the event's own correction is on it
    assert joined["type"] == "AGREE" and joined["corrections"] == [typed]
    assert headline["id"] not in {m["id"] for e in events for m in e["mentions"]}


def _mention(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The treaty's mention in the body of the report (not its headline)."""
    return next(m for m in _treaty(events)["mentions"] if "Tashkent" in m["sentence"])


def test_a_mention_correction_survives_reanalyse_and_reingest(
        runner: CliRunner, db: str, options: Options) -> None:
    mention = _mention(_events(runner, db))
    _cli(runner, "review", "add", mention["id"], "--field", "type", "--value", "AGREE",
         "--reason", "the sentence agrees, it does not sign", "--author", "tester",
         "--db", db)

    def corrected_type() -> str:
        events = _events(runner, db)
        holding = [m for e in events for m in e["mentions"]
                   if m["sentence"] == mention["sentence"] and m["span"] == mention["span"]]
        assert len(holding) == 1
        return holding[0]["type"]

    assert corrected_type() == "AGREE"
    _cli(runner, "reanalyse", "--db", db)
    assert corrected_type() == "AGREE", "re-analysis keeps the correction"
    _cli(runner, "ingest", str(EXAMPLES / TREATY), "--db", db)
    assert corrected_type() == "AGREE", "re-ingest keeps the correction"

    # a new coder gives the mention another id: the correction follows its sentence and
    # trigger, not the id
    store = open_store(db)
    store.con.execute("UPDATE event_mentions SET id = 'recoded-mention', "
                      "event = json_merge_patch(event, '{\"id\": \"recoded-mention\"}') "
                      "WHERE id = ?", [mention["id"]])
    corroborate(store, options.corroborate, "recoded", rebuild=True)
    store.close()
    assert corrected_type() == "AGREE"
    listed = json.loads(_cli(runner, "review", "list", "--format", "json", "--db", db))
    assert listed[0]["attached_to"] == "recoded-mention" and not listed[0]["orphaned"]


def test_a_correction_whose_mention_is_gone_is_listed_as_orphaned(
        runner: CliRunner, db: str) -> None:
    mention = _mention(_events(runner, db))
    _cli(runner, "review", "wrong", mention["id"], "--reason", "headline only",
         "--author", "tester", "--db", db)
    store = open_store(db)
    # the coder no longer reads an event from that sentence
    store.con.execute("DELETE FROM event_mentions WHERE id = ?", [mention["id"]])
    store.close()
    listed = json.loads(_cli(runner, "review", "list", "--format", "json", "--db", db))
    assert [(c["target"], c["orphaned"]) for c in listed] == [(mention["id"], True)]
    assert "ORPHANED" in _cli(runner, "review", "list", "--wide", "--db", db)


def test_the_training_export_has_the_corrected_label(runner: CliRunner, db: str,
                                                     tmp_path: Path) -> None:
    treaty = _treaty(_events(runner, db))
    _cli(runner, "review", "add", treaty["id"], "--field", "type", "--value", "AGREE",
         "--reason", "an agreement", "--author", "tester", "--db", db)
    out = tmp_path / "examples.jsonl"
    _cli(runner, "review", "export", "--out", str(out), "--db", db)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows, "the corrected event's mentions give examples"
    for row in rows:
        assert row["type"] == "AGREE"
        assert row["text"].count("<s>") == 1 and row["text"].count("<t>") == 1
        assert {row["source_country"], row["target_country"]} == {"KAZ", "UZB"}
        assert {"text", "type", "mode", "modality", "register", "id"} <= set(row)


@pytest.fixture()
def client(db: str, options: Options) -> Iterator[TestClient]:
    with TestClient(create_app(db, options)) as served:
        yield served


def test_the_api_validates_and_refuses_cross_site_posts(client: TestClient, db: str,
                                                        runner: CliRunner) -> None:
    treaty = _treaty(_events(runner, db))
    missing = client.post("/api/corrections", json={"target": treaty["id"],
                                                    "field": "type", "value": "AGREE"})
    assert missing.status_code == 422
    assert set(missing.json()) == {"error"} and missing.json()["error"]["code"] == "E422"
    assert "reason" in missing.json()["error"]["message"]
    blank = client.post("/api/corrections", json={"target": treaty["id"], "field": "type",
                                                  "value": "AGREE", "reason": "   "})
    assert blank.status_code == 422
    bad = client.post("/api/corrections", json={"target": treaty["id"], "field": "type",
                                                "value": "HUG", "reason": "x"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "E150"
    form = client.post("/api/corrections", data={"target": treaty["id"], "field": "type",
                                                 "value": "AGREE", "reason": "x"})
    assert form.status_code == 415
    foreign = client.post("/api/corrections", headers={"Origin": "https://elsewhere.example"},
                          json={"target": treaty["id"], "field": "wrong", "reason": "x"})
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "E403"
    cross_page = client.post(f"/review/events/{treaty['id']}",
                             headers={"Origin": "https://elsewhere.example"},
                             data={"action": "correct", "field": "wrong", "reason": "x"})
    assert cross_page.status_code == 403
    assert client.get("/api/corrections").json()["in_force"] == 0, "nothing got through"

    made = client.post("/api/corrections", headers={"Origin": ORIGIN},
                       json={"target": treaty["id"], "field": "type", "value": "AGREE",
                             "reason": "an agreement", "author": "api-test"})
    assert made.status_code == 201
    listed = client.get("/api/corrections").json()
    assert listed["included"] is True and [c["id"] for c in listed["corrections"]] == [
        made.json()["id"]]
    undone = client.post(f"/api/corrections/{made.json()['id']}/undo",
                         json={"reason": "changed my mind"})
    assert undone.status_code == 200 and undone.json()["undone_by"] == "api"
    assert client.get("/api/corrections").json()["in_force"] == 0


def test_the_review_page_corrects_by_form_and_escapes_document_text(
        client: TestClient, db: str, runner: CliRunner) -> None:
    treaty = _treaty(_events(runner, db))
    form = client.get(f"/review/events/{treaty['id']}").text
    found = re.search(r'name="csrf" value="([^"]+)"', form)
    assert found is not None, "the form carries the session's double-submit token"
    page = client.post(f"/review/events/{treaty['id']}", headers={"Origin": ORIGIN},
                       data={"action": "correct", "field": "type", "value": "AGREE",
                             "reason": "an agreement", "csrf": found.group(1)},
                       follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/review/events/{treaty['id']}"
    shown = client.get(f"/review/events/{treaty['id']}")
    assert shown.status_code == 200 and "AGREE" in shown.text and "an agreement" in shown.text
    assert "<script" not in shown.text and " style=" not in shown.text

    client.close()  # the app's store, so that this test can write a hostile sentence
    store = open_store(db)
    event = store.get_event(treaty["id"])
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    members = [m.model_copy(update={"sentence": hostile}) for m in event.mentions]
    store.replace_some_events({event.id}, [event.model_copy(update={
        "mentions": members, "revisions": None})], [], None)
    store.close()
    with TestClient(create_app(db, client.app.state.served.options)) as fresh:
        text = fresh.get(f"/review/events/{treaty['id']}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
    assert "<script>" not in text and "<b>bold" not in text
