-- +goose Up
-- The registry search index follows writes without rebuilding: new and changed innovators are
-- found in innovator_changes since the index was built. A write that changes search texts
-- without a history row (the erasure of personal data) counts in rebuilds instead, and the next
-- search rebuilds the index.
ALTER TABLE registry_version ADD COLUMN rebuilds BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE registry_version DROP COLUMN rebuilds;
