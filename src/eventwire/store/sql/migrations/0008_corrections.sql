-- Migration 0008: schema version 8.
-- Schema 8: an analyst's corrections, kept apart from the machine's output. Corroboration
-- reads them and applies them to what it writes (eventwire.corroborate.corrections), so
-- every figure, export and API answer that reads the events includes them. Append-only:
-- an undo fills the `undone` columns, nothing is deleted.
CREATE TABLE IF NOT EXISTS corrections (
    id                 VARCHAR PRIMARY KEY,      -- 'cor-' and 12 hex digits of a content hash
    kind               VARCHAR NOT NULL,         -- event | mention
    target             VARCHAR NOT NULL,         -- event id; a mention's id when corrected
    field              VARCHAR NOT NULL,         -- wrong | type | mode | source | target |
                                                 -- modality | place | start | end
    value              JSON,                     -- the corrected value; null for 'wrong'
    reason             VARCHAR NOT NULL CHECK (length(trim(reason)) > 0),
    author             VARCHAR NOT NULL,
    created            TIMESTAMP NOT NULL,       -- UTC
    coder              VARCHAR,                  -- the coder the corrected record carried
    eventwire_version  VARCHAR NOT NULL,
    -- a mention's stable key (its id changes with its coder): document, sentence, trigger
    document_id        VARCHAR,
    sentence_start     INTEGER,
    sentence_end       INTEGER,
    trigger_start      INTEGER,
    trigger_end        INTEGER,
    trigger_text       VARCHAR,
    undone             TIMESTAMP,                -- null while in force
    undone_by          VARCHAR,
    undo_reason        VARCHAR
);
