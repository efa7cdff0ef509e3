"""What corroboration reads, straight from the mention tables (no document is parsed
whole): counting event mentions, documents with their copies, and each document's actors
and places."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from eventwire.document import EventMention
from eventwire.store.base import COUNTING_MODALITIES, ActorRow, DocumentRow, PlaceRow
from eventwire.store.sql.base import ANY_OF, SqlBase

_COUNTING = "(" + ", ".join(f"'{m}'" for m in COUNTING_MODALITIES) + ")"  # fixed words


def _among(column: str, ids: set[str] | None) -> tuple[str, list[Any]]:
    """A WHERE clause keeping rows whose ``column`` is one of ``ids`` (None: every row)."""
    if ids is None:
        return "", []
    return f" WHERE {column} IN {ANY_OF}", [sorted(ids)]


class CorroborationReads(SqlBase):
    """The corroboration half of a SQL store (a mixin)."""

    def counting_mentions(self, mention_ids: set[str] | None = None,
                          ) -> list[tuple[str, EventMention]]:
        """(document id, mention) of the asserted and reported mentions (all, or those of
        ``mention_ids``), by document and then position."""
        where, params = "", []
        if mention_ids is not None:
            where, params = f" AND id IN {ANY_OF}", [sorted(mention_ids)]
        rows = self._all(
            f"SELECT document_id, event FROM event_mentions WHERE modality IN {_COUNTING}"
            + where + " ORDER BY document_id, trigger_start", params)
        return [(doc_id, EventMention.model_validate_json(payload)) for doc_id, payload in rows]

    def mention_dates(self, mention_ids: set[str],
                      ) -> list[tuple[str, str, date | None, date | None, int]]:
        """(mention id, document id, start date, the document's publication date, trigger
        offset) of the asserted and reported mentions among ``mention_ids``: what their
        canonical order needs, without the mentions' JSON or the documents'."""
        return [tuple(row) for row in self._all(  # type: ignore[misc]
            "SELECT m.id, m.document_id, m.start_date, d.published, m.trigger_start "
            "FROM event_mentions m LEFT JOIN documents d ON d.id = m.document_id "
            f"WHERE m.modality IN {_COUNTING} AND m.id IN {ANY_OF}", [sorted(mention_ids)])]

    def documents_and_copies(self, document_ids: set[str] | None = None,
                             ) -> list[DocumentRow]:
        """Every document (None), or those of ``document_ids`` and those that name one of
        them as ``duplicate_of``."""
        sql = ("SELECT id, source, url, published, publisher, genre, duplicate_of, "
               "CAST(document -> 'anatomy' -> 'cites' AS VARCHAR) FROM documents")
        params: list[Any] = []
        if document_ids is not None:
            sql += f" WHERE id IN {ANY_OF} OR duplicate_of IN {ANY_OF}"
            params = [sorted(document_ids)] * 2
        return [_document_row(*row) for row in self._all(sql, params)]

    def document_actors(self, document_ids: set[str] | None = None) -> list[ActorRow]:
        """Each actor of each document (all, or of ``document_ids``), as its first mention
        names it."""
        where, params = _among("document_id", document_ids)
        rows = self._all(
            "SELECT DISTINCT ON (document_id, actor_id) document_id, actor_id, name, kind, "
            "country, sectors FROM actor_mentions" + where
            + " ORDER BY document_id, actor_id, start_char", params)
        return [ActorRow(doc_id, actor_id, name, kind, country, tuple(sectors))
                for doc_id, actor_id, name, kind, country, sectors in rows]

    def document_places(self, document_ids: set[str] | None = None) -> list[PlaceRow]:
        where, params = _among("document_id", document_ids)
        rows = self._all(
            "SELECT DISTINCT ON (document_id, place_id) document_id, place_id, name, lat, lon, "
            "level, country, countries FROM place_mentions" + where
            + " ORDER BY document_id, place_id", params)
        return [PlaceRow(doc_id, place_id, name, lat, lon, level, country, tuple(members or ()))
                for doc_id, place_id, name, lat, lon, level, country, members in rows]


def _document_row(doc_id: str, source: str, url: str | None, published: Any,
                  publisher: str | None, genre: str, duplicate_of: str | None,
                  cites: str | None) -> DocumentRow:
    return DocumentRow(
        id=doc_id, source=source, url=url, published=published, publisher=publisher,
        genre=genre, duplicate_of=duplicate_of,
        cites=tuple((c["source"], (c["sentence"][0], c["sentence"][1]), c["cue"])
                    for c in json.loads(cites or "[]")))
