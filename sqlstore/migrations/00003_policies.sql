-- +goose Up
-- Support policies as documents (rules as code): every uploaded version of every policy, with
-- the YAML source exactly as uploaded and its SHA-256. A draft has passed its checks and tests
-- but is not in force; publishing it makes it part of the library. A published row is never
-- updated or deleted: a change is a new version. Dates are YYYY-MM-DD text; effective_to is ''
-- for an open-ended version.
CREATE TABLE policy_versions (
    id {{ID}},
    policy_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    segment TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    published_by TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL DEFAULT '',
    UNIQUE (policy_id, version)
);
CREATE INDEX policy_versions_status ON policy_versions (status, policy_id);

-- Bumped by every publication, so that a server's compiled library knows when to rebuild
-- (another server or the command line may have published). Publishing also locks this row
-- first, which serialises concurrent publications on PostgreSQL.
CREATE TABLE policy_library_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO policy_library_version (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE policy_library_version;
DROP TABLE policy_versions;
