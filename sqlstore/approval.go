package sqlstore

import (
	"context"
	"database/sql"

	"seedbed"
)

// Approvals: decisions under a two-person rule, proposed by one account and decided by another.
// The use-case layer decides who may propose and approve, and what takes effect.

const approvalColumns = `id, rule, subject, link, summary_zh, summary_en, reason, payload, status, proposed_by, proposed_role,
	proposed_at, decided_by, decided_at, note`

func scanApproval(row scanner) (*seedbed.Approval, error) {
	var ap seedbed.Approval
	var payload, at string
	var decided sql.NullString
	if err := row.Scan(&ap.ID, &ap.Rule, &ap.Subject, &ap.Link, &ap.Summary.Zh, &ap.Summary.En, &ap.Reason, &payload, &ap.Status,
		&ap.ProposedBy, &ap.ProposedRole, &at, &ap.DecidedBy, &decided, &ap.Note); err != nil {
		return nil, err
	}
	ap.Payload, ap.ProposedAt = []byte(payload), parseTime(at)
	if decided.Valid {
		t := parseTime(decided.String)
		ap.DecidedAt = &t
	}
	return &ap, nil
}

// InsertApproval stores a pending proposal by a at the transaction's time and fills in its ID,
// status and proposer.
func (tx *Tx) InsertApproval(ctx context.Context, a seedbed.Actor, ap *seedbed.Approval) error {
	if len(ap.Payload) == 0 {
		ap.Payload = []byte("{}")
	}
	ap.Status, ap.ProposedBy, ap.ProposedRole, ap.ProposedAt = seedbed.ApprovalPending, a.Username, a.Role, tx.now
	id, err := insertID(ctx, tx, `INSERT INTO approvals (rule, subject, link, summary_zh, summary_en, reason, payload, status,
		proposed_by, proposed_role, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, ap.Rule, ap.Subject, ap.Link,
		ap.Summary.Zh, ap.Summary.En, ap.Reason, string(ap.Payload), ap.Status, a.Username, a.Role, fmtTime(tx.now))
	ap.ID = id
	return err
}

// Approval returns one approval inside the transaction, or ENOTFOUND.
func (tx *Tx) Approval(ctx context.Context, id int64) (*seedbed.Approval, error) {
	return getApproval(ctx, tx, id)
}

// GetApproval returns one approval, or ENOTFOUND.
func (s *Store) GetApproval(ctx context.Context, id int64) (*seedbed.Approval, error) {
	return getApproval(ctx, s.read, id)
}

func getApproval(ctx context.Context, q queryer, id int64) (*seedbed.Approval, error) {
	ap, err := scanApproval(q.QueryRowContext(ctx, `SELECT `+approvalColumns+` FROM approvals WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "复核事项 %d 不存在", En: "approval %d not found"}, id)
	}
	return ap, err
}

// PendingApproval returns the pending proposal of a rule on a subject inside the transaction,
// or nil when there is none.
func (tx *Tx) PendingApproval(ctx context.Context, rule, subject string) (*seedbed.Approval, error) {
	ap, err := scanApproval(tx.QueryRowContext(ctx, `SELECT `+approvalColumns+` FROM approvals WHERE rule = $1 AND subject = $2
		AND status = $3 ORDER BY id LIMIT 1`, rule, subject, seedbed.ApprovalPending))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return ap, err
}

// DecideApproval marks a pending approval approved or rejected by a, with a note; false when it
// was no longer pending.
func (tx *Tx) DecideApproval(ctx context.Context, a seedbed.Actor, id int64, status, note string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE approvals SET status = $1, decided_by = $2, decided_at = $3, note = $4
		WHERE id = $5 AND status = $6`, status, a.Username, fmtTime(tx.now), note, id, seedbed.ApprovalPending)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FindApprovals returns one page of approvals, newest first, and how many f selects.
func (s *Store) FindApprovals(ctx context.Context, f seedbed.ApprovalFilter) ([]seedbed.Approval, int, error) {
	var w where
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	if f.Decided {
		w.add("status <> ?", seedbed.ApprovalPending)
	}
	if f.Rule != "" {
		w.add("rule = ?", f.Rule)
	}
	if f.Subject != "" {
		w.add("subject = ?", f.Subject)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM approvals`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 200, 1000)
	out := []seedbed.Approval{}
	err := eachRow(ctx, s.read, `SELECT `+approvalColumns+` FROM approvals`+w.sql()+` ORDER BY id DESC LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args,
		func(sc scanner) error {
			ap, err := scanApproval(sc)
			if err == nil {
				out = append(out, *ap)
			}
			return err
		})
	return out, total, err
}
