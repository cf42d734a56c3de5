package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
)

// timeOrNull writes a zero time as NULL.
func timeOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return fmtTime(t)
}

// optTime reads a nullable time column.
func optTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

// InsertReports adds reports to an award's schedule and sets their ids.
func (tx *Tx) InsertReports(ctx context.Context, awardID int64, rs []seedbed.Report) error {
	for i := range rs {
		r := &rs[i]
		r.AwardID = awardID
		id, err := insertID(ctx, tx, `INSERT INTO award_reports (award_id, kind, due_at, status) VALUES ($1, $2, $3, $4)`,
			awardID, r.Kind, fmtTime(r.DueAt), r.Status)
		if err != nil {
			return err
		}
		r.ID = id
	}
	return nil
}

// AwardIDOfReport returns the id of the award a report belongs to, or ENOTFOUND.
func (tx *Tx) AwardIDOfReport(ctx context.Context, reportID int64) (int64, error) {
	return awardIDOfReport(ctx, tx, reportID)
}

func awardIDOfReport(ctx context.Context, q queryer, reportID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT award_id FROM award_reports WHERE id = $1`, reportID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "报告 %d 不存在", En: "report %d not found"}, reportID)
	}
	return id, err
}

// AwardOfReport returns the award a report belongs to, or ENOTFOUND.
func (s *Store) AwardOfReport(ctx context.Context, reportID int64) (*seedbed.Award, error) {
	id, err := awardIDOfReport(ctx, s.read, reportID)
	if err != nil {
		return nil, err
	}
	return getAward(ctx, s.read, id)
}

// SubmitReport stores a recipient's report text unless it was accepted; it reports whether it was
// still open.
func (tx *Tx) SubmitReport(ctx context.Context, reportID int64, text, by string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE award_reports SET text=$1, submitted_at=$2, submitted_by=$3, status='submitted'
		WHERE id=$4 AND status IN ('due', 'returned', 'submitted')`, text, fmtTime(tx.now), by, reportID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ReviewReport records an officer's decision on a submitted report; it reports whether the
// report was still submitted.
func (tx *Tx) ReviewReport(ctx context.Context, reportID int64, status, note, by string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE award_reports SET status=$1, review_note=$2, reviewed_at=$3, reviewed_by=$4
		WHERE id=$5 AND status='submitted'`, status, note, fmtTime(tx.now), by, reportID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SetReportDue moves a report's due date.
func (tx *Tx) SetReportDue(ctx context.Context, reportID int64, due time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE award_reports SET due_at=$1 WHERE id=$2`, fmtTime(due), reportID)
	return err
}

// SetTrancheDue moves a tranche's milestone due date.
func (tx *Tx) SetTrancheDue(ctx context.Context, trancheID int64, due time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE award_tranches SET due_at=$1 WHERE id=$2`, fmtTime(due), trancheID)
	return err
}

// SetTrancheMilestone rewrites a tranche's milestone (in Chinese; the English text is cleared,
// as it no longer translates it).
func (tx *Tx) SetTrancheMilestone(ctx context.Context, trancheID int64, text string) error {
	_, err := tx.ExecContext(ctx, `UPDATE award_tranches SET milestone=$1, milestone_en='' WHERE id=$2`, text, trancheID)
	return err
}

// reportsOf loads the reports of awards, by award, in due order.
func reportsOf(ctx context.Context, q queryer, ids []int64) (map[int64][]seedbed.Report, error) {
	out := map[int64][]seedbed.Report{}
	if len(ids) == 0 {
		return out, nil
	}
	var w where
	w.inInt64("award_id", ids)
	rows, err := q.QueryContext(ctx, `SELECT id, award_id, kind, due_at, status, text, submitted_at, submitted_by, review_note,
		reviewed_at, reviewed_by FROM award_reports`+w.sql()+` ORDER BY award_id, due_at, id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r seedbed.Report
		var due string
		var sub, rev sql.NullString
		if err := rows.Scan(&r.ID, &r.AwardID, &r.Kind, &due, &r.Status, &r.Text, &sub, &r.SubmittedBy, &r.ReviewNote, &rev, &r.ReviewedBy); err != nil {
			return nil, err
		}
		r.DueAt, r.SubmittedAt, r.ReviewedAt = parseTime(due), optTime(sub), optTime(rev)
		out[r.AwardID] = append(out[r.AwardID], r)
	}
	return out, rows.Err()
}

// InsertChange stores an extension or variation asked for and sets its id.
func (tx *Tx) InsertChange(ctx context.Context, c *seedbed.AwardChange) error {
	id, err := insertID(ctx, tx, `INSERT INTO award_changes (award_id, kind, tranche_id, report_id, old_due_at, new_due_at,
		old_text, new_text, reason, status, requested_by, requested_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
		c.AwardID, c.Kind, nullID(c.TrancheID), nullID(c.ReportID), optTimeArg(c.OldDueAt), optTimeArg(c.NewDueAt),
		c.OldText, c.NewText, c.Reason, c.Status, c.RequestedBy, fmtTime(c.RequestedAt))
	c.ID = id
	return err
}

// AwardIDOfChange returns the id of the award a change belongs to, or ENOTFOUND.
func (tx *Tx) AwardIDOfChange(ctx context.Context, changeID int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT award_id FROM award_changes WHERE id = $1`, changeID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "变更申请 %d 不存在", En: "change %d not found"}, changeID)
	}
	return id, err
}

