package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
	"unicode/utf8"

	"seedbed"
)

// CreateAward turns a selected application into an award paid in tranches, one per stage of the
// program. The program's committed amount rises by the award in the same transaction, by a
// conditional update that holds only while the budget allows it: two concurrent awards can never
// together exceed the budget, on either engine.
func (s *Store) CreateAward(ctx context.Context, a seedbed.Actor, programID int64, in seedbed.AwardInput) (*seedbed.Award, error) {
	var aw *seedbed.Award
	err := s.decide(ctx, a, "award.create", "program", programID, func(tx *Tx) error {
		p, err := getProgram(ctx, tx, programID)
		if err != nil {
			return err
		}
		if p.State != seedbed.ProgramDecided {
			return seedbed.Errorf(seedbed.ECONFLICT, "计划当前%s；资助在遴选决定之后、计划结束之前作出 / the program is %s; awards are made after the decision and before the program closes",
				p.StateLabel().Zh, p.StateLabel().En)
		}
		if utf8.RuneCountInString(in.Note) > 1000 {
			return seedbed.FieldError("note", "说明过长（最多 1000 字）/ note too long (at most 1000 characters)")
		}
		app, err := getApplication(ctx, tx, in.ApplicationID)
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
				return seedbed.FieldError("application_id", "申请 %d 不存在 / application %d not found", in.ApplicationID, in.ApplicationID)
			}
			return err
		}
		if app.ProgramID != programID {
			return seedbed.FieldError("application_id", "申请 %d 不属于本计划 / application %d is not in this program", app.ID, app.ID)
		}
		if app.State != seedbed.AppSubmitted || !seedbed.OutcomeGranted(app.Outcome) {
			return seedbed.Errorf(seedbed.ECONFLICT, "申请 %d 未被遴选资助（结果：%s），不能资助 / application %d was not selected for funding (outcome: %s)",
				app.ID, seedbed.Outcomes.Label(app.Outcome).Zh, app.ID, seedbed.Outcomes.Label(app.Outcome).En)
		}
		amount := in.Amount
		if amount == 0 {
			amount = app.Granted
		}
		if amount < 1 || amount > app.Granted {
			return seedbed.FieldError("amount", "资助金额应在 1 到遴选确定的 %d 元之间 / the amount must be from 1 to the %d yuan granted in selection", app.Granted, app.Granted)
		}
		var existing int64
		switch err := tx.QueryRowContext(ctx, `SELECT id FROM awards WHERE application_id = $1`, app.ID).Scan(&existing); {
		case err == nil:
			return seedbed.Errorf(seedbed.ECONFLICT, "申请 %d 已有资助（编号 %d）/ application %d already has award %d", app.ID, existing, app.ID, existing)
		case err != sql.ErrNoRows:
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE programs SET committed = committed + $1, updated_at = $2
			WHERE id = $3 AND state = 'decided' AND committed + $1 <= budget`, amount, fmtTime(tx.now), programID)
		if err != nil {
			return classify(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			var committed, budget int64
			if err := tx.QueryRowContext(ctx, `SELECT committed, budget FROM programs WHERE id = $1`, programID).Scan(&committed, &budget); err != nil {
				return err
			}
			return seedbed.Errorf(seedbed.ECONFLICT, "超出计划预算：预算 %d 元，已承诺 %d 元，剩余 %d 元，本次 %d 元 / beyond the program's budget: budget %d, committed %d, remaining %d, this award %d yuan",
				budget, committed, budget-committed, amount, budget, committed, budget-committed, amount)
		}
		aw = &seedbed.Award{ProgramID: programID, ProgramTitle: p.Title, ApplicationID: app.ID, ApplicationTitle: app.Title,
			InnovatorID: app.InnovatorID, InnovatorName: app.InnovatorName, Amount: amount, Status: seedbed.AwardActive,
			StatusNote: in.Note, AwardedAt: tx.now, AwardedBy: a.Username}
		id, err := insertID(ctx, tx, `INSERT INTO awards (program_id, application_id, innovator_id, amount, status, status_note, awarded_at, awarded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, programID, app.ID, app.InnovatorID, amount, aw.Status, in.Note, fmtTime(tx.now), a.Username)
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ECONFLICT {
				return seedbed.Errorf(seedbed.ECONFLICT, "申请 %d 已有资助 / application %d already has an award", app.ID, app.ID)
			}
			return err
		}
		aw.ID = id
		amounts := seedbed.TrancheAmounts(amount, p.Stages)
		// The first tranche starts the work (its milestone, the agreement, is due in a month); the
		// milestone of each later tranche is the result of the stage before, due when it ends.
		due := tx.now
		for i, st := range p.Stages {
			t := seedbed.Tranche{AwardID: id, Seq: i + 1, Stage: st.Name, Amount: amounts[i], Milestone: st.Milestone,
				DueAt: tx.now.AddDate(0, 1, 0), Gate: i > 0, MilestoneStatus: seedbed.MilestoneAwaiting, Status: seedbed.TranchePending}
			if i > 0 {
				due = due.AddDate(0, p.Stages[i-1].Months, 0)
				t.DueAt = due
			}
			t.ID, err = insertID(ctx, tx, `INSERT INTO award_tranches (award_id, seq, stage, amount, milestone, due_at, gate, milestone_status, status)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, t.Seq, t.Stage, t.Amount, t.Milestone, fmtTime(t.DueAt), t.Gate,
				t.MilestoneStatus, t.Status)
			if err != nil {
				return err
			}
			aw.Tranches = append(aw.Tranches, t)
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventAward, awardSubject(id), map[string]any{
			"award_id": id, "program_id": programID, "application_id": app.ID, "innovator_id": app.InnovatorID,
			"amount": amount, "granted_in_selection": app.Granted, "outcome": app.Outcome, "tranches": aw.Tranches,
			"budget": p.Budget, "committed_after": p.Committed + amount, "note": in.Note}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "award.create", "award", id, fmt.Sprintf("application %d, %d yuan", app.ID, amount))
	})
	return aw, err
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
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "资助 %d 不存在 / award %d not found", id, id)
	}
	if err != nil {
		return nil, err
	}
	ts, err := tranchesOf(ctx, q, []int64{id})
	aw.Tranches = ts[id]
	return aw, err
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
	rows, err := q.QueryContext(ctx, `SELECT id, award_id, seq, stage, amount, milestone, due_at, gate, evidence, evidence_at,
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
	if err := row.Scan(&t.ID, &t.AwardID, &t.Seq, &t.Stage, &t.Amount, &t.Milestone, &due, &t.Gate, &t.Evidence, &evAt,
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

// FindAwards returns one page of the awards matching f, newest first, with their tranches, and
// how many match. The monitoring module reads awards through it.
func (s *Store) FindAwards(ctx context.Context, f seedbed.AwardFilter) ([]seedbed.Award, int, error) {
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
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM awards w`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 50, 5000)
	rows, err := s.read.QueryContext(ctx, `SELECT `+awardColumns+awardFrom+w.sql()+` ORDER BY w.id DESC LIMIT `+
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
	for i := range out {
		if t := ts[out[i].ID]; t != nil {
			out[i].Tranches = t
		}
	}
	return out, total, nil
}
