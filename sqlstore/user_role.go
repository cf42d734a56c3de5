package sqlstore

import (
	"context"

	"seedbed"
)

// SetUserRole changes a user's role; an unknown user is ENOTFOUND.
func (tx *Tx) SetUserRole(ctx context.Context, userID int64, role string) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET role = $1 WHERE id = $2`, role, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户 %d 不存在", En: "user %d not found"}, userID)
	}
	return nil
}
