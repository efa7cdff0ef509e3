-- Migration 0001: schema version 1.
-- The first eventwire store: runs, source bytes, documents and the ingest log.
-- Ids are content hashes, so writing the same thing twice is a no-op.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- One row per pipeline run: what ran, with which settings, and what it did.
CREATE TABLE IF NOT EXISTS runs (
    id        VARCHAR PRIMARY KEY,
    command   VARCHAR NOT NULL,
    version   VARCHAR NOT NULL,
    started   TIMESTAMP NOT NULL,
    finished  TIMESTAMP,
    options   JSON NOT NULL,
    summary   JSON
);

-- The original bytes of every source, once per content hash, so documents can be
-- re-extracted when extraction improves.
CREATE TABLE IF NOT EXISTS raw_sources (
    sha256  VARCHAR PRIMARY KEY,
    size    BIGINT NOT NULL,
    data    BLOB NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS document_seq START 1;

CREATE TABLE IF NOT EXISTS documents (
    id            VARCHAR PRIMARY KEY,          -- sha256 of the normalised text
    seq           BIGINT NOT NULL,              -- ingest order, for stable listings
    source        VARCHAR NOT NULL,
    locator       VARCHAR,
    url           VARCHAR,
    format        VARCHAR NOT NULL,
    title         VARCHAR,
    published     DATE,
    publisher     VARCHAR,
    genre         VARCHAR NOT NULL,
    language      VARCHAR,
    languages     VARCHAR[] NOT NULL,
    translated    BOOLEAN NOT NULL,
    duplicate_of  VARCHAR,
    similarity    DOUBLE,
    truncated     BOOLEAN NOT NULL,
    text          VARCHAR NOT NULL,
    raw_sha256    VARCHAR NOT NULL,
    extractor     VARCHAR NOT NULL,
    document      JSON NOT NULL,                -- the whole Document with its layers
    minhash       BLOB NOT NULL,                -- near-duplicate signature (uint64 array)
    run_id        VARCHAR NOT NULL,
    ingested_at   TIMESTAMP NOT NULL
);

-- What happened to every input and item of every run: nothing is dropped silently.
CREATE TABLE IF NOT EXISTS ingest_log (
    run_id       VARCHAR NOT NULL,
    position     BIGINT NOT NULL,
    source       VARCHAR NOT NULL,
    locator      VARCHAR,
    status       VARCHAR NOT NULL,              -- stored | near_duplicate | skipped | failed
    reason       VARCHAR,
    message      VARCHAR,
    document_id  VARCHAR,
    PRIMARY KEY (run_id, position)
);
