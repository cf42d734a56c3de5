-- +goose Up
-- What a champion gets in a program's partial lottery: draw (a place in the draw whatever its
-- score) or fund (funded directly while the budget allows).
ALTER TABLE programs ADD COLUMN champion_rule TEXT NOT NULL DEFAULT 'draw';

-- +goose Down
ALTER TABLE programs DROP COLUMN champion_rule;
