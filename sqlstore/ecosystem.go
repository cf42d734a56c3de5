package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"seedbed/ecosystem"
)

// EcosystemKey identifies the data the ecosystem indicators are computed from: the registry's
// version, the submitted applications, the awards and their closings, the programs' last change.
// Any write that changes an indicator changes the key.
func (s *Store) EcosystemKey(ctx context.Context) (string, error) {
	var rv, apps, awards, lastAward, closed int64
	var appAt, closedAt, progAt string
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT version FROM registry_version WHERE id = 1),
		(SELECT count(*) FROM applications WHERE submitted_at IS NOT NULL),
		(SELECT coalesce(max(updated_at), '') FROM applications),
		(SELECT count(*) FROM awards),
		(SELECT coalesce(max(id), 0) FROM awards),
		(SELECT count(closed_at) FROM awards),
		(SELECT coalesce(max(closed_at), '') FROM awards),
		(SELECT coalesce(max(updated_at), '') FROM programs)`).
		Scan(&rv, &apps, &appAt, &awards, &lastAward, &closed, &closedAt, &progAt)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("r%d.p%d.%s.a%d.%d.c%d.%s.g%s", rv, apps, appAt, awards, lastAward, closed, closedAt, progAt), nil
}

// EcosystemInnovators reads what the indicators need of every innovator.
func (s *Store) EcosystemInnovators(ctx context.Context) ([]ecosystem.Innovator, error) {
	var out []ecosystem.Innovator
	err := eachRow(ctx, s.read, `SELECT id, name, kind, size_class, field, region, path_tags, created_at FROM innovators`, nil,
		func(sc scanner) error {
			var in ecosystem.Innovator
			var tags, created string
			if err := sc.Scan(&in.ID, &in.Name, &in.Kind, &in.SizeClass, &in.Field, &in.Region, &tags, &created); err != nil {
				return err
			}
			in.PathTags, in.Registered = splitTags(tags), parseTime(created)
			out = append(out, in)
			return nil
		})
	return out, err
}

// EcosystemApplications reads every submitted application.
func (s *Store) EcosystemApplications(ctx context.Context) ([]ecosystem.Application, error) {
	var out []ecosystem.Application
	err := eachRow(ctx, s.read, `SELECT id, program_id, innovator_id, submitted_at FROM applications WHERE submitted_at IS NOT NULL`, nil,
		func(sc scanner) error {
			var a ecosystem.Application
			var at string
			if err := sc.Scan(&a.ID, &a.ProgramID, &a.InnovatorID, &at); err != nil {
				return err
			}
			a.Submitted = parseTime(at)
			out = append(out, a)
			return nil
		})
	return out, err
}

// EcosystemAwards reads every award with its program's title.
func (s *Store) EcosystemAwards(ctx context.Context) ([]ecosystem.Award, error) {
	var out []ecosystem.Award
	err := eachRow(ctx, s.read, `SELECT w.id, w.program_id, w.innovator_id, p.title, w.amount, w.status, w.awarded_at, w.closed_at
		FROM awards w JOIN programs p ON p.id = w.program_id`, nil,
		func(sc scanner) error {
			var a ecosystem.Award
			var at string
			var closed sql.NullString
			if err := sc.Scan(&a.ID, &a.ProgramID, &a.InnovatorID, &a.ProgramTitle, &a.Amount, &a.Status, &at, &closed); err != nil {
				return err
			}
			a.Awarded = parseTime(at)
			if closed.Valid {
				a.Closed = parseTime(closed.String)
			}
			out = append(out, a)
			return nil
		})
	return out, err
}
