"""The command line, end to end, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pytest
import typer
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.contract import generate_schema, published_schema
from eventwire.store import DocumentFilter, open_store

from .conftest import EXAMPLES, FIXTURES

SAMPLE = FIXTURES / "anatomy" / "pr-media-office-afghanistan-hijri.txt"


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every command and subcommand (typer may bring its own click: duck-typed)."""
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if hasattr(command, "commands"):
            found.extend(_commands(command, prefix + name + " "))
    return found


def test_every_command_has_help(runner: CliRunner) -> None:
    commands = _commands(typer.main.get_command(app))
    assert {"ingest", "run", "extract", "docs", "show", "export", "summary"} <= {
        name for name, _ in commands}
    for name, command in commands:
        assert command.help, f"{name} has no help text"
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, name


def test_published_schema_matches_the_code() -> None:
    assert published_schema() == generate_schema(), (
        "regenerate: eventwire schema > src/eventwire/schema/contract.schema.json")


def test_extract_output_follows_the_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), str(EXAMPLES / "feeds"),
                                 "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 11  # one press release, 6 RSS items, 4 Atom entries
    schema = published_schema()
    for record in records:
        jsonschema.validate(record, schema)
    doc = records[0]["document"]
    assert doc["publisher"] == "Media Office of the Party of Unity and Justice in Afghanistan"
    assert doc["translated"] is True
    assert doc["genre"] == "press_release"
    assert {"work": "Quran", "ref": "3:103"} in [
        {k: s[k] for k in ("work", "ref")} for s in doc["scripture"]]
    for passage in doc["passages"]:
        start, end = passage["span"]
        assert doc["text"][start:end].strip()


def test_documented_fields_all_appear(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE)])
    document = json.loads(result.stdout)["document"]
    documented = set(published_schema()["$defs"]["ContractDocument"]["properties"])
    assert documented == set(document)


def test_ingest_docs_show_export(tmp_path: Path, runner: CliRunner, store_url: str) -> None:
    db = store_url
    result = runner.invoke(app, ["run", str(EXAMPLES), "--db", db])
    assert result.exit_code == 0, result.output
    assert "near duplicates" in result.stdout
    assert "press_release" in result.stdout

    listed = runner.invoke(app, ["docs", "--db", db, "--genre", "statement", "--format", "json"])
    rows = json.loads(listed.stdout)
    assert rows and all(r["genre"] == "statement" for r in rows)

    shown = runner.invoke(app, ["show", rows[0]["id"][:10], "--db", db])
    assert shown.exit_code == 0
    assert rows[0]["id"] in shown.stdout

    out = tmp_path / "docs.parquet"
    exported = runner.invoke(app, ["export", "--db", db, "--format", "parquet", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    count = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()
    store = open_store(db)
    total = store.count(DocumentFilter(duplicates=True))
    store.close()
    assert count == (total,) and total > 0

    refused = runner.invoke(app, ["export", "--db", db, "--format", "csv", "--out", str(out)])
    assert refused.exit_code == 1
    assert "--force" in refused.output

    jsonl = tmp_path / "docs.jsonl"
    runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "--out", str(jsonl),
                        "--genre", "opinion"])
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["document"]["genre"] == "opinion" for line in lines)


@pytest.mark.parametrize("args", [["show", "zzzzzz"], ["export", "--format", "xml", "--out", "x"]])
def test_bad_arguments_fail_with_a_message(tmp_path: Path, runner: CliRunner,
                                           args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "e.duckdb")])
    assert result.exit_code != 0
    assert result.output.strip()


def test_rich_markup_in_documents_is_not_interpreted(tmp_path: Path, runner: CliRunner) -> None:
    hostile = tmp_path / "markup.txt"
    hostile.write_text("[bold red]Statement[/bold red] on [link=http://evil.example]talks[/link]"
                       "\n\nThe ministry said the talks in Bishkek were [blink]useful[/blink].")
    db = str(tmp_path / "m.duckdb")
    runner.invoke(app, ["ingest", str(hostile), "--db", db])
    rows = json.loads(runner.invoke(app, ["docs", "--db", db, "--format", "json"]).stdout)
    shown = runner.invoke(app, ["show", rows[0]["id"], "--db", db])
    assert "[blink]useful[/blink]" in shown.stdout


def test_public_surface_is_sorted_and_importable() -> None:
    import eventwire

    assert eventwire.__all__ == sorted(eventwire.__all__)
    for name in eventwire.__all__:
        assert getattr(eventwire, name) is not None


# a treaty reported once and republished twice, and an exercise in two reports and a column
CORROBORATED = ["news/syr-darya-times-2022-12-22-kazakh-uzbek-allied-treaty.html",
                "news/saryarka-herald-republished-2022-12-23-kazakh-uzbek-allied-treaty.html",
                "news/vakhsh-herald-2021-08-05-harb-maidon-drills.html",
                "news/amu-darya-dispatch-2021-08-10-harb-maidon-exercise-ends.html",
                "opinion/column-harb-maidon-drills-2021.txt"]


def _store_commands(db: str, runner: CliRunner, out: Path) -> dict[str, Any]:
    """What a user sees of one store after ingesting and corroborating CORROBORATED."""
    def ok(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 0, f"{args}: {result.output}"
        return result.stdout

    ok("ingest", *(str(EXAMPLES / name) for name in CORROBORATED))
    ok("corroborate")
    events = json.loads(ok("events", "--format", "json"))
    assert events, "the examples hold corroborated events"
    first = json.loads(ok("event", events[0]["id"][:12], "--format", "json"))
    out.mkdir()
    ok("export", "--what", "events", "--format", "jsonl", "--out", str(out / "events.jsonl"))
    ok("export", "--what", "mentions", "--format", "csv", "--out", str(out / "mentions.csv"))
    exported = [json.loads(line) for line in
                (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    return {
        "docs": json.loads(ok("docs", "--format", "json")),
        "actors": json.loads(ok("actors", "--format", "json")),
        "events": events,
        "event": {k: v for k, v in first.items() if k != "revisions"},
        "revisions": [{k: v for k, v in r.items() if k not in ("at", "run")}
                      for r in first.get("revisions", [])],
        "exported": [{k: v for k, v in row.items() if k != "mention_ids"} for row in exported],
        "mentions_csv_header": (out / "mentions.csv").read_text().splitlines()[0],
        "mentions_csv_rows": len((out / "mentions.csv").read_text().splitlines()),
        "dyad": json.loads(ok("dyad", "KAZ", "UZB", "--format", "json")),
    }


def test_both_backends_show_the_same_store(tmp_path: Path, runner: CliRunner,
                                           pg_url: str) -> None:
    """ingest, corroborate, docs, actors, events, event, export and dyad, on DuckDB and on
    PostgreSQL: the same documents, the same events with the same ids, the same files."""
    on_duckdb = _store_commands(str(tmp_path / "cli.duckdb"), runner, tmp_path / "duck")
    on_postgres = _store_commands(pg_url, runner, tmp_path / "pg")
    for key, seen in on_duckdb.items():
        assert on_postgres[key] == seen, key