// DecideChange records the decision on a change still asked for; it reports whether it was.
func (tx *Tx) DecideChange(ctx context.Context, changeID int64, status, note, by string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE award_changes SET status=$1, decision_note=$2, decided_by=$3, decided_at=$4
		WHERE id=$5 AND status='requested'`, status, note, by, fmtTime(tx.now), changeID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func optTimeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return fmtTime(*t)
}

// changesOf loads the changes of awards, by award, oldest first.
func changesOf(ctx context.Context, q queryer, ids []int64) (map[int64][]seedbed.AwardChange, error) {
	out := map[int64][]seedbed.AwardChange{}
	if len(ids) == 0 {
		return out, nil
	}
	var w where
	w.inInt64("award_id", ids)
	rows, err := q.QueryContext(ctx, `SELECT id, award_id, kind, tranche_id, report_id, old_due_at, new_due_at, old_text, new_text,
		reason, status, requested_by, requested_at, decided_by, decided_at, decision_note FROM award_changes`+w.sql()+
		` ORDER BY award_id, id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c seedbed.AwardChange
		var tr, rp sql.NullInt64
		var oldDue, newDue, decided sql.NullString
		var requested string
		if err := rows.Scan(&c.ID, &c.AwardID, &c.Kind, &tr, &rp, &oldDue, &newDue, &c.OldText, &c.NewText, &c.Reason, &c.Status,
			&c.RequestedBy, &requested, &c.DecidedBy, &decided, &c.DecisionNote); err != nil {
			return nil, err
		}
		c.TrancheID, c.ReportID = tr.Int64, rp.Int64
		c.OldDueAt, c.NewDueAt, c.DecidedAt, c.RequestedAt = optTime(oldDue), optTime(newDue), optTime(decided), parseTime(requested)
		out[c.AwardID] = append(out[c.AwardID], c)
	}
	return out, rows.Err()
}

// awardParts fills the reports and changes of awards.
func awardParts(ctx context.Context, q queryer, awards []*seedbed.Award) error {
	ids := make([]int64, len(awards))
	for i, aw := range awards {
		ids[i] = aw.ID
	}
	rs, err := reportsOf(ctx, q, ids)
	if err != nil {
		return err
	}
	cs, err := changesOf(ctx, q, ids)
	if err != nil {
		return err
	}
	co, err := closeoutsOf(ctx, q, ids)
	if err != nil {
		return err
	}
	for _, aw := range awards {
		aw.Reports, aw.Changes, aw.Closeout = rs[aw.ID], cs[aw.ID], co[aw.ID]
		if aw.Reports == nil {
			aw.Reports = []seedbed.Report{}
		}
		if aw.Changes == nil {
			aw.Changes = []seedbed.AwardChange{}
		}
	}
	return nil
}

// ReportReminder is a report (or, with TrancheSeq set, a tranche's milestone evidence) that
// needs a reminder: due soon or overdue, and not yet reminded so.
type ReportReminder struct {
	ReportID, AwardID int64
	Kind              string
	DueAt             time.Time
	Overdue           bool
	TrancheSeq        int
}

// ReportsToRemind lists the open reports of running awards that are overdue at now and were not
// reminded as overdue, or due before soon and not reminded at all.
func (tx *Tx) ReportsToRemind(ctx context.Context, now, soon time.Time) ([]ReportReminder, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.award_id, r.kind, r.due_at FROM award_reports r JOIN awards w ON w.id = r.award_id
		WHERE w.status IN ('active', 'completed') AND r.status IN ('due', 'returned')
		AND ((r.due_at < $1 AND r.reminded <> 'overdue') OR (r.due_at >= $1 AND r.due_at < $2 AND r.reminded = ''))
		ORDER BY r.award_id, r.due_at`, fmtTime(now), fmtTime(soon))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportReminder
	for rows.Next() {
		var r ReportReminder
		var due string
		if err := rows.Scan(&r.ReportID, &r.AwardID, &r.Kind, &due); err != nil {
			return nil, err
		}
		r.DueAt = parseTime(due)
		r.Overdue = r.DueAt.Before(now)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetReminded records the last reminder sent for a report ("due" or "overdue").
func (tx *Tx) SetReminded(ctx context.Context, reportID int64, kind string) error {
	_, err := tx.ExecContext(ctx, `UPDATE award_reports SET reminded = $1 WHERE id = $2`, kind, reportID)
	return err
}

// MilestonesToRemind lists the milestones of running awards whose evidence is overdue at now
// and that were not reminded as overdue.
func (tx *Tx) MilestonesToRemind(ctx context.Context, now time.Time) ([]ReportReminder, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.award_id, t.seq, t.due_at FROM award_tranches t JOIN awards w ON w.id = t.award_id
		WHERE w.status = 'active' AND t.status = 'pending' AND t.milestone_status IN ('awaiting', 'returned')
		AND t.due_at < $1 AND t.reminded <> 'overdue' ORDER BY t.award_id, t.seq`, fmtTime(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportReminder
	for rows.Next() {
		r := ReportReminder{Overdue: true}
		var due string
		if err := rows.Scan(&r.ReportID, &r.AwardID, &r.TrancheSeq, &due); err != nil {
			return nil, err
		}
		r.DueAt = parseTime(due)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetTrancheReminded records the last reminder sent for a tranche's milestone.
func (tx *Tx) SetTrancheReminded(ctx context.Context, trancheID int64, kind string) error {
	_, err := tx.ExecContext(ctx, `UPDATE award_tranches SET reminded = $1 WHERE id = $2`, kind, trancheID)
	return err
}
