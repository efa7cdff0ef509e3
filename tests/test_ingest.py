"""Ingest end to end: formats, bad inputs with reasons, duplicates, idempotence."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.ingest.sources import STDIN
from eventwire.options import Options
from eventwire.runner import Runner, StoreSink
from eventwire.store import DocumentFilter, DuckDBStore

from .conftest import EXAMPLES

NEWS_HTML = """<!doctype html><html><head><title>Uzbekistan and Kazakhstan open a new border
crossing | Aral Post</title><meta property="og:site_name" content="Aral Post">
<meta property="article:published_time" content="2024-03-12T09:00:00+05:00"></head>
<body><nav><a href="/">Home</a> <a href="/region">Region</a></nav>
<article><h1>Uzbekistan and Kazakhstan open a new border crossing</h1>
<p>TASHKENT, March 12 (Aral Post) — Uzbekistan and Kazakhstan opened a new road crossing
near Saryagash on Tuesday, officials of both countries said, in a move meant to cut waiting
times for lorries carrying fruit and vegetables to Russian markets.</p>
<p>The crossing can handle up to 5,000 vehicles a day, the Kazakh State Revenue Committee
said. According to the Tashkent Evening Courier, queues at the old post had reached 12
kilometres last month.</p></article>
<footer>© 2024 Aral Post. All rights reserved.</footer></body></html>"""


def _ingest(store: DuckDBStore, options: Options, paths: list[str]) -> Runner:
    ingestor = Runner(options, StoreSink(store))
    ingestor.run(paths)
    return ingestor


def _outcomes(ingestor: Runner) -> dict[str, tuple[str, str | None]]:
    return {Path(o.source).name + (f"#{o.locator}" if o.locator else ""): (o.status, o.reason)
            for o in ingestor.report.outcomes}


def test_examples_ingest_once_and_reingest_changes_nothing(store: DuckDBStore,
                                                           options: Options) -> None:
    first = _ingest(store, options, [str(EXAMPLES)])
    stored = store.count()
    summary = first.report.summary()
    assert stored >= 40
    assert summary["failed"] == {}
    assert summary["skipped"] == {"unsupported_format": 3}  # the gold YAML files
    assert summary["near_duplicates"] >= 3
    ids = {row["id"] for row in store.list_documents(DocumentFilter())}
    before = store.con.execute("SELECT id, document FROM documents ORDER BY id").fetchall()

    second = _ingest(store, options, [str(EXAMPLES)])
    assert store.count() == stored
    assert {row["id"] for row in store.list_documents(DocumentFilter())} == ids
    assert store.con.execute("SELECT id, document FROM documents ORDER BY id").fetchall() == before
    assert second.report.summary()["skipped"] == {"exact_duplicate": stored,
                                                   "unsupported_format": 3}


def test_bad_inputs_get_reasons_and_the_rest_is_stored(tmp_path: Path, store: DuckDBStore,
                                                      options: Options) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "dump.dat").write_bytes(b"\x00\x01\x02" + bytes(range(256)) * 40)
    (folder / "truncated.html").write_text(NEWS_HTML[: NEWS_HTML.index("According to")])
    big = folder / "huge.txt"
    with big.open("wb") as stream:  # a sparse 50 MB file, refused before it is read
        stream.truncate(50 * 1024 * 1024)
    latin = "Le ministre a déclaré à Bichkek que la coopération régionale était « essentielle »."
    (folder / "latin1.txt").write_bytes((latin + "\n\n" + latin).encode("latin-1"))
    (folder / "good.html").write_text(NEWS_HTML)
    (folder / ".hidden.txt").write_text("a hidden note that must not be read")

    ingestor = _ingest(store, options, [str(folder)])
    outcomes = _outcomes(ingestor)
    assert outcomes["empty.txt"] == ("failed", "empty")
    assert outcomes["image.png"] == ("skipped", "unsupported_format")
    assert outcomes["dump.dat"] == ("failed", "binary")
    assert outcomes["huge.txt"] == ("failed", "too_large")
    assert outcomes[".hidden.txt"] == ("skipped", "hidden")
    assert outcomes["latin1.txt"] == ("stored", None)
    assert outcomes["good.html"] == ("stored", None)
    # The truncated page is the first two thirds of good.html: kept, as its republication.
    assert outcomes["truncated.html"] == ("near_duplicate", None)
    texts = {Path(d.source).name: d.text for d in store.iter_documents(DocumentFilter())}
    assert "déclaré à Bichkek" in texts["latin1.txt"]
    assert "opened a new road crossing near Saryagash" in texts["truncated.html"]
    assert "All rights reserved" not in texts["good.html"]
    messages = [o.message for o in ingestor.report.outcomes if o.status == "failed"]
    assert any("max_bytes" in (m or "") for m in messages)


def test_jsonl_bad_line_fails_alone(tmp_path: Path, store: DuckDBStore, options: Options) -> None:
    lines = [
        json.dumps({"text": "Kyrgyzstan and Tajikistan agreed on Tuesday to reopen two "
                    "border posts in the Batken region, officials said.",
                    "published": "2023-03-07", "publisher": "Batken Herald"}),
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "Turkmenistan and Iran signed a gas swap extension in Ashgabat "
                    "on Wednesday, the two foreign ministries said.", "url": "https://x.example/a"}),
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(lines) + "\n")
    outcomes = _outcomes(_ingest(store, options, [str(path)]))
    assert outcomes["items.jsonl#line 1"] == ("stored", None)
    assert outcomes["items.jsonl#line 2"] == ("failed", "malformed")
    assert outcomes["items.jsonl#line 3"] == ("failed", "malformed")
    assert outcomes["items.jsonl#line 4"] == ("stored", None)
    doc = next(d for d in store.iter_documents(DocumentFilter()) if d.locator == "line 1")
    assert doc.anatomy is not None
    assert doc.anatomy.published == "2023-03-07"
    assert doc.anatomy.publisher == "Batken Herald"


def test_feed_with_entity_expansion_is_refused(tmp_path: Path, store: DuckDBStore,
                                               options: Options) -> None:
    bomb = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss version="2.0"><channel><title>Bomb</title><item><title>&b;</title>
<description>Text of the item that would be expanded many times over.</description>
</item></channel></rss>"""
    path = tmp_path / "bomb.xml"
    path.write_text(bomb)
    outcomes = _outcomes(_ingest(store, options, [str(path)]))
    assert outcomes["bomb.xml"] == ("failed", "unsafe_xml")
    assert store.count() == 0


