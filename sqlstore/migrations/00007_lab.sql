-- +goose Up
-- Saved runs of the ecosystem lab: the configuration an analyst ran and the result it gave, so
-- that runs can be compared, exported and rerun (the model is deterministic).
CREATE TABLE lab_runs (
    id {{ID}},
    name TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    model_version TEXT NOT NULL,
    config TEXT NOT NULL,
    result TEXT NOT NULL,
    elapsed_ms BIGINT NOT NULL
);

-- +goose Down
DROP TABLE lab_runs;
