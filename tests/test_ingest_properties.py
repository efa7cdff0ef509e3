"""Property-based tests and a bounded fuzz run over the reading side and the pipeline.

Promises checked on inputs hypothesis makes up: reading any bytes as any kind of input
raises nothing but InputError; every record of a JSONL file or JSON array with any
unicode in its strings comes back whole; normalisation leaves no control, bidi or
zero-width character and is stable; and the pipeline turns any short text into a
document or a reason. Example counts are kept small (the whole file takes well under a
minute on one free core) so that the fuzz run is part of every test run.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.ingest.containers import Draft, read_drafts
from eventwire.ingest.decode import decode_bytes
from eventwire.ingest.normalise import normalise_text, sha256_hex
from eventwire.pipeline import Pipeline

SUFFIXES = ["", ".txt", ".json", ".jsonl", ".html", ".xhtml", ".rss", ".atom", ".xml", ".md"]
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=list(HealthCheck))


def _read_all(source: str, data: bytes) -> list[Draft | InputError]:
    """Every result of reading, or the one InputError it raised; anything else fails."""
    try:
        results = list(read_drafts(source, data))
    except InputError as error:
        assert error.reason and error.message and error.source == source
        return [error]
    for result in results:
        assert isinstance(result, Draft | InputError)
        if isinstance(result, InputError):
            assert result.source == source and result.message
    return results


# -- arbitrary bytes and structures ----------------------------------------------------------
@FAST
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_read_as_any_kind_raise_only_input_errors(data: bytes, suffix: str) -> None:
    _read_all(f"input{suffix}", data)


@FAST
@given(data=st.binary(max_size=4096))
def test_decoding_any_bytes_gives_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "input")
    except InputError:
        return
    assert isinstance(decoded.text, str) and decoded.replaced >= 0
    decoded.text.encode("utf-8")  # no lone surrogate from any decoding


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.sampled_from(["text", "title", "url", "published",
                                                        "author", "source", "x"]) | st.text(),
                                       inner, max_size=5), max_leaves=20)


@FAST
@given(values=st.lists(_JSON, max_size=6), as_lines=st.booleans(), cut=st.integers(0, 64))
def test_any_json_structure_even_damaged_raises_only_input_errors(
        values: list[Any], as_lines: bool, cut: int) -> None:
    if as_lines:
        text, source = "\n".join(json.dumps(v, ensure_ascii=False) for v in values), "r.jsonl"
    else:
        text, source = json.dumps(values, ensure_ascii=False, indent=1), "r.json"
    data = text.encode("utf-8", "surrogatepass")
    _read_all(source, data)
    _read_all(source, data[:-cut] if cut else data + b"}\n{")  # cut short, or trailing junk


_TAGS = ["p", "div", "span", "b", "a", "li", "ul", "table", "tr", "td", "script", "style",
         "article", "nav", "h1", "br", "title", "head", "body", "html", "!--", "![CDATA["]
_MARKUP = st.lists(st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS]
                                   + ["&amp;", "&lol;", "&#0;", "&#x202e;", "<", ">", "\n"])
                   | st.text(max_size=30), max_size=60).map("".join)


@FAST
@given(body=_MARKUP)
def test_any_html_raises_only_input_errors(body: str) -> None:
    _read_all("page.html", f"<!doctype html><html><body>{body}</body></html>".encode())
    _read_all("fragment.html", body.encode("utf-8", "surrogatepass"))


def _xml_text(text: str) -> str:
    """Text that XML allows: no control characters, no lone surrogates, escaped markup."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@FAST
@given(items=st.lists(st.tuples(st.text(max_size=40), _MARKUP, st.text(max_size=30)),
                      max_size=8), atom=st.booleans())
def test_any_feed_raises_only_input_errors(items: list[tuple[str, str, str]],
                                           atom: bool) -> None:
    if atom:
        entries = "".join(f"<entry><title>{_xml_text(t)}</title><content type=\"html\">"
                          f"{_xml_text(c)}</content><updated>{_xml_text(d)}</updated></entry>"
                          for t, c, d in items)
        feed = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{entries}</feed>'
    else:
        entries = "".join(f"<item><title>{_xml_text(t)}</title><description>{_xml_text(c)}"
                          f"</description><pubDate>{_xml_text(d)}</pubDate></item>"
                          for t, c, d in items)
        feed = f'<rss version="2.0"><channel><title>F</title>{entries}</channel></rss>'
    results = _read_all("feed.xml", feed.encode())
    if items and not isinstance(results[0], InputError):
        assert [r.locator for r in results] == [f"item {n}" for n in range(len(items))]


def _archive(kind: str, files: dict[str, bytes]) -> bytes:
    if kind == "gzip":
        return gzip.compress(b"".join(files.values()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@FAST
@given(kind=st.sampled_from(["zip", "gzip"]),
       files=st.dictionaries(st.text(min_size=1, max_size=12).map(lambda n: f"d/{n}.txt"),
                             st.binary(max_size=300), min_size=1, max_size=4),
       damage=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=6),
       cut=st.integers(0, 10_000))
def test_any_archive_even_damaged_raises_only_input_errors(
        kind: str, files: dict[str, bytes], damage: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(_archive(kind, files))
    for position, value in damage:
        data[position % len(data)] = value
    _read_all(f"input.{kind}", bytes(data))
    _read_all("input", bytes(data[:max(2, len(data) - cut)]))


_DAMAGES = ["Fish & chips", "<b>unclosed", "a&nbsp;b", "</description>", "<x y=1>"]


@FAST
@given(texts=st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc",
                                                                                      "Cs"]),
                                      min_size=1, max_size=40), min_size=1, max_size=8),
       damaged=st.dictionaries(st.integers(0, 7), st.sampled_from(_DAMAGES), max_size=4))
