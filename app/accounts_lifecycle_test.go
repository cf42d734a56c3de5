package app

import (
	"context"
	"testing"
	"time"

	"seedbed"
)

// TestAccountsLifecycle: each use case is one transaction, and a refused one changes nothing.
func TestAccountsLifecycle(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		admin := &seedbed.User{Username: "root", Role: seedbed.RoleAdmin}
		off := &seedbed.User{Username: "wang", Role: seedbed.RoleOfficer}
		for _, u := range []*seedbed.User{admin, off} {
			if err := a.Accounts.CreateUser(ctx, seedbed.System, u, "long enough password"); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.Accounts.CreateUser(ctx, seedbed.System, &seedbed.User{Username: "Wang", Role: seedbed.RoleAuditor}, "long enough password"); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("Wang beside wang: %v", err)
		}
		asAdmin := seedbed.Actor{UserID: admin.ID, Username: admin.Username, Role: admin.Role}
		asOff := seedbed.Actor{UserID: off.ID, Username: off.Username, Role: off.Role}
		_, sess, err := a.Accounts.Login(ctx, "WANG", "long enough password", time.Hour, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := a.Accounts.CreateToken(ctx, asOff, "wang", "t", 0)
		if err != nil {
			t.Fatal(err)
		}

		// Refused: an officer disabling, listing another's sessions, a wrong current password, an
		// admin disabling themselves. Nothing changes.
		if _, err := a.Accounts.SetDisabled(ctx, asOff, "root", true); seedbed.ErrorCode(err) != seedbed.EFORBIDDEN {
			t.Fatalf("officer disabling: %v", err)
		}
		if _, err := a.Accounts.Sessions(ctx, asOff, "root", ""); seedbed.ErrorCode(err) != seedbed.EFORBIDDEN {
			t.Fatalf("officer listing another's sessions: %v", err)
		}
		if err := a.Accounts.ChangePassword(ctx, asOff, "wrong", "a new long password"); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("wrong current password: %v", err)
		}
		if _, err := a.Accounts.SetDisabled(ctx, asAdmin, "root", true); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("disabling oneself: %v", err)
		}
		if _, err := a.Accounts.SessionUser(ctx, sess); err != nil {
			t.Fatalf("a refused change ended the session: %v", err)
		}
		if ss, err := a.Accounts.Sessions(ctx, asOff, "wang", sess); err != nil || len(ss) != 1 || !ss[0].Current || ss[0].IP != "10.0.0.1" {
			t.Fatalf("sessions: %+v %v", ss, err)
		}

		// Disabled: session and token stop at once; enabled: the token works again.
		if _, err := a.Accounts.SetDisabled(ctx, asAdmin, "wang", true); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Accounts.SessionUser(ctx, sess); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("session of a disabled account: %v", err)
		}
		if _, err := a.Accounts.TokenUser(ctx, tok); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("token of a disabled account: %v", err)
		}
		if _, err := a.Accounts.SetDisabled(ctx, asAdmin, "wang", false); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Accounts.TokenUser(ctx, tok); err != nil {
			t.Fatalf("token after enabling: %v", err)
		}
		if n, err := a.Accounts.RevokeTokens(ctx, asAdmin, "wang"); err != nil || n != 1 {
			t.Fatalf("revoke all: %d %v", n, err)
		}
		if _, err := a.Accounts.TokenUser(ctx, tok); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("revoked token: %v", err)
		}
	})
}
