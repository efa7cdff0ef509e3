"""What every store backend must do: one suite, run once per backend.

A backend's test module subclasses :class:`StoreContract` and gives one fixture,
``make_store``: a callable that opens the store named by its argument (the same name opens
the same store again, so reopening can be tested). Documents here are built by hand, with
every layer the store keeps, so the suite needs no language model.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.contract import (
    Event,
    EventActor,
    EventMember,
    EventOrigin,
    EventPlace,
    EventSourceDocument,
)
from eventwire.document import (
    Actor,
    Anatomy,
    Cite,
    Claim,
    Document,
    EventMention,
    Evidence,
    PlaceMention,
    Quote,
)
from eventwire.errors import StoreError
from eventwire.ingest.normalise import sha256_hex
from eventwire.store import DocumentFilter, EventFilter, Store

MakeStore = Callable[[str], Store]

TEXT_A = ("ASTANA, Dec 22 (Syr Darya Times) - Kazakhstan and Uzbekistan signed a treaty. "
          "'It is historic,' said the minister.")
TEXT_B = TEXT_A + " Republished by the Saryarka Herald."


def _at(text: str, words: str) -> tuple[int, int]:
    """The offsets of ``words`` in ``text`` (the start of the text where they are not)."""
    start = max(text.find(words), 0)
    return start, start + len(words)


def document(text: str, *, title: str = "Treaty", published: str | None = "2022-12-22",
             publisher: str | None = "Syr Darya Times", genre: str = "news_report",
             duplicate_of: str | None = None, modality: str = "asserted") -> Document:
    """A stored-ready document with one actor pair, one place, one event, quote and claim."""
    doc_id = sha256_hex(text)
    sentence = (0, text.index(".") + 1)
    return Document(
        id=doc_id, source=f"mem://{doc_id[:8]}.txt", format="text", text=text,
        raw_sha256=sha256_hex(text.encode()), extractor="test.v1", language="en",
        duplicate_of=duplicate_of, similarity=0.9 if duplicate_of else None,
        anatomy=Anatomy(
            title=title, published=published, publisher=publisher, genre=genre,  # type: ignore[arg-type]
            languages=["en"],
            cites=[Cite(source="Syr Darya Times", span=(24, 39), cue="reported", known=True,
                        sentence=sentence)]),
        actors=[
            Actor(id="country:KAZ", name="Kazakhstan", kind="country", country="KAZ",
                  code="KAZ", mentions=[_at(text, "Kazakhstan")]),
            Actor(id="country:UZB", name="Uzbekistan", kind="country", country="UZB",
                  code="UZB", mentions=[_at(text, "Uzbekistan")]),
        ],
        places=[PlaceMention(id="geonames:1526273", name="Astana", country="KAZ", lat=51.18,
                             lon=71.45, level="city", mentions=[(0, 6)])],
        events=[EventMention(
            id=f"{doc_id[:12]}-e0", type="SUPPORT", source=["country:KAZ", "country:UZB"],
            place="geonames:1526273", start=published, end=published,
            modality=modality,  # type: ignore[arg-type]
            evidence=Evidence(sentence=text[sentence[0]:sentence[1]], span=sentence,
                              trigger=_at(text, "signed")),
            confidence=0.8, coder="test.v1", intensity=3.0, quad="verbal_cooperation")],
        quotes=[Quote(speaker="country:KAZ", speaker_text="the minister", cue="said",
                      text="It is historic,", kind="direct",
                      span=_at(text, "It is historic,"))],
        claims=[Claim(value=1.0, unit="treaty", span=(0, 6), text="a treaty")],
    )


def add(store: Store, *docs: Document, run_id: str = "run-1") -> None:
    with store.transaction():
        for doc in docs:
            store.add_document(doc, doc.text.encode(), b"\x01" * 16, run_id)


def event_of(docs: list[Document], event_id: str = "ev-0000000000000001",
             revision: int = 1) -> Event:
    first = docs[0]
    return Event(
        id=event_id, type="SUPPORT", quad="verbal_cooperation", mode=None,
        modality="asserted", intensity=3.0,
        source=[EventActor(name="Kazakhstan", country="KAZ", sectors=[],
                           actor_ids=["country:KAZ"]),
                EventActor(name="Uzbekistan", country="UZB", sectors=[],
                           actor_ids=["country:UZB"])],
        target=[],
        place=EventPlace(id="geonames:1526273", name="Astana", country="KAZ", lat=51.18,
                         lon=71.45, level="city"),
        start="2022-12-22", end="2022-12-22", independent_sources=1, sources=1,
        first_reported="2022-12-22", first_reported_by="Syr Darya Times", confidence=0.64,
        revision=revision,
        chain=[EventOrigin(
            origin="outlet:syr darya times", name="Syr Darya Times", party=False,
            independent=True, first_document=first.id, first_published="2022-12-22",
            documents=[EventSourceDocument(document=d.id, role="original", via=None,
                                           via_document=None, source=d.source,
                                           publisher="Syr Darya Times") for d in docs])],
        mentions=[EventMember(
            id=d.events[0].id, document=d.id, source=d.source, path=d.source,  # type: ignore[index]
            publisher="Syr Darya Times", genre="news_report", published="2022-12-22",
            type="SUPPORT", modality="asserted", sentence="...", span=[0, 10], trigger=[3, 6],
            role="original", origin="outlet:syr darya times", via=None) for d in docs],
        coder="test.v1",
    )


class StoreContract:
    """The behaviour every backend shares. Subclass it and provide ``make_store``."""

    @pytest.fixture()
    def store(self, make_store: MakeStore) -> Store:
        return make_store("main")

    # -- schema, transactions, reopening -----------------------------------------------------
    def test_it_is_a_store_with_a_schema_version(self, store: Store) -> None:
        assert isinstance(store, Store)
        assert store.schema_version >= 6

    def test_a_failed_transaction_leaves_nothing(self, store: Store) -> None:
        doc = document(TEXT_A)
        with pytest.raises(RuntimeError), store.transaction():
            store.add_document(doc, b"raw", b"\x00" * 8, "run-1")
            raise RuntimeError("boom")
        assert not store.has_document(doc.id)
        assert store.raw_bytes(doc.raw_sha256) is None
        assert store.count() == 0 and store.list_actors() == []

    def test_a_reopened_store_has_what_was_written(self, make_store: MakeStore) -> None:
        first = make_store("reopened")
        add(first, document(TEXT_A))
        first.replace_all_events([event_of([document(TEXT_A)])],
                                 [("ev-0000000000000001", 1, "created")], "run-1")
        version = first.schema_version
        first.close()
        again = make_store("reopened")
        assert again.schema_version == version
        assert again.count() == 1 and again.event_count() == 1
        assert again.get(sha256_hex(TEXT_A)) == document(TEXT_A)

    # -- documents and their layers ----------------------------------------------------------
    def test_a_document_round_trips_with_its_layers(self, store: Store) -> None:
        doc = document(TEXT_A)
        add(store, doc)
        assert store.has_document(doc.id)
        assert store.get(doc.id) == doc
        assert store.get(doc.id[:8]) == doc
        assert store.raw_bytes(doc.raw_sha256) == TEXT_A.encode()
        with store.transaction():
            assert store.add_document(doc, b"", b"", "run-2") is False

    # one contract, run by a subclass per backend: each is its own executor by design
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.differing_executors])
    @given(text=st.text(min_size=1, max_size=400).filter(lambda t: "\x00" not in t),
           title=st.one_of(st.none(), st.text(max_size=60).filter(lambda t: "\x00" not in t)))
    def test_any_text_round_trips(self, store: Store, text: str, title: str | None) -> None:
        doc = Document(
            id=sha256_hex(text), source="mem://test", format="text", text=text,
            raw_sha256=sha256_hex(text.encode("utf-8", "surrogatepass")),
            extractor="test.v1", language="en", anatomy=Anatomy(title=title, languages=["en"]))
        raw = text.encode("utf-8", "surrogatepass")
        with store.transaction():
            inserted = store.add_document(doc, raw, b"\x00" * 8, "run-1")
        again = store.get(doc.id)
        assert again == doc if inserted else again.id == doc.id
        assert store.raw_bytes(doc.raw_sha256) == raw

    def test_ids_resolve_from_a_unique_prefix_only(self, store: Store) -> None:
        doc = document(TEXT_A)
        add(store, doc)
        assert store.resolve_id(doc.id[:6].upper()) == doc.id
        with pytest.raises(StoreError, match="at least 6"):
            store.resolve_id(doc.id[:3])
        absent = "0" * 10 if not doc.id.startswith("0") else "f" * 10
        with pytest.raises(StoreError, match="no stored document"):
            store.resolve_id(absent)

    def test_listing_counting_and_filters(self, store: Store) -> None:
        original = document(TEXT_A)
        copy = document(TEXT_B, publisher="Saryarka Herald", published="2022-12-23",
                        duplicate_of=original.id)
        press = document("BISHKEK - The ministry announced talks.", genre="press_release",
                         publisher="MFA of Kyrgyzstan", published=None)
        add(store, original, copy, press)
        assert [r["id"] for r in store.list_documents(DocumentFilter())] == \
            [original.id, copy.id, press.id]  # ingest order
        assert store.count() == 3
        assert store.count(DocumentFilter(duplicates=False)) == 2
        assert store.count(DocumentFilter(genre="press_release")) == 1
        assert store.count(DocumentFilter(publisher="saryarka")) == 1
        assert store.count(DocumentFilter(since="2022-12-23")) == 1
        assert store.count(DocumentFilter(until="2022-12-22")) == 1
        assert store.count(DocumentFilter(language="en")) == 3
        assert store.count(DocumentFilter(text="REPUBLISHED")) == 1
        assert store.count(DocumentFilter(translated=True)) == 0
        assert len(store.list_documents(DocumentFilter(limit=2))) == 2
        assert [d.id for d in store.iter_documents(DocumentFilter(genre="news_report"))] == \
            [original.id, copy.id]
        assert store.tally("genre") == [("news_report", 2), ("press_release", 1)]
        assert store.tally("languages", unnest=True) == [("en", 3)]
        with pytest.raises(StoreError):
            store.tally("text")
        assert [(i, dup) for i, dup, _ in store.minhashes()] == \
            [(original.id, None), (copy.id, original.id), (press.id, None)]

    def test_replacing_layers_rewrites_the_mention_tables(self, store: Store) -> None:
        doc = document(TEXT_A)
        add(store, doc)
        renamed = doc.model_copy(update={
            "anatomy": doc.anatomy.model_copy(update={"title": "New title"}),  # type: ignore[union-attr]
            "actors": doc.actors[:1], "quotes": []})  # type: ignore[index]
        with store.transaction():
            store.replace_layers(renamed, "run-2")
        assert store.get(doc.id).anatomy.title == "New title"  # type: ignore[union-attr]
        assert [a["id"] for a in store.list_actors()] == ["country:KAZ"]
        assert store.list_quotes() == []

    def test_export_writes_the_flat_table(self, make_store: MakeStore, tmp_path: Path) -> None:
        written = make_store("export")
        add(written, document(TEXT_A), document(TEXT_B))
        written.close()
        store = make_store("export")  # reopened: the export is the first thing it does
        target = tmp_path / "documents.csv"
        assert store.export_table("csv", target, DocumentFilter()) == 2
        with target.open(encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream))
        assert [r["title"] for r in rows] == ["Treaty", "Treaty"]
        assert rows[0]["languages"] == "en"

    # -- runs and the ingest log -------------------------------------------------------------
    def test_runs_and_their_log(self, store: Store) -> None:
        assert store.latest_run_id() is None
        store.start_run("run-1", "ingest", {"a": 1})
        store.log("run-1", 0, "a.txt", None, "stored", None, None, "d1")
        store.log("run-1", 1, "b.txt", "line 2", "skipped", "empty", "nothing to read", None)
        store.finish_run("run-1", {"stored": 1})
        assert store.latest_run_id() == "run-1"
        entries = store.run_log("run-1")
        assert [e.source for e in entries] == ["a.txt", "b.txt"]
        assert entries[1] == ("b.txt", "line 2", "skipped", "empty", "nothing to read")
        assert store.run_log("run-1", "skipped") == entries[1:]
        assert store.run_log("run-9") == []

    # -- mention listings --------------------------------------------------------------------
    def test_mention_listings(self, store: Store) -> None:
        add(store, document(TEXT_A), document(TEXT_B))
        actors = store.list_actors()
        assert {a["id"] for a in actors} == {"country:KAZ", "country:UZB"}
        assert all(a["mentions"] == 2 and a["documents"] == 2 for a in actors)
        assert [a["id"] for a in store.list_actors(country="uzb")] == ["country:UZB"]
        assert store.list_actors(kind="person") == []
        places = store.list_places()
        assert [(p["name"], p["level"]) for p in places] == [("Astana", "city")]
        assert store.list_places(level="site") == []
        quotes = store.list_quotes(speaker="Kazakh")
        assert len(quotes) == 2 and quotes[0]["speaker_name"] == "Kazakhstan"
        assert len(store.list_quotes(doc_id=sha256_hex(TEXT_A)[:8])) == 1
        mentions = store.actor_mentions("Uzbek")
        assert len(mentions) == 2 and mentions[0]["text"] == TEXT_A
        tally = store.event_mention_tally()
        assert [(t.type, t.total, t.meeting) for t in tally] == [("SUPPORT", 2, 2)]

    # -- what corroboration reads ------------------------------------------------------------
    def test_corroboration_reads(self, store: Store) -> None:
        original = document(TEXT_A)
        copy = document(TEXT_B, duplicate_of=original.id)
        hedged = document("Talks may be held in Astana next year.", modality="hypothetical")
        add(store, original, copy, hedged)
        counting = store.counting_mentions()
        assert [(d, m.id) for d, m in counting] == sorted(
            (d.id, d.events[0].id) for d in (original, copy))  # type: ignore[index]
        assert counting[0][1] in (original.events or []) + (copy.events or [])
        assert store.counting_mentions({copy.events[0].id}) == [  # type: ignore[index]
            (copy.id, copy.events[0])]  # type: ignore[index]
        rows = {r.id: r for r in store.documents_and_copies({original.id})}
        assert set(rows) == {original.id, copy.id}  # the document and its copy
        assert rows[copy.id].duplicate_of == original.id
        assert rows[original.id].published == date(2022, 12, 22)
        assert rows[original.id].cites == (("Syr Darya Times", (0, TEXT_A.index(".") + 1),
                                            "reported"),)
        assert len(store.documents_and_copies()) == 3
        actors = store.document_actors({original.id})
        assert {(a.document_id, a.actor_id, a.sectors) for a in actors} == {
            (original.id, "country:KAZ", ()), (original.id, "country:UZB", ())}
        places = store.document_places()
        assert {(p.document_id, p.name, p.lat) for p in places} == {
            (d.id, "Astana", 51.18) for d in (original, copy, hedged)}

    # -- real-world events -------------------------------------------------------------------
    def test_events_are_written_listed_and_revised(self, store: Store) -> None:
        original, copy = document(TEXT_A), document(TEXT_B)
        add(store, original, copy)
        assert store.pending_mentions() == {original.events[0].id,  # type: ignore[index]
                                            copy.events[0].id}  # type: ignore[index]
        first = event_of([original])
        with store.transaction():
            store.replace_all_events([first], [(first.id, 1, "created")], "run-1")
        assert store.pending_mentions() == {copy.events[0].id}  # type: ignore[index]
        assert store.event_members() == {original.events[0].id: first.id}  # type: ignore[index]
        assert store.members_in_document(original.id) == store.event_members()
        assert store.members_of_events({first.id}) == store.event_members()
        assert store.members_of_events(set()) == {}
        assert store.events_between(date(2022, 12, 1), date(2022, 12, 31)) == [first.id]
        assert store.events_between(date(2023, 1, 1), date(2023, 1, 31)) == []
        grown = event_of([original, copy], revision=2)
        with store.transaction():
            store.replace_some_events({first.id}, [grown],
                                      [(first.id, 2, "1 mention(s) added")], "run-2")
        assert store.pending_mentions() == set()
        assert store.event_count() == 1 and store.member_count() == 2
        assert store.last_revisions() == {
            first.id: (2, frozenset(m.id for m in grown.mentions))}
        listed = store.list_events(EventFilter())
        assert listed == [grown]  # listings carry no revisions
        shown = store.get_event(first.id[:8])
        assert shown.model_copy(update={"revisions": None}) == grown
        assert [(r.revision, r.run, r.reason) for r in shown.revisions or []] == [
            (1, "run-1", "created"), (2, "run-2", "1 mention(s) added")]
        assert [t[:] for t in store.event_tally()] == [("SUPPORT", 1, 0)]

    def test_event_filters(self, store: Store) -> None:
        add(store, document(TEXT_A))
        event = event_of([document(TEXT_A)])
        store.replace_all_events([event], [], None)
        hits = [EventFilter(actor="kaz"), EventFilter(actor="Uzbek"), EventFilter(country="KAZ"),
                EventFilter(dyad=("KAZ", "UZB")), EventFilter(type="support"),
                EventFilter(quad="verbal_cooperation"), EventFilter(place="astana"),
                EventFilter(since="2022-12-22"), EventFilter(until="2022-12-22"),
                EventFilter(min_sources=1), EventFilter(modality="asserted"),
                EventFilter(limit=1)]
        misses = [EventFilter(actor="RUS"), EventFilter(country="CHN"),
                  EventFilter(dyad=("KAZ", "RUS")), EventFilter(type="ASSAULT"),
                  EventFilter(place="Tashkent"), EventFilter(since="2022-12-23"),
                  EventFilter(until="2022-12-21"), EventFilter(min_sources=2),
                  EventFilter(modality="reported")]
        for flt in hits:
            assert store.list_events(flt) == [event], flt
        for flt in misses:
            assert store.list_events(flt) == [], flt

    def test_orphaned_members_and_unknown_events(self, store: Store) -> None:
        doc = document(TEXT_A)
        add(store, doc)
        event = event_of([doc])
        store.replace_all_events([event], [], None)
        with store.transaction():
            store.replace_layers(doc.model_copy(update={"events": []}))
        assert store.orphaned_members() == {doc.events[0].id: event.id}  # type: ignore[index]
        with pytest.raises(StoreError, match="no event"):
            store.get_event("ev-ffff")
        store.replace_all_events([], [], None)
        assert store.event_count() == 0 and store.list_events(EventFilter()) == []
