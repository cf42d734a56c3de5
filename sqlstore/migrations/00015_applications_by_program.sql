-- +goose Up
-- Every program list counts each program's submitted applications; without this index the
-- count reads the whole applications table once per program listed (the public portal's home
-- lists up to 200 programs).
CREATE INDEX applications_program_state ON applications (program_id, state);
