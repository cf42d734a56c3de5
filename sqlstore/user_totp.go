package sqlstore

import (
	"context"
	"database/sql"

	"seedbed"
)

// UserTOTP returns an account's confirmed TOTP secret ("" when none), the one being enrolled
// (as its otpauth:// address, "" when none) and the last time step accepted.
func (tx *Tx) UserTOTP(ctx context.Context, userID int64) (secret, pending string, step int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT totp_secret, totp_pending, totp_step FROM users WHERE id = $1`, userID).Scan(&secret, &pending, &step)
	if err == sql.ErrNoRows {
		err = seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户不存在", En: "no such user"})
	}
	return secret, pending, step, err
}

// SetTOTPPending keeps the otpauth:// address of a second factor being enrolled.
func (tx *Tx) SetTOTPPending(ctx context.Context, userID int64, keyURL string) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET totp_pending = $1 WHERE id = $2`, keyURL, userID)
	return err
}

// ConfirmTOTP makes secret the account's second factor, with step the last one accepted, and
// clears the enrolment.
func (tx *Tx) ConfirmTOTP(ctx context.Context, userID int64, secret string, step int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_pending = '', totp_step = $2 WHERE id = $3`, secret, step, userID)
	return err
}

// AdvanceTOTPStep records step as the last accepted, only when it is later than the one
// recorded; it reports whether it was (false: the code was used already).
func (tx *Tx) AdvanceTOTPStep(ctx context.Context, userID int64, step int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_step = $1 WHERE id = $2 AND totp_step < $1`, step, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClearTOTP removes an account's second factor, its enrolment and its recovery codes.
func (tx *Tx) ClearTOTP(ctx context.Context, userID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = '', totp_pending = '', totp_step = 0 WHERE id = $1`, userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID)
	return err
}

// ReplaceRecoveryCodes stores new recovery codes (their hashes) for an account in place of the
// old ones.
func (tx *Tx) ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return err
		}
	}
	return nil
}

// UnusedRecoveryCodes returns the ids and hashes of an account's recovery codes not used yet.
func (tx *Tx) UnusedRecoveryCodes(ctx context.Context, userID int64) (ids []int64, hashes []string, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, code_hash FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL ORDER BY id`, userID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, nil, err
		}
		ids, hashes = append(ids, id), append(hashes, h)
	}
	return ids, hashes, rows.Err()
}

// UseRecoveryCode marks a recovery code used; it reports false when it was used already.
func (tx *Tx) UseRecoveryCode(ctx context.Context, id int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL`, fmtTime(tx.now), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// PendingSessionUser returns the user of a live session that still owes the second factor, or
// ENOTFOUND.
func (tx *Tx) PendingSessionUser(ctx context.Context, secretHash string) (*seedbed.User, error) {
	u, _, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumnsU+`, '' FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.pending`, secretHash, fmtTime(tx.now)))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "会话不存在", En: "no such session"})
	}
	return u, err
}
