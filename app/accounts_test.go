package app

import (
	"context"
	"testing"
	"time"

	"seedbed"
)

func TestAccountsSessionsTokens(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		a.Store().Now = func() time.Time { return now }
		u := &seedbed.User{Username: "wang.officer", DisplayName: "王主管", Role: seedbed.RoleOfficer}
		if err := a.Accounts.CreateUser(ctx, seedbed.System, u, "long enough password"); err != nil {
			t.Fatal(err)
		}
		refused := []struct {
			name     string
			u        *seedbed.User
			password string
		}{
			{"duplicate user name", &seedbed.User{Username: "wang.officer", Role: seedbed.RoleAuditor}, "long enough password"},
			{"short password", &seedbed.User{Username: "short", Role: seedbed.RoleAuditor}, "short"},
			{"applicant without organisation", &seedbed.User{Username: "app", Role: seedbed.RoleApplicant}, "long enough password"},
			{"applicant of an unknown innovator", &seedbed.User{Username: "app", Role: seedbed.RoleApplicant, InnovatorID: i64(999)}, "long enough password"},
		}
		for _, c := range refused {
			if err := a.Accounts.CreateUser(ctx, seedbed.System, c.u, c.password); seedbed.ErrorCode(err) != seedbed.EINVALID {
				t.Errorf("%s: %v, want invalid", c.name, err)
			}
		}
		if users, err := a.Accounts.Users(ctx); err != nil || len(users) != 1 {
			t.Fatalf("refused accounts were stored: %v %v", users, err)
		}

		for _, pw := range []string{"wrong password!", ""} {
			if _, _, err := a.Accounts.Login(ctx, "wang.officer", pw, time.Hour, "127.0.0.1"); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
				t.Fatalf("login with password %q: %v", pw, err)
			}
		}
		if _, _, err := a.Accounts.Login(ctx, "nobody", "long enough password", time.Hour, "127.0.0.1"); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("login of an unknown user: %v", err)
		}
		denied, _, err := a.Audit.Find(ctx, seedbed.AuditFilter{Action: "login", Outcome: "denied"})
		if err != nil || len(denied) != 3 {
			t.Fatalf("denied logins audited: %d, %v; want 3", len(denied), err)
		}
		got, sess, err := a.Accounts.Login(ctx, "wang.officer", "long enough password", time.Hour, "127.0.0.1")
		if err != nil || got.ID != u.ID {
			t.Fatalf("login: %v %v", got, err)
		}
		if got, err := a.Accounts.SessionUser(ctx, sess); err != nil || got.Username != "wang.officer" {
			t.Fatalf("session user: %v %v", got, err)
		}
		if _, err := a.Accounts.SessionUser(ctx, sess+"x"); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("forged session: %v", err)
		}
		a.Store().Now = func() time.Time { return now.Add(2 * time.Hour) }
		if _, err := a.Accounts.SessionUser(ctx, sess); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("expired session: %v", err)
		}
		a.Store().Now = func() time.Time { return now }
		if err := a.Accounts.Logout(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Accounts.SessionUser(ctx, sess); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("session after logout: %v", err)
		}

		tok, meta, err := a.Accounts.CreateToken(ctx, seedbed.System, "wang.officer", "ci", 0)
		if err != nil || meta.ID == 0 {
			t.Fatal(err)
		}
		if got, err := a.Accounts.TokenUser(ctx, tok); err != nil || got.ID != u.ID {
			t.Fatalf("token user: %v %v", got, err)
		}
		if _, err := a.Accounts.TokenUser(ctx, "sbt_nope"); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("unknown token: %v", err)
		}
		if _, _, err := a.Accounts.CreateToken(ctx, seedbed.System, "nobody", "x", 0); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("token for unknown user: %v", err)
		}
		if err := a.Accounts.SetPassword(ctx, seedbed.System, u.ID, "another long password"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Accounts.Login(ctx, "wang.officer", "another long password", time.Hour, ""); err != nil {
			t.Fatalf("login with the new password: %v", err)
		}
		if err := a.Accounts.SetPassword(ctx, seedbed.System, 999, "another long password"); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("password of an unknown user: %v", err)
		}
	})
}
