-- Migration 0003: schema version 3.
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
