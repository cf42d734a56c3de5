package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"seedbed"
)

func TestUnavailable(t *testing.T) {
	// A real refused connection: a port that was listening a moment ago.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, refused := Open(context.Background(), Options{PostgresDSN: "postgres://nobody@" + addr + "/x?sslmode=disable&connect_timeout=5"})
	if refused == nil {
		t.Fatal("opening a database on a closed port succeeded")
	}
	cases := []struct {
		name string
		err  error
		want string // the code after Unavailable
		msg  string
	}{
		{"connection refused", refused, seedbed.EUNAVAILABLE, "cannot be reached"},
		{"server shutting down", fmt.Errorf("select: %w", &pgconn.PgError{Code: "57P01"}), seedbed.EUNAVAILABLE, "cannot be reached"},
		{"connection exception", &pgconn.PgError{Code: "08006"}, seedbed.EUNAVAILABLE, "cannot be reached"},
		{"closed connection", fmt.Errorf("query: %w", pgconn.ErrConnClosed), seedbed.EUNAVAILABLE, "cannot be reached"},
		{"postgres disk full", &pgconn.PgError{Code: "53100"}, seedbed.EUNAVAILABLE, "disk full"},
		{"a unique violation is not an outage", &pgconn.PgError{Code: "23505"}, seedbed.EINTERNAL, ""},
		{"a plain bug is not an outage", errors.New("nil map"), seedbed.EINTERNAL, ""},
		{"a user error stays as it is", seedbed.FieldError("name", "required"), seedbed.EINVALID, ""},
	}
	for _, c := range cases {
		got := Unavailable(c.err)
		if code := seedbed.ErrorCode(got); code != c.want {
			t.Errorf("%s: code %s, want %s (%v)", c.name, code, c.want, got)
			continue
		}
		if c.want == seedbed.EUNAVAILABLE {
			if msg := seedbed.ErrorIn(got, "en"); !errors.Is(got, c.err) || !strings.Contains(msg, c.msg) {
				t.Errorf("%s: %q (cause kept: %v)", c.name, msg, errors.Is(got, c.err))
			}
		} else if got != c.err {
			t.Errorf("%s: changed to %v", c.name, got)
		}
	}
	if Unavailable(nil) != nil {
		t.Error("Unavailable(nil) is not nil")
	}
}
