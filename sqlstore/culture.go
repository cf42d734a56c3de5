package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"time"

	"seedbed"
	"seedbed/ecosystem"
)

const dateFormat = "2006-01-02"

// InsertWave stores a new survey wave and sets its id.
func (tx *Tx) InsertWave(ctx context.Context, a seedbed.Actor, w *seedbed.SurveyWave) error {
	w.CreatedBy, w.CreatedAt = a.Username, tx.now
	id, err := insertID(ctx, tx, `INSERT INTO survey_waves (title, version, opens_on, closes_on, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, w.Title, w.Version, w.OpensOn.Format(dateFormat), w.ClosesOn.Format(dateFormat),
		w.CreatedBy, fmtTime(tx.now))
	w.ID = id
	return err
}

const waveColumns = `w.id, w.title, w.version, w.opens_on, w.closes_on, w.created_by, w.created_at,
	(SELECT count(*) FROM survey_invitations i WHERE i.wave_id = w.id),
	(SELECT count(*) FROM survey_responses r WHERE r.wave_id = w.id)`

func scanWave(row scanner) (*seedbed.SurveyWave, error) {
	var w seedbed.SurveyWave
	var opens, closes, at string
	if err := row.Scan(&w.ID, &w.Title, &w.Version, &opens, &closes, &w.CreatedBy, &at, &w.Invited, &w.Responses); err != nil {
		return nil, err
	}
	w.OpensOn, _ = time.Parse(dateFormat, opens)
	w.ClosesOn, _ = time.Parse(dateFormat, closes)
	w.CreatedAt = parseTime(at)
	return &w, nil
}

// Waves lists every survey wave, oldest first, with how many were invited and answered.
func (s *Store) Waves(ctx context.Context) ([]seedbed.SurveyWave, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+waveColumns+` FROM survey_waves w ORDER BY w.opens_on, w.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.SurveyWave{}
	for rows.Next() {
		w, err := scanWave(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *w)
	}
	return out, rows.Err()
}

// Wave returns one wave as the transaction sees it, or ENOTFOUND.
func (tx *Tx) Wave(ctx context.Context, id int64) (*seedbed.SurveyWave, error) {
	w, err := scanWave(tx.QueryRowContext(ctx, `SELECT `+waveColumns+` FROM survey_waves w WHERE w.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "没有第 %d 轮调查", En: "no survey wave %d"}, id)
	}
	return w, err
}

// LockWave holds wave id against other transactions' invitations until this one ends, so that
// what it reads of the wave next counts every invitation committed before (lockRow).
func (tx *Tx) LockWave(ctx context.Context, id int64) error {
	return tx.lockRow(ctx, `SELECT 1 FROM survey_waves WHERE id = $1 FOR UPDATE`, id)
}

// InsertInvitation stores one invitation: the token's hash and the invitee's group, not the
// invitee.
func (tx *Tx) InsertInvitation(ctx context.Context, waveID int64, tokenHash, region, kind string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO survey_invitations (token_hash, wave_id, region, kind) VALUES ($1, $2, $3, $4)`,
		tokenHash, waveID, region, kind)
	return classify(err)
}

// Invitation is what the store knows of an invitation.
type Invitation struct {
	WaveID       int64
	Region, Kind string
	Used         bool
}

// Invitation returns the invitation of a token hash, or ENOTFOUND.
func (tx *Tx) Invitation(ctx context.Context, tokenHash string) (*Invitation, error) {
	var inv Invitation
	err := tx.QueryRowContext(ctx, `SELECT wave_id, region, kind, used FROM survey_invitations WHERE token_hash = $1`, tokenHash).
		Scan(&inv.WaveID, &inv.Region, &inv.Kind, &inv.Used)
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "邀请链接无效", En: "this invitation link is not valid"})
	}
	return &inv, err
}

// UseInvitation marks an invitation used, once: a second use is ECONFLICT.
func (tx *Tx) UseInvitation(ctx context.Context, tokenHash string) error {
	res, err := tx.ExecContext(ctx, `UPDATE survey_invitations SET used = TRUE WHERE token_hash = $1 AND used = FALSE`, tokenHash)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "这个邀请链接已经提交过答卷，每个链接只能提交一次", En: "this invitation has already been answered; each link answers once"})
	}
	return nil
}

// InsertResponse stores one answer sheet under a random id, with no token and no time.
func (tx *Tx) InsertResponse(ctx context.Context, waveID int64, region, kind string, a seedbed.SurveyAnswers) error {
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO survey_responses (id, wave_id, region, kind, answers) VALUES ($1, $2, $3, $4, $5)`,
		hex.EncodeToString(id), waveID, region, kind, string(b))
	return classify(err)
}

// Responses reads every answer sheet of every wave, in id (random) order.
func (s *Store) Responses(ctx context.Context) ([]ecosystem.CultureResponse, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT wave_id, region, kind, answers FROM survey_responses ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ecosystem.CultureResponse
	for rows.Next() {
		var r ecosystem.CultureResponse
		var answers string
		if err := rows.Scan(&r.WaveID, &r.Region, &r.Kind, &answers); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
