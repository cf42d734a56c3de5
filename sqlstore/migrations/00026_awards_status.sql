-- +goose Up
-- Awards by status: the officer's home page counts and lists the active awards and their
-- milestones, a few hundred among the two hundred thousand past awards of a million-innovator
-- region, which without this index are found by reading every award.
CREATE INDEX awards_status ON awards (status);

-- +goose Down
DROP INDEX awards_status;
