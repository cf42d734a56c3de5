-- +goose Up
-- A program's weight of expertise against load in the assignment of reviewers (0 balances the
-- load first, 1 puts expertise first).
ALTER TABLE programs ADD COLUMN expertise_weight DOUBLE PRECISION NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE programs DROP COLUMN expertise_weight;
