"""The store's exports: events, event mentions and actors as nested rows, written with
DuckDB's own COPY (Parquet with real list and struct columns, CSV, newline-delimited JSON)
or handed back as Python values for the writers above the store (GeoJSON, networks,
PLOVER records). The PostgreSQL backend writes its exports through these same queries, over
a DuckDB copy of the tables they read (eventwire.store.postgres.staging)."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from eventwire.errors import StoreError

EXPORTABLE = ("events", "mentions", "actors")
COPY_FORMATS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true",
                "jsonl": "FORMAT json"}

# The JSON shapes of an event's parties and place (contract.EventActor, EventPlace).
_PARTY = '[{"name":"VARCHAR","country":"VARCHAR","sectors":["VARCHAR"],"actor_ids":["VARCHAR"]}]'
_PLACE = ('{"id":"VARCHAR","name":"VARCHAR","country":"VARCHAR","lat":"DOUBLE",'
          '"lon":"DOUBLE","level":"VARCHAR"}')
_CHAIN = ('[{"origin":"VARCHAR","name":"VARCHAR","party":"BOOLEAN","independent":"BOOLEAN",'
          '"first_document":"VARCHAR","first_published":"DATE"}]')


def _parties(side: str) -> str:
    """An event's parties on one side as a list of structs, each with its ``code``: the
    country, else the IGO its actor ids name ('igo:CSTO:GOV' -> 'CSTO'), else null."""
    return (
        f"list_transform(json_transform(e.event -> '{side}', '{_PARTY}'), lambda p: struct_insert("
        "p, code := coalesce(p.country, split_part(substr(list_filter(p.actor_ids, "
        "lambda a: a LIKE 'igo:%')[1], 5), ':', 1))))"
    )


# Changed since: created or revised (any revision recorded then) and still stored.
_EVENT_SINCE = "e.id IN (SELECT event_id FROM event_revisions WHERE recorded >= ?)"

_EVENTS = f"""
WITH members AS (
    SELECT em.event_id,
           list(em.mention_id ORDER BY d.published NULLS LAST, d.seq, m.sentence_start)
               AS mention_ids,
           list_sort(list_distinct(list(em.document_id))) AS document_ids,
           list_sort(list_distinct(list(m.coder))) AS coders,
           list_sort(list_distinct(flatten(list(
               coalesce(json_transform(m.event -> 'context', '["VARCHAR"]'), []))))) AS context
    FROM event_members em
    JOIN event_mentions m ON m.id = em.mention_id
    JOIN documents d ON d.id = em.document_id
    GROUP BY em.event_id
),
evidence AS (
    -- the sentence that stands for the event: the earliest member of the event's own type
    SELECT em.event_id, struct_pack(
               mention_id := m.id, document_id := d.id, sentence_start := m.sentence_start,
               sentence_end := m.sentence_end,
               sentence := substring(d.text, m.sentence_start + 1,
                                     m.sentence_end - m.sentence_start),
               coder := m.coder, publisher := d.publisher, url := d.url, source := d.source,
               title := d.title, language := d.language, published := d.published
           ) AS evidence
    FROM event_members em
    JOIN events ev ON ev.id = em.event_id
    JOIN event_mentions m ON m.id = em.mention_id
    JOIN documents d ON d.id = em.document_id
    QUALIFY row_number() OVER (PARTITION BY em.event_id ORDER BY (m.type = ev.type) DESC,
                               d.published NULLS LAST, d.seq, m.sentence_start) = 1
)
SELECT e.id, e.type, e.quad, e.mode, e.modality, e.intensity,
       {_parties('source')} AS source,
       {_parties('target')} AS target,
       CASE WHEN e.place_id IS NULL THEN NULL
            ELSE json_transform(e.event -> 'place', '{_PLACE}') END AS place,
       e.start_date AS "start", e.end_date AS "end",
       coalesce(strftime(e.start_date, '%Y-%m'), 'undated') AS month,
       e.independent_sources, CAST(e.event ->> 'sources' AS INTEGER) AS sources,
       e.first_reported, e.event ->> 'first_reported_by' AS first_reported_by,
       e.confidence, e.revision,
       coalesce(mb.context, []) AS context,
       coalesce(mb.mention_ids, []) AS mention_ids,
       coalesce(mb.document_ids, []) AS document_ids,
       coalesce(mb.coders, []) AS mention_coders,
       json_transform(e.event -> 'chain', '{_CHAIN}') AS chain,
       ev.evidence,
       e.event ->> 'coder' AS coder
