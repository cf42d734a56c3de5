package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
)

// AwardIDOfApplication returns the id of the application's award, or 0 when it has none.
func (tx *Tx) AwardIDOfApplication(ctx context.Context, appID int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM awards WHERE application_id = $1`, appID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// CommitBudget raises a decided program's committed amount by amount, by a conditional update
// that holds only while the budget allows it: two concurrent awards can never together exceed
// the budget, on either engine. It reports whether the budget held.
func (tx *Tx) CommitBudget(ctx context.Context, programID, amount int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE programs SET committed = committed + $1, updated_at = $2
		WHERE id = $3 AND state = 'decided' AND committed + $1 <= budget`, amount, fmtTime(tx.now), programID)
	if err != nil {
		return false, classify(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ReturnToBudget lowers a program's committed amount by amount.
func (tx *Tx) ReturnToBudget(ctx context.Context, programID, amount int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE programs SET committed = committed - $1 WHERE id = $2`, amount, programID)
	return classify(err)
}

// InsertAward stores an award with its tranches and sets their ids.
func (tx *Tx) InsertAward(ctx context.Context, aw *seedbed.Award) error {
	id, err := insertID(ctx, tx, `INSERT INTO awards (program_id, application_id, innovator_id, amount, status, status_note, awarded_at, awarded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, aw.ProgramID, aw.ApplicationID, aw.InnovatorID, aw.Amount, aw.Status, aw.StatusNote,
		fmtTime(aw.AwardedAt), aw.AwardedBy)
	if err != nil {
		if seedbed.ErrorCode(err) == seedbed.ECONFLICT {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请 %d 已有资助", En: "application %d already has an award"}, aw.ApplicationID)
		}
		return err
	}
	if err := bumpFunding(ctx, tx); err != nil {
		return err
	}
	aw.ID = id
	for i := range aw.Tranches {
		t := &aw.Tranches[i]
		t.AwardID = id
		t.ID, err = insertID(ctx, tx, `INSERT INTO award_tranches (award_id, seq, stage, stage_en, amount, milestone, milestone_en, due_at, gate, milestone_status, status)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, id, t.Seq, t.Stage, t.StageEn, t.Amount, t.Milestone, t.MilestoneEn,
			fmtTime(t.DueAt), t.Gate, t.MilestoneStatus, t.Status)
		if err != nil {
			return err
		}
	}
	return nil
}

// Award reads one award with its tranches inside the transaction, or ENOTFOUND.
func (tx *Tx) Award(ctx context.Context, id int64) (*seedbed.Award, error) {
	return getAward(ctx, tx, id)
}

const awardColumns = `w.id, w.program_id, p.title, w.application_id, a.title, w.innovator_id, i.name, w.amount, w.released,
	w.status, w.status_note, w.awarded_at, w.awarded_by, w.closed_at`

const awardFrom = ` FROM awards w JOIN programs p ON p.id = w.program_id JOIN applications a ON a.id = w.application_id
	JOIN innovators i ON i.id = w.innovator_id`

// GetAward returns one award with its tranches, or ENOTFOUND.
func (s *Store) GetAward(ctx context.Context, id int64) (*seedbed.Award, error) {
	return getAward(ctx, s.read, id)
}

func getAward(ctx context.Context, q queryer, id int64) (*seedbed.Award, error) {
	aw, err := scanAward(q.QueryRowContext(ctx, `SELECT `+awardColumns+awardFrom+` WHERE w.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "资助 %d 不存在", En: "award %d not found"}, id)
	}
	if err != nil {
		return nil, err
	}
	ts, err := tranchesOf(ctx, q, []int64{id})
	if err != nil {
		return nil, err
	}
	aw.Tranches = ts[id]
	return aw, awardParts(ctx, q, []*seedbed.Award{aw})
}

func scanAward(row scanner) (*seedbed.Award, error) {
	var aw seedbed.Award
	var awarded string
	var closed sql.NullString
	if err := row.Scan(&aw.ID, &aw.ProgramID, &aw.ProgramTitle, &aw.ApplicationID, &aw.ApplicationTitle, &aw.InnovatorID,
		&aw.InnovatorName, &aw.Amount, &aw.Released, &aw.Status, &aw.StatusNote, &awarded, &aw.AwardedBy, &closed); err != nil {
		return nil, err
	}
	aw.AwardedAt = parseTime(awarded)
	if closed.Valid {
		t := parseTime(closed.String)
		aw.ClosedAt = &t
	}
	aw.Tranches = []seedbed.Tranche{}
	return &aw, nil
}

// tranchesOf loads the tranches of awards, by award.
func tranchesOf(ctx context.Context, q queryer, ids []int64) (map[int64][]seedbed.Tranche, error) {
	out := map[int64][]seedbed.Tranche{}
	if len(ids) == 0 {
		return out, nil
	}
	var w where
	w.inInt64("award_id", ids)
	rows, err := q.QueryContext(ctx, `SELECT id, award_id, seq, stage, stage_en, amount, milestone, milestone_en, due_at, gate, evidence, evidence_at,
		milestone_status, review_note, reviewed_at, reviewed_by, status, released_at, released_by FROM award_tranches`+w.sql()+
		` ORDER BY award_id, seq`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTranche(rows)
		if err != nil {
			return nil, err
		}
		out[t.AwardID] = append(out[t.AwardID], *t)
	}
	return out, rows.Err()
}

func scanTranche(row scanner) (*seedbed.Tranche, error) {
	var t seedbed.Tranche
	var due string
	var evAt, revAt, relAt sql.NullString
	if err := row.Scan(&t.ID, &t.AwardID, &t.Seq, &t.Stage, &t.StageEn, &t.Amount, &t.Milestone, &t.MilestoneEn, &due, &t.Gate, &t.Evidence, &evAt,
		&t.MilestoneStatus, &t.ReviewNote, &revAt, &t.ReviewedBy, &t.Status, &relAt, &t.ReleasedBy); err != nil {
		return nil, err
	}
	t.DueAt = parseTime(due)
	for _, x := range []struct {
		s sql.NullString
		p **time.Time
	}{{evAt, &t.EvidenceAt}, {revAt, &t.ReviewedAt}, {relAt, &t.ReleasedAt}} {
		if x.s.Valid {
			v := parseTime(x.s.String)
			*x.p = &v
		}
	}
	return &t, nil
}

// awardWhere is the condition of f on the awards table (aliased w); paging and order aside.
func awardWhere(f seedbed.AwardFilter) where {
	var w where
	if f.ProgramID != 0 {
		w.add("w.program_id = ?", f.ProgramID)
	}
	if f.InnovatorIDs != nil {
		w.inInt64("w.innovator_id", f.InnovatorIDs)
	}
	if f.Status != "" {
		w.add("w.status = ?", f.Status)
	}
	return w
}

// SumAwards adds up every award f selects, over all pages (f's paging and order are ignored).
func (s *Store) SumAwards(ctx context.Context, f seedbed.AwardFilter) (seedbed.AwardSums, error) {
	if f.ProgramID == 0 && f.InnovatorIDs == nil {
		return s.sumAwards(ctx, f.Status) // the whole list, or one status: kept per funding version
	}
	return s.sumAwardsSQL(ctx, f)
}

// sumAwardsSQL adds up the awards f selects in the database.
func (s *Store) sumAwardsSQL(ctx context.Context, f seedbed.AwardFilter) (seedbed.AwardSums, error) {
	w := awardWhere(f)
	var out seedbed.AwardSums
	err := s.read.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(w.amount), 0), coalesce(sum(w.released), 0) FROM awards w`+w.sql(), w.args...).
		Scan(&out.Count, &out.Amount, &out.Released)
	return out, err
}

// FindAwards returns one page of the awards matching f, newest first, with their tranches, and
// how many match. The monitoring module reads awards through it.
func (s *Store) FindAwards(ctx context.Context, f seedbed.AwardFilter) ([]seedbed.Award, int, error) {
	w := awardWhere(f)
	var total int
	if f.ProgramID == 0 && f.InnovatorIDs == nil {
		// the whole list, or one status: counted with its sums, kept per funding version
		sums, err := s.sumAwards(ctx, f.Status)
		if err != nil {
			return nil, 0, err
		}
		total = sums.Count
	} else if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM awards w`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 50, 5000)
	rows, err := s.read.QueryContext(ctx, `SELECT `+awardColumns+awardFrom+w.sql()+orderBy(f.Order, seedbed.AwardSorts, awardOrder, "w.id")+` LIMIT `+
		w.next(limit)+` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	out := []seedbed.Award{}
	var ids []int64
	for rows.Next() {
		aw, err := scanAward(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, *aw)
		ids = append(ids, aw.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	ts, err := tranchesOf(ctx, s.read, ids)
	if err != nil {
		return nil, 0, err
	}
	ptrs := make([]*seedbed.Award, len(out))
	for i := range out {
		if t := ts[out[i].ID]; t != nil {
			out[i].Tranches = t
		}
		ptrs[i] = &out[i]
	}
	return out, total, awardParts(ctx, s.read, ptrs)
}
