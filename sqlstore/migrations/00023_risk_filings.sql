-- +goose Up
-- High-risk support decisions filed in advance (容错备案): the risk, why it is worth taking and
-- what failure would look like, reviewed by a second account through an approval.
CREATE TABLE risk_filings (
    id {{ID}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    application_id BIGINT REFERENCES applications (id),
    award_id BIGINT REFERENCES awards (id),
    risk TEXT NOT NULL,
    worth TEXT NOT NULL,
    failure TEXT NOT NULL,
    status TEXT NOT NULL,
    approval_id BIGINT REFERENCES approvals (id),
    filed_by TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT,
    review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_filings_program ON risk_filings (program_id, id);

-- +goose Down
DROP TABLE risk_filings;
