-- +goose Up
-- The culture survey. A wave asks one version of the questionnaire between two dates. Each
-- invitation is a row of survey_invitations holding only the hash of its token, the group of
-- the innovator it was for (region and kind, for the breakdowns) and whether it was used — never
-- who it was for, nor when it was used. Answers are rows of survey_responses keyed by a random
-- id, with the wave, the group and the answers, and no token, time or sequence: nothing in
-- either table joins a response to an invitation.
CREATE TABLE survey_waves (
    id {{ID}},
    title TEXT NOT NULL,
    version INTEGER NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE survey_invitations (
    token_hash TEXT PRIMARY KEY,
    wave_id BIGINT NOT NULL REFERENCES survey_waves (id),
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX survey_invitations_wave ON survey_invitations (wave_id);

CREATE TABLE survey_responses (
    id TEXT PRIMARY KEY,
    wave_id BIGINT NOT NULL REFERENCES survey_waves (id),
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    answers TEXT NOT NULL
);
CREATE INDEX survey_responses_wave ON survey_responses (wave_id);

-- +goose Down
DROP TABLE survey_responses;
DROP TABLE survey_invitations;
DROP TABLE survey_waves;
