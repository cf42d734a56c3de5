-- +goose Up
-- The foundation: the innovator registry with its history, accounts, sessions, API tokens and the
-- audit log. {{ID}} becomes the engine's auto-increment primary key; times are stored as UTC text
-- in one fixed-width format so that both engines sort and compare them alike.
CREATE TABLE innovators (
    id {{ID}},
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    credit_code TEXT UNIQUE,
    industry TEXT NOT NULL DEFAULT '',
    employees BIGINT,
    revenue DOUBLE PRECISION,
    size_class TEXT NOT NULL,
    innovation_type TEXT NOT NULL DEFAULT '',
    driver TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    path_tags TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    founded_year INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX innovators_kind ON innovators (kind);
CREATE INDEX innovators_size ON innovators (size_class);
CREATE INDEX innovators_field ON innovators (field);

-- What a registry search matches, kept narrow and apart from the wide innovators rows so that a
-- substring scan (Chinese terms of two characters cannot use a trigram index) reads few pages.
CREATE TABLE innovator_search (
    id BIGINT PRIMARY KEY REFERENCES innovators (id),
    text TEXT NOT NULL
);

-- Bumped by every write to the registry, so that a server's in-memory search index knows when
-- to reload (another server or the command line may have written).
CREATE TABLE registry_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO registry_version (id, version) VALUES (1, 0);

CREATE TABLE innovator_changes (
    id {{ID}},
    innovator_id BIGINT NOT NULL REFERENCES innovators (id),
    change_kind TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    actor TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX innovator_changes_innovator ON innovator_changes (innovator_id, id);

CREATE TABLE users (
    id {{ID}},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    innovator_id BIGINT REFERENCES innovators (id),
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used TEXT
);

CREATE TABLE audit_log (
    id {{ID}},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    outcome TEXT NOT NULL,
    ip TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE innovator_changes;
DROP TABLE innovator_search;
DROP TABLE registry_version;
DROP TABLE innovators;
