package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"seedbed/sqlstore/storetest"
)

// faultAccount creates an officer and returns an API token for it, over the database that
// dbArgs name (--data DIR, and --db URL for PostgreSQL).
func faultAccount(t *testing.T, dbArgs ...string) string {
	t.Helper()
	t.Setenv("SEEDBED_PASSWORD", "a long password 1")
	if code, _, errOut := cli(t, append([]string{"user", "add", "--user", "officer", "--role", "officer"}, dbArgs...)...); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	code, tok, errOut := cli(t, append([]string{"token", "create", "--user", "officer"}, dbArgs...)...)
	if code != 0 {
		t.Fatalf("token create: %d %s", code, errOut)
	}
	return strings.TrimSpace(tok)
}

// TestKillUnderLoad kills `seedbed serve` with SIGKILL while eight clients write through the
// API, three times over, restarts it each time, and checks that every write it acknowledged
// is there and that the ledger and the state recorded in the tables still reconcile.
func TestKillUnderLoad(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		data := t.TempDir()
		killUnderLoad(t, "--data", data)
	})
	t.Run("sqlite-durable", func(t *testing.T) {
		// The log synced by group commit itself before each answer (--durable).
		killUnderLoad(t, "--data", t.TempDir(), "--durable")
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("SEEDBED_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("SEEDBED_TEST_POSTGRES not set")
		}
		killUnderLoad(t, "--data", t.TempDir(), "--db", storetest.FreshSchema(t, dsn))
	})
}

func killUnderLoad(t *testing.T, dbArgs ...string) {
	token := faultAccount(t, dbArgs...)
	var all []acked
	for round := range 3 {
		srv := startServer(t, dbArgs...)
		c := newAPIClient(srv.url, token)
		if round > 0 {
			checkAcked(t, c, all) // everything acknowledged before the last kill survived it
		}
		stop := make(chan struct{})
		done := make(chan struct{})
		var ack []acked
		var other []reply
		go func() {
			ack, other = writeLoad(c, 8, string(rune('a'+round)), stop)
			close(done)
		}()
		time.Sleep(1500 * time.Millisecond)
		srv.kill(t) // while the writers are still writing
		close(stop)
		<-done
		if len(ack) == 0 {
			t.Fatalf("round %d: no write was acknowledged before the kill; server log: %s", round, srv.stderr)
		}
		if len(other) > 0 {
			t.Errorf("round %d: %d writes under load were refused, e.g. %d %.300s", round, len(other), other[0].status, other[0].raw)
		}
		all = append(all, ack...)
	}
	srv := startServer(t, dbArgs...)
	checkAcked(t, newAPIClient(srv.url, token), all)
	srv.stop(t)
	code, out, errOut := cli(t, append([]string{"ledger", "verify"}, dbArgs...)...)
	if code != 0 || !strings.Contains(out, "ledger intact") {
		t.Fatalf("ledger verify after three kills: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("%d acknowledged writes survived three SIGKILLs; %s", len(all), strings.Split(out, "\n")[1])
}
