"""What the analytics read, aggregated in the store's SQL: the events between two parties by period,
the corpus volume of each period and its coverage (eventwire.analytics).

Every figure is grouped here, in SQL; Python receives one row per period, direction,
counterpart, quad and sign, with the ids and contributions of the events behind it (the
figures must list them), never the event table itself.
"""

from __future__ import annotations

from typing import Any

from eventwire.errors import StoreError
from eventwire.store.base import CoverageRow, FlowQuery, FlowRow, Party, VolumeRow
from eventwire.store.sql.base import LIST_PARAM, SqlBase
from eventwire.store.sql.dialect import Dialect

PERIODS = ("week", "month", "quarter", "year")
UNITS = ("events", "mentions")
_COOPERATIVE_QUADS = ("verbal_cooperation", "material_cooperation")


class AnalyticsReads(SqlBase):
    """The analytics half of a SQL store (a mixin)."""

    def flows(self, query: FlowQuery) -> list[FlowRow]:
        scored, params = _scored_events(query, self.dialect)
        first, first_params = _party_where(query.first, self.dialect)
        second, second_params = _party_where(query.second, self.dialect)
        counterpart = "coalesce(b.country, b.igo)" if query.by_counterpart else "NULL"
        sql = f"""
            WITH {scored},
            a AS (SELECT event_id, side, country, igo FROM event_parties WHERE {first}),
            b AS (SELECT event_id, side, country, igo FROM event_parties WHERE {second}),
            pairs AS (
                SELECT DISTINCT a.event_id,
                       CASE WHEN a.side = 'source' AND b.side = 'target' THEN 'forward'
                            WHEN a.side = 'target' AND b.side = 'source' THEN 'backward'
                            ELSE 'joint' END AS direction,
                       {counterpart} AS counterpart
                FROM a JOIN b ON a.event_id = b.event_id
                WHERE NOT (a.side = 'target' AND b.side = 'target')
                  AND coalesce(a.country, a.igo) IS DISTINCT FROM coalesce(b.country, b.igo))
            SELECT ev.period, p.direction, p.counterpart, ev.quad,
                   CAST(sign(ev.score) AS INTEGER) AS sign,
                   array_agg(ev.id ORDER BY ev.contribution DESC, ev.id),
                   array_agg(ev.units ORDER BY ev.contribution DESC, ev.id),
                   array_agg(ev.contribution ORDER BY ev.contribution DESC, ev.id),
                   array_agg(ev.score ORDER BY ev.contribution DESC, ev.id)
            FROM pairs p JOIN ev ON ev.id = p.event_id
            WHERE p.direction <> 'joint' OR ev.quad IN {_COOPERATIVE_QUADS}
                  OR ev.type = 'ASSAULT'
            GROUP BY 1, 2, 3, 4, 5
            ORDER BY 1, 2, 3 NULLS FIRST, 4, 5"""
        rows = self._analytic_rows(sql, params + first_params + second_params)
        return [FlowRow(period=r[0], direction=r[1], counterpart=r[2], quad=r[3], sign=r[4],
                        event_ids=tuple(r[5]), units=tuple(r[6]), contributions=tuple(r[7]),
                        scores=tuple(r[8])) for r in rows]

    def volume(self, query: FlowQuery) -> list[VolumeRow]:
        scored, params = _scored_events(query, self.dialect)
        sql = (f"WITH {scored} SELECT period, sum(units), sum(contribution) FROM ev "
               "GROUP BY period ORDER BY period")
        return [VolumeRow(period=r[0], units=int(r[1]), weight=r[2])
                for r in self._analytic_rows(sql, params)]

    def coverage(self, period: str, since: str | None, until: str | None,
                 ) -> list[CoverageRow]:
        bucket = _bucket(period, "published")
        where = ["published IS NOT NULL", "duplicate_of IS NULL"]
        params: list[Any] = []
        if since:
            where.append("published >= CAST(? AS DATE)")
            params.append(since)
        if until:
            where.append("published <= CAST(? AS DATE)")
            params.append(until)
        sql = f"""
            WITH docs AS (
                SELECT {bucket} AS period, coalesce(publisher, '(unknown)') AS publisher,
                       languages
                FROM documents WHERE {' AND '.join(where)}),
            per_publisher AS (
                SELECT period, publisher, count(*) AS n FROM docs GROUP BY period, publisher),
            per_language AS (
                SELECT DISTINCT period, unnest(languages) AS language FROM docs)
            SELECT d.period, d.documents,
                   (SELECT array_agg(publisher ORDER BY n DESC, publisher) FROM per_publisher p
                    WHERE p.period = d.period),
                   (SELECT array_agg(n ORDER BY n DESC, publisher) FROM per_publisher p
                    WHERE p.period = d.period),
                   (SELECT array_agg(language ORDER BY language) FROM per_language l
                    WHERE l.period = d.period)
            FROM (SELECT period, count(*) AS documents FROM docs GROUP BY period) d
            ORDER BY d.period"""
        return [CoverageRow(period=r[0], documents=int(r[1]), publishers=tuple(r[2]),
                            languages=tuple(r[4] or ()),
                            by_publisher=tuple(zip(r[2], r[3], strict=True)))
                for r in self._analytic_rows(sql, params)]

    def _analytic_rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        try:
            return self._all(sql, params)
        except Exception as exc:  # each driver has its own error class
            raise StoreError(f"analytics query failed: {exc}", source=self.path) from exc


