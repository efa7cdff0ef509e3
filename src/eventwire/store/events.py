"""The store's tables of real-world events (schema 6): events, their members, their
sources and their revisions. Written by eventwire.corroborate, read by `eventwire events`
and `eventwire event`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import duckdb

from eventwire.errors import StoreError


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
    limit: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        if self.actor:
            add("(list_contains(source_countries, ?) OR list_contains(target_countries, ?) "
                "OR CAST(json_extract(event, '$.source') AS VARCHAR) ILIKE ? "
                "OR CAST(json_extract(event, '$.target') AS VARCHAR) ILIKE ?)",
                self.actor.upper(), self.actor.upper(), f"%{self.actor}%", f"%{self.actor}%")
        if self.country:
            code = self.country.upper()
            add("(list_contains(source_countries, ?) OR list_contains(target_countries, ?) "
                "OR place_country = ?)", code, code, code)
        if self.dyad:  # A acting on B, or A and B acting together ("A and B signed")
            first, second = self.dyad[0].upper(), self.dyad[1].upper()
            add("list_contains(source_countries, ?) AND (list_contains(target_countries, ?) "
                "OR list_contains(source_countries, ?))", first, second, second)
        if self.type:
            add("type = ?", self.type.upper())
        if self.quad:
            add("quad = ?", self.quad)
        if self.place:
            add("(place_name ILIKE ? OR place_country = ?)", f"%{self.place}%",
                self.place.upper())
        if self.since:
            add("coalesce(end_date, start_date) >= CAST(? AS DATE)", self.since)
        if self.until:
            add("start_date <= CAST(? AS DATE)", self.until)
        if self.min_sources:
            add("independent_sources >= ?", self.min_sources)
        if self.modality:
            add("modality = ?", self.modality)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class EventTables:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: str = "") -> None:
        self.con = con
        self.path = path

    def members(self) -> dict[str, str]:
        """mention id -> event id, as stored."""
        return dict(self.con.execute("SELECT mention_id, event_id FROM event_members").fetchall())

    def pending_mentions(self) -> set[str]:
        """Asserted and reported mentions with a date (their own or their document's) that
        no event holds yet."""
        return {row[0] for row in self.con.execute(
            "SELECT m.id FROM event_mentions m JOIN documents d ON d.id = m.document_id "
            "LEFT JOIN event_members e ON e.mention_id = m.id WHERE e.mention_id IS NULL "
            "AND m.modality IN ('asserted', 'reported') "
            "AND (m.start_date IS NOT NULL OR d.published IS NOT NULL)").fetchall()}

    def orphaned_members(self) -> dict[str, str]:
        """Members whose mention is gone or no longer counts (after a re-analysis)."""
        return dict(self.con.execute(
            "SELECT e.mention_id, e.event_id FROM event_members e LEFT JOIN event_mentions m "
            "ON m.id = e.mention_id WHERE m.id IS NULL OR m.modality NOT IN "
            "('asserted', 'reported')").fetchall())

    def events_between(self, first: date, last: date) -> list[str]:
        """Events whose days meet [first, last]."""
        return [row[0] for row in self.con.execute(
            "SELECT id FROM events WHERE coalesce(end_date, start_date) >= ? "
            "AND start_date <= ?", [first, last]).fetchall()]

    def members_of(self, event_ids: set[str]) -> dict[str, str]:
        if not event_ids:
            return {}
        return dict(self.con.execute(
            "SELECT mention_id, event_id FROM event_members WHERE event_id IN "
            "(SELECT unnest(?))", [sorted(event_ids)]).fetchall())

    def member_count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM event_members").fetchone()
        return int(row[0]) if row else 0

    def last_revisions(self) -> dict[str, tuple[int, frozenset[str]]]:
        """event id -> (latest revision, its members)."""
        rows = self.con.execute(
            "SELECT event_id, revision, members FROM event_revisions "
            "QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY revision DESC) = 1"
        ).fetchall()
        return {r[0]: (r[1], frozenset(r[2])) for r in rows}

    def replace_all(self, events: list[dict[str, Any]], revisions: list[tuple[str, int, str]],
                    run_id: str | None) -> None:
        """Write the events of a full corroboration run (the caller holds the transaction)."""
        for table in ("events", "event_members", "event_sources"):
            self.con.execute(f"DELETE FROM {table}")  # fixed table names, no input
        self._insert(events, revisions, run_id)

    def replace_some(self, replaced: set[str], events: list[dict[str, Any]],
                     revisions: list[tuple[str, int, str]], run_id: str | None) -> None:
        """Write an incremental run: the events it read back are replaced by what they
        became, new events added, the rest left as they are."""
        ids = sorted(replaced | {e["id"] for e in events})
        if ids:
            for table, column in (("events", "id"), ("event_members", "event_id"),
                                  ("event_sources", "event_id")):
                self.con.execute(f"DELETE FROM {table} WHERE {column} IN "  # fixed names
                                 "(SELECT unnest(?))", [ids])
        self._insert(events, revisions, run_id)

    def _insert(self, events: list[dict[str, Any]], revisions: list[tuple[str, int, str]],
                run_id: str | None) -> None:
        if events:
            self.con.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?)", [_event_row(e, run_id) for e in events])
            members = [[m["id"], e["id"], m["document"], m["role"], m["origin"]]
                       for e in events for m in e["mentions"]]
            self.con.executemany("INSERT INTO event_members VALUES (?, ?, ?, ?, ?)", members)
            sources = [[e["id"], s["origin"], s["name"], s["party"], i, s["first_document"],
                        s["first_published"], len(s["documents"])]
                       for e in events for i, s in enumerate(e["chain"])]
            self.con.executemany(
                "INSERT INTO event_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sources)
        if revisions:
            by_id = {e["id"]: e for e in events}
            now = datetime.now(UTC).replace(tzinfo=None)
            self.con.executemany(
                "INSERT INTO event_revisions VALUES (?, ?, ?, ?, ?, ?)",
                [[event_id, number, run_id, now, reason,
                  sorted(m["id"] for m in by_id[event_id]["mentions"])
                  if event_id in by_id else []]
                 for event_id, number, reason in revisions])

    def list(self, flt: EventFilter) -> list[dict[str, Any]]:
        where, params = flt.where()
        sql = ("SELECT event FROM events" + where
               + " ORDER BY start_date NULLS LAST, id" + (f" LIMIT {int(flt.limit)}"
                                                          if flt.limit else ""))
        return [json.loads(row[0]) for row in self.con.execute(sql, params).fetchall()]

    def get(self, prefix: str) -> dict[str, Any]:
        rows = self.con.execute("SELECT event FROM events WHERE id LIKE ? ORDER BY id LIMIT 2",
                                [f"{prefix}%"]).fetchall()
        if not rows:
            raise StoreError(f"no event with id {prefix!r}", source=self.path)
        if len(rows) > 1:
            raise StoreError(f"event id {prefix!r} is ambiguous; give more of it",
                             source=self.path)
        event = json.loads(rows[0][0])
        event["revisions"] = [
            {"revision": r[0], "run": r[1], "at": r[2].isoformat(), "reason": r[3],
             "members": list(r[4])}
            for r in self.con.execute(
                "SELECT revision, run_id, recorded, reason, members FROM event_revisions "
                "WHERE event_id = ? ORDER BY revision", [event["id"]]).fetchall()]
        return event

    def count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0


def _event_row(event: dict[str, Any], run_id: str | None) -> list[Any]:
    place = event.get("place") or {}
    return [
        event["id"], event["type"], event["quad"], event["mode"], event["modality"],
        sorted({a["country"] for a in event["source"] if a["country"]}),
        sorted({a["country"] for a in event["target"] if a["country"]}),
        place.get("id"), place.get("name"), place.get("country"), event["start"],
        event["end"], len(event["mentions"]), len({m["document"] for m in event["mentions"]}),
        event["independent_sources"], event["confidence"], event["intensity"],
        event["revision"], event["first_reported"], run_id, json.dumps(event),
    ]
