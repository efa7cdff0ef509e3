-- Migration 0007: schema version 7.
-- Schema 7: the parties of each real-world event, one row per side and party, so that the
-- analytics (dyads, the influence index) decide in SQL who counts for a country, an IGO or
-- a region, sector by sector. Filled from the stored events' JSON for stores written before.
CREATE TABLE IF NOT EXISTS event_parties (
    event_id   VARCHAR NOT NULL,
    side       VARCHAR NOT NULL,               -- source | target
    position   INTEGER NOT NULL,               -- order on its side
    name       VARCHAR NOT NULL,
    country    VARCHAR,                        -- ISO-3; null for an IGO or a group
    igo        VARCHAR,                        -- IGO code ('CSTO', 'EU') when the party is one
    sectors    VARCHAR[] NOT NULL,
    PRIMARY KEY (event_id, side, position)
);

-- begin duckdb-only: a PostgreSQL store is new at schema 7, with no events to read
INSERT INTO event_parties
SELECT e.id, p.side, p.position, p.party.name, p.party.country,
       (SELECT split_part(substr(a, 5), ':', 1) FROM unnest(p.party.actor_ids) AS t(a)
        WHERE a LIKE 'igo:%' LIMIT 1),
       coalesce(p.party.sectors, [])
FROM events e,
     LATERAL (
        SELECT 'source' AS side, s.position, s.party FROM (
            SELECT unnest(json_transform(e.event -> 'source',
                   '[{"name":"VARCHAR","country":"VARCHAR","sectors":["VARCHAR"],"actor_ids":["VARCHAR"]}]'))
                   AS party,
                   unnest(range(json_array_length(e.event -> 'source')::INTEGER)) AS position) s
        UNION ALL
        SELECT 'target', t.position, t.party FROM (
            SELECT unnest(json_transform(e.event -> 'target',
                   '[{"name":"VARCHAR","country":"VARCHAR","sectors":["VARCHAR"],"actor_ids":["VARCHAR"]}]'))
                   AS party,
                   unnest(range(json_array_length(e.event -> 'target')::INTEGER)) AS position) t
     ) p
ON CONFLICT DO NOTHING;
-- end duckdb-only
