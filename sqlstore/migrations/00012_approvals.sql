-- +goose Up
-- Decisions under a two-person rule (双人复核): proposed by one account, taking effect when a
-- second one approves. At most one proposal of a rule waits per subject at a time.
CREATE TABLE approvals (
    id {{ID}},
    rule TEXT NOT NULL,
    subject TEXT NOT NULL,
    link TEXT NOT NULL,
    summary_zh TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    reason TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_role TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approvals_status ON approvals (status, id);
CREATE INDEX approvals_subject ON approvals (subject, rule);

-- +goose Down
DROP TABLE approvals;
