-- +goose Up
-- Each audit row carries its place in the hash chain. On PostgreSQL a row is written unchained
-- (chain_position NULL) by its own transaction, which no longer locks the chain's head, and the
-- ledger's sequencer chains committed rows in batches; SQLite chains each row as it is written.
-- Rows chained so far were chained in id order, so their positions follow it; rows written
-- before the log was a chain stay NULL and are chained when the store next opens.
ALTER TABLE audit_log ADD COLUMN chain_position BIGINT;
UPDATE audit_log SET chain_position = o.pos
FROM (SELECT id, row_number() OVER (ORDER BY id) AS pos FROM audit_log WHERE hash <> '') AS o
WHERE audit_log.id = o.id;
CREATE UNIQUE INDEX audit_log_chain_position ON audit_log (chain_position);

-- An unchained row carries, until it is chained, a MAC of its fields under a key derived from
-- the ledger's signing key (mac_key_id names it), as queued ledger events do, so that the
-- sequencer chains only rows written by a process holding that key; a row it refuses stays
-- unchained with the reason.
ALTER TABLE audit_log ADD COLUMN mac_key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN mac {{BLOB}};
ALTER TABLE audit_log ADD COLUMN chain_refused TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE audit_log DROP COLUMN chain_refused;
ALTER TABLE audit_log DROP COLUMN mac;
ALTER TABLE audit_log DROP COLUMN mac_key_id;
DROP INDEX audit_log_chain_position;
ALTER TABLE audit_log DROP COLUMN chain_position;
