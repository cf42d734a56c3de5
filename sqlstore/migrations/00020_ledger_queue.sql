-- +goose Up
-- Decision events committed but not yet appended to the ledger. On PostgreSQL a decision
-- writes its event and a row here, and the ledger's sequencer appends queued events in batches
-- and deletes their rows; on SQLite decisions append in their own transactions and it stays
-- empty.
CREATE TABLE ledger_queue (
    event_id BIGINT PRIMARY KEY REFERENCES decision_events (id)
);

-- +goose Down
DROP TABLE ledger_queue;
