"""Hostile and broken inputs: each ends in stored text or a clear reason, nothing is lost.

The corpus (tests/hostile_inputs.py) is written by code into a temporary folder and
ingested in one run into a DuckDB store, as a user would drop it into a folder.
"""

from __future__ import annotations

import io
import json
import os
import resource
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from eventwire.document import Document
from eventwire.errors import InputError, Reason
from eventwire.evaluation.places_times import evaluate_geo
from eventwire.evaluation.quotes import read_ann
from eventwire.ingest import archives, containers, feeds
from eventwire.ingest import html as html_module
from eventwire.ingest.containers import Draft, read_drafts
from eventwire.ingest.normalise import sha256_hex
from eventwire.ingest.sources import discover
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.runner import Outcome, Runner, StoreSink
from eventwire.store import DocumentFilter, open_store

from .hostile_inputs import PASSWD_MARK, WRITERS, Expect, sentence, write_corpus

KNOWN_REASONS = {reason.value for reason in Reason} - {Reason.INTERNAL.value}
STORED = {"stored", "near_duplicate"}
# The whole run's peak memory may grow by this much over what the session held before
# (the language models are loaded by then): a bomb that was unpacked, or a deep tree
# that was built, would take gigabytes.
MAX_RSS_GROWTH_MB = 1500


def _hostile_options(options: Options) -> Options:
    """A time limit that ends a hung input well within the test's patience yet leaves a
    loaded CI machine room (each input here reads in about a second on a free core), and
    a byte limit low enough for the oversized input to be small."""
    return options.model_copy(update={"ingest": options.ingest.model_copy(
        update={"extract_timeout": 60.0, "max_bytes": 2_000_000})})


