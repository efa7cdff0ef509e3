-- Migration 0004: schema version 4.
-- Schema 4: one row per mention of a place, for listing and mapping places.
CREATE TABLE IF NOT EXISTS place_mentions (
    document_id  VARCHAR NOT NULL,
    place_id     VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    country      VARCHAR,
    level        VARCHAR NOT NULL,
    lat          DOUBLE NOT NULL,
    lon          DOUBLE NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    PRIMARY KEY (document_id, place_id, start_char)
);
