package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/sqlstore"
)

// ImportArchive brings in a program run before the platform with its awards, from the bureau's
// archive, all or nothing in one transaction: the program is stored closed, each award with a
// funded application and as completed and fully released (the money was paid outside the
// platform), so that monitoring and impact see the region's funding history. The program's terms
// are checked as CreateProgram checks them, each award as seedbed.CheckArchive does and against
// the registry; problems come back with their rows and nothing is stored. The import is one
// decision event (the program's terms and the awards' count and total) and one audit entry.
func (ps *Programs) ImportArchive(ctx context.Context, a seedbed.Actor, p *seedbed.Program, awards []seedbed.ArchivedAward) (int, error) {
	if err := seedbed.Authorize(a, seedbed.PermProgramManage, nil); err != nil {
		return 0, err
	}
	p.Budget = 0
	for _, aw := range awards {
		p.Budget += max(aw.Amount, 0)
	}
	p.MaxRequest = min(p.MaxRequest, p.Budget) // a small archive's total may be below the usual limit
	if err := prepareProgram(p); err != nil {
		return 0, refused(ctx, ps.store, a, "program.archive", "program", 0, err)
	}
	if err := seedbed.CheckArchive(p, awards, ps.store.Now()); err != nil {
		return 0, refused(ctx, ps.store, a, "program.archive", "program", 0, err)
	}
	err := ps.store.InBulkTx(ctx, func(tx *sqlstore.Tx) error {
		p.Version, p.CreatedBy, p.CreatedAt, p.UpdatedAt = 1, a.Username, tx.Now(), tx.Now()
		if err := tx.InsertArchive(ctx, a, p, awards); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventProgramTerms, seedbed.ProgramSubject(p.ID), map[string]any{
			"program_id": p.ID, "old": nil, "new": programTerms(p), "archive_awards": len(awards), "archive_total": p.Committed}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "program.archive", "program", p.ID, fmt.Sprintf("%s: %d archived awards, %d yuan", p.Title, len(awards), p.Committed))
	})
	if err != nil {
		return 0, refused(ctx, ps.store, a, "program.archive", "program", 0, err)
	}
	analyzeAfterBulk(ctx, ps.store)
	return len(awards), nil
}
