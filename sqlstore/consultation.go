package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"seedbed"
)

// InsertConsultation writes a consultation on a draft policy version; c.ID and c.OpenedAt are set.
func (tx *Tx) InsertConsultation(ctx context.Context, c *seedbed.Consultation) error {
	c.OpenedAt = tx.now
	id, err := insertID(ctx, tx, `INSERT INTO consultations (policy_id, version, title, start_on, end_on, note, opened_at, opened_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.PolicyID, c.Version, jsonString(c.Title), c.StartOn, c.EndOn, c.Note,
		fmtTime(tx.now), c.OpenedBy)
	c.ID = id
	return err
}

// ConcludeConsultation records the conclusion of a consultation not yet concluded; ECONFLICT
// when it was concluded meanwhile.
func (tx *Tx) ConcludeConsultation(ctx context.Context, id int64, finalVersion int, conclusion, by string) error {
	res, err := tx.ExecContext(ctx, `UPDATE consultations SET concluded_at = $1, concluded_by = $2, final_version = $3, conclusion = $4
		WHERE id = $5 AND concluded_at IS NULL`, fmtTime(tx.now), by, finalVersion, conclusion, id)
	if err != nil {
		return classify(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "征求意见已结束", En: "the consultation is already concluded"})
	}
	return nil
}

// Consultation returns a consultation inside tx, or ENOTFOUND.
func (tx *Tx) Consultation(ctx context.Context, id int64) (*seedbed.Consultation, error) {
	return getConsultation(ctx, tx, id)
}

// GetConsultation returns a consultation with its counts of comments, or ENOTFOUND.
func (s *Store) GetConsultation(ctx context.Context, id int64) (*seedbed.Consultation, error) {
	return getConsultation(ctx, s.read, id)
}

const consultationColumns = `k.id, k.policy_id, k.version, k.title, k.start_on, k.end_on, k.note, k.opened_at, k.opened_by,
	k.concluded_at, k.concluded_by, k.final_version, k.conclusion,
	(SELECT count(*) FROM public_comments c WHERE c.consultation_id = k.id),
	(SELECT count(*) FROM public_comments c WHERE c.consultation_id = k.id AND c.answered_at IS NOT NULL)
	FROM consultations k`

func scanConsultation(row scanner) (*seedbed.Consultation, error) {
	var c seedbed.Consultation
	var title, at string
	var concluded sql.NullString
	if err := row.Scan(&c.ID, &c.PolicyID, &c.Version, &title, &c.StartOn, &c.EndOn, &c.Note, &at, &c.OpenedBy, &concluded,
		&c.ConcludedBy, &c.FinalVersion, &c.Conclusion, &c.Comments, &c.Answered); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(title), &c.Title)
	c.OpenedAt = parseTime(at)
	if concluded.Valid {
		t := parseTime(concluded.String)
		c.ConcludedAt = &t
	}
	return &c, nil
}

func getConsultation(ctx context.Context, q queryer, id int64) (*seedbed.Consultation, error) {
	c, err := scanConsultation(q.QueryRowContext(ctx, `SELECT `+consultationColumns+` WHERE k.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "征求意见不存在", En: "consultation not found"})
	}
	return c, err
}

// FindConsultations returns one page of the consultations on one policy (policyID not "") or
// on all, newest first, and how many there are.
func (s *Store) FindConsultations(ctx context.Context, policyID string, offset, limit int) ([]seedbed.Consultation, int, error) {
	var w where
	if policyID != "" {
		w.add("k.policy_id = ?", policyID)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM consultations k`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit = clampPage(offset, limit, 50, 1000)
	rows, err := s.read.QueryContext(ctx, `SELECT `+consultationColumns+w.sql()+` ORDER BY k.id DESC LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []seedbed.Consultation{}
	for rows.Next() {
		c, err := scanConsultation(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *c)
	}
	return out, total, rows.Err()
}
