-- +goose Up
-- Long work started from a page or the API (a lab run): its state and progress, so that any
-- server instance can show them while it runs, and where its result is when it is done.
CREATE TABLE jobs (
    id {{ID}},
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    result_id BIGINT NOT NULL DEFAULT 0,
    error_zh TEXT NOT NULL DEFAULT '',
    error_en TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX jobs_kind_state ON jobs (kind, state);

-- +goose Down
DROP TABLE jobs;
