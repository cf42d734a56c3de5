-- +goose Up
-- The packed series hold the float32 values of the monitoring panel they fill instead of float64,
-- most of them in one to three bytes (see observation_series_value.go): a fifth of the bytes to
-- read for a snapshot (5 GB at a million innovators before). The old rows move to
-- observation_series_f64, which the store converts into the new table and drops when it opens
-- the database (SQL cannot rewrite packed floats); see convertSeries.
--
-- The new table is keyed by the innovator itself (on SQLite the table's own row id, so that a
-- range of innovators is read in order without an index lookup per row), and an index holds
-- each innovator's first and last quarter, so that finding the observed innovators and quarters
-- reads the index instead of every packed row.
ALTER TABLE observation_series RENAME TO observation_series_f64;

CREATE TABLE observation_series (
    innovator_id {{INT64}} NOT NULL REFERENCES innovators (id),
    first_period INTEGER NOT NULL,
    last_period INTEGER NOT NULL,
    data {{BLOB}} NOT NULL,
    CONSTRAINT observation_series_innovator PRIMARY KEY (innovator_id)
);

CREATE INDEX observation_series_periods ON observation_series (innovator_id, first_period, last_period);

-- +goose Down
-- The table of 00021, empty: the store of that version builds it again from the observations.
DROP TABLE IF EXISTS observation_series_f64;
DROP TABLE observation_series;
CREATE TABLE observation_series (
    innovator_id BIGINT PRIMARY KEY REFERENCES innovators (id),
    first_period INTEGER NOT NULL,
    last_period INTEGER NOT NULL,
    data {{BLOB}} NOT NULL
);
