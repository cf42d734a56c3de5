-- +goose Up
-- Reopened selections: the selection each approved reopening superseded, kept beside the
-- program's current one (the ledger keeps it too).
CREATE TABLE selection_reopenings (
    id {{ID}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    reason TEXT NOT NULL,
    mode TEXT NOT NULL,
    superseded TEXT NOT NULL,
    selected_at TEXT NOT NULL,
    selected_by TEXT NOT NULL,
    funded INTEGER NOT NULL,
    spent BIGINT NOT NULL,
    requested_by TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approval_id BIGINT NOT NULL REFERENCES approvals (id),
    at TEXT NOT NULL
);
CREATE INDEX selection_reopenings_program ON selection_reopenings (program_id, id);

-- +goose Down
DROP TABLE selection_reopenings;
