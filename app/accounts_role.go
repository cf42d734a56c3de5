package app

import (
	"context"

	"seedbed"
	"seedbed/sqlstore"
)

// SetRole gives a user another role. The change is a decision in the ledger (user_role, with
// the old and the new role), so a role changed behind the platform shows when the ledger is
// verified. EINVALID for an unknown role or an applicant without an organisation, ENOTFOUND
// for an unknown user; the same role again changes nothing.
func (s *Accounts) SetRole(ctx context.Context, a seedbed.Actor, username, role string) (*seedbed.User, error) {
	var u *seedbed.User
	err := decide(ctx, s.store, a, "user.role", "user", 0, func(tx *sqlstore.Tx) error {
		var err error
		if u, err = tx.UserByName(ctx, username); err != nil {
			return err
		}
		old := u.Role
		if old == role {
			return nil
		}
		u.Role = role
		if err := u.Validate(); err != nil {
			return err
		}
		if err := tx.SetUserRole(ctx, u.ID, role); err != nil {
			return err
		}
		if err := recordRole(ctx, tx, a, u, old); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "user.role", "user", u.ID, old+" → "+role)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// recordRole records in the ledger that u now holds u.Role, having held old ("" for a new user).
func recordRole(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, u *seedbed.User, old string) error {
	_, err := tx.RecordEvent(ctx, a, seedbed.EventUserRole, seedbed.UserSubject(u.ID), map[string]any{
		"user_id": u.ID, "username": u.Username, "old_role": old, "new_role": u.Role})
	return err
}
