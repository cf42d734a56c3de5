-- +goose Up
-- The monitoring data's version (bumped by every write of indicator values and outcomes, by a
-- change of an innovator's name, field or size class, and by an erasure) is held in 64 slots,
-- as the funding and registry versions are (00030): concurrent writers on PostgreSQL bump
-- different rows, and a reader's version is the sum of the slots (version.go). The single
-- row's value carries over into slot 0, so that the version never goes back.
CREATE TABLE monitoring_version (
    slot INTEGER PRIMARY KEY CHECK (slot >= 0 AND slot < 64),
    version BIGINT NOT NULL
);
WITH RECURSIVE slots (slot) AS (SELECT 0 UNION ALL SELECT slot + 1 FROM slots WHERE slot < 63)
INSERT INTO monitoring_version (slot, version)
SELECT slot, CASE WHEN slot = 0 THEN (SELECT version FROM monitoring_state WHERE id = 1) ELSE 0 END FROM slots;
ALTER TABLE monitoring_state DROP COLUMN version;

-- +goose Down
ALTER TABLE monitoring_state ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE monitoring_state SET version = (SELECT sum(version) FROM monitoring_version) WHERE id = 1;
DROP TABLE monitoring_version;
