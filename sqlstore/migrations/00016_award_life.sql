-- +goose Up
-- The life of an award after it is made: the program's kind, the end of its period and its cap
-- on reports a year; each award's reporting schedule; extensions and variations asked for and
-- decided.
ALTER TABLE programs ADD COLUMN kind TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE programs ADD COLUMN ends_at TEXT;
ALTER TABLE programs ADD COLUMN report_cap INTEGER NOT NULL DEFAULT 4;

CREATE TABLE award_reports (
    id {{ID}},
    award_id BIGINT NOT NULL REFERENCES awards (id),
    kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    status TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    submitted_at TEXT,
    submitted_by TEXT NOT NULL DEFAULT '',
    review_note TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT,
    reviewed_by TEXT NOT NULL DEFAULT '',
    reminded TEXT NOT NULL DEFAULT '' -- '', 'due' or 'overdue': the last reminder sent
);
ALTER TABLE award_tranches ADD COLUMN reminded TEXT NOT NULL DEFAULT '';
CREATE INDEX award_reports_award ON award_reports (award_id);
CREATE INDEX award_reports_due ON award_reports (status, due_at);

CREATE TABLE award_changes (
    id {{ID}},
    award_id BIGINT NOT NULL REFERENCES awards (id),
    kind TEXT NOT NULL,
    tranche_id BIGINT REFERENCES award_tranches (id),
    report_id BIGINT REFERENCES award_reports (id),
    old_due_at TEXT,
    new_due_at TEXT,
    old_text TEXT NOT NULL DEFAULT '',
    new_text TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX award_changes_award ON award_changes (award_id);

-- The final assessment of an award closed out.
CREATE TABLE award_closeouts (
    award_id BIGINT PRIMARY KEY REFERENCES awards (id),
    rating TEXT NOT NULL,
    summary TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    closed_at TEXT NOT NULL
);

-- Each user's inbox, and the e-mails that carry messages on when a relay is configured.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE messages (
    id {{ID}},
    username TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject_zh TEXT NOT NULL,
    subject_en TEXT NOT NULL DEFAULT '',
    body_zh TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX messages_user ON messages (username, id);

CREATE TABLE mail_outbox (
    id {{ID}},
    message_id BIGINT NOT NULL REFERENCES messages (id),
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);

-- +goose Down
DROP TABLE mail_outbox;
DROP TABLE messages;
ALTER TABLE users DROP COLUMN email;
DROP TABLE award_closeouts;
DROP TABLE award_changes;
DROP TABLE award_reports;
ALTER TABLE award_tranches DROP COLUMN reminded;
ALTER TABLE programs DROP COLUMN report_cap;
ALTER TABLE programs DROP COLUMN ends_at;
ALTER TABLE programs DROP COLUMN kind;
