"""The DuckDB store: round trips, schema version, transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.document import Anatomy, Document
from eventwire.errors import StoreError
from eventwire.ingest.normalise import sha256_hex
from eventwire.store import DocumentFilter, DuckDBStore, open_store
from eventwire.store.duckdb import SCHEMA_VERSION


def _document(text: str, title: str | None = None) -> Document:
    return Document(
        id=sha256_hex(text), source="mem://test", format="text", text=text,
        raw_sha256=sha256_hex(text.encode("utf-8", "surrogatepass")),
        extractor="test.v1", language="en", anatomy=Anatomy(title=title, languages=["en"]),
    )


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=400).filter(lambda t: "\x00" not in t),
       title=st.one_of(st.none(), st.text(max_size=60).filter(lambda t: "\x00" not in t)))
def test_documents_round_trip(store: DuckDBStore, text: str, title: str | None) -> None:
    doc = _document(text, title)
    raw = text.encode("utf-8", "surrogatepass")
    with store.transaction():
        inserted = store.add_document(doc, raw, b"\x00" * 8, "run-1")
    again = store.get(doc.id)
    assert again == doc if inserted else again.id == doc.id
    assert store.raw_bytes(doc.raw_sha256) == raw
    assert store.add_document(doc, raw, b"\x00" * 8, "run-1") is False


def test_schema_version_is_recorded(tmp_path: Path) -> None:
    path = str(tmp_path / "v.duckdb")
    store = open_store(path)
    assert store.schema_version == SCHEMA_VERSION
    store.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                      [str(SCHEMA_VERSION + 1)])
    store.close()
    with pytest.raises(StoreError, match="newer than this eventwire"):
        open_store(path)


def test_failed_transaction_leaves_nothing(store: DuckDBStore) -> None:
    doc = _document("Kazakhstan and Kyrgyzstan signed a water agreement in Astana.")
    with pytest.raises(RuntimeError), store.transaction():
        store.add_document(doc, b"raw", b"\x00" * 8, "run-1")
        raise RuntimeError("disk full")
    assert store.count() == 0
    assert store.con.execute("SELECT count(*) FROM raw_sources").fetchone() == (0,)


def test_id_prefix_lookup(store: DuckDBStore) -> None:
    doc = _document("Tajikistan and Uzbekistan agreed on electricity exports for 2025.")
    store.add_document(doc, b"raw", b"\x00" * 8, "run-1")
    assert store.resolve_id(doc.id[:8]) == doc.id
    with pytest.raises(StoreError, match="at least 6"):
        store.resolve_id(doc.id[:3])
    with pytest.raises(StoreError, match="no stored document"):
        store.resolve_id("ffffffffffff")


def test_filters(store: DuckDBStore) -> None:
    for text, genre in (("The ministry said talks went well in Tashkent.", "press_release"),
                        ("Opinion: Central Asia should look west.", "opinion")):
        doc = _document(text)
        doc.anatomy = Anatomy(genre=genre, languages=["en"], published="2023-05-01")
        store.add_document(doc, text.encode(), b"\x00" * 8, "run-1")
    assert store.count(DocumentFilter(genre="opinion")) == 1
    assert store.count(DocumentFilter(since="2023-05-02")) == 0
    assert store.count(DocumentFilter(text="TASHKENT")) == 1
