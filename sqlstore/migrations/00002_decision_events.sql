-- +goose Up
-- Decision events: every decision that affects money or a person, with who, when and on what
-- basis, written in the same transaction as the decision itself. The ledger module chains them
-- into a Merkle log (a later migration adds its columns).
CREATE TABLE decision_events (
    id {{ID}},
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX decision_events_subject ON decision_events (subject, id);
CREATE INDEX decision_events_kind ON decision_events (kind, id);

-- +goose Down
DROP TABLE decision_events;
