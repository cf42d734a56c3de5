package sqlstore

import (
	"context"
	"database/sql"

	"seedbed"
)

// EachAwardRecipient calls fn with every award of one program (programID > 0) or of every
// program, oldest first, and the recipient's registry record, read in one query: the open grant
// data reads 20,000 awards in one pass instead of paging awards and looking recipients up. The
// awards carry no tranches, and the recipient only its id, name, kind, credit code, region and
// field.
func (s *Store) EachAwardRecipient(ctx context.Context, programID int64, fn func(seedbed.Award, seedbed.Innovator) error) error {
	var w where
	if programID != 0 {
		w.add("w.program_id = ?", programID)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+awardColumns+`, i.kind, i.credit_code, i.region, i.field`+awardFrom+w.sql()+
		` ORDER BY w.id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var aw seedbed.Award
		var in seedbed.Innovator
		var awarded string
		var closed, code sql.NullString
		if err := rows.Scan(&aw.ID, &aw.ProgramID, &aw.ProgramTitle, &aw.ApplicationID, &aw.ApplicationTitle, &aw.InnovatorID,
			&aw.InnovatorName, &aw.Amount, &aw.Released, &aw.Status, &aw.StatusNote, &awarded, &aw.AwardedBy, &closed,
			&in.Kind, &code, &in.Region, &in.Field); err != nil {
			return err
		}
		aw.AwardedAt = parseTime(awarded)
		if closed.Valid {
			t := parseTime(closed.String)
			aw.ClosedAt = &t
		}
		in.ID, in.Name, in.CreditCode = aw.InnovatorID, aw.InnovatorName, code.String
		if err := fn(aw, in); err != nil {
			return err
		}
	}
	return rows.Err()
}

// GrantSummary counts every award for the open grant data's download page in one query.
func (s *Store) GrantSummary(ctx context.Context) (seedbed.GrantSummary, error) {
	var g seedbed.GrantSummary
	// The individuals' ids come from the index on innovators' kind; a join would read each
	// award's innovator row instead, three times slower at 20,000 awards.
	err := s.read.QueryRowContext(ctx, `SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT program_id FROM awards) p), coalesce(sum(amount), 0),
		coalesce(sum(CASE WHEN innovator_id IN (SELECT id FROM innovators WHERE kind = $1) THEN 1 ELSE 0 END), 0) FROM awards`,
		seedbed.KindIndividual).Scan(&g.Grants, &g.Programs, &g.Total, &g.ToIndividuals)
	return g, err
}
