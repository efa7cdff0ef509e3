"""The store's tables of real-world events (schema 6): events, their members, their
sources and their revisions. Written by eventwire.corroborate, read by `eventwire events`
and `eventwire event`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from eventwire.contract import Event, EventRevision
from eventwire.errors import StoreError
from eventwire.store.base import COUNTING_MODALITIES, EventFilter, Revision, Tally
from eventwire.store.sql.base import ANY_OF, SqlBase
from eventwire.store.sql.filters import event_where, limit_sql

_COUNTING = "(" + ", ".join(f"'{m}'" for m in COUNTING_MODALITIES) + ")"  # fixed words


class EventTables(SqlBase):
    """The event half of a SQL store (a mixin)."""

    def event_members(self) -> dict[str, str]:
        """mention id -> event id, as stored."""
        return dict(self._all("SELECT mention_id, event_id FROM event_members"))

    def members_in_document(self, doc_id: str) -> dict[str, str]:
        """Mention id -> the event it was clustered into, for one document's mentions."""
        return dict(self._all(
            "SELECT mention_id, event_id FROM event_members WHERE document_id = ?",
            [doc_id]))

    def members_of_events(self, event_ids: set[str]) -> dict[str, str]:
        if not event_ids:
            return {}
        return dict(self._all(
            "SELECT mention_id, event_id FROM event_members WHERE event_id IN " + ANY_OF,
            [sorted(event_ids)]))

    def pending_mentions(self) -> set[str]:
        """Asserted and reported mentions with a date (their own or their document's) that
        no event holds yet."""
        return {row[0] for row in self._all(
            "SELECT m.id FROM event_mentions m JOIN documents d ON d.id = m.document_id "
            "LEFT JOIN event_members e ON e.mention_id = m.id WHERE e.mention_id IS NULL "
            f"AND m.modality IN {_COUNTING} "
            "AND (m.start_date IS NOT NULL OR d.published IS NOT NULL)")}

    def orphaned_members(self) -> dict[str, str]:
        """Members whose mention is gone or no longer counts (after a re-analysis)."""
        return dict(self._all(
            "SELECT e.mention_id, e.event_id FROM event_members e LEFT JOIN event_mentions m "
            f"ON m.id = e.mention_id WHERE m.id IS NULL OR m.modality NOT IN {_COUNTING}"
        ))

    def events_between(self, first: date, last: date) -> list[str]:
        """Events whose days meet [first, last]."""
        return [row[0] for row in self._all(
            "SELECT id FROM events WHERE coalesce(end_date, start_date) >= ? "
            "AND start_date <= ?", [first, last])]

    def member_count(self) -> int:
        return self._scalar("SELECT count(*) FROM event_members")

    def event_count(self) -> int:
        return self._scalar("SELECT count(*) FROM events")

    def event_tally(self) -> list[Tally]:
        """Per type: events, and those with two or more independent sources."""
        return [Tally(*row) for row in self._all(
            "SELECT type, count(*), count(*) FILTER (WHERE independent_sources >= 2) FROM events "
            "GROUP BY type ORDER BY 2 DESC, type")]

    def last_revisions(self, event_ids: set[str] | None = None,
                       ) -> dict[str, tuple[int, frozenset[str]]]:
        """event id -> (latest revision, its members): of every event ever recorded, or of
        those of ``event_ids`` that were."""
        where, params = "", []
        if event_ids is not None:
            where, params = f" WHERE event_id IN {ANY_OF}", [sorted(event_ids)]
        rows = self._all(
            "SELECT DISTINCT ON (event_id) event_id, revision, members FROM event_revisions"
            + where + " ORDER BY event_id, revision DESC", params)
        return {r[0]: (r[1], frozenset(r[2])) for r in rows}

    def replace_all_events(self, events: list[Event], revisions: list[Revision],
                           run_id: str | None, withheld: list[Event] | None = None) -> None:
        """Write the events of a full corroboration run (the caller holds the transaction);
        of ``withheld`` events (marked wrong) only the members, so they keep their ids."""
        self._lock("events")
        for table in ("events", "event_members", "event_sources", "event_parties"):
            self._execute(f"DELETE FROM {table}")  # fixed table names, no input
        self._insert(events, revisions, run_id, withheld or [])

    def replace_some_events(self, replaced: set[str], events: list[Event],
                            revisions: list[Revision], run_id: str | None,
                            withheld: list[Event] | None = None) -> None:
        """Write an incremental run: the events it read back are replaced by what they
        became, new events added, the rest left as they are."""
        withheld = withheld or []
        self._lock("events")
        ids = sorted(replaced | {e.id for e in events} | {e.id for e in withheld})
        if ids:
            for table, column in (("events", "id"), ("event_members", "event_id"),
                                  ("event_sources", "event_id"), ("event_parties", "event_id")):
                self._execute(f"DELETE FROM {table} WHERE {column} IN {ANY_OF}",  # fixed names
                              [ids])
        self._insert(events, revisions, run_id, withheld)

    def _insert(self, events: list[Event], revisions: list[Revision],
                run_id: str | None, withheld: list[Event]) -> None:
        # a withheld event's members stay recorded: its id survives the next run, and its
        # mentions are not taken for new ones (they would found an event of their own)
        kept = [[m.id, e.id, m.document, m.role, m.origin]
                for e in withheld for m in e.mentions]
        if kept:
            self._executemany("INSERT INTO event_members VALUES (?, ?, ?, ?, ?)", kept)
        if events:
            self._executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?)", [_event_row(e, run_id) for e in events])
            members = [[m.id, e.id, m.document, m.role, m.origin]
                       for e in events for m in e.mentions]
            self._executemany("INSERT INTO event_members VALUES (?, ?, ?, ?, ?)", members)
            sources = [[e.id, s.origin, s.name, s.party, i, s.first_document,
                        s.first_published, len(s.documents)]
                       for e in events for i, s in enumerate(e.chain)]
            self._executemany(
                "INSERT INTO event_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sources)
            parties = [[e.id, side, i, a.name, a.country, igo_code(a.actor_ids), a.sectors]
                       for e in events for side, actors in (("source", e.source),
                                                            ("target", e.target))
                       for i, a in enumerate(actors)]
            if parties:
                self._executemany(
                    "INSERT INTO event_parties VALUES (?, ?, ?, ?, ?, ?, ?)", parties)
        if revisions:
            by_id = {e.id: e for e in events + withheld}
            now = datetime.now(UTC).replace(tzinfo=None)
            self._executemany(
                "INSERT INTO event_revisions VALUES (?, ?, ?, ?, ?, ?)",
                [[event_id, number, run_id, now, reason,
                  sorted(m.id for m in by_id[event_id].mentions) if event_id in by_id else []]
                 for event_id, number, reason in revisions])

    def list_events(self, flt: EventFilter) -> list[Event]:
        where, params = event_where(flt, self.dialect)
        sql = ("SELECT event FROM events" + where + " ORDER BY start_date NULLS LAST, id"
               + limit_sql(flt.limit))
        return [Event.model_validate_json(row[0])
                for row in self._all(sql, params)]

    def get_event(self, prefix: str) -> Event:
        """One event, with its revisions, by its id or a unique prefix of it."""
        # starts_with, not LIKE: '%' or '_' in what a client typed is no wildcard
        rows = self._all("SELECT event FROM events WHERE starts_with(id, ?) "
                                "ORDER BY id LIMIT 2", [prefix])
        if not rows:
            raise StoreError(f"no event with id {prefix!r}", source=self.path)
        if len(rows) > 1:
            raise StoreError(f"event id {prefix!r} is ambiguous; give more of it",
                             source=self.path)
        event = Event.model_validate_json(rows[0][0])
        return event.model_copy(update={"revisions": self._revisions(event.id)})

    def _revisions(self, event_id: str) -> list[EventRevision]:
        return [
            EventRevision(revision=r[0], run=r[1], at=r[2].isoformat(), reason=r[3],
                          members=list(r[4]))
            for r in self._all(
                "SELECT revision, run_id, recorded, reason, members FROM event_revisions "
                "WHERE event_id = ? ORDER BY revision", [event_id])]


    def event_changes(self, since: datetime) -> dict[str, list[str]]:
        """Events created, revised and dissolved since ``since`` (ids, sorted). An event
        both created and revised then is listed as created; a dissolved one only as
        dissolved."""
        rows = self._all(
            "SELECT event_id, bool_or(reason LIKE 'dissolved%' AND revision = last), "
            "bool_or(revision = 1 OR reason = 'created again') "
            "FROM (SELECT *, max(revision) OVER (PARTITION BY event_id) AS last "
            "FROM event_revisions) AS r WHERE recorded >= ? GROUP BY event_id "
            "ORDER BY event_id", [since])
        dissolved = [r[0] for r in rows if r[1]]
        created = [r[0] for r in rows if not r[1] and r[2]]
        revised = [r[0] for r in rows if not r[1] and not r[2]]
        return {"created": created, "revised": revised, "dissolved": dissolved}


def igo_code(actor_ids: list[str]) -> str | None:
    """The IGO a party stands for ('igo:CSTO:GOV' -> 'CSTO'), as migration 0007 reads it."""
    for actor_id in actor_ids:
        if actor_id.startswith("igo:"):
            return actor_id[4:].split(":", 1)[0]
    return None


def _event_row(event: Event, run_id: str | None) -> list[Any]:
    place = event.place
    return [
        event.id, event.type, event.quad, event.mode, event.modality,
        sorted({a.country for a in event.source if a.country}),
        sorted({a.country for a in event.target if a.country}),
        place.id if place else None, place.name if place else None,
        place.country if place else None, event.start, event.end, len(event.mentions),
        len({m.document for m in event.mentions}), event.independent_sources,
        event.confidence, event.intensity, event.revision, event.first_reported, run_id,
        # json.dumps, as when events were dicts, so the stored text is what it was
        json.dumps(event.as_json()),
    ]
