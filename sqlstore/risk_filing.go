package sqlstore

import (
	"context"
	"database/sql"

	"seedbed"
)

// Risk filings (容错备案): high-risk support decisions filed in advance and reviewed by a second
// account. The use-case layer decides who may file and review.

const riskFilingColumns = `f.id, f.program_id, p.title, f.application_id, COALESCE(a.title, ''), f.award_id, f.risk, f.worth,
	f.failure, f.status, f.approval_id, f.filed_by, f.filed_at, f.reviewed_by, f.reviewed_at, f.review_note`

const riskFilingFrom = ` FROM risk_filings f JOIN programs p ON p.id = f.program_id LEFT JOIN applications a ON a.id = f.application_id`

func scanRiskFiling(row scanner) (*seedbed.RiskFiling, error) {
	var f seedbed.RiskFiling
	var app, award, approval sql.NullInt64
	var at string
	var reviewed sql.NullString
	if err := row.Scan(&f.ID, &f.ProgramID, &f.ProgramTitle, &app, &f.ApplicationTitle, &award, &f.Risk, &f.Worth, &f.Failure,
		&f.Status, &approval, &f.FiledBy, &at, &f.ReviewedBy, &reviewed, &f.ReviewNote); err != nil {
		return nil, err
	}
	f.ApplicationID, f.AwardID, f.ApprovalID, f.FiledAt = app.Int64, award.Int64, approval.Int64, parseTime(at)
	if reviewed.Valid {
		t := parseTime(reviewed.String)
		f.ReviewedAt = &t
	}
	return &f, nil
}

// InsertRiskFiling stores a pending filing by a at the transaction's time and returns it with its
// ID.
func (tx *Tx) InsertRiskFiling(ctx context.Context, a seedbed.Actor, in seedbed.RiskFilingInput) (int64, error) {
	return insertID(ctx, tx, `INSERT INTO risk_filings (program_id, application_id, award_id, risk, worth, failure, status,
		filed_by, filed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, in.ProgramID, nullID(in.ApplicationID), nullID(in.AwardID),
		in.Risk, in.Worth, in.Failure, seedbed.RiskFilingPending, a.Username, fmtTime(tx.now))
}

// SetRiskFilingApproval links a filing to the approval that reviews it.
func (tx *Tx) SetRiskFilingApproval(ctx context.Context, id, approvalID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE risk_filings SET approval_id = $1 WHERE id = $2`, approvalID, id)
	return err
}

// ReviewRiskFiling records the review of a pending filing by a; false when it was no longer
// pending.
func (tx *Tx) ReviewRiskFiling(ctx context.Context, a seedbed.Actor, id int64, status, note string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE risk_filings SET status = $1, reviewed_by = $2, reviewed_at = $3, review_note = $4
		WHERE id = $5 AND status = $6`, status, a.Username, fmtTime(tx.now), note, id, seedbed.RiskFilingPending)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RiskFiling returns one filing inside the transaction, or ENOTFOUND.
func (tx *Tx) RiskFiling(ctx context.Context, id int64) (*seedbed.RiskFiling, error) {
	return getRiskFiling(ctx, tx, id)
}

// GetRiskFiling returns one filing, or ENOTFOUND.
func (s *Store) GetRiskFiling(ctx context.Context, id int64) (*seedbed.RiskFiling, error) {
	return getRiskFiling(ctx, s.read, id)
}

func getRiskFiling(ctx context.Context, q queryer, id int64) (*seedbed.RiskFiling, error) {
	f, err := scanRiskFiling(q.QueryRowContext(ctx, `SELECT `+riskFilingColumns+riskFilingFrom+` WHERE f.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "容错备案 %d 不存在", En: "risk filing %d not found"}, id)
	}
	return f, err
}

// FindRiskFilings returns filings, newest first.
func (s *Store) FindRiskFilings(ctx context.Context, f seedbed.RiskFilingFilter) ([]seedbed.RiskFiling, error) {
	var w where
	if f.ProgramID != 0 {
		w.add("f.program_id = ?", f.ProgramID)
	}
	if f.Status != "" {
		w.add("f.status = ?", f.Status)
	}
	_, limit := clampPage(0, f.Limit, 200, 1000)
	out := []seedbed.RiskFiling{}
	err := eachRow(ctx, s.read, `SELECT `+riskFilingColumns+riskFilingFrom+w.sql()+` ORDER BY f.id DESC LIMIT `+w.next(limit), w.args,
		func(sc scanner) error {
			rf, err := scanRiskFiling(sc)
			if err == nil {
				out = append(out, *rf)
			}
			return err
		})
	return out, err
}
