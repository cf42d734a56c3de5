package app

import (
	"context"
	"fmt"
	"strconv"

	"seedbed"
	"seedbed/sqlstore"
)

// decide runs fn as one transaction. When fn refuses (a user error: bad input, a rule, a
// conflict), nothing is written and the refused attempt is recorded in the audit log.
func decide(ctx context.Context, store *sqlstore.Store, a seedbed.Actor, action, entity string, id int64, fn func(tx *sqlstore.Tx) error) error {
	if err := store.InTx(ctx, fn); err != nil {
		return refused(ctx, store, a, action, entity, id, err)
	}
	return nil
}

// refused records a refused attempt in the audit log and returns err. Internal errors are not
// refusals and are left to the caller's log.
func refused(ctx context.Context, store *sqlstore.Store, a seedbed.Actor, action, entity string, id int64, err error) error {
	code := seedbed.ErrorCode(err)
	if code == seedbed.EINTERNAL {
		return err
	}
	outcome := "denied"
	if code == seedbed.EINVALID || code == seedbed.ENOTFOUND {
		outcome = "invalid"
	}
	detail := seedbed.LabelDetail(seedbed.Label{Zh: seedbed.ErrorIn(err, "zh"), En: seedbed.ErrorIn(err, "en")})
	eid := ""
	if id != 0 {
		eid = strconv.FormatInt(id, 10)
	}
	who := a.Username
	if who == "" {
		who = "anonymous"
	}
	if aerr := store.Audit(context.WithoutCancel(ctx), seedbed.AuditEntry{Actor: who, Role: a.Role, Action: action, Entity: entity,
		EntityID: eid, Detail: detail, Outcome: outcome}); aerr != nil {
		return fmt.Errorf("%w (and the refusal could not be audited: %v)", err, aerr)
	}
	return err
}
