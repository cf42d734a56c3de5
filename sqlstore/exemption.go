package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"seedbed"
)

// EventExemptionRedrafted records a draft recomputed from the ledger before a decision.
const EventExemptionRedrafted = "exemption_redrafted"

// OpenExemptionCase opens the exemption case (容错免责认定) of a failed award: seedbed checks
// the decision against the procedure in force, drafts the determination, and records the
// case and the draft's outcome in the ledger. Only an award closed as failed has a case, and
// only one (ECONFLICT otherwise).
func (s *Store) OpenExemptionCase(ctx context.Context, a seedbed.Actor, awardID int64) (*seedbed.ExemptionCase, error) {
	if _, err := s.GetFailure(ctx, awardID); err != nil {
		if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			if _, aerr := s.GetAward(ctx, awardID); aerr != nil {
				return nil, aerr
			}
			return nil, s.refused(ctx, a, "exemption.open", "award", awardID, seedbed.Errorf(seedbed.ECONFLICT,
				"只能为按失败结题的项目提起容错免责认定 / an exemption case is opened only for a project closed as failed"))
		}
		return nil, err
	}
	// The draft reads and verifies the whole ledger; it is computed outside the write
	// transaction so that appends are not held up, and names the ledger size it checked.
	d, err := s.draftDetermination(ctx, awardID)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.decide(ctx, a, "exemption.open", "award", awardID, func(tx *Tx) error {
		var existing int64
		switch err := tx.QueryRowContext(ctx, `SELECT id FROM exemption_cases WHERE award_id = $1`, awardID).Scan(&existing); {
		case err == nil:
			return seedbed.Errorf(seedbed.ECONFLICT, "资助 %d 已有容错免责认定案件 %d / award %d already has exemption case %d", awardID, existing, awardID, existing)
		case err != sql.ErrNoRows:
			return err
		}
		draft, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if id, err = insertID(ctx, tx, `INSERT INTO exemption_cases (award_id, state, draft_outcome, draft, checked_size, opened_by, opened_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, awardID, seedbed.ExemptionDraft, d.Outcome, string(draft), int64(d.CheckedSize), a.Username, fmtTime(tx.now)); err != nil {
			return err
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventExemptionOpened, awardSubject(awardID), draftEvent(id, d)); err != nil {
			return err
		}
		return audit(ctx, tx, a, "exemption.open", "exemption_case", id, d.Outcome)
	})
	if err != nil {
		return nil, err
	}
	return s.GetExemptionCase(ctx, id)
}

// draftEvent is what the ledger keeps of a draft: its outcome, each condition's status, the
// procedure checked and the ledger size and root it was checked against.
func draftEvent(caseID int64, d seedbed.Determination) map[string]any {
	conds := map[string]string{}
	for _, c := range d.Conditions {
		conds[c.ID] = c.Status
	}
	m := map[string]any{"case_id": caseID, "award_id": d.AwardID, "draft_outcome": d.Outcome, "conditions": conds,
		"checked_size": d.CheckedSize, "checked_root": d.CheckedRoot}
	if d.Procedure != nil {
		m["procedure"] = map[string]any{"id": d.Procedure.ID, "version": d.Procedure.Version, "sha256": d.Procedure.SHA256}
	}
	return m
}

// RedraftExemptionCase recomputes the draft of an undecided case from the ledger as it is now.
func (s *Store) RedraftExemptionCase(ctx context.Context, a seedbed.Actor, id int64) (*seedbed.ExemptionCase, error) {
	c, err := s.GetExemptionCase(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.draftDetermination(ctx, c.AwardID)
	if err != nil {
		return nil, err
	}
	err = s.decide(ctx, a, "exemption.redraft", "exemption_case", id, func(tx *Tx) error {
		draft, err := json.Marshal(d)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE exemption_cases SET draft_outcome = $1, draft = $2, checked_size = $3, version = version + 1
			WHERE id = $4 AND state = $5`, d.Outcome, string(draft), int64(d.CheckedSize), id, seedbed.ExemptionDraft)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "案件已作出认定，不能重新生成草稿 / the case was decided; its draft can no longer change")
		}
		if _, err := recordEvent(ctx, tx, a, EventExemptionRedrafted, awardSubject(c.AwardID), draftEvent(id, d)); err != nil {
			return err
		}
		return audit(ctx, tx, a, "exemption.redraft", "exemption_case", id, d.Outcome)
	})
	if err != nil {
		return nil, err
	}
	return s.GetExemptionCase(ctx, id)
}

