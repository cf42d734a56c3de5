package sqlstore

import (
	"context"

	"seedbed"
)

// InsertArchive stores an archived program, closed, with one funded application and one
// completed, fully released award per archived award, by prepared statements inside tx; the
// program's budget and committed amount are the awards' total. It reports, before writing
// anything, every award whose innovator is not in the registry. The awards' ids are not
// returned: an archive is read back like any other program's awards.
func (tx *Tx) InsertArchive(ctx context.Context, a seedbed.Actor, p *seedbed.Program, awards []seedbed.ArchivedAward) error {
	ids := make([]int64, 0, len(awards))
	for _, aw := range awards {
		ids = append(ids, aw.InnovatorID)
	}
	exists, err := tx.ExistingInnovators(ctx, ids)
	if err != nil {
		return err
	}
	var es seedbed.Errors
	var total int64
	for i, aw := range awards {
		total += aw.Amount
		if !exists[aw.InnovatorID] && len(es) < 100 {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: "innovator_id", Line: i + 1,
				Text: seedbed.Label{Zh: "创新主体 %d 不存在", En: "innovator %d does not exist"}, Args: []any{aw.InnovatorID}})
		}
	}
	if len(es) > 0 {
		return es
	}
	p.State, p.Budget, p.Committed = seedbed.ProgramClosed, total, total
	if err := tx.InsertProgram(ctx, p); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE programs SET committed = $1 WHERE id = $2`, total, p.ID); err != nil {
		return err
	}
	app, err := tx.PrepareContext(ctx, `INSERT INTO applications (program_id, innovator_id, title, amount, state, submitted_at,
		outcome, granted, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'submitted', $5, 'funded', $4, $6, $5, $5) RETURNING id`)
	if err != nil {
		return err
	}
	defer app.Close()
	party, err := tx.PrepareContext(ctx, `INSERT INTO application_parties (application_id, innovator_id, role) VALUES ($1, $2, 'applicant')`)
	if err != nil {
		return err
	}
	defer party.Close()
	award, err := tx.PrepareContext(ctx, `INSERT INTO awards (program_id, application_id, innovator_id, amount, released, status,
		awarded_at, awarded_by) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`)
	if err != nil {
		return err
	}
	defer award.Close()
	if err := bumpFunding(ctx, tx); err != nil {
		return err
	}
	deadline := fmtTime(p.Deadline)
	for _, aw := range awards {
		var appID int64
		if err := app.QueryRowContext(ctx, p.ID, aw.InnovatorID, aw.Title, aw.Amount, deadline, a.Username).Scan(&appID); err != nil {
			return classify(err)
		}
		if _, err := party.ExecContext(ctx, appID, aw.InnovatorID); err != nil {
			return classify(err)
		}
		if _, err := award.ExecContext(ctx, p.ID, appID, aw.InnovatorID, aw.Amount, seedbed.AwardCompleted,
			fmtTime(aw.AwardedAt), a.Username); err != nil {
			return classify(err)
		}
	}
	return nil
}
