-- +goose Up
-- Account life cycle and second factors. User names are unique whatever their case. A session
-- keeps the address it began from and whether it still owes the second factor; an API token can
-- be revoked. An account may hold a confirmed TOTP secret, one being enrolled, the last time step
-- accepted (so that no code is used twice) and one-time recovery codes. Failed sign-ins are kept
-- here, not in a server's memory, so that every server of a deployment throttles alike.
CREATE UNIQUE INDEX users_username_fold ON users (lower(username));
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE recovery_codes (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE login_failures (
    throttle_key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE recovery_codes;
DROP INDEX api_tokens_user;
ALTER TABLE api_tokens DROP COLUMN revoked_at;
ALTER TABLE sessions DROP COLUMN pending;
ALTER TABLE sessions DROP COLUMN ip;
ALTER TABLE users DROP COLUMN totp_step;
ALTER TABLE users DROP COLUMN totp_pending;
ALTER TABLE users DROP COLUMN totp_secret;
DROP INDEX users_username_fold;
