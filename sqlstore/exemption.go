package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"seedbed"
)

// The rows of exemption cases (容错免责认定). The use-case layer drafts a determination, judges
// a decision against it and records both in the ledger; these functions only read and write
// the rows.

// ExemptionCaseIDOfAward returns the id of an award's case inside tx, or ENOTFOUND.
func (tx *Tx) ExemptionCaseIDOfAward(ctx context.Context, awardID int64) (int64, error) {
	return exemptionCaseIDOfAward(ctx, tx, awardID)
}

func exemptionCaseIDOfAward(ctx context.Context, q queryer, awardID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM exemption_cases WHERE award_id = $1`, awardID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "资助 %d 没有容错免责认定案件", En: "award %d has no exemption case"}, awardID)
	}
	return id, err
}

// InsertExemptionCase writes a new case of an award in the draft state with its draft, opened
// by a now, and returns its id.
func (tx *Tx) InsertExemptionCase(ctx context.Context, a seedbed.Actor, awardID int64, d seedbed.Determination) (int64, error) {
	draft, err := json.Marshal(d)
	if err != nil {
		return 0, err
	}
	return insertID(ctx, tx, `INSERT INTO exemption_cases (award_id, state, draft_outcome, draft, checked_size, opened_by, opened_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, awardID, seedbed.ExemptionDraft, d.Outcome, string(draft), int64(d.CheckedSize), a.Username, fmtTime(tx.now))
}

// UpdateExemptionDraft replaces the draft of a case still in the draft state and bumps its
// version; it reports false when the case is no longer a draft.
func (tx *Tx) UpdateExemptionDraft(ctx context.Context, id int64, d seedbed.Determination) (bool, error) {
	draft, err := json.Marshal(d)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE exemption_cases SET draft_outcome = $1, draft = $2, checked_size = $3, version = version + 1
		WHERE id = $4 AND state = $5`, d.Outcome, string(draft), int64(d.CheckedSize), id, seedbed.ExemptionDraft)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SaveExemptionDecision writes the decision on a case that is still the draft of the given
// version, decided by a now; it reports false when the case changed meanwhile.
func (tx *Tx) SaveExemptionDecision(ctx context.Context, a seedbed.Actor, id int64, version int, dec seedbed.ExemptionDecision, final string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE exemption_cases SET state = $1, final_outcome = $2, decision = $3, reason = $4, committee = $5,
		decided_by = $6, decided_at = $7, version = version + 1 WHERE id = $8 AND state = $9 AND version = $10`,
		seedbed.ExemptionDecided, final, dec.Decision, dec.Reason, dec.Committee, a.Username, fmtTime(tx.now), id, seedbed.ExemptionDraft, version)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ExemptionCase returns one case inside tx, or ENOTFOUND.
func (tx *Tx) ExemptionCase(ctx context.Context, id int64) (*seedbed.ExemptionCase, error) {
	return getExemptionCase(ctx, tx, id)
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
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "容错免责认定案件 %d 不存在", En: "exemption case %d not found"}, id)
	}
	return c, err
}

// ExemptionCaseOfAward returns the case of an award, or ENOTFOUND.
func (s *Store) ExemptionCaseOfAward(ctx context.Context, awardID int64) (*seedbed.ExemptionCase, error) {
	id, err := exemptionCaseIDOfAward(ctx, s.read, awardID)
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
	rows, err := s.read.QueryContext(ctx, `SELECT `+exemptionColumns+exemptionFrom+w.sql()+orderBy(f.Order, seedbed.ExemptionSorts, exemptionOrder, "c.id")+` LIMIT `+w.next(limit)+
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
