-- +goose Up
-- Monitoring and impact: indicator observations per innovator and quarter (each with its
-- source), the history of their corrections, outcomes attributed to awards, and complacency
-- flags with their resolutions. A quarter is stored as the integer year*4 + (quarter-1), as the
-- evaluation package numbers them, so that consecutive quarters are consecutive integers.
CREATE TABLE observations (
    id {{ID}},
    innovator_id BIGINT NOT NULL REFERENCES innovators (id),
    indicator TEXT NOT NULL,
    period INTEGER NOT NULL,
    value DOUBLE PRECISION NOT NULL CHECK (value >= 0),
    unit TEXT NOT NULL,
    source TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    -- one value per innovator, indicator and quarter: a second one is refused; a change is an
    -- explicit correction that keeps the old value in observation_corrections
    UNIQUE (innovator_id, indicator, period)
);

CREATE TABLE observation_corrections (
    id {{ID}},
    observation_id BIGINT NOT NULL REFERENCES observations (id),
    old_value DOUBLE PRECISION NOT NULL,
    old_source TEXT NOT NULL,
    old_entered_by TEXT NOT NULL,
    old_entered_at TEXT NOT NULL,
    new_value DOUBLE PRECISION NOT NULL,
    new_source TEXT NOT NULL,
    reason TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_at TEXT NOT NULL
);
CREATE INDEX observation_corrections_observation ON observation_corrections (observation_id, id);

CREATE TABLE outcomes (
    id {{ID}},
    award_id BIGINT NOT NULL REFERENCES awards (id),
    innovator_id BIGINT NOT NULL REFERENCES innovators (id),
    kind TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL CHECK (value >= 0),
    period INTEGER NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX outcomes_award ON outcomes (award_id);
CREATE INDEX outcomes_innovator ON outcomes (innovator_id);

CREATE TABLE monitoring_flags (
    id {{ID}},
    flag_key TEXT NOT NULL UNIQUE,
    innovator_id BIGINT NOT NULL REFERENCES innovators (id),
    award_id BIGINT REFERENCES awards (id),
    program_id BIGINT,
    award_quarter INTEGER NOT NULL,
    post_to INTEGER NOT NULL,
    status TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    relative_decline BOOLEAN NOT NULL,
    stall BOOLEAN NOT NULL,
    z DOUBLE PRECISION NOT NULL,
    reason_zh TEXT NOT NULL,
    reason_en TEXT NOT NULL,
    assessment TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    resolution TEXT NOT NULL DEFAULT '',
    resolved_by TEXT NOT NULL DEFAULT '',
    resolved_at TEXT
);
CREATE INDEX monitoring_flags_innovator ON monitoring_flags (innovator_id);
CREATE INDEX monitoring_flags_award ON monitoring_flags (award_id);
CREATE INDEX monitoring_flags_program ON monitoring_flags (program_id);
CREATE INDEX monitoring_flags_status ON monitoring_flags (status, active);

-- Bumped by every write to observations and outcomes, so that cached computations (from any
-- process) know when to recompute; flags_key is the data the stored flags were computed from.
CREATE TABLE monitoring_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    flags_key TEXT NOT NULL DEFAULT '',
    flags_at TEXT
);
INSERT INTO monitoring_state (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE monitoring_state;
DROP TABLE monitoring_flags;
DROP TABLE outcomes;
DROP TABLE observation_corrections;
DROP TABLE observations;
