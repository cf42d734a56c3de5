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
		(SELECT CAST(sum(version) AS BIGINT) FROM registry_version),
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
	// A team that became a firm is an update of its kind from team to enterprise.
	err := eachRow(ctx, s.read, `SELECT i.id, i.name, i.kind, i.size_class, i.field, i.region, i.path_tags, i.created_at, f.at
		FROM innovators i LEFT JOIN (SELECT innovator_id, min(changed_at) AS at FROM innovator_changes
			WHERE field = 'kind' AND old_value = 'team' AND new_value = 'enterprise' GROUP BY innovator_id) f ON f.innovator_id = i.id`, nil,
		func(sc scanner) error {
			var in ecosystem.Innovator
			var tags, created string
			var firm sql.NullString
			if err := sc.Scan(&in.ID, &in.Name, &in.Kind, &in.SizeClass, &in.Field, &in.Region, &tags, &created, &firm); err != nil {
				return err
			}
			in.PathTags, in.Registered = splitTags(tags), parseTime(created)
			if firm.Valid {
				in.BecameFirm = parseTime(firm.String)
			}
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

// EcosystemAwards reads every award with its program's title, the due date of its last tranche
// and its number of tranches (each a milestone report).
func (s *Store) EcosystemAwards(ctx context.Context) ([]ecosystem.Award, error) {
	var out []ecosystem.Award
	err := eachRow(ctx, s.read, `SELECT w.id, w.program_id, w.innovator_id, p.title, w.amount, w.status, w.awarded_at, w.closed_at,
			t.last_due, coalesce(t.n, 0)
		FROM awards w JOIN programs p ON p.id = w.program_id
		LEFT JOIN (SELECT award_id, max(due_at) AS last_due, count(*) AS n FROM award_tranches GROUP BY award_id) t ON t.award_id = w.id`, nil,
		func(sc scanner) error {
			var a ecosystem.Award
			var at string
			var closed, due sql.NullString
			if err := sc.Scan(&a.ID, &a.ProgramID, &a.InnovatorID, &a.ProgramTitle, &a.Amount, &a.Status, &at, &closed, &due, &a.Reports); err != nil {
				return err
			}
			a.Awarded = parseTime(at)
			if due.Valid {
				a.LastDue = parseTime(due.String)
			}
			if closed.Valid {
				a.Closed = parseTime(closed.String)
			}
			out = append(out, a)
			return nil
		})
	return out, err
}