@dataclass(frozen=True)
class HostileRun:
    expected: dict[str, Expect]
    outcomes: list[Outcome]
    documents: dict[str, Document]
    seconds: float
    rss_growth_mb: float


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory, options: Options,
                pipeline: Pipeline) -> HostileRun:
    folder = tmp_path_factory.mktemp("hostile")
    expected = write_corpus(folder / "corpus")
    # The pipeline loads its dictionaries when a first document asks (tens of seconds on
    # a loaded machine), inside that document's time limit: loaded before the run, so
    # the time limit measures the inputs.
    warm = Draft("warm.txt", "text", sentence(0), "test")
    pipeline.analyse(pipeline.document(warm, sha256_hex(sentence(0))))
    db = open_store(str(folder / "hostile.duckdb"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    report = Runner(_hostile_options(options), StoreSink(db), pipeline=pipeline).run(
        [str(folder / "corpus")])
    seconds = time.monotonic() - started
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    documents = {doc.id: doc for doc in db.iter_documents(DocumentFilter())}
    db.close()
    return HostileRun(expected, report.outcomes, documents, seconds, growth_mb)


def _by_input(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    grouped: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        grouped[Path(outcome.source).name].append(outcome)
    return grouped


def test_every_input_has_its_outcomes_and_nothing_is_an_internal_error(
        hostile_run: HostileRun) -> None:
    grouped = _by_input(hostile_run.outcomes)
    assert set(grouped) == set(hostile_run.expected)
    for outcome in hostile_run.outcomes:
        assert outcome.status in STORED | {"failed", "skipped"}, outcome
        if outcome.status not in STORED:
            assert outcome.reason in KNOWN_REASONS, outcome
            assert outcome.message, outcome


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_each_input_ends_as_expected(hostile_run: HostileRun, name: str) -> None:
    mine = _by_input(hostile_run.outcomes)[name]
    want = hostile_run.expected[name]
    stored = [o for o in mine if o.status in STORED]
    failed = {o.locator: o.reason for o in mine if o.status not in STORED}
    assert (len(stored), failed) == (want.stored, want.failures), \
        [(o.locator, o.status, o.reason, o.message) for o in mine]
    # one outcome per item: no locator is reported twice
    locators = Counter(o.locator for o in mine)
    assert all(count == 1 for count in locators.values()), locators
    for outcome in stored:
        text = hostile_run.documents[outcome.document_id].text  # type: ignore[index]
        for needle in want.contains:
            assert needle in text, (needle, text[:300])
        for needle in want.lacks:
            assert needle not in text, (needle, text[:300])


def test_nothing_hostile_reaches_a_stored_text_or_title(hostile_run: HostileRun) -> None:
    assert hostile_run.documents
    for doc in hostile_run.documents.values():
        assert PASSWD_MARK not in doc.text
        for text in (doc.text, doc.hints.title or "", doc.hints.author or "",
                     doc.hints.publisher or "", doc.url or ""):
            assert not any(char in text for char in "\x00\ud800\u202e\u200b"), text[:200]
    titles = {doc.hints.title for doc in hostile_run.documents.values()}
    assert "Invoicegpj.exe" in titles


def test_damaged_utf8_is_flagged_in_the_extractor(hostile_run: HostileRun) -> None:
    for outcome in hostile_run.outcomes:
        if outcome.status in STORED:
            doc = hostile_run.documents[outcome.document_id]  # type: ignore[index]
            flagged = doc.extractor.endswith("+replaced-invalid-bytes")
            assert flagged == (Path(outcome.source).name == "invalid-utf8.txt"), outcome


def test_the_run_is_bounded_in_time_and_memory(hostile_run: HostileRun) -> None:
    assert hostile_run.seconds < 600  # generous: minutes of slack on a loaded machine
    assert hostile_run.rss_growth_mb < MAX_RSS_GROWTH_MB


def test_a_feed_of_5000_items_is_read_in_bounded_time() -> None:
    items = "".join(f"<item><title>Item {n}</title><link>https://example.org/{n}</link>"
                    f"<description>&lt;p&gt;{sentence(n)}&lt;/p&gt;</description></item>"
                    for n in range(5000))
    data = f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()
    started = time.monotonic()
    drafts = list(read_drafts("wire.rss", data))
    assert time.monotonic() - started < 120  # about 3 s on a free core
    assert [d.locator for d in drafts] == [f"item {n}" for n in range(5000)]
    assert drafts[4999].text == sentence(4999)  # type: ignore[union-attr]


# -- archive caps, each on its own ---------------------------------------------------------
def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_with_too_many_members_is_refused_before_any_is_read(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBERS", 3)
    data = _zip({f"a{n}.txt": sentence(n).encode() for n in range(4)})
    with pytest.raises(InputError) as raised:
        list(read_drafts("many.zip", data))
    assert raised.value.reason == Reason.TOO_LARGE and "4 files" in raised.value.message


def test_the_archive_total_cap_refuses_the_members_past_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_TOTAL_BYTES", 2 * len(sentence(0)) + 10)
    data = _zip({f"a{n}.txt": sentence(n).encode() for n in range(4)})
    results = list(read_drafts("total.zip", data))
    assert [type(r).__name__ for r in results] == ["Draft", "Draft", "InputError",
                                                   "InputError"]
    assert all(r.reason == Reason.TOO_LARGE and r.locator == f"a{n}.txt"
               for n, r in enumerate(results) if isinstance(r, InputError))


def test_a_member_compressed_past_the_ratio_is_refused_early() -> None:
    packed = _zip({"zeros.txt": bytes(5 * 2**20), "fine.txt": sentence(1).encode()})
    started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = list(read_drafts("ratio.zip", packed))
    refused = [r for r in results if isinstance(r, InputError)]
    assert len(refused) == 1 and "times its packed size" in refused[0].message
    assert [r.text for r in results if isinstance(r, Draft)] == [sentence(1)]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - started < 200 * 1024


def test_office_documents_are_not_taken_for_folders() -> None:
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    with pytest.raises(InputError) as raised:
        list(read_drafts("letter.txt", data))
    assert raised.value.reason == Reason.BINARY


# -- the evaluation readers split records as ingest does ----------------------------------
def test_the_quote_gold_reader_keeps_spans_holding_line_separators(tmp_path: Path) -> None:
    text = "\u201cWe will\u2028 respond,\u0085 now\u201d the minister said."
    end = text.index("\u201d") + 1
    ann = tmp_path / "a.ann"
    ann.write_text(f"T1\tContent 0 {end}\t{text[:end]}\nT2\tSource 31 39\tminister\n"
                   "E1\tQuote:T1 Content:T1 Source:T2\n", encoding="utf-8", newline="")
    gold = read_ann(ann, text)
    assert [(g.content, g.source, g.direct) for g in gold] == [([(0, end)], [(31, 39)], True)]


def test_the_geo_gold_reader_reads_records_holding_line_separators(
        tmp_path: Path, pipeline: Pipeline) -> None:
    text = f"{sentence(0)}\u2028{sentence(1)}\u2029{sentence(2)}\u0085"
    at = text.index("Tashkent")
    gold = tmp_path / "geo.jsonl"
    gold.write_text(json.dumps({"text": text, "toponyms": [
        {"start": at, "end": at + len("Tashkent"), "lat": 41.31, "lon": 69.28}]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    figures = evaluate_geo(gold, pipeline)
    assert figures["recognition_recall"] == 1.0


def test_only_real_nesting_sends_a_page_past_the_parser() -> None:
    """Self-closing SVG shapes and many sibling blocks are no depth; 300 open <div>s are
    (libxml2 would drop everything past the 255th level)."""
    icons = "<svg>" + '<path d="M0 0h24v24H0z"/>' * 400 + "</svg>"
    siblings = "<div><p>a</p></div>" * 3000
    assert not html_module._parser_loses_text(f"<html><body>{icons}{siblings}</body></html>")
    assert html_module._parser_loses_text("<html><body>" + "<div>" * 300 + "</body></html>")


def test_links_loops_and_special_files_each_get_an_outcome(tmp_path: Path,
                                                           options: Options) -> None:
    """Two links back up the tree would repeat it exponentially, each copy one more
    level down; a pipe would block a reader; each is reported once instead."""
    folder = tmp_path / "inbox"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    (folder / "a" / "doc.txt").write_text(sentence(1))
    (folder / "a" / "up").symlink_to("..")
    (folder / "b" / "up").symlink_to("..")
    (folder / "again").symlink_to(".")
    (folder / "nowhere").symlink_to(tmp_path / "missing")
    os.mkfifo(folder / "pipe")
    found = list(discover([str(folder)], options.ingest))
    files = [f.source for f in found if not isinstance(f, InputError)]
    refused = {Path(e.source).name: e.reason for e in found if isinstance(e, InputError)}
    assert files == [str(folder / "a" / "doc.txt")]
    assert refused == {"up": Reason.UNREADABLE, "again": Reason.UNREADABLE,
                       "nowhere": Reason.UNREADABLE, "pipe": Reason.UNREADABLE}
    assert len(found) == 6  # the two "up" links, one outcome each


def test_a_file_name_that_is_not_utf8_is_read_and_named_with_escapes(
        tmp_path: Path, options: Options, pipeline: Pipeline) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/r\xe9sum\xe9.txt", "w") as out:  # Latin-1 bytes
        out.write(sentence(5))
    db = open_store(str(tmp_path / "names.duckdb"))
    try:
        report = Runner(_hostile_options(options), StoreSink(db), pipeline=pipeline).run(
            [str(folder)])
    finally:
        db.close()
    assert [(Path(o.source).name, o.status) for o in report.outcomes] == \
        [("r\\xe9sum\\xe9.txt", "stored")]


# -- how many items one input may give ----------------------------------------------------
def test_a_file_of_millions_of_broken_lines_stops_with_one_outcome_in_bounded_memory() -> None:
    """20 MB of "{}" lines is 7 million failures, each held until the input's turn."""
    data = json.dumps({"text": sentence(1)}).encode() + b"\n" + b"{}\n" * 6_000_000
    started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = list(read_drafts("junk.jsonl", data))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - started < 300 * 1024
    assert isinstance(results[0], Draft)
    assert len(results) == 1 + containers.MAX_FAILED_ITEMS + 1
    last = results[-1]
    assert isinstance(last, InputError) and last.reason == Reason.TOO_LARGE
    assert last.locator == f"after item {1 + containers.MAX_FAILED_ITEMS}"


def test_the_item_caps_keep_every_item_before_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers, "MAX_ITEMS", 5)
    lines = [json.dumps({"text": sentence(n)}) for n in range(8)]
    results = list(read_drafts("many.jsonl", "\n".join(lines).encode()))
    assert [r.locator for r in results] == [f"line {n}" for n in range(1, 6)] + ["after item 5"]
    monkeypatch.setattr(feeds, "MAX_ITEMS", 3)
    feed = "<rss><channel><title>W</title>" + "<item><title>x</title></item>" * 4 + \
        "</channel></rss>"
    with pytest.raises(InputError) as raised:
        list(read_drafts("many.rss", feed.encode()))
    assert raised.value.reason == Reason.TOO_LARGE and "4 items" in raised.value.message
