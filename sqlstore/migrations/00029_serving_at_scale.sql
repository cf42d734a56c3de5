-- +goose Up
-- Serving a million-innovator region: the figures every page or list shows are read from small
-- indexes or kept in memory, instead of counting or sorting the large tables on each request.

-- The flags in the monitoring list's default order (open, active, both warnings, by z): a page
-- of them is the index's first entries, where every flag was read and sorted.
CREATE INDEX monitoring_flags_priority ON monitoring_flags ((CASE WHEN status = 'open' THEN 0 ELSE 1 END),
    (CASE WHEN active THEN 0 ELSE 1 END), (CASE WHEN relative_decline AND stall THEN 0 ELSE 1 END), z, id);

-- Each page counts its reader's unread messages: only those are in this index.
CREATE INDEX messages_unread ON messages (username) WHERE read_at IS NULL;

-- Bumped by every write to awards (a new award, money released, a change of status) and to the
-- state of applications, so that a server's figures over them (the sums of the awards list, each
-- program's count of submitted applications) know when to be counted again, whichever process
-- wrote.
CREATE TABLE funding_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO funding_version (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE funding_version;
DROP INDEX messages_unread;
DROP INDEX monitoring_flags_priority;
