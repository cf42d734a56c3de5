-- +goose Up
-- A tranche's stage name and milestone in English beside the Chinese, copied from the
-- program's stage like the Chinese ones.
ALTER TABLE award_tranches ADD COLUMN stage_en TEXT NOT NULL DEFAULT '';
ALTER TABLE award_tranches ADD COLUMN milestone_en TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE award_tranches DROP COLUMN milestone_en;
ALTER TABLE award_tranches DROP COLUMN stage_en;
