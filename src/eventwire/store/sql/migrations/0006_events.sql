-- Migration 0006: schema version 6.
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
