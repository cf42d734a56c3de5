-- +goose Up
-- Support programs: open calls, light applications with attachments, the reviewer pool,
-- assignments with conflict declarations and scores, the normalised scores and the selection,
-- the verifiable lottery, and awards paid in tranches gated by milestones. Lists and small
-- structures are JSON text; amounts are whole yuan.
CREATE TABLE programs (
    id {{ID}},
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    innovation_type TEXT NOT NULL DEFAULT '',
    driver TEXT NOT NULL DEFAULT '',
    policy_ids TEXT NOT NULL DEFAULT '[]',
    budget BIGINT NOT NULL,
    committed BIGINT NOT NULL DEFAULT 0,
    max_request BIGINT NOT NULL DEFAULT 0,
    deadline TEXT NOT NULL,
    selection_mode TEXT NOT NULL,
    threshold DOUBLE PRECISION NOT NULL DEFAULT 0,
    quality_bar DOUBLE PRECISION NOT NULL DEFAULT 0,
    fill_gaps BOOLEAN NOT NULL DEFAULT FALSE,
    reviewers_per_app INTEGER NOT NULL DEFAULT 3,
    rubric TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '[]',
    stages TEXT NOT NULL,
    state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- the last line of defence: awards never commit more than the budget
    CHECK (committed >= 0 AND committed <= budget)
);
CREATE INDEX programs_state ON programs (state);

CREATE TABLE applications (
    id {{ID}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    innovator_id BIGINT NOT NULL REFERENCES innovators (id),
    title TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL DEFAULT '',
    unlocks TEXT NOT NULL DEFAULT '',
    amount BIGINT NOT NULL DEFAULT 0,
    field TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    people TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL,
    eligibility TEXT NOT NULL DEFAULT '',
    eligibility_status TEXT NOT NULL DEFAULT '',
    submitted_at TEXT,
    outcome TEXT NOT NULL DEFAULT '',
    outcome_reason TEXT NOT NULL DEFAULT '',
    rank_no INTEGER NOT NULL DEFAULT 0,
    score DOUBLE PRECISION,
    granted BIGINT NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- one live application per organisation and program: a second one, or a second submission, is
-- refused by the database even under concurrent requests
CREATE UNIQUE INDEX applications_one_per_innovator ON applications (program_id, innovator_id) WHERE state <> 'withdrawn';
CREATE INDEX applications_innovator ON applications (innovator_id);

-- the parties of an application (the applicant and the co-applicants), for conflict checks
CREATE TABLE application_parties (
    application_id BIGINT NOT NULL REFERENCES applications (id),
    innovator_id BIGINT NOT NULL REFERENCES innovators (id),
    role TEXT NOT NULL,
    PRIMARY KEY (application_id, innovator_id)
);
CREATE INDEX application_parties_innovator ON application_parties (innovator_id);

CREATE TABLE application_attachments (
    id {{ID}},
    application_id BIGINT NOT NULL REFERENCES applications (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data {{BLOB}} NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX application_attachments_app ON application_attachments (application_id);

CREATE TABLE reviewer_profiles (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    org_id BIGINT REFERENCES innovators (id),
    expertise TEXT NOT NULL DEFAULT '[]',
    declared_ids TEXT NOT NULL DEFAULT '[]',
    declared_names TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
);

CREATE TABLE review_assignments (
    id {{ID}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    application_id BIGINT NOT NULL REFERENCES applications (id),
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    state TEXT NOT NULL,
    expertise INTEGER NOT NULL DEFAULT 0,
    declared_at TEXT,
    declaration_note TEXT NOT NULL DEFAULT '',
    scores TEXT NOT NULL DEFAULT '',
    total DOUBLE PRECISION,
    comment TEXT NOT NULL DEFAULT '',
    scored_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (application_id, reviewer_id)
);
CREATE INDEX review_assignments_reviewer ON review_assignments (reviewer_id);
CREATE INDEX review_assignments_program ON review_assignments (program_id);

-- the normalised scores a selection was based on, and the selection itself
CREATE TABLE program_selections (
    program_id BIGINT PRIMARY KEY REFERENCES programs (id),
    normalised TEXT NOT NULL,
    score_count INTEGER NOT NULL,
    normalised_at TEXT NOT NULL,
    normalised_by TEXT NOT NULL,
    mode TEXT NOT NULL DEFAULT '',
    selection TEXT NOT NULL DEFAULT '',
    plan TEXT NOT NULL DEFAULT '',
    selected_at TEXT,
    selected_by TEXT NOT NULL DEFAULT ''
);

-- the published inputs and the result of a partial lottery's draw
CREATE TABLE program_lotteries (
    program_id BIGINT PRIMARY KEY REFERENCES programs (id),
    commitment TEXT NOT NULL,
    commitment_hash TEXT NOT NULL,
    seed_kind TEXT NOT NULL,
    seed_source TEXT NOT NULL,
    commitment_event BIGINT NOT NULL,
    committed_at TEXT NOT NULL,
    committed_by TEXT NOT NULL,
    seed TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    drawn_at TEXT,
    drawn_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE awards (
    id {{ID}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications (id),
    innovator_id BIGINT NOT NULL REFERENCES innovators (id),
    amount BIGINT NOT NULL,
    released BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    status_note TEXT NOT NULL DEFAULT '',
    awarded_at TEXT NOT NULL,
    awarded_by TEXT NOT NULL,
    closed_at TEXT,
    CHECK (released >= 0 AND released <= amount)
);
CREATE INDEX awards_program ON awards (program_id);
CREATE INDEX awards_innovator ON awards (innovator_id);

CREATE TABLE award_tranches (
    id {{ID}},
    award_id BIGINT NOT NULL REFERENCES awards (id),
    seq INTEGER NOT NULL,
    stage TEXT NOT NULL,
    amount BIGINT NOT NULL,
    milestone TEXT NOT NULL,
    due_at TEXT NOT NULL,
    gate BOOLEAN NOT NULL DEFAULT FALSE,
    evidence TEXT NOT NULL DEFAULT '',
    evidence_at TEXT,
    milestone_status TEXT NOT NULL,
    review_note TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT,
    reviewed_by TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    released_at TEXT,
    released_by TEXT NOT NULL DEFAULT '',
    UNIQUE (award_id, seq)
);

-- +goose Down
DROP TABLE award_tranches;
DROP TABLE awards;
DROP TABLE program_lotteries;
DROP TABLE program_selections;
DROP TABLE review_assignments;
DROP TABLE reviewer_profiles;
DROP TABLE application_attachments;
DROP TABLE application_parties;
DROP TABLE applications;
DROP TABLE programs;
