package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"seedbed"
)

// Honest failure: an award closed as failed, with a category and a lesson. It is recorded as
// what it is — never as misconduct — in a table of its own beside the programs module's
// awards, and it never bars the innovator from applying again.

// CloseAwardAsFailed writes what closing an award as failed changes: when returnUnpaid, the
// award's pending tranches are cancelled and its unpaid amount is given back to the program's
// budget; the award's status becomes failed, provided it is still from (false otherwise:
// the award changed meanwhile); and the failure row f is inserted, closed by a now. The
// use-case layer decides whether the award may fail and what returns.
func (tx *Tx) CloseAwardAsFailed(ctx context.Context, a seedbed.Actor, f *seedbed.Failure, from string, returnUnpaid bool) (bool, error) {
	if returnUnpaid {
		if _, err := tx.ExecContext(ctx, `UPDATE award_tranches SET status = 'cancelled' WHERE award_id = $1 AND status = 'pending'`, f.AwardID); err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE programs SET committed = committed - $1 WHERE id = $2`, f.Returned, f.ProgramID); err != nil {
			return false, classify(err)
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE awards SET status = $1, closed_at = COALESCE(closed_at, $2) WHERE id = $3 AND status = $4`,
		seedbed.AwardFailed, fmtTime(tx.now), f.AwardID, from)
	if err != nil {
		return false, err
	}
	if err := bumpFunding(ctx, tx); err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); n != 1 || err != nil {
		return false, err
	}
	f.ClosedAt, f.ClosedBy = tx.now, a.Username
	if _, err := tx.ExecContext(ctx, `INSERT INTO award_failures (award_id, program_id, innovator_id, category, lesson, previous_status,
		released, returned, closed_at, closed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, f.AwardID, f.ProgramID, f.InnovatorID,
		f.Category, f.Lesson, f.PreviousStatus, f.Released, f.Returned, fmtTime(tx.now), a.Username); err != nil {
		return false, classify(err)
	}
	return true, nil
}

const failureColumns = `f.award_id, f.program_id, p.title, a.title, f.innovator_id, i.name, f.category, f.lesson, f.previous_status,
	w.amount, f.released, f.returned, f.closed_at, f.closed_by`

const failureFrom = ` FROM award_failures f JOIN awards w ON w.id = f.award_id JOIN programs p ON p.id = f.program_id
	JOIN applications a ON a.id = w.application_id JOIN innovators i ON i.id = f.innovator_id`

func scanFailure(row scanner) (*seedbed.Failure, error) {
	var f seedbed.Failure
	var at string
	if err := row.Scan(&f.AwardID, &f.ProgramID, &f.ProgramTitle, &f.ApplicationTitle, &f.InnovatorID, &f.InnovatorName, &f.Category,
		&f.Lesson, &f.PreviousStatus, &f.Amount, &f.Released, &f.Returned, &at, &f.ClosedBy); err != nil {
		return nil, err
	}
	f.ClosedAt = parseTime(at)
	return &f, nil
}

// GetFailure returns the failure record of an award, or ENOTFOUND when it did not fail.
func (s *Store) GetFailure(ctx context.Context, awardID int64) (*seedbed.Failure, error) {
	return getFailure(ctx, s.read, awardID)
}

func getFailure(ctx context.Context, q queryer, awardID int64) (*seedbed.Failure, error) {
	f, err := scanFailure(q.QueryRowContext(ctx, `SELECT `+failureColumns+failureFrom+` WHERE f.award_id = $1`, awardID))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "资助 %d 没有失败结题记录", En: "award %d was not closed as failed"}, awardID)
	}
	return f, err
}

// FindFailures returns one page of failures, newest first, and how many match.
func (s *Store) FindFailures(ctx context.Context, ff seedbed.FailureFilter) ([]seedbed.Failure, int, error) {
	var w where
	if ff.InnovatorIDs != nil {
		w.inInt64("f.innovator_id", ff.InnovatorIDs)
	}
	if ff.ProgramID != 0 {
		w.add("f.program_id = ?", ff.ProgramID)
	}
	if ff.Category != "" {
		w.add("f.category = ?", ff.Category)
	}
	if !ff.Before.IsZero() {
		w.add("f.closed_at < ?", fmtTime(ff.Before))
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM award_failures f`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(ff.Offset, ff.Limit, 50, 1000)
	rows, err := s.read.QueryContext(ctx, `SELECT `+failureColumns+failureFrom+w.sql()+orderBy(ff.Order, seedbed.FailureSorts, failureOrder, "f.award_id")+` LIMIT `+
		w.next(limit)+` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []seedbed.Failure{}
	for rows.Next() {
		f, err := scanFailure(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *f)
	}
	return out, total, rows.Err()
}

// PriorFailures returns an innovator's honest failures closed before a time (for a later
// application: its submission), newest first. Show them as neutral context, never as a mark
// against the applicant; they never affect eligibility or scores.
func (s *Store) PriorFailures(ctx context.Context, innovatorID int64, before time.Time) ([]seedbed.Failure, error) {
	fs, _, err := s.FindFailures(ctx, seedbed.FailureFilter{InnovatorIDs: []int64{innovatorID}, Before: before, Limit: 100})
	return fs, err
}

// honestFailures is the indicator source of the honest_failures indicator that policies such
// as failure-retry read: the number of an innovator's awards closed as honest failures by the
// day. It gives the indicator only when there is at least one: seedbed knows the failures of
// its own programs, not of others, so no record here is not proof of no failure anywhere, and
// a policy that asks is left to decide by hand ("cannot decide").
func honestFailures(ctx context.Context, s *Store, innovatorID int64, asOf time.Time) (map[string]float64, error) {
	var n int
	day := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM award_failures WHERE innovator_id = $1 AND closed_at < $2`,
		innovatorID, fmtTime(day)).Scan(&n); err != nil {
		return nil, fmt.Errorf("honest failures: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	return map[string]float64{"honest_failures": float64(n)}, nil
}