FROM events e
LEFT JOIN members mb ON mb.event_id = e.id
LEFT JOIN evidence ev ON ev.event_id = e.id
{{where}}
ORDER BY e.start_date NULLS LAST, e.id
"""

_MENTIONS = """
SELECT m.id, m.document_id, em.event_id, m.type, m.quad, m.mode,
       coalesce(json_transform(m.event -> 'context', '["VARCHAR"]'), []) AS context,
       m.modality, m.source, m.target, m.event ->> 'place' AS place,
       m.start_date AS "start", m.end_date AS "end",
       json_transform(m.event -> 'magnitude', '{"value":"DOUBLE","unit":"VARCHAR"}')
           AS magnitude,
       m.attributed_to, m.confidence, m.intensity, m.coder,
       m.sentence_start, m.sentence_end,
       substring(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence,
       m.trigger_start, m.trigger_end,
       substring(d.text, m.trigger_start + 1, m.trigger_end - m.trigger_start) AS trigger,
       d.published, d.publisher, coalesce(d.url, d.source) AS document_source, m.run_id
FROM event_mentions m
JOIN documents d ON d.id = m.document_id
LEFT JOIN event_members em ON em.mention_id = m.id
{where}
ORDER BY d.seq, m.sentence_start, m.id
"""
# Changed since: in a document stored then, written by a run started then (a re-analysis),
# or held by an event created or revised then.
_MENTION_SINCE = ("(d.ingested_at >= ? OR m.run_id IN (SELECT id FROM runs WHERE started >= ?)"
                  " OR em.event_id IN (SELECT event_id FROM event_revisions WHERE recorded >= ?))")

_ACTORS = """
SELECT a.actor_id AS id, mode(a.name) AS name, mode(a.kind) AS kind,
       mode(a.country) AS country,
       list_sort(list_distinct(flatten(list(a.sectors)))) AS sectors, mode(a.code) AS code,
       list_sort(list_distinct(list(a.name))) AS names,
       list_sort(list_distinct(list(a.role) FILTER (WHERE a.role IS NOT NULL))) AS roles,
       count(*) AS mentions, count(DISTINCT a.document_id) AS documents,
       list_sort(list_distinct(list(a.document_id))) AS document_ids,
       min(d.published) AS first_seen, max(d.published) AS last_seen
FROM actor_mentions a
JOIN documents d ON d.id = a.document_id
GROUP BY a.actor_id
{having}
ORDER BY mentions DESC, id
"""
# An actor named in a document stored since; its counts still cover every document.
_ACTOR_SINCE = " HAVING max(d.ingested_at) >= ?"


class ExportTables:
    """The export half of :class:`~eventwire.store.duckdb.DuckDBStore` (a mixin)."""

    con: duckdb.DuckDBPyConnection
    path: str

    def write_export(self, what: str, fmt: str, path: Path,
                     since: datetime | None = None) -> int:
        """Write ``what`` (events, mentions, actors) as ``fmt`` (parquet, csv, jsonl) to
        ``path``; events in Parquet go to a folder partitioned by month (``month=YYYY-MM``).
        Lists and structs stay nested in Parquet and JSONL; CSV joins them with ';'.
        Returns the number of rows written."""
        if fmt not in COPY_FORMATS:
            raise StoreError(f"the store writes parquet, csv or jsonl, not {fmt!r}")
        sql, params = self._export_query(what, since)
        if fmt == "csv":
            sql = flat_select(self.con.sql(sql, params=params), sql)
        options = COPY_FORMATS[fmt]
        if fmt == "parquet" and what == "events":
            options += ", PARTITION_BY (month)"
        quoted = str(path).replace("'", "''")
        # COPY takes no parameters inside its query: the query is run into a temporary
        # table first, so the filter values stay bound parameters.
        self.con.execute("CREATE OR REPLACE TEMP TABLE export_rows AS " + sql, params)
        try:
            self.con.execute(f"COPY export_rows TO '{quoted}' ({options})")
            return self._count("SELECT count(*) FROM export_rows")
        finally:
            self.con.execute("DROP TABLE IF EXISTS export_rows")

    def export_rows(self, what: str, since: datetime | None = None) -> list[dict[str, Any]]:
        """The rows :meth:`write_export` writes, as Python values (structs as dicts, lists
        as lists, dates as dates)."""
        sql, params = self._export_query(what, since)
        cursor = self.con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def export_provenance(self, what: str, since: datetime | None = None,
                          ) -> dict[str, list[str]]:
        """The coders named in the rows of ``what`` and the stages that built the
        documents behind them (names, sorted)."""
        sql, params = self._export_query(what, since)
        documents = {"events": "unnest(document_ids)", "mentions": "document_id",
                     "actors": "unnest(document_ids)"}[what]
        coders = {"events": "unnest(list_append(mention_coders, coder))", "mentions": "coder",
                  "actors": "NULL"}[what]
        rows = self.con.execute(
            f"WITH x AS ({sql}) SELECT "
            f"(SELECT list_sort(list_distinct(list(c))) FROM (SELECT {coders} AS c FROM x)), "
            f"(SELECT list_sort(list_distinct(flatten(list(json_extract_string(d.document, "
            f"'$.stages[*].name'))))) FROM documents d WHERE d.id IN "
            f"(SELECT {documents} FROM x))", params).fetchone()
        assert rows is not None
        return {"coders": [c for c in rows[0] or [] if c], "stages": list(rows[1] or [])}

    def _export_query(self, what: str, since: datetime | None) -> tuple[str, list[Any]]:
        if what == "events":
            where = f" WHERE {_EVENT_SINCE}" if since else ""
            return _EVENTS.replace("{where}", where), [since] if since else []
        if what == "mentions":
            where = f" WHERE {_MENTION_SINCE}" if since else ""
            return _MENTIONS.replace("{where}", where), [since] * 3 if since else []
        if what == "actors":
            return _ACTORS.replace("{having}", _ACTOR_SINCE if since else ""), \
                [since] if since else []
        raise StoreError(f"the store exports {', '.join(EXPORTABLE)}, not {what!r}")

    def _count(self, sql: str) -> int:
        row = self.con.execute(sql).fetchone()
        return int(row[0]) if row else 0


def flat_select(relation: duckdb.DuckDBPyRelation, sql: str) -> str:
    """``sql`` with every list and struct flattened for CSV: a list joined with ';', a
    struct's fields as ``column_field``, a list of structs as one ';'-joined column per
    field (an empty place where a field is null, so positions line up); a list inside a
    list's struct is joined with ','."""
    columns: list[str] = []
    for name, kind in zip(relation.columns, relation.types, strict=True):
        columns += _flat(f'"{name}"', name, kind)
    return "SELECT " + ", ".join(columns) + f" FROM ({sql})"


def _flat(expr: str, name: str, kind: duckdb.DuckDBPyType) -> list[str]:
    if kind.id == "struct":
        return [part for field, child in kind.children
                for part in _flat(f'{expr}."{field}"', f"{name}_{field}", child)]
    if kind.id == "list":
        child = kind.child
        if child.id == "struct":
            return [f"array_to_string(list_transform({expr}, lambda x: "
                    f"{_joined_item(field, sub)}), ';') AS \"{name}_{field}\""
                    for field, sub in child.children if sub.id != "list" or
                    sub.child.id not in ("struct", "list")]
        return [f"array_to_string({expr}, ';') AS \"{name}\""]
    return [f'{expr} AS "{name}"']


def _joined_item(field: str, kind: duckdb.DuckDBPyType) -> str:
    value = f'x."{field}"'
    if kind.id == "list":
        return f"array_to_string({value}, ',')"
    return f"coalesce(CAST({value} AS VARCHAR), '')"


def write_rows_parquet(rows: list[dict[str, Any]], path: Path) -> int:
    """Rows of Python values (nested dicts and lists allowed) as one Parquet file, the
    types read from the values by DuckDB: for tables made above the store (analytics),
    with no pyarrow needed. Returns the row count."""
    with tempfile.TemporaryDirectory() as folder:
        staged = Path(folder) / "rows.jsonl"
        with staged.open("w", encoding="utf-8") as stream:
            for row in rows:
                stream.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")
        con = duckdb.connect()
        try:
            source = str(staged).replace("'", "''")
            target = str(path).replace("'", "''")
            if rows:
                con.execute(f"COPY (SELECT * FROM read_json('{source}', format = "
                            f"'newline_delimited')) TO '{target}' (FORMAT parquet)")
            else:  # no rows, no types to read: an empty file with no columns is no use
                raise StoreError("no rows to write as Parquet", source=str(path))
        finally:
            con.close()
    return len(rows)