def test_near_duplicate_is_stored_with_duplicate_of(tmp_path: Path, store: DuckDBStore,
                                                    options: Options) -> None:
    original = EXAMPLES / "news" / "pamir-courier-2022-09-16-border-clashes.html"
    copy = EXAMPLES / "news" / "highland-mirror-republished-2022-09-17-border-ceasefire.html"
    _ingest(store, options, [str(original)])
    _ingest(store, options, [str(copy)])
    docs = {Path(d.source).name: d for d in store.iter_documents(DocumentFilter())}
    assert docs[copy.name].duplicate_of == docs[original.name].id
    assert docs[copy.name].similarity is not None and docs[copy.name].similarity >= 0.7
    unrelated = EXAMPLES / "news" / "oxus-daily-2023-10-12-qosh-tepa-canal.html"
    _ingest(store, options, [str(unrelated)])
    assert store.get(_id_of(store, unrelated.name)).duplicate_of is None


def _id_of(store: DuckDBStore, name: str) -> str:
    return next(d.id for d in store.iter_documents(DocumentFilter()) if d.source.endswith(name))


def test_original_bytes_are_kept(store: DuckDBStore, options: Options) -> None:
    path = EXAMPLES / "feeds" / "caspian-wire-rss.xml"
    _ingest(store, options, [str(path)])
    docs = list(store.iter_documents(DocumentFilter()))
    assert len(docs) == 6
    assert {d.raw_sha256 for d in docs} == {docs[0].raw_sha256}
    assert store.raw_bytes(docs[0].raw_sha256) == path.read_bytes()
    assert all(d.extractor.startswith("eventwire.ingest.feed.") for d in docs)
    assert store.con.execute("SELECT count(*) FROM raw_sources").fetchone() == (1,)


