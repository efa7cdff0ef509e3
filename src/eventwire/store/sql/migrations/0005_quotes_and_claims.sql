-- Migration 0005: schema version 5.
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
