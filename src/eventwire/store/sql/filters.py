"""The store's filters as WHERE clauses, in either dialect (the filters themselves know no
SQL)."""

from __future__ import annotations

from typing import Any

from eventwire.store.base import DocumentFilter, EventFilter
from eventwire.store.sql.base import LIST_PARAM
from eventwire.store.sql.dialect import Dialect


class _Where:
    """Clauses joined by AND, with their parameters in order."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *values: Any) -> None:
        self.clauses.append(sql)
        self.params.extend(values)

    def sql(self) -> tuple[str, list[Any]]:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else "", self.params


def document_where(flt: DocumentFilter, dialect: Dialect) -> tuple[str, list[Any]]:
    where = _Where()
    if flt.genre:
        where.add("genre = ?", flt.genre)
    if flt.language:
        where.add(dialect.contains("languages", "?"), flt.language)
    if flt.publisher:
        where.add("publisher ILIKE ?", f"%{flt.publisher}%")
    if flt.since:
        where.add("published >= CAST(? AS DATE)", flt.since)
    if flt.until:
        where.add("published <= CAST(? AS DATE)", flt.until)
    if flt.translated is not None:
        where.add("translated = ?", flt.translated)
    if not flt.duplicates:
        where.add("duplicate_of IS NULL")
    if flt.text:
        where.add("(title ILIKE ? OR text ILIKE ?)", f"%{flt.text}%", f"%{flt.text}%")
    if flt.after is not None:  # ingest order: a document unknown here leaves nothing after it
        where.add("seq > coalesce((SELECT seq FROM documents WHERE id = ?), "
                  "(SELECT max(seq) FROM documents))", flt.after)
    return where.sql()


def event_where(flt: EventFilter, dialect: Dialect) -> tuple[str, list[Any]]:
    where = _Where()
    sources = dialect.contains("source_countries", "?")
    targets = dialect.contains("target_countries", "?")
    if flt.actor:
        where.add(f"({sources} OR {targets} OR CAST(event -> 'source' AS VARCHAR) ILIKE ? "
                  "OR CAST(event -> 'target' AS VARCHAR) ILIKE ?)",
                  flt.actor.upper(), flt.actor.upper(), f"%{flt.actor}%", f"%{flt.actor}%")
    if flt.country:
        code = flt.country.upper()
        where.add(f"({sources} OR {targets} OR place_country = ?)", code, code, code)
    if flt.dyad:  # A acting on B, or A and B acting together ("A and B signed")
        first, second = flt.dyad[0].upper(), flt.dyad[1].upper()
        where.add(f"{sources} AND ({targets} OR {sources})", first, second, second)
    if flt.type:
        where.add("type = ?", flt.type.upper())
    if flt.quad:
        where.add("quad = ?", flt.quad)
    if flt.place:
        where.add("(place_name ILIKE ? OR place_country = ?)", f"%{flt.place}%",
                  flt.place.upper())
    if flt.since:
        where.add("coalesce(end_date, start_date) >= CAST(? AS DATE)", flt.since)
    if flt.until:
        where.add("start_date <= CAST(? AS DATE)", flt.until)
    if flt.min_sources:
        where.add("independent_sources >= ?", flt.min_sources)
    if flt.modality:
        where.add("modality = ?", flt.modality)
    if flt.ids is not None:
        where.add(dialect.contains(LIST_PARAM, "id"), list(flt.ids))
    if flt.after is not None:
        _after_event(where, *flt.after)
    return where.sql()


def _after_event(where: _Where, start: str | None, event_id: str) -> None:
    """Keyset of the events' order (start date, undated last, then id): what comes after
    (start, event_id)."""
    if start is None:
        where.add("(start_date IS NULL AND id > ?)", event_id)
    else:
        where.add("(start_date > CAST(? AS DATE) OR (start_date = CAST(? AS DATE) AND id > ?) "
                  "OR start_date IS NULL)", start, start, event_id)


def limit_sql(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit else ""