def test_stdin_is_an_input(monkeypatch: pytest.MonkeyPatch, store: DuckDBStore,
                           options: Options) -> None:
    text = ("Press release\n\nMongolia and China agreed on Friday to expand the Zamyn-Uud "
            "border crossing, the Ministry said.\n\nPress Service of the Ministry of Foreign "
            "Affairs of Mongolia\nUlaanbaatar, 14 June 2024\n")

    class _Stdin:
        buffer = io.BytesIO(text.encode())

    monkeypatch.setattr("sys.stdin", _Stdin)
    _ingest(store, options, [STDIN])
    (doc,) = store.iter_documents(DocumentFilter())
    assert doc.source == "-"
    assert doc.anatomy is not None
    assert doc.anatomy.publisher == "Press Service of the Ministry of Foreign Affairs of Mongolia"
    assert doc.anatomy.published == "2024-06-14"
    assert doc.anatomy.genre == "press_release"


def test_missing_path_is_reported(tmp_path: Path, store: DuckDBStore, options: Options) -> None:
    outcomes = _outcomes(_ingest(store, options, [str(tmp_path / "nowhere.txt")]))
    assert outcomes["nowhere.txt"] == ("failed", "not_found")


def test_a_stage_crashing_on_one_document_is_logged_and_the_document_kept(
        monkeypatch: pytest.MonkeyPatch, store: DuckDBStore, options: Options) -> None:
    from eventwire import anatomy

    real = anatomy.analyse

    def fragile(doc, opts, ident):  # type: ignore[no-untyped-def]
        if "Hairatan" in doc.text:
            raise KeyError("boom")
        return real(doc, opts, ident)

    monkeypatch.setattr(anatomy, "analyse", fragile)
    ingestor = _ingest(store, options, [str(EXAMPLES / "news")])
    partial = [o for o in ingestor.report.outcomes if o.reason == "partial"]
    assert partial and all(o.status in ("stored", "near_duplicate") for o in partial)
    assert "KeyError: 'boom'" in (partial[0].message or "")
    assert store.count() == len(ingestor.report.outcomes) - sum(
        o.status in ("failed", "skipped") for o in ingestor.report.outcomes)
    # stored with the container's metadata for anatomy, and every other layer made
    doc = store.get(partial[0].document_id or "")
    assert doc is not None and "Hairatan" in doc.text
    assert [(s.stage, s.reason) for s in doc.skipped] == [
        ("eventwire.anatomy.rules.v1", "internal_error")]
    assert doc.anatomy is not None and doc.actors and doc.events is not None


def test_slow_extraction_times_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                   store: DuckDBStore, options: Options) -> None:
    import time

    from eventwire.ingest import containers

    def slow(source: str, data: bytes):  # type: ignore[no-untyped-def]
        time.sleep(5)
        yield from ()

    monkeypatch.setattr("eventwire.runner.read_drafts", slow)
    assert containers.read_drafts is not slow
    path = tmp_path / "slow.txt"
    path.write_text("Kazakhstan and China held talks in Astana on transit routes.")
    quick = options.with_overrides({"ingest": {"extract_timeout": 0.2}})
    outcomes = _outcomes(_ingest(store, quick, [str(path)]))
    assert outcomes["slow.txt"] == ("failed", "timeout")


def test_extract_lists_a_crash_and_goes_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           runner: CliRunner) -> None:
    """extract goes through the runner: one item's crash is an outcome, not the end."""
    from eventwire.ingest import containers

    def fragile(source: str, data: bytes):  # type: ignore[no-untyped-def]
        if source.endswith("bad.txt"):
            raise KeyError("boom")
        yield from containers.read_drafts(source, data)

    monkeypatch.setattr("eventwire.runner.read_drafts", fragile)
    for name in ("bad.txt", "good.txt"):
        (tmp_path / name).write_text("Kazakhstan and China held talks in Astana on transit "
                                     "routes on Monday, officials said.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1  # good.txt
    assert "failed internal_error" in result.stderr and "bad.txt" in result.stderr
