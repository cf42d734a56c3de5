-- +goose Up
-- The tamper-evident decision ledger (an RFC 6962 Merkle log of the decision events), honest
-- failures of awards, the standard decision procedures as published documents, and the
-- exemption cases (容错免责认定) checked against them.

-- One row per entry: the canonical bytes exactly as hashed, the leaf hash, the root just after
-- the entry, and the decision event it records. Rows are only ever inserted.
CREATE TABLE ledger_entries (
    idx {{ID}},
    entry {{BLOB}} NOT NULL,
    leaf_hash {{BLOB}} NOT NULL,
    root {{BLOB}} NOT NULL,
    event_id BIGINT NOT NULL UNIQUE REFERENCES decision_events (id)
);

-- The perfect subtrees of level 1 and above, for proofs (level 0 is ledger_entries.leaf_hash).
-- The key is level·2^56 + index: one integer key keeps an append to one page on SQLite.
CREATE TABLE ledger_nodes (
    id {{ID}},
    hash {{BLOB}} NOT NULL
);

-- The one row every append locks and rewrites: the frontier of the log, the key that signs it
-- and the latest signed head (JSON). A NULL frontier is a log not yet started.
CREATE TABLE ledger_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    frontier {{BLOB}},
    key_id TEXT NOT NULL DEFAULT '',
    latest_head TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
);
INSERT INTO ledger_state (id) VALUES (1);

-- A signed head every 1,024 entries, kept for ever.
CREATE TABLE ledger_checkpoints (
    size BIGINT PRIMARY KEY,
    head TEXT NOT NULL
);

-- The public keys that have signed heads (for bundles; verification trusts keys given to it).
CREATE TABLE ledger_keys (
    key_id TEXT PRIMARY KEY,
    sig_alg TEXT NOT NULL,
    public_key TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- An award closed as an honest failure: a category and a lesson, never misconduct.
CREATE TABLE award_failures (
    award_id BIGINT PRIMARY KEY REFERENCES awards (id),
    program_id BIGINT NOT NULL REFERENCES programs (id),
    innovator_id BIGINT NOT NULL REFERENCES innovators (id),
    category TEXT NOT NULL,
    lesson TEXT NOT NULL,
    previous_status TEXT NOT NULL,
    released BIGINT NOT NULL,
    returned BIGINT NOT NULL,
    closed_at TEXT NOT NULL,
    closed_by TEXT NOT NULL
);
CREATE INDEX award_failures_innovator ON award_failures (innovator_id);

-- Published versions of the standard decision procedures; the source is also in the ledger.
CREATE TABLE procedures (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

-- Exemption cases: the drafted determination and the committee's confirmation or override.
CREATE TABLE exemption_cases (
    id {{ID}},
    award_id BIGINT NOT NULL UNIQUE REFERENCES awards (id),
    state TEXT NOT NULL,
    draft_outcome TEXT NOT NULL,
    draft TEXT NOT NULL,
    checked_size BIGINT NOT NULL,
    final_outcome TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    committee TEXT NOT NULL DEFAULT '',
    opened_by TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX exemption_cases_state ON exemption_cases (state, id);

-- +goose Down
DROP TABLE exemption_cases;
DROP TABLE procedures;
DROP TABLE award_failures;
DROP TABLE ledger_keys;
DROP TABLE ledger_checkpoints;
DROP TABLE ledger_state;
DROP TABLE ledger_nodes;
DROP TABLE ledger_entries;
