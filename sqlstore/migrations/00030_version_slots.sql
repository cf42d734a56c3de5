-- +goose Up
-- The funding and registry versions are each held in 64 slots, so that concurrent writers on
-- PostgreSQL bump different rows instead of queueing on one row's lock until each holder
-- commits: a writer bumps its connection's slot, a reader's version is the sum of the slots
-- (version.go). The single row's values carry over into slot 0, so that no version goes back.
CREATE TABLE funding_version_slots (
    slot INTEGER PRIMARY KEY CHECK (slot >= 0 AND slot < 64),
    version BIGINT NOT NULL
);
WITH RECURSIVE slots (slot) AS (SELECT 0 UNION ALL SELECT slot + 1 FROM slots WHERE slot < 63)
INSERT INTO funding_version_slots (slot, version)
SELECT slot, CASE WHEN slot = 0 THEN (SELECT version FROM funding_version WHERE id = 1) ELSE 0 END FROM slots;
DROP TABLE funding_version;
ALTER TABLE funding_version_slots RENAME TO funding_version;

CREATE TABLE registry_version_slots (
    slot INTEGER PRIMARY KEY CHECK (slot >= 0 AND slot < 64),
    version BIGINT NOT NULL,
    rebuilds BIGINT NOT NULL
);
WITH RECURSIVE slots (slot) AS (SELECT 0 UNION ALL SELECT slot + 1 FROM slots WHERE slot < 63)
INSERT INTO registry_version_slots (slot, version, rebuilds)
SELECT slot, CASE WHEN slot = 0 THEN (SELECT version FROM registry_version WHERE id = 1) ELSE 0 END,
    CASE WHEN slot = 0 THEN (SELECT rebuilds FROM registry_version WHERE id = 1) ELSE 0 END FROM slots;
DROP TABLE registry_version;
ALTER TABLE registry_version_slots RENAME TO registry_version;

-- +goose Down
CREATE TABLE registry_version_one (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    rebuilds BIGINT NOT NULL DEFAULT 0
);
INSERT INTO registry_version_one (id, version, rebuilds) SELECT 1, sum(version), sum(rebuilds) FROM registry_version;
DROP TABLE registry_version;
ALTER TABLE registry_version_one RENAME TO registry_version;

CREATE TABLE funding_version_one (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO funding_version_one (id, version) SELECT 1, sum(version) FROM funding_version;
DROP TABLE funding_version;
ALTER TABLE funding_version_one RENAME TO funding_version;
