-- +goose Up
-- Each monitored innovator's indicator series, packed: one row per innovator whose data holds,
-- for every indicator it reports, the first quarter and the values of consecutive quarters (a
-- gap is NaN), so that the population-wide monitoring reads one row per innovator instead of one
-- per value. observations stays the record of each value (its source, author and corrections);
-- the store writes both in the same transaction. A database migrated from before this table has
-- its series built from observations when the store opens it.
CREATE TABLE observation_series (
    innovator_id BIGINT PRIMARY KEY REFERENCES innovators (id),
    first_period INTEGER NOT NULL,
    last_period INTEGER NOT NULL,
    data {{BLOB}} NOT NULL
);

-- +goose Down
DROP TABLE observation_series;
