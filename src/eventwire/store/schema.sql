-- eventwire store schema. The same tables are used on PostgreSQL (types kept portable).
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

-- Schema 3: what each sentence of each document says happened.
CREATE TABLE IF NOT EXISTS event_mentions (
    id             VARCHAR PRIMARY KEY,
    document_id    VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,
    quad           VARCHAR NOT NULL,
    mode           VARCHAR,
    modality       VARCHAR NOT NULL,
    source         VARCHAR[] NOT NULL,
    target         VARCHAR[] NOT NULL,
    start_date     DATE,
    end_date       DATE,
    attributed_to  VARCHAR,
    confidence     DOUBLE NOT NULL,
    intensity      DOUBLE NOT NULL,
    coder          VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    event          JSON NOT NULL
);

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

-- Schema 5: quotes (direct and indirect, with cue and speaker) and numeric claims.
CREATE TABLE IF NOT EXISTS quote_mentions (
    document_id   VARCHAR NOT NULL,
    position      INTEGER NOT NULL,             -- index in the document's quotes layer
    kind          VARCHAR NOT NULL,             -- direct | indirect
    speaker       VARCHAR,                      -- actor id
    speaker_text  VARCHAR,
    cue           VARCHAR,
    text          VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    PRIMARY KEY (document_id, position)
);

CREATE TABLE IF NOT EXISTS claim_mentions (
    document_id    VARCHAR NOT NULL,
    position       INTEGER NOT NULL,            -- index in the document's claims layer
    value          DOUBLE NOT NULL,
    unit           VARCHAR NOT NULL,
    subject        VARCHAR,
    attributed_to  VARCHAR,                     -- actor id of the speaker, inside a quote
    approximate    BOOLEAN NOT NULL,
    low            DOUBLE,
    high           DOUBLE,
    text           VARCHAR NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    PRIMARY KEY (document_id, position)
);

-- Schema 6: real-world events, clustered from event mentions across documents
-- (eventwire.corroborate). Ids are kept across re-runs; a change of members is a revision.
ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS run_id VARCHAR;
ALTER TABLE place_mentions ADD COLUMN IF NOT EXISTS countries VARCHAR[];  -- region members

CREATE TABLE IF NOT EXISTS events (
    id                   VARCHAR PRIMARY KEY,
    type                 VARCHAR NOT NULL,
    quad                 VARCHAR NOT NULL,
    mode                 VARCHAR,
    modality             VARCHAR NOT NULL,       -- asserted | reported (strongest member)
    source_countries     VARCHAR[] NOT NULL,
    target_countries     VARCHAR[] NOT NULL,
    place_id             VARCHAR,
    place_name           VARCHAR,
    place_country        VARCHAR,
    start_date           DATE,
    end_date             DATE,
    mentions             INTEGER NOT NULL,
    documents            INTEGER NOT NULL,
    independent_sources  INTEGER NOT NULL,
    confidence           DOUBLE NOT NULL,
    intensity            DOUBLE NOT NULL,
    revision             INTEGER NOT NULL,
    first_reported       DATE,
    updated_run          VARCHAR,
    event                JSON NOT NULL             -- the whole event, as `eventwire event` shows it
);

-- Which mention belongs to which event, and what it is in the chain of sources.
CREATE TABLE IF NOT EXISTS event_members (
    mention_id   VARCHAR PRIMARY KEY,
    event_id     VARCHAR NOT NULL,
    document_id  VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,                 -- original | republication | relay | party
    origin       VARCHAR NOT NULL                  -- the witness the mention goes back to
);

-- The witnesses of each event: who first reported it, who relayed whom, who is independent.
CREATE TABLE IF NOT EXISTS event_sources (
    event_id        VARCHAR NOT NULL,
    origin          VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    party           BOOLEAN NOT NULL,
    position        INTEGER NOT NULL,              -- 0: first reported
    first_document  VARCHAR,
    first_published DATE,
    documents       INTEGER NOT NULL,
    PRIMARY KEY (event_id, origin)
);

-- Every change of an event's members, so an id never silently changes meaning.
CREATE TABLE IF NOT EXISTS event_revisions (
    event_id   VARCHAR NOT NULL,
    revision   INTEGER NOT NULL,
    run_id     VARCHAR,
    recorded   TIMESTAMP NOT NULL,
    reason     VARCHAR NOT NULL,
    members    VARCHAR[] NOT NULL,
    PRIMARY KEY (event_id, revision)
);
