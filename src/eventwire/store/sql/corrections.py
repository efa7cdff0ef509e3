"""The store's table of corrections (schema 8): an analyst's corrections of events and
mentions, apart from the machine's output, append-only (an undo marks, never deletes),
and the few reads that applying them needs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from eventwire.document import EventMention
from eventwire.errors import StoreError
from eventwire.store.base import Correction, PlaceRow
from eventwire.store.sql.base import ANY_OF, SqlBase

_COLUMNS = ("id, kind, target, field, value, reason, author, created, coder, "
            "eventwire_version, document_id, sentence_start, sentence_end, trigger_start, "
            "trigger_end, trigger_text, undone, undone_by, undo_reason")


class CorrectionTables(SqlBase):
    """The corrections half of a SQL store (a mixin)."""

    def add_correction(self, correction: Correction) -> None:
        c = correction
        sentence = c.sentence or (None, None)
        trigger = c.trigger or (None, None)
        self._execute(
            f"INSERT INTO corrections ({_COLUMNS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
            [c.id, c.kind, c.target, c.field, json.dumps(c.value), c.reason, c.author,
             c.created, c.coder, c.eventwire_version, c.document_id, sentence[0],
             sentence[1], trigger[0], trigger[1], c.trigger_text])

    def undo_correction(self, correction_id: str, at: datetime, by: str,
                        reason: str) -> Correction:
        found = self.get_correction(correction_id)
        if not found.in_force:
            raise StoreError(f"correction {found.id} was already undone on "
                             f"{found.undone:%Y-%m-%d %H:%M} by {found.undone_by}",
                             source=self.path)
        self._execute(
            "UPDATE corrections SET undone = ?, undone_by = ?, undo_reason = ? WHERE id = ?",
            [at, by, reason, found.id])
        return self.get_correction(found.id)

    def corrections(self, include_undone: bool = False) -> list[Correction]:
        where = "" if include_undone else " WHERE undone IS NULL"
        rows = self._all(
            f"SELECT {_COLUMNS} FROM corrections{where} ORDER BY created, id")
        return [_correction(row) for row in rows]

    def get_correction(self, prefix: str) -> Correction:
        rows = self._all(
            f"SELECT {_COLUMNS} FROM corrections WHERE id LIKE ? ORDER BY id LIMIT 2",
            [f"{prefix}%"])
        if not rows:
            raise StoreError(f"no correction with id {prefix!r}", source=self.path)
        if len(rows) > 1:
            raise StoreError(f"correction id {prefix!r} is ambiguous; give more of it",
                             source=self.path)
        return _correction(rows[0])

    def corrections_in_force(self) -> int:
        row = self._one(
            "SELECT count(*) FROM corrections WHERE undone IS NULL")
        return int(row[0]) if row else 0

    def event_mentions_by_id(self, mention_ids: set[str]) -> list[tuple[str, EventMention]]:
        if not mention_ids:
            return []
        rows = self._all(
            f"SELECT document_id, event FROM event_mentions WHERE id IN {ANY_OF} "
            "ORDER BY document_id, trigger_start", [sorted(mention_ids)])
        return [(doc_id, EventMention.model_validate_json(event)) for doc_id, event in rows]

    def event_mentions_in_sentence(self, document_id: str, span: tuple[int, int],
                                   ) -> list[EventMention]:
        rows = self._all(
            "SELECT event FROM event_mentions WHERE document_id = ? AND sentence_start = ? "
            "AND sentence_end = ? ORDER BY trigger_start", [document_id, *span])
        return [EventMention.model_validate_json(row[0]) for row in rows]

    def place_by_id(self, place_id: str) -> PlaceRow | None:
        row = self._one(
            "SELECT document_id, place_id, name, lat, lon, level, country, countries "
            "FROM place_mentions WHERE place_id = ? ORDER BY document_id LIMIT 1",
            [place_id])
        if row is None:
            return None
        return PlaceRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                        tuple(row[7] or ()))


def _correction(row: tuple[Any, ...]) -> Correction:
    (id_, kind, target, field, value, reason, author, created, coder, version, doc_id,
     s_start, s_end, t_start, t_end, t_text, undone, undone_by, undo_reason) = row
    return Correction(
        id=id_, kind=kind, target=target, field=field,
        value=json.loads(value) if value is not None else None, reason=reason,
        author=author, created=created, coder=coder, eventwire_version=version,
        document_id=doc_id,
        sentence=(s_start, s_end) if s_start is not None else None,
        trigger=(t_start, t_end) if t_start is not None else None,
        trigger_text=t_text, undone=undone, undone_by=undone_by, undo_reason=undo_reason)
