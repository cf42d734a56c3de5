package sqlstore

import (
	"context"
	"testing"
	"time"

	"seedbed"
)

func TestUserRows(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		fixedClock(s)
		u := &seedbed.User{Username: "wang.officer", Role: seedbed.RoleOfficer}
		err := s.InTx(ctx, func(tx *Tx) error {
			if err := tx.InsertUser(ctx, u, "hash-1"); err != nil {
				return err
			}
			if err := tx.InsertSession(ctx, u.ID, "session-hash", time.Hour, "127.0.0.1", false); err != nil {
				return err
			}
			return tx.InsertToken(ctx, &seedbed.Token{UserID: u.ID}, "token-hash", 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.InTx(ctx, func(tx *Tx) error {
			return tx.InsertUser(ctx, &seedbed.User{Username: "wang.officer", Role: seedbed.RoleAuditor}, "h")
		})
		if e, ok := err.(*seedbed.Error); !ok || e.Code != seedbed.EINVALID || e.Field != "username" {
			t.Fatalf("a taken user name: %v", err)
		}
		if got, hash, err := s.UserByName(ctx, "wang.officer"); err != nil || got.ID != u.ID || hash != "hash-1" {
			t.Fatalf("user by name: %v %q %v", got, hash, err)
		}
		if got, err := s.SessionUser(ctx, "session-hash"); err != nil || got.ID != u.ID {
			t.Fatalf("session user: %v %v", got, err)
		}
		if got, err := s.TokenUser(ctx, "token-hash"); err != nil || got.ID != u.ID {
			t.Fatalf("token user: %v %v", got, err)
		}
		if _, err := s.SessionUser(ctx, "other"); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("unknown session: %v", err)
		}
	})
}
