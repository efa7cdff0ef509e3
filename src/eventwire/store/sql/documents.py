"""The store's documents, their source bytes, the ingest log and the mention tables
(actors, places, events, quotes, claims), read and written in SQL both backends share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from eventwire._version import __version__
from eventwire.document import Document
from eventwire.errors import StoreError
from eventwire.store.base import DocumentFilter, LogEntry, Tally
from eventwire.store.sql.base import ANY_OF, SqlBase
from eventwire.store.sql.filters import document_where, limit_sql

TALLIED = {"genre", "language", "languages", "publisher", "format", "translated"}


class DocumentTables(SqlBase):
    """The document half of a SQL store (a mixin)."""

    # -- runs ---------------------------------------------------------------------------
    def start_run(self, run_id: str, command: str, options: dict[str, Any]) -> None:
        self._execute(
            "INSERT INTO runs (id, command, version, started, options) VALUES (?, ?, ?, ?, ?)",
            [run_id, command, __version__, _now(), json.dumps(options)],
        )

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        self._execute(
            "UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
            [_now(), json.dumps(summary), run_id],
        )

    def log(self, run_id: str, position: int, source: str, locator: str | None,
            status: str, reason: str | None, message: str | None,
            document_id: str | None) -> None:
        self._execute(
            "INSERT INTO ingest_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, position, source, locator, status, reason, message, document_id],
        )

    def latest_run_id(self) -> str | None:
        row = self._one("SELECT id FROM runs ORDER BY started DESC LIMIT 1")
        return row[0] if row else None

    def run_log(self, run_id: str, status: str | None = None) -> list[LogEntry]:
        """The outcomes of one run's inputs, in the order they were read."""
        sql = "SELECT source, locator, status, reason, message FROM ingest_log WHERE run_id = ?"
        params: list[Any] = [run_id]
        if status:
            sql += " AND status = ?"
            params.append(status)
        return [LogEntry(*row)
                for row in self._all(sql + " ORDER BY position", params)]

    # -- documents ----------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        row = self._one("SELECT 1 FROM documents WHERE id = ?", [doc_id])
        return row is not None

    def add_document(self, doc: Document, raw: bytes, minhash: bytes, run_id: str) -> bool:
        """Store a document (and its source bytes, once); False if its id is already stored.

        The document row goes first, with ON CONFLICT DO NOTHING: when two processes store
        the same document at once, the second waits on the first's row and then inserts
        nothing, and it is the insert's own answer (a returned id or none) that says which
        one writes the layers, never an earlier look that the other could overtake."""
        anatomy = doc.anatomy
        if anatomy is None:
            raise StoreError("a document must pass anatomy before it is stored", source=doc.source)
        if self.has_document(doc.id):  # the common case, without spending a sequence number
            return False
        inserted = self._all(
            "INSERT INTO documents VALUES (?, nextval('document_seq'), ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
            [
                doc.id, doc.source, doc.locator, doc.url, doc.format, anatomy.title,
                anatomy.published, anatomy.publisher, anatomy.genre, doc.language,
                anatomy.languages, anatomy.translated, doc.duplicate_of, doc.similarity,
                doc.truncated, doc.text, doc.raw_sha256, doc.extractor,
                doc.model_dump_json(), minhash, run_id, _now(),
            ],
        )
        if not inserted:
            return False
        self._execute(
            "INSERT INTO raw_sources VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
            [doc.raw_sha256, len(raw), raw],
        )
        self._write_layers(doc, run_id, fresh=True)
        return True

    def _write_layers(self, doc: Document, run_id: str | None = None,
                      fresh: bool = False) -> None:
        """The mention tables (actors, places, events, quotes, claims) of one document,
        replaced; ``fresh``: the document row was inserted in this transaction, so there
        is nothing to replace (each DELETE scans its table: a cost that grew with the
        store on every document written)."""
        self._clear("actor_mentions", doc.id, fresh)
        rows = [
            [doc.id, actor.id, actor.name, actor.kind, actor.country, actor.sectors, actor.code,
             actor.role, start, end]
            for actor in doc.actors or [] for start, end in actor.mentions
        ]
        if rows:
            self._executemany(
                "INSERT INTO actor_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING", rows)
        self._clear("place_mentions", doc.id, fresh)
        places = [[doc.id, p.id, p.name, p.country, p.level, p.lat, p.lon, start, end,
                   p.countries] for p in doc.places or [] for start, end in p.mentions]
        if places:
            self._executemany(
                "INSERT INTO place_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING", places)
        self._clear("event_mentions", doc.id, fresh)
        events = [
            [e.id, doc.id, e.type, e.quad, e.mode, e.modality, e.source, e.target, e.start,
             e.end, e.attributed_to, e.confidence, e.intensity, e.coder, e.evidence.span[0],
             e.evidence.span[1], e.evidence.trigger[0], e.evidence.trigger[1],
             e.model_dump_json(), run_id]
            for e in doc.events or []
        ]
        if events:
            self._executemany(
                "INSERT INTO event_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", events)

        self._write_quotes_and_claims(doc, fresh)

    def _clear(self, table: str, doc_id: str, fresh: bool) -> None:
        if not fresh:
            self._execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])

    def _write_quotes_and_claims(self, doc: Document, fresh: bool) -> None:
        self._clear("quote_mentions", doc.id, fresh)
        quotes = [[doc.id, i, q.kind, q.speaker, q.speaker_text, q.cue, q.text, q.span[0],
                   q.span[1]] for i, q in enumerate(doc.quotes or [])]
        if quotes:
            self._executemany(
                "INSERT INTO quote_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", quotes)
        self._clear("claim_mentions", doc.id, fresh)
        claims = [[doc.id, i, c.value, c.unit, c.subject, c.attributed_to, c.approximate,
                   c.low, c.high, c.text, c.span[0], c.span[1]]
                  for i, c in enumerate(doc.claims or [])]
        if claims:
            self._executemany(
                "INSERT INTO claim_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claims)

    def list_quotes(self, speaker: str | None = None, doc_id: str | None = None,
                    limit: int | None = None) -> list[dict[str, Any]]:
        """Stored quotes, with the speaker's name; ``speaker`` is an actor id or part of
        the speaker's name or words."""
        clauses, params = [], []
        if speaker:
            clauses.append("(q.speaker = ? OR a.name ILIKE ? OR q.speaker_text ILIKE ?)")
            params += [speaker, f"%{speaker}%", f"%{speaker}%"]
        if doc_id:
            clauses.append("q.document_id = ?")
            params.append(self.resolve_id(doc_id))
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = ("SELECT q.document_id, q.position, q.kind, q.speaker, "
               "coalesce(a.name, q.speaker_text) AS speaker_name, q.speaker_text, q.cue, "
               "q.text, q.start_char, q.end_char, d.published FROM quote_mentions q "
               "JOIN documents d ON d.id = q.document_id LEFT JOIN (SELECT DISTINCT "
               "document_id, actor_id, name FROM actor_mentions) a ON a.document_id = "
               "q.document_id AND a.actor_id = q.speaker" + where +
               " ORDER BY d.published NULLS LAST, d.seq, q.position")
        sql += limit_sql(limit)
        return self._rows(sql, params)

    def replace_layers(self, doc: Document, run_id: str | None = None) -> None:
        """Store a re-analysed document: same id and text, new layers."""
        anatomy = doc.anatomy
        if anatomy is None:
            raise StoreError("a document must pass anatomy before it is stored", source=doc.source)
        self._execute(
            "UPDATE documents SET title = ?, published = ?, publisher = ?, genre = ?, "
            "languages = ?, translated = ?, document = ? WHERE id = ?",
            [anatomy.title, anatomy.published, anatomy.publisher, anatomy.genre,
             anatomy.languages, anatomy.translated, doc.model_dump_json(), doc.id],
        )
        self._write_layers(doc, run_id)

    def _grouped(self, select: str, table: str, key: str, filters: list[tuple[str, Any]],
                 limit: int | None) -> list[dict[str, Any]]:
        """One row per stored actor or place, with its mention and document counts."""
        active = [(clause, value) for clause, value in filters if value]
        where = (" WHERE " + " AND ".join(c for c, _ in active)) if active else ""
        sql = (f"SELECT {key} AS id, {select}, count(*) AS mentions,"
               f" count(DISTINCT document_id) AS documents FROM {table}{where}"
               f" GROUP BY {key} ORDER BY mentions DESC, id")
        sql += limit_sql(limit)
        return self._rows(sql, [value for _, value in active])

    def list_actors(self, country: str | None = None, sector: str | None = None,
                    kind: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        return self._grouped(
            # the commonest name, and the first of tied ones, so listings never change
            # between two reads of one store (DuckDB's parallel any_value may)
            f"{self.dialect.mode('name')} AS name, min(kind) AS kind, min(country) AS country,"
            " min(sectors) AS sectors, min(code) AS code",
            "actor_mentions", "actor_id",
            [("country = ?", country and country.upper()),
             (self.dialect.contains("sectors", "?"), sector and sector.upper()),
             ("kind = ?", kind)],
            limit)

    def list_places(self, country: str | None = None, level: str | None = None,
                    limit: int | None = None) -> list[dict[str, Any]]:
        return self._grouped(
            "min(name) AS name, min(country) AS country, min(level) AS level,"
            " min(lat) AS lat, min(lon) AS lon",
            "place_mentions", "place_id",
            [("country = ?", country and country.upper()), ("level = ?", level)], limit)

    def actor_mentions(self, name_or_id: str) -> list[dict[str, Any]]:
        """Mentions of the actors whose id is this, or whose name contains it."""
        return self._rows(
            "SELECT m.actor_id, m.name, m.code, m.role, m.document_id, d.source, d.published, "
            "m.start_char, m.end_char, d.text FROM actor_mentions m JOIN documents d ON "
            "d.id = m.document_id WHERE m.actor_id = ? OR m.name ILIKE ? "
            "ORDER BY d.published NULLS LAST, d.seq, m.start_char",
            [name_or_id, f"%{name_or_id}%"],
        )

    def event_mention_tally(self) -> list[Tally]:
        """Per type: the mentions in all, and those asserted or reported."""
        return [Tally(type_, total, counting) for type_, counting, total in self._all(
            "SELECT type, count(*) FILTER (WHERE modality IN ('asserted', 'reported')), count(*) "
            "FROM event_mentions GROUP BY type ORDER BY 2 DESC, type")]

    def minhashes(self) -> Iterator[tuple[str, str | None, bytes]]:
        """(id, duplicate_of, signature) of every stored document, in ingest order."""
        for doc_id, duplicate_of, minhash in self._all(
                "SELECT id, duplicate_of, minhash FROM documents ORDER BY seq"):
            yield doc_id, duplicate_of, bytes(minhash)

    def resolve_id(self, prefix: str) -> str:
        """A full document id from an id or a unique prefix of at least 6 characters."""
        if len(prefix) < 6:
            raise StoreError("give at least 6 characters of the document id", source=prefix)
        rows = self._all(
            # starts_with, not LIKE: '%' or '_' in what a client typed is no wildcard
            "SELECT id FROM documents WHERE starts_with(id, ?) ORDER BY seq LIMIT 2",
            [prefix.lower()],
        )
        if not rows:
            raise StoreError("no stored document has this id", source=prefix)
        if len(rows) > 1:
            raise StoreError("several documents start with this id; give more of it",
                             source=prefix)
        return rows[0][0]

    def get(self, doc_id: str) -> Document:
        row = self._one(
            "SELECT document FROM documents WHERE id = ?", [self.resolve_id(doc_id)]
        )
        assert row is not None
        return Document.model_validate_json(row[0])

    def raw_bytes(self, sha256: str) -> bytes | None:
        row = self._one("SELECT data FROM raw_sources WHERE sha256 = ?", [sha256])
        return bytes(row[0]) if row else None

    def list_documents(self, flt: DocumentFilter) -> list[dict[str, Any]]:
        where, params = document_where(flt, self.dialect)
        sql = (
            "SELECT id, source, locator, title, published, publisher, genre, language, "
            "languages, translated, duplicate_of FROM documents" + where + " ORDER BY seq"
        )
        sql += limit_sql(flt.limit)
        return self._rows(sql, params)

    def iter_documents(self, flt: DocumentFilter) -> Iterator[Document]:
        where, params = document_where(flt, self.dialect)
        sql = "SELECT document FROM documents" + where + " ORDER BY seq"
        sql += limit_sql(flt.limit)
        for (payload,) in self._all(sql, params):
            yield Document.model_validate_json(payload)

    def count(self, flt: DocumentFilter | None = None) -> int:
        where, params = document_where(flt or DocumentFilter(), self.dialect)
        row = self._one("SELECT count(*) FROM documents" + where, params)
        return int(row[0]) if row else 0

    def tally(self, column: str, *, unnest: bool = False, top: int = 10) -> list[tuple[Any, int]]:
        """Most frequent values of one documents column (``unnest`` for list columns)."""
        if column not in TALLIED:
            raise StoreError(f"cannot tally column {column!r}")
        expr = f"unnest({column})" if unnest else column
        # unnest in a subquery: PostgreSQL groups no set-returning function
        return self._all(
            f"SELECT v, count(*) AS n FROM (SELECT {expr} AS v FROM documents) AS t "
            f"GROUP BY v ORDER BY n DESC, v LIMIT {int(top)}"
        )


    def document_stages(self, document_ids: list[str] | None = None) -> list[str]:
        """The stage names recorded on the documents (all, or those of ``document_ids``)."""
        sql = "SELECT CAST(document -> 'stages' AS VARCHAR) FROM documents"
        params: list[Any] = []
        if document_ids is not None:
            sql += f" WHERE id IN {ANY_OF}"
            params.append(document_ids)
        # the names are gathered here, not in SQL: JSON paths over arrays are spelled
        # differently by the two dialects, and a document has a handful of stages
        names = {stage.get("name") for (stages,) in self._all(sql, params)
                 for stage in json.loads(stages or "[]") or []}
        return sorted(name for name in names if name)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
