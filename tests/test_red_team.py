"""Hostile inputs found by a red-team pass that the other hostile-input tests did not try.

Each test is one finding. Before the fixes, a record or a page ended the reading of its
whole file with an internal error (losing the good records beside it) instead of failing
alone with a reason, a fetched body cut short of its Content-Length was stored as if it
were whole, a number past the stores' integers in a query was a server error, and names
from inputs reached the terminal with their escape sequences, and one analysis of an
upload of many records had no limit on its time as a whole.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from eventwire.api import create_app
from eventwire.api.routes import analyse as analyse_route
from eventwire.cli.render import Column, render_table, terminal_safe
from eventwire.errors import InputError, Reason
from eventwire.ingest.containers import Draft, read_drafts
from eventwire.ingest.fetch import fetch
from eventwire.options import FetchOptions, Options
from eventwire.pipeline import Pipeline
from eventwire.runner import KeepSink, Runner

ARTICLE = ("The Prime Minister of Norway met the President of France in Paris on Monday "
           "to discuss fishing quotas and a new trade agreement. ") * 2
# Python refuses to turn more than 4,300 digits into an int (a guard against quadratic
# conversion) and json raises a bare ValueError, not a JSONDecodeError, when it does.
LONG_INTEGER = "7" * 5_000


def _texts(results: list[Draft | InputError]) -> list[str]:
    return [r.text for r in results if isinstance(r, Draft)]


def _failures(results: list[Draft | InputError]) -> list[InputError]:
    return [r for r in results if isinstance(r, InputError)]


def test_a_jsonl_line_with_a_huge_integer_fails_alone() -> None:
    data = "\n".join([
        json.dumps({"text": ARTICLE, "title": "first"}),
        '{"text": "a record with a counter", "views": ' + LONG_INTEGER + "}",
        json.dumps({"text": ARTICLE + " Second.", "title": "third"}),
    ]).encode()
    results = list(read_drafts("wire.jsonl", data))
    assert _texts(results) == [ARTICLE, ARTICLE + " Second."]
    (failure,) = _failures(results)
    assert failure.reason is Reason.MALFORMED and failure.locator == "line 2"
    assert "number too long" in failure.message


def test_a_damaged_json_array_with_a_huge_integer_keeps_the_other_items() -> None:
    # The trailing comma makes the array invalid as a whole, so it is read item by item.
    data = ("[\n" + json.dumps({"text": ARTICLE}) + ",\n"
            '{"text": "counted", "views": ' + LONG_INTEGER + "},\n"
            + json.dumps({"text": ARTICLE + " Again."}) + ",\n]").encode()
    results = list(read_drafts("export.json", data))
    assert _texts(results) == [ARTICLE, ARTICLE + " Again."]
    (failure,) = _failures(results)
    assert failure.locator == "item 1" and "number too long" in failure.message


def test_a_single_json_record_with_a_huge_integer_is_malformed() -> None:
    data = ('{"text": ' + json.dumps(ARTICLE) + ', "id": ' + LONG_INTEGER + "}").encode()
    try:
        results = list(read_drafts("one.json", data))
    except InputError as error:
        results = [error]
    (failure,) = results
    assert isinstance(failure, InputError) and failure.reason is Reason.MALFORMED


def test_an_svg_document_named_html_fails_with_a_reason() -> None:
    # An <svg> root with a script trips an assertion in lxml's drop_tree inside htmldate.
    page = ("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script>"
            f"<foreignObject><p>{ARTICLE}</p></foreignObject></svg>").encode()
    try:
        results = list(read_drafts("logo.html", page))
    except InputError as error:
        results = [error]
    for result in results:
        assert isinstance(result, Draft | InputError)
        assert "alert(1)" not in getattr(result, "text", "")


@pytest.mark.parametrize("encoding", ["utf-32", "utf-7"])
def test_a_feed_declaring_an_encoding_expat_cannot_read_is_malformed(encoding: str) -> None:
    # expat raises a bare ValueError ("multi-byte encodings are not supported") for these
    feed = (f"<?xml version='1.0' encoding='{encoding}'?><rss version='2.0'><channel>"
            f"<title>Wire</title><item><title>Talks</title><description>{ARTICLE}"
            "</description></item></channel></rss>").encode()
    with pytest.raises(InputError) as refused:
        list(read_drafts("wire.rss", feed))
    assert refused.value.reason is Reason.MALFORMED and "encoding" in refused.value.message


@pytest.mark.parametrize("front", ["date: 2021-02-30", "title: " + LONG_INTEGER,
                                   "published: " + LONG_INTEGER])
def test_front_matter_yaml_cannot_read_stays_in_the_text(front: str) -> None:
    # safe_load raises ValueError, not a YAMLError, for an impossible date or a huge int
    page = f"---\nauthor: Desk\n{front}\n---\n{ARTICLE}".encode()
    (draft,) = read_drafts("briefing.md", page)
    assert isinstance(draft, Draft) and ARTICLE.strip() in draft.text
    assert front.split(":")[0] in draft.text  # the front matter is kept as text


# -- fetching -------------------------------------------------------------------------------
PAGE = f"<html><body><p>{ARTICLE}</p></body></html>".encode()
LOOPBACK = FetchOptions(allow_private=True, timeout=2.0, connect_timeout=2.0)


def _short_body(connection: socket.socket) -> None:
    """Promises 100,000 bytes, sends the page, hangs up: a dropped connection or a
    server that died mid-response."""
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                       b"Content-Length: 100000\r\n\r\n" + PAGE)


def _slow_declared_body(connection: socket.socket) -> None:
    """Promises 100,000 bytes and sends one every 0.1 s, until the client hangs up."""
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    while True:
        connection.sendall(b"a")
        time.sleep(0.1)


def _answer(listener: socket.socket, routes: dict[str, object]) -> None:
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:  # the listener was closed: the test is over
            return
        with connection:
            try:
                request = connection.recv(65536).decode("latin-1")
                routes[request.split(" ")[1]](connection)  # type: ignore[operator]
            except OSError:  # the client hung up
                pass


@pytest.fixture
def raw_server() -> Iterator[str]:
    """A server that writes raw, dishonest responses (http.server would fix them)."""
    listener = socket.create_server(("127.0.0.1", 0))
    routes = {"/short": _short_body, "/slow": _slow_declared_body}
    thread = threading.Thread(target=_answer, args=(listener, routes), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_a_body_shorter_than_its_content_length_fails_as_truncated(raw_server: str) -> None:
    with pytest.raises(InputError) as cut:
        fetch(raw_server + "/short", LOOPBACK)
    assert cut.value.reason is Reason.FETCH_FAILED
    assert "truncated" in cut.value.message and "100,000" in cut.value.message


def test_a_slow_body_with_a_content_length_still_times_out(raw_server: str) -> None:
    with pytest.raises(InputError) as slow:
        fetch(raw_server + "/slow", LOOPBACK)
    assert slow.value.reason is Reason.FETCH_FAILED
    assert "(fetch.timeout)" in slow.value.message


# -- the API and the dashboard -----------------------------------------------------------------
# 10**40 is past the 64-bit (and 128-bit) integers the stores compare with.
HUGE = str(10**40)


@pytest.fixture
def served(tmp_path: Path, options: Options) -> Iterator[TestClient]:
    app = create_app(str(tmp_path / "served.duckdb"), options)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("path", [f"/api/events?min_sources={HUGE}"])
def test_an_api_number_past_the_stores_integers_is_refused(served: TestClient,
                                                           path: str) -> None:
    answer = served.get(path)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "E422"


@pytest.mark.parametrize("path", [f"/events?min_sources={HUGE}", f"/documents?limit={HUGE}",
                                  f"/events?limit={HUGE}"])
def test_a_dashboard_number_past_the_stores_integers_is_refused(served: TestClient,
                                                                path: str) -> None:
    answer = served.get(path)
    assert answer.status_code == 400
    assert "1,000,000,000 or less" in answer.text


@pytest.mark.parametrize("path", ["/api/dyads/RUS/KAZ", "/api/influence"])
def test_a_sector_that_is_no_code_is_refused_not_repeated(served: TestClient,
                                                          path: str) -> None:
    answer = served.get(path, params={"sector": "<script>alert('ew-probe')</script>"})
    assert answer.status_code == 400
    assert answer.json()["error"]["source"] == "sector" and "ew-probe" not in answer.text
    assert served.get(path, params={"sector": "mil"}).status_code == 200


# -- the terminal ------------------------------------------------------------------------------
# A zip member (or file) named like this would retitle the terminal, clear it and turn it
# red when `eventwire ingest` or `eventwire log` printed its name; "\r" would let a name
# overwrite its own line with a fake outcome.
HOSTILE_NAME = "\x1b]0;owned\x07\x1b[2J\x1b[31mnews.txt\rstored fine"


def test_names_from_inputs_reach_the_terminal_as_escapes() -> None:
    shown = terminal_safe(HOSTILE_NAME + "\tand a tab\nand a line")
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert shown.startswith("\\x1b]0;owned\\x07\\x1b[2J") and "\\x0dstored fine" in shown
    assert shown.endswith("\tand a tab\nand a line")  # layout characters stay


def test_a_table_of_outcomes_prints_no_control_character() -> None:
    output = io.StringIO()
    console = Console(file=output, force_terminal=False, width=200)
    columns = [Column("source", lambda row: row["source"]),
               Column("message", lambda row: row["message"])]
    render_table(console, columns, [{"source": "feeds.zip", "message": HOSTILE_NAME}])
    assert "\x1b" not in output.getvalue() and "\\x1b[2J" in output.getvalue()


# -- one analysis of many items ------------------------------------------------------------------
def _records(count: int) -> bytes:
    return "\n".join(json.dumps({"text": f"Report {n}: the foreign minister of Kazakhstan met "
                                         f"the ambassador of China in Astana on day {n}."})
                     for n in range(count)).encode()


def test_the_items_of_one_analysis_share_its_time(pipeline: Pipeline, options: Options) -> None:
    # POST /api/analyse runs one upload under the one analysis lock: a JSONL of 100,000
    # short records (within the body limit) held it for over half an hour.
    sink = KeepSink()
    runner = Runner(options, sink, "analyse", pipeline=pipeline)
    runner.run_data("upload.jsonl", _records(5), within=0.0)
    (outcome,) = runner.report.outcomes
    assert (outcome.status, outcome.reason, outcome.locator) == \
        ("failed", "timeout", "after item 0")
    assert "the 5 left were not analysed" in outcome.message and not sink.documents


def test_without_a_limit_on_the_whole_every_item_is_analysed(pipeline: Pipeline,
                                                             options: Options) -> None:
    sink = KeepSink()
    Runner(options, sink, "analyse", pipeline=pipeline).run_data("upload.jsonl", _records(3))
    assert len(sink.documents) == 3


def test_the_api_gives_an_analysis_a_limit_on_the_whole(
        served: TestClient, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analyse_route, "Pipeline", lambda _options: pipeline)
    monkeypatch.setattr(analyse_route, "WHOLE_ANALYSIS", 0)  # no time at all for the whole
    answer = served.post("/api/analyse", files={"file": ("many.jsonl", _records(4))})
    assert answer.status_code == 422
    assert "timeout: after item 0" in answer.json()["error"]["message"]


# -- links out of the folder, and texts without words --------------------------------------
def test_a_link_out_of_the_folder_is_reported_not_followed(tmp_path: Path,
                                                           options: Options) -> None:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("The private key of the server is here, not for the store.")
    folder = tmp_path / "scraped"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "article.txt").write_text(
        "Kazakhstan and China held talks on transit routes in Astana on Monday.")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "same-article.txt").symlink_to(folder / "inner" / "article.txt")
    sink = KeepSink()
    report = Runner(options, sink, "test").run([str(folder)])
    outcomes = {Path(o.source).name: (o.status, o.reason) for o in report.outcomes}
    assert outcomes["passwd.txt"] == ("failed", "unreadable")
    assert outcomes["article.txt"] == ("stored", None)
    assert outcomes["same-article.txt"] == ("skipped", "exact_duplicate")  # a link inside
    assert not any("private key" in doc.text for doc in sink.documents)
    # named on the command line, the target is read: the user asked for it
    named = Runner(options, KeepSink(), "test").run([str(folder / "passwd.txt")])
    assert [o.status for o in named.outcomes] == ["stored"]


@pytest.mark.parametrize("text", ["\u200d" * 60, "\u0301" * 60, "🇰🇿🤝🇨🇳 " * 20])
def test_a_text_with_no_letter_or_digit_is_no_text(text: str, options: Options) -> None:
    pipeline = Pipeline(options)
    with pytest.raises(InputError, match="no letter or digit") as raised:
        pipeline.document(Draft("marks.txt", "text", text, "test"), "0" * 64)
    assert raised.value.reason is Reason.NO_TEXT
