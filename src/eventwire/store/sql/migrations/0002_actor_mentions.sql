-- Migration 0002: schema version 2.
-- Schema 2: one row per mention of an actor, for listing actors across documents.
CREATE TABLE IF NOT EXISTS actor_mentions (
    document_id  VARCHAR NOT NULL,
    actor_id     VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    country      VARCHAR,
    sectors      VARCHAR[] NOT NULL,
    code         VARCHAR NOT NULL,
    role         VARCHAR,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    PRIMARY KEY (document_id, actor_id, start_char)
);