def test_a_damaged_feed_loses_only_its_damaged_items(texts: list[str],
                                                     damaged: dict[int, str]) -> None:
    items = [f"<item><title>{damaged.get(n, 'Fine')}</title><description>{_xml_text(text)}"
             "</description></item>" for n, text in enumerate(texts)]
    feed = '<rss version="2.0"><channel><title>F</title>' + "".join(items) + "</channel></rss>"
    results = _read_all("feed.rss", feed.encode())
    bad = {n for n in damaged if n < len(texts)}
    assert [(r.locator, isinstance(r, InputError)) for r in results] == \
        [(f"item {n}", n in bad) for n in range(len(texts))]


# -- round trips ---------------------------------------------------------------------------
_ANY_TEXT = st.text(min_size=1).filter(lambda t: t.strip() != "")
_RECORDS = st.lists(st.fixed_dictionaries({"text": _ANY_TEXT},
                                          optional={"title": st.text(), "id": st.integers()}),
                    min_size=1, max_size=8)


@FAST
@given(records=_RECORDS, ensure_ascii=st.booleans(), crlf=st.booleans())
def test_jsonl_with_any_unicode_round_trips_every_record(
        records: list[dict[str, Any]], ensure_ascii: bool, crlf: bool) -> None:
    lines = [json.dumps(r, ensure_ascii=ensure_ascii) for r in records]
    data = ("\r\n" if crlf else "\n").join(lines).encode()
    results = _read_all("records.jsonl", data)
    assert [(r.locator, r.text) for r in results] == \
        [(f"line {n}", r["text"]) for n, r in enumerate(records, start=1)]


@FAST
@given(records=_RECORDS, indent=st.sampled_from([None, 0, 2]))
def test_a_json_array_with_any_unicode_round_trips_every_record(
        records: list[dict[str, Any]], indent: int | None) -> None:
    data = json.dumps(records, ensure_ascii=False, indent=indent).encode()
    results = _read_all("records.json", data)
    assert [(r.locator, r.text) for r in results] == \
        [(f"item {n}", r["text"]) for n, r in enumerate(records)]


@FAST
@given(records=_RECORDS, bad=st.sampled_from(['{"text": "cut', "{]", "nonsense", '{"a":}']),
       at=st.integers(0, 8))
def test_a_bad_line_costs_only_itself(records: list[dict[str, Any]], bad: str,
                                      at: int) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    at = min(at, len(lines))
    lines.insert(at, bad)
    results = _read_all("records.jsonl", "\n".join(lines).encode())
    assert [isinstance(r, InputError) for r in results] == \
        [n == at for n in range(len(lines))]
    assert [r.text for r in results if isinstance(r, Draft)] == [r["text"] for r in records]


# -- normalisation -------------------------------------------------------------------------
_HOSTILE_CHARS = "\x00\x01\x07\x1b\x7f\x85\x9f\u200b\u200c\u200d\u200e\u200f\u202a\u202e" \
    "\u2066\u2069\u2028\u2029\ufeff\u00ad\u0301e\n\r\t "
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e"
                        "\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]")


@FAST
@given(text=st.text(alphabet=st.sampled_from(_HOSTILE_CHARS) | st.characters(),
                    max_size=200))
def test_normalised_text_is_clean_and_stable(text: str) -> None:
    once = normalise_text(text)
    assert not _FORBIDDEN.search(once), ascii(once)
    assert normalise_text(once) == once
    sha256_hex(once)  # encodable: the id can be made


# -- the pipeline, fuzzed ------------------------------------------------------------------
_WORDS = ["The", "minister", "said", "on", "Monday", "Tashkent", "Kazakhstan", "protest",
          "police", "arrested", "\u201cWe", "will", "respond,\u201d", "—", "(AP)", "12",
          "March", "2024", "Министр", "заявил", "الوزير", "外交部", "\u202e", "\u200b", "\n",
          "\n\n", ".", "!", "?", "...", "https://example.org/x", "@", "#", "$5bn", "U.S."]


@settings(max_examples=30, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(words=st.lists(st.sampled_from(_WORDS) | st.text(max_size=12), min_size=0,
                      max_size=120))
def test_the_pipeline_turns_any_short_text_into_a_document_or_a_reason(
        pipeline: Pipeline, words: list[str]) -> None:
    text = " ".join(words)
    draft = Draft("fuzz.txt", "text", text, "fuzz")
    try:
        doc = pipeline.document(draft, sha256_hex(text))
    except InputError as error:
        assert error.reason == "no_text"
        return
    analysed = pipeline.analyse(doc)
    assert analysed.id == doc.id and analysed.text == doc.text


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing read here may reach out (an external entity, a DTD): sockets refuse."""
    import socket

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a network connection was attempted while reading an input")

    monkeypatch.setattr(socket.socket, "connect", refuse)
