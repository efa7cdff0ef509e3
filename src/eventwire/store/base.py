"""What every store backend offers: one typed protocol, the filters callers pass to it and
the rows it returns. Nothing here knows SQL; each backend turns a filter into its own.

Callers (ingest, corroboration, the CLI) hold a :class:`Store` and never a connection, so a
backend plugs in by implementing this protocol inside ``eventwire.store`` alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable

from eventwire.contract import Event
from eventwire.document import Document, EventMention

# Only these modalities make an event mention stand for a real-world event.
COUNTING_MODALITIES = ("asserted", "reported")


@dataclass(frozen=True)
class DocumentFilter:
    genre: str | None = None
    language: str | None = None
    publisher: str | None = None  # case-insensitive substring
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    translated: bool | None = None
    duplicates: bool = True  # include near-duplicate republications
    text: str | None = None  # case-insensitive substring of title or text
    after: str | None = None  # only documents ingested after this one (a page's cursor)
    limit: int | None = None


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None  # a country code, or part of an actor's name
    country: str | None = None  # on either side, or where it happened
    dyad: tuple[str, str] | None = None  # (source country, target country)
    type: str | None = None
    quad: str | None = None
    place: str | None = None  # part of the place's name, or its country code
    since: str | None = None
    until: str | None = None
    min_sources: int | None = None
    modality: str | None = None
    ids: tuple[str, ...] | None = None  # only these events
    # only events after this (start date or None, id) in the listing's order (a cursor)
    after: tuple[str | None, str] | None = None
    limit: int | None = None


class LogEntry(NamedTuple):
    """What happened to one input of a run (a tuple, so listings can index it)."""

    source: str
    locator: str | None
    status: str
    reason: str | None
    message: str | None


class Tally(NamedTuple):
    """Per event type: how many in all, and how many of those meet a condition."""

    type: str
    total: int
    meeting: int


@dataclass(frozen=True)
class DocumentRow:
    """What corroboration reads of a document (no document is parsed whole)."""

    id: str
    source: str
    url: str | None
    published: date | None
    publisher: str | None
    genre: str
    duplicate_of: str | None
    cites: tuple[tuple[str, tuple[int, int], str], ...]  # (outlet, sentence span, cue)


@dataclass(frozen=True)
class ActorRow:
    """An actor of a document, as its first mention names it."""

    document_id: str
    actor_id: str
    name: str
    kind: str
    country: str | None
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class PlaceRow:
    document_id: str
    place_id: str
    name: str
    lat: float
    lon: float
    level: str
    country: str | None
    members: tuple[str, ...]  # a region's countries


@dataclass(frozen=True)
class Party:
    """Who counts for one side of a dyad: an event party whose country is one of
    ``countries`` or whose IGO is one of ``igos``; with ``sectors``, only parties coded with
    one of them (RUS-MIL counts for Russia; with sectors=('MIL',), RUS-GOV does not)."""

    countries: tuple[str, ...] = ()
    igos: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()


# One row of the PLOVER score table: (type, mode or None for the type's own score, score,
# quad). The analytics pass the table in, so the store holds no weights of its own.
ScoreRow = tuple[str, str | None, float, str]


@dataclass(frozen=True)
class FlowQuery:
    """The events between two parties, grouped by period in the store.

    Directions: ``forward`` (a ``first`` party acts on a ``second`` one), ``backward`` (the
    reverse) and ``joint`` (both among the sources of a cooperative event, "Russia and
    Kazakhstan signed", or of an ASSAULT, which PLOVER codes with both sides of reciprocal
    violence as sources). ``unit`` 'events' counts each real-world event once with weight
    |score| x (1 + ln(max(independent sources, 1))); 'mentions' counts each of its mentions
    with weight |score|. Contributions are rounded to 6 decimals, so figures are exact sums.
    """

    first: Party
    second: Party
    scores: tuple[ScoreRow, ...]
    period: str = "quarter"  # week | month | quarter | year
    since: str | None = None  # YYYY-MM-DD, on the event's start
    until: str | None = None
    min_sources: int = 0  # independent sources
    unit: str = "events"  # events | mentions
    by_counterpart: bool = False  # one group per country (or IGO) of the second side


@dataclass(frozen=True)
class FlowRow:
    """The events of one period, direction, counterpart and quad, with the sign of their
    score: their ids, each one's units (1, or its mentions) and contribution, biggest
    first. The figure is ``sum(contributions)``, exactly."""

    period: date
    direction: str
    counterpart: str | None
    quad: str
    sign: int  # 1 cooperative score, -1 conflictual, 0 (a plain REQUEST)
    event_ids: tuple[str, ...]
    units: tuple[int, ...]
    contributions: tuple[Decimal, ...]
    scores: tuple[float, ...]


@dataclass(frozen=True)
class VolumeRow:
    """All events of one period, whoever took part: the corpus volume a series is a share
    of. ``units`` counts events or mentions; ``weight`` sums their |score| x c."""

    period: date
    units: int
    weight: Decimal


@dataclass(frozen=True)
class CoverageRow:
    """What the store holds for one period: documents (by publication date), their
    publishers and languages, and the documents from each publisher."""

    period: date
    documents: int
    publishers: tuple[str, ...]
    languages: tuple[str, ...]
    by_publisher: tuple[tuple[str, int], ...]


# (event id, revision number, reason): one change of an event's members, written with
# the events of the run that made it.
Revision = tuple[str, int, str]


@dataclass(frozen=True)
class Correction:
    """An analyst's correction of an event or a mention (eventwire.review), stored apart
    from the machine's output. A mention is keyed by its document, sentence and trigger,
    because its id changes when its coder does."""

    id: str
    kind: str  # event | mention
    target: str  # the event's id; the mention's id when it was corrected
    field: str  # wrong | type | mode | source | target | modality | place | start | end
    value: Any  # the JSON value; None for 'wrong'
    reason: str
    author: str
    created: datetime  # UTC
    coder: str | None  # the coder the corrected record carried
    eventwire_version: str
    document_id: str | None = None
    sentence: tuple[int, int] | None = None
    trigger: tuple[int, int] | None = None
    trigger_text: str | None = None
    undone: datetime | None = None
    undone_by: str | None = None
    undo_reason: str | None = None

    @property
    def in_force(self) -> bool:
        return self.undone is None


@runtime_checkable
class Store(Protocol):
    """An eventwire store. Writes happen inside :meth:`transaction`; a failing transaction
    leaves nothing behind."""

    path: str  # where the store is, as given (a file, or a URL)

    # -- schema and transactions -------------------------------------------------------
    @property
    def schema_version(self) -> int: ...
    def transaction(self) -> AbstractContextManager[None]: ...
    def exclusive(self, name: str) -> AbstractContextManager[None]:
        """While held, no other process or connection holds ``name`` on this store (a
        corroboration reads, clusters and writes as one; on DuckDB the file is already
        one process's)."""
        ...
    def close(self) -> None: ...
    def release_memory(self) -> None:
        """Between transactions of a long job: give back what the store holds for work
        already done (DuckDB keeps memory for what a connection has read and written until
        it closes, so the DuckDB store reconnects; PostgreSQL holds nothing here)."""

    # -- runs and the ingest log -------------------------------------------------------
    def start_run(self, run_id: str, command: str, options: dict[str, Any]) -> None: ...
    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None: ...
    def log(self, run_id: str, position: int, source: str, locator: str | None,
            status: str, reason: str | None, message: str | None,
            document_id: str | None) -> None: ...
    def latest_run_id(self) -> str | None: ...
    def run_log(self, run_id: str, status: str | None = None) -> list[LogEntry]: ...

    # -- documents and their layers ----------------------------------------------------
    def add_document(self, doc: Document, raw: bytes, minhash: bytes, run_id: str) -> bool: ...
    def has_document(self, doc_id: str) -> bool: ...
    def get(self, doc_id: str) -> Document: ...
    def resolve_id(self, prefix: str) -> str: ...
    def list_documents(self, flt: DocumentFilter) -> list[dict[str, Any]]:
        """Flat rows (id, source, title, published, ...) in ingest order."""
    def iter_documents(self, flt: DocumentFilter) -> Iterator[Document]:
        """Whole documents in ingest order."""
    def count(self, flt: DocumentFilter | None = None) -> int: ...
    def tally(self, column: str, *, unnest: bool = False,
              top: int = 10) -> list[tuple[Any, int]]: ...
    def raw_bytes(self, sha256: str) -> bytes | None: ...
    def minhashes(self) -> Iterator[tuple[str, str | None, bytes]]: ...
    def replace_layers(self, doc: Document, run_id: str | None = None) -> None: ...
    def export_table(self, fmt: str, path: Path, flt: DocumentFilter) -> int: ...

    # -- mention listings --------------------------------------------------------------
    def list_actors(self, country: str | None = None, sector: str | None = None,
                    kind: str | None = None, limit: int | None = None,
                    ) -> list[dict[str, Any]]: ...
    def list_places(self, country: str | None = None, level: str | None = None,
                    limit: int | None = None) -> list[dict[str, Any]]: ...
    def list_quotes(self, speaker: str | None = None, doc_id: str | None = None,
                    limit: int | None = None) -> list[dict[str, Any]]: ...
    def actor_mentions(self, name_or_id: str) -> list[dict[str, Any]]: ...
    def event_mention_tally(self) -> list[Tally]: ...

    # -- what corroboration reads ------------------------------------------------------
    def mention_dates(self, mention_ids: set[str],
                      ) -> list[tuple[str, str, date | None, date | None, int]]:
        """(mention id, document id, start date, the document's publication date, trigger
        offset) of the asserted and reported mentions among ``mention_ids``."""
    def counting_mentions(self, mention_ids: set[str] | None = None,
                          ) -> list[tuple[str, EventMention]]:
        """(document id, mention) of the asserted and reported mentions, all or those of
        ``mention_ids``, ordered by document id and then trigger offset."""
    def documents_and_copies(self, document_ids: set[str] | None = None,
                             ) -> list[DocumentRow]:
        """Every document (None), or those of ``document_ids`` and their direct copies
        (documents whose ``duplicate_of`` is one of them)."""
    def document_actors(self, document_ids: set[str] | None = None) -> list[ActorRow]:
        """One row per (document, actor), named as at its first mention."""
    def document_places(self, document_ids: set[str] | None = None) -> list[PlaceRow]:
        """One row per (document, place)."""

    # -- real-world events -------------------------------------------------------------
    def event_members(self) -> dict[str, str]: ...
    def members_of_events(self, event_ids: set[str]) -> dict[str, str]: ...
    def members_in_document(self, doc_id: str) -> dict[str, str]: ...
    def pending_mentions(self) -> set[str]:
        """Counting mentions with a date (their own or their document's) in no event."""
    def orphaned_members(self) -> dict[str, str]:
        """Members (mention id -> event id) whose mention is gone or no longer counts."""
    def events_between(self, first: date, last: date) -> list[str]:
        """Ids of the events whose days meet [first, last]."""
    def last_revisions(self, event_ids: set[str] | None = None,
                       ) -> dict[str, tuple[int, frozenset[str]]]:
        """Event id -> (its latest revision, the members recorded with it), for every event
        ever recorded or for those of ``event_ids`` (ids never recorded are left out)."""
    def replace_all_events(self, events: list[Event], revisions: list[Revision],
                           run_id: str | None, withheld: list[Event] | None = None) -> None:
        """Every stored event replaced by ``events``; revisions are appended. Of the
        ``withheld`` events (marked wrong by an analyst) only the members are written, so
        they keep their ids and mentions without counting anywhere."""
    def replace_some_events(self, replaced: set[str], events: list[Event],
                            revisions: list[Revision], run_id: str | None,
                            withheld: list[Event] | None = None) -> None:
        """The events of ``replaced``, ``events`` and ``withheld`` replaced by ``events``
        (and the members of ``withheld``)."""
    def list_events(self, flt: EventFilter) -> list[Event]:
        """Events by start date (undated last), then id; without their revisions."""
    def get_event(self, prefix: str) -> Event:
        """One event by id or unique prefix, with its revisions; StoreError otherwise."""
    def event_count(self) -> int: ...
    def member_count(self) -> int: ...
    def event_tally(self) -> list[Tally]: ...

    # -- corrections (eventwire.review): apart from the machine's output -------------------
    def add_correction(self, correction: Correction) -> None: ...
    def undo_correction(self, correction_id: str, at: datetime, by: str,
                        reason: str) -> Correction:
        """Mark a correction undone (it stays stored); StoreError when unknown or undone."""
    def corrections(self, include_undone: bool = False) -> list[Correction]:
        """Corrections in force (or all), oldest first."""
    def get_correction(self, prefix: str) -> Correction:
        """One correction by id or unique prefix; StoreError otherwise."""
    def corrections_in_force(self) -> int: ...
    def event_mentions_by_id(self, mention_ids: set[str],
                             ) -> list[tuple[str, EventMention]]:
        """(document id, mention) of these mentions, whatever their modality."""
    def event_mentions_in_sentence(self, document_id: str, span: tuple[int, int],
                                   ) -> list[EventMention]:
        """The mentions read from one sentence of one document, whatever their modality."""
    def place_by_id(self, place_id: str) -> PlaceRow | None:
        """A place some document names (its first row), for a corrected event's place."""

    # -- analytics (eventwire.analytics): aggregated in the store ------------------------
    def flows(self, query: FlowQuery) -> list[FlowRow]:
        """The events between ``query.first`` and ``query.second`` by period, direction,
        counterpart, quad and sign (empty groups are not returned)."""
    def volume(self, query: FlowQuery) -> list[VolumeRow]:
        """Every event of each period (parties ignored), in the query's unit and filters."""
    def coverage(self, period: str, since: str | None, until: str | None,
                 ) -> list[CoverageRow]:
        """Documents per period (near-duplicate republications left out)."""

    # -- exports (eventwire.analytics.exports) -----------------------------------------
    def write_export(self, what: str, fmt: str, path: Path,
                     since: datetime | None = None) -> int:
        """Write events, mentions or actors as parquet, csv or jsonl with the backend's
        own writer; events in Parquet to a folder of ``month=YYYY-MM`` partitions. Rows
        changed since ``since`` (UTC) only, when given. Returns the rows written."""
    def export_rows(self, what: str, since: datetime | None = None,
                    ) -> list[dict[str, Any]]:
        """The rows :meth:`write_export` writes, as nested Python values."""
    def export_provenance(self, what: str, since: datetime | None = None,
                          ) -> dict[str, list[str]]:
        """{"coders": [...], "stages": [...]}: who coded those rows, what built their
        documents."""
    def document_stages(self, document_ids: list[str] | None = None) -> list[str]: ...
    def event_changes(self, since: datetime) -> dict[str, list[str]]:
        """{"created", "revised", "dissolved"}: ids of the events changed since then."""
