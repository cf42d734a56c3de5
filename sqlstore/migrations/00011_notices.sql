-- +goose Up
-- Public notice of funding lists (资助名单公示) with the objections lodged during it, drafts of
-- policies open for comment (征求意见) with the comments sent, and the count of what each client
-- address sent lately, kept here so that every server of a deployment throttles alike. A
-- comment's contact is personal data, read only by officers and auditors; the addresses are kept
-- only as long as the throttle window.
CREATE TABLE funding_notices (
    id {{ID}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    start_on TEXT NOT NULL,
    end_on TEXT NOT NULL,
    allow_anonymous BOOLEAN NOT NULL DEFAULT TRUE,
    note TEXT NOT NULL DEFAULT '',
    entries TEXT NOT NULL DEFAULT '[]',
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    closed_at TEXT,
    closed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX funding_notices_program ON funding_notices (program_id);

CREATE TABLE consultations (
    id {{ID}},
    policy_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    concluded_at TEXT,
    concluded_by TEXT NOT NULL DEFAULT '',
    final_version INTEGER NOT NULL DEFAULT 0,
    conclusion TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (policy_id, version) REFERENCES policy_versions (policy_id, version)
);
CREATE INDEX consultations_policy ON consultations (policy_id);

CREATE TABLE public_comments (
    id {{ID}},
    kind TEXT NOT NULL,
    notice_id BIGINT REFERENCES funding_notices (id),
    consultation_id BIGINT REFERENCES consultations (id),
    application_id BIGINT NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    submitted_at TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    answered_at TEXT,
    answered_by TEXT NOT NULL DEFAULT '',
    CHECK ((notice_id IS NULL) <> (consultation_id IS NULL))
);
CREATE INDEX public_comments_notice ON public_comments (notice_id);
CREATE INDEX public_comments_consultation ON public_comments (consultation_id);

CREATE TABLE comment_throttle (
    address TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX comment_throttle_address ON comment_throttle (address, at);

-- +goose Down
DROP TABLE comment_throttle;
DROP TABLE public_comments;
DROP TABLE consultations;
DROP TABLE funding_notices;
