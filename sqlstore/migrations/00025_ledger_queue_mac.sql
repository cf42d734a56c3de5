-- +goose Up
-- A queued decision event carries a MAC of its canonical entry, keyed with a key derived from
-- the ledger's signing key (key_id names it), so that the sequencer appends only events queued
-- by a process holding that key: an event row and a queue row written into the database by
-- hand are refused. A queue row from before this migration has no MAC and is refused too.
ALTER TABLE ledger_queue ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_queue ADD COLUMN mac {{BLOB}};

-- Queued events the sequencer refused, with why: verification names them.
CREATE TABLE ledger_refused (
    event_id BIGINT PRIMARY KEY REFERENCES decision_events (id),
    key_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    refused_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE ledger_refused;
ALTER TABLE ledger_queue DROP COLUMN mac;
ALTER TABLE ledger_queue DROP COLUMN key_id;
