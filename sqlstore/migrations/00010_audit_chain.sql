-- +goose Up
-- The audit log becomes a hash chain: each row carries the hash of the row before it and its own
-- hash over both, so an edited or deleted row breaks the chain. audit_chain holds the head (the
-- number of chained rows, the last one and its hash); every insert locks it, so concurrent
-- writers on PostgreSQL extend one chain. The head is anchored in the decision ledger from time to
-- time (audit_anchor events). Rows written before this migration are chained when the store
-- next opens.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size BIGINT NOT NULL,
    last_id BIGINT NOT NULL,
    head TEXT NOT NULL
);
INSERT INTO audit_chain (id, size, last_id, head) VALUES (1, 0, 0, '');

-- +goose Down
DROP TABLE audit_chain;
ALTER TABLE audit_log DROP COLUMN hash;
ALTER TABLE audit_log DROP COLUMN prev_hash;