// DecideExemptionCase records an auditor's or committee's confirmation or override of the
// draft. A written reason is required (EINVALID without); the decision is made on the case
// version the decider saw (ECONFLICT if the draft changed meanwhile) and is ledgered.
func (s *Store) DecideExemptionCase(ctx context.Context, a seedbed.Actor, id int64, dec seedbed.ExemptionDecision) (*seedbed.ExemptionCase, error) {
	dec.Normalize()
	err := s.decide(ctx, a, "exemption.decide", "exemption_case", id, func(tx *Tx) error {
		c, err := getExemptionCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.State != seedbed.ExemptionDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, "案件已于 %s 作出认定 / the case was already decided on %s", fmtCST(*c.DecidedAt), fmtCST(*c.DecidedAt))
		}
		if err := dec.Validate(c.DraftOutcome); err != nil {
			return err
		}
		if dec.Version != 0 && dec.Version != c.Version {
			return seedbed.Errorf(seedbed.ECONFLICT, "草稿在您查看后已重新生成，请重新核对 / the draft was recomputed after you read it; check it again")
		}
		final := dec.Final(c.DraftOutcome)
		res, err := tx.ExecContext(ctx, `UPDATE exemption_cases SET state = $1, final_outcome = $2, decision = $3, reason = $4, committee = $5,
			decided_by = $6, decided_at = $7, version = version + 1 WHERE id = $8 AND state = $9 AND version = $10`,
			seedbed.ExemptionDecided, final, dec.Decision, dec.Reason, dec.Committee, a.Username, fmtTime(tx.now), id, seedbed.ExemptionDraft, c.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "案件已被他人改变，请刷新 / the case changed meanwhile; reload")
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventExemptionDetermined, awardSubject(c.AwardID), map[string]any{
			"case_id": id, "award_id": c.AwardID, "draft_outcome": c.DraftOutcome, "decision": dec.Decision, "final_outcome": final,
			"reason": dec.Reason, "committee": dec.Committee, "checked_size": c.Draft.CheckedSize, "checked_root": c.Draft.CheckedRoot}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "exemption.decide", "exemption_case", id, dec.Decision+" → "+final)
	})
	if err != nil {
		return nil, err
	}
	return s.GetExemptionCase(ctx, id)
}

const exemptionColumns = `c.id, c.award_id, w.program_id, p.title, a.title, i.name, c.state, c.draft_outcome, c.draft, c.final_outcome,
	c.decision, c.reason, c.committee, c.opened_by, c.opened_at, c.decided_by, c.decided_at, c.version`

const exemptionFrom = ` FROM exemption_cases c JOIN awards w ON w.id = c.award_id JOIN programs p ON p.id = w.program_id
	JOIN applications a ON a.id = w.application_id JOIN innovators i ON i.id = w.innovator_id`

func scanExemptionCase(row scanner) (*seedbed.ExemptionCase, error) {
	var c seedbed.ExemptionCase
	var draft, opened string
	var decided sql.NullString
	if err := row.Scan(&c.ID, &c.AwardID, &c.ProgramID, &c.ProgramTitle, &c.ApplicationTitle, &c.InnovatorName, &c.State, &c.DraftOutcome,
		&draft, &c.FinalOutcome, &c.Decision, &c.Reason, &c.Committee, &c.OpenedBy, &opened, &c.DecidedBy, &decided, &c.Version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(draft), &c.Draft); err != nil {
		return nil, fmt.Errorf("exemption case %d: draft: %w", c.ID, err)
	}
	c.OpenedAt = parseTime(opened)
	if decided.Valid {
		t := parseTime(decided.String)
		c.DecidedAt = &t
	}
	return &c, nil
}

// GetExemptionCase returns one case, or ENOTFOUND.
func (s *Store) GetExemptionCase(ctx context.Context, id int64) (*seedbed.ExemptionCase, error) {
	return getExemptionCase(ctx, s.read, id)
}

func getExemptionCase(ctx context.Context, q queryer, id int64) (*seedbed.ExemptionCase, error) {
	c, err := scanExemptionCase(q.QueryRowContext(ctx, `SELECT `+exemptionColumns+exemptionFrom+` WHERE c.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "容错免责认定案件 %d 不存在 / exemption case %d not found", id, id)
	}
	return c, err
}

// ExemptionCaseOfAward returns the case of an award, or ENOTFOUND.
func (s *Store) ExemptionCaseOfAward(ctx context.Context, awardID int64) (*seedbed.ExemptionCase, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT id FROM exemption_cases WHERE award_id = $1`, awardID).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "资助 %d 没有容错免责认定案件 / award %d has no exemption case", awardID, awardID)
	}
	if err != nil {
		return nil, err
	}
	return s.GetExemptionCase(ctx, id)
}

// FindExemptionCases returns one page of cases, newest first, and how many match.
func (s *Store) FindExemptionCases(ctx context.Context, f seedbed.ExemptionFilter) ([]seedbed.ExemptionCase, int, error) {
	var w where
	if f.State != "" {
		w.add("c.state = ?", f.State)
	}
	if f.Outcome != "" {
		w.add("(CASE WHEN c.final_outcome <> '' THEN c.final_outcome ELSE c.draft_outcome END) = ?", f.Outcome)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM exemption_cases c`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 50, 500)
	rows, err := s.read.QueryContext(ctx, `SELECT `+exemptionColumns+exemptionFrom+w.sql()+` ORDER BY c.id DESC LIMIT `+w.next(limit)+
		` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []seedbed.ExemptionCase{}
	for rows.Next() {
		c, err := scanExemptionCase(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *c)
	}
	return out, total, rows.Err()
}
