package sqlstore

import (
	"context"
	"testing"
	"time"

	"seedbed"
)

func TestUsersSessionsTokens(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := fixedClock(s)
		u := &seedbed.User{Username: "wang.officer", DisplayName: "王主管", Role: seedbed.RoleOfficer}
		if err := s.CreateUser(ctx, seedbed.System, u, "long enough password"); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, seedbed.System, &seedbed.User{Username: "wang.officer", Role: seedbed.RoleAuditor}, "long enough password"); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("duplicate user name: %v", err)
		}
		if err := s.CreateUser(ctx, seedbed.System, &seedbed.User{Username: "short", Role: seedbed.RoleAuditor}, "short"); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("short password: %v", err)
		}
		if err := s.CreateUser(ctx, seedbed.System, &seedbed.User{Username: "app", Role: seedbed.RoleApplicant}, "long enough password"); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("applicant without organisation: %v", err)
		}
		sess, err := s.CreateSession(ctx, u, time.Hour, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.SessionUser(ctx, sess)
		if err != nil || got.Username != "wang.officer" {
			t.Fatalf("session user: %v %v", got, err)
		}
		if _, err := s.SessionUser(ctx, sess+"x"); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("forged session: %v", err)
		}
		s.Now = func() time.Time { return now.Add(2 * time.Hour) }
		if _, err := s.SessionUser(ctx, sess); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("expired session: %v", err)
		}
		tok, meta, err := s.CreateToken(ctx, seedbed.System, "wang.officer", "ci", 0)
		if err != nil || meta.ID == 0 {
			t.Fatal(err)
		}
		if got, err := s.TokenUser(ctx, tok); err != nil || got.ID != u.ID {
			t.Fatalf("token user: %v %v", got, err)
		}
		if _, err := s.TokenUser(ctx, "sbt_nope"); seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			t.Fatalf("unknown token: %v", err)
		}
		if _, _, err := s.CreateToken(ctx, seedbed.System, "nobody", "x", 0); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("token for unknown user: %v", err)
		}
		_, hash, err := s.UserByName(ctx, "wang.officer")
		if err != nil || hash == "" || hash == "long enough password" {
			t.Fatalf("stored password hash %q, %v", hash, err)
		}
	})
}
