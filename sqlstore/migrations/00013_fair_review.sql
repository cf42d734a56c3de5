-- +goose Up
-- Fair review: blind programs (identities hidden from reviewers until the scores are final, then
-- revealed), the applicants' right to reply to the anonymised reviews within a window, an
-- officer replacing a reviewer at any point with a reason, the panel's notes, the champions one
-- reviewer may name per round, and the summary statement returned to each applicant.
ALTER TABLE programs ADD COLUMN blind_review BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE programs ADD COLUMN reply_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programs ADD COLUMN revealed_at TEXT;
ALTER TABLE programs ADD COLUMN revealed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN reply_opened_at TEXT;
ALTER TABLE programs ADD COLUMN reply_closes_at TEXT;

ALTER TABLE review_assignments ADD COLUMN replaced_at TEXT;
ALTER TABLE review_assignments ADD COLUMN replaced_by TEXT NOT NULL DEFAULT '';
ALTER TABLE review_assignments ADD COLUMN replaced_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE application_replies (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id),
    program_id BIGINT NOT NULL REFERENCES programs (id),
    body TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL
);
CREATE INDEX application_replies_program ON application_replies (program_id);

CREATE TABLE panel_notes (
    id {{ID}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    application_id BIGINT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX panel_notes_app ON panel_notes (application_id);

CREATE TABLE champions (
    id {{ID}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    application_id BIGINT NOT NULL REFERENCES applications (id),
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (program_id, reviewer_id)
);
CREATE INDEX champions_app ON champions (application_id);

CREATE TABLE summary_statements (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id),
    program_id BIGINT NOT NULL REFERENCES programs (id),
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE summary_statements;
DROP TABLE champions;
DROP TABLE panel_notes;
DROP TABLE application_replies;
ALTER TABLE review_assignments DROP COLUMN replaced_reason;
ALTER TABLE review_assignments DROP COLUMN replaced_by;
ALTER TABLE review_assignments DROP COLUMN replaced_at;
ALTER TABLE programs DROP COLUMN reply_closes_at;
ALTER TABLE programs DROP COLUMN reply_opened_at;
ALTER TABLE programs DROP COLUMN revealed_by;
ALTER TABLE programs DROP COLUMN revealed_at;
ALTER TABLE programs DROP COLUMN reply_days;
ALTER TABLE programs DROP COLUMN blind_review;