def _bucket(period: str, column: str) -> str:
    if period not in PERIODS:
        raise StoreError(f"unknown period {period!r}: give one of {', '.join(PERIODS)}")
    # a timestamp, not a date: PostgreSQL would truncate a date in the session's time zone
    return f"CAST(date_trunc('{period}', CAST({column} AS TIMESTAMP)) AS DATE)"


def _scored_events(query: FlowQuery, dialect: Dialect) -> tuple[str, list[Any]]:
    """The CTEs ``scores`` (the table passed in) and ``ev``: each event in the window with
    its period, quad, score, units and contribution."""
    if query.unit not in UNITS:
        raise StoreError(f"unknown unit {query.unit!r}: give events or mentions")
    if not query.scores:
        raise StoreError("no PLOVER score table given")
    values = ", ".join([f"(?, ?, CAST(? AS {dialect.double}), ?)"] * len(query.scores))
    params: list[Any] = [value for row in query.scores for value in row]
    mentions = query.unit == "mentions"
    units = "e.mentions" if mentions else "1"
    factor = "e.mentions" if mentions else "(1 + ln(greatest(e.independent_sources, 1)))"
    where = ["e.independent_sources >= ?"]
    params.append(query.min_sources)
    if query.since:
        where.append("e.start_date >= CAST(? AS DATE)")
        params.append(query.since)
    if query.until:
        where.append("e.start_date <= CAST(? AS DATE)")
        params.append(query.until)
    sql = f"""scores(type, mode, score, quad) AS (VALUES {values}),
            ev AS (
                SELECT e.id, e.type, {_bucket(query.period, 'e.start_date')} AS period, base.quad,
                       coalesce(m.score, base.score) AS score, {units} AS units,
                       CAST({dialect.round6(f"abs(coalesce(m.score, base.score)) * {factor}")}
                            AS DECIMAL(18, 6)) AS contribution
                FROM events e
                JOIN scores base ON base.type = e.type AND base.mode IS NULL
                LEFT JOIN scores m ON m.type = e.type AND m.mode = e.mode
                WHERE {' AND '.join(where)})"""
    return sql, params


def _party_where(party: Party, dialect: Dialect) -> tuple[str, list[Any]]:
    if not party.countries and not party.igos:
        raise StoreError("a dyad side needs at least one country or IGO")
    sql = (f"({dialect.contains(LIST_PARAM, 'country')} "
           f"OR {dialect.contains(LIST_PARAM, 'igo')})")
    params: list[Any] = [list(party.countries), list(party.igos)]
    if party.sectors:
        sql += f" AND {dialect.overlaps('sectors', LIST_PARAM)}"
        params.append(list(party.sectors))
    return sql, params
