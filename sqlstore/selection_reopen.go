package sqlstore

import (
	"context"

	"seedbed"
)

// Reopened selections: the use-case layer decides when a selection may be reopened; here the
// superseded selection is kept and the program's selection and outcomes cleared.

// InsertSelectionReopening keeps a superseded selection inside tx and fills in its ID and time.
func (tx *Tx) InsertSelectionReopening(ctx context.Context, r *seedbed.SelectionReopening) error {
	r.At = tx.now
	id, err := insertID(ctx, tx, `INSERT INTO selection_reopenings (program_id, reason, mode, superseded, selected_at, selected_by,
		funded, spent, requested_by, approved_by, approval_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		r.ProgramID, r.Reason, r.Mode, string(r.Superseded), fmtTime(r.SelectedAt), r.SelectedBy, r.Funded, r.Spent, r.RequestedBy,
		r.ApprovedBy, r.ApprovalID, fmtTime(tx.now))
	r.ID = id
	return err
}

// ClearSelection empties a program's selection and its applications' outcomes inside tx, so that
// the selection can be made again from the same normalised scores.
func (tx *Tx) ClearSelection(ctx context.Context, programID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE program_selections SET mode='', selection='', plan='', selected_at=NULL, selected_by=''
		WHERE program_id=$1`, programID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE applications SET outcome='', outcome_reason='', rank_no=0, score=NULL, granted=0, updated_at=$1
		WHERE program_id=$2`, fmtTime(tx.now), programID)
	return err
}

// SelectionReopenings lists a program's reopenings, oldest first.
func (s *Store) SelectionReopenings(ctx context.Context, programID int64) ([]seedbed.SelectionReopening, error) {
	out := []seedbed.SelectionReopening{}
	err := eachRow(ctx, s.read, `SELECT id, program_id, reason, mode, superseded, selected_at, selected_by, funded, spent, requested_by,
		approved_by, approval_id, at FROM selection_reopenings WHERE program_id = $1 ORDER BY id`, []any{programID},
		func(sc scanner) error {
			var r seedbed.SelectionReopening
			var sup, sel, at string
			if err := sc.Scan(&r.ID, &r.ProgramID, &r.Reason, &r.Mode, &sup, &sel, &r.SelectedBy, &r.Funded, &r.Spent, &r.RequestedBy,
				&r.ApprovedBy, &r.ApprovalID, &at); err != nil {
				return err
			}
			r.Superseded, r.SelectedAt, r.At = []byte(sup), parseTime(sel), parseTime(at)
			out = append(out, r)
			return nil
		})
	return out, err
}
