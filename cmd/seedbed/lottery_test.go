package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"seedbed"
	"seedbed/demo"
	"seedbed/sqlstore"
)

// demoProgramsStore builds, in a temporary folder, a small registry with the demo accounts, the
// policy library and the programs demo, and returns the folder.
func demoProgramsStore(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ins := demo.Innovators(demoSeed, 400)
	if _, err := newApp(store).Registry.ImportInnovators(ctx, seedbed.System, ins, nil); err != nil {
		t.Fatal(err)
	}
	// The accounts need no real password here; hashing them would only slow the test.
	for _, u := range demoUsers {
		var inv any
		if u.role == seedbed.RoleApplicant {
			inv = ins[0].ID
		}
		if err := store.ExecForTest(ctx, `INSERT INTO users (username, display_name, role, innovator_id, password_hash, created_at)
			VALUES ($1, $2, $3, $4, 'x', '2026-01-01T00:00:00.000000Z')`, u.name, u.display, u.role, inv); err != nil {
			t.Fatal(err)
		}
	}
	// As the demo command does, the standard procedures are in force before anything is decided.
	if _, err := newApp(store).Exemptions.PublishStandardProcedures(ctx); err != nil {
		t.Fatal(err)
	}
	spec, err := newDemoSpec(400, demoSeed, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := seedPoliciesDemo(ctx, newApp(store), spec, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := seedProgramsDemo(ctx, newApp(store), spec, io.Discard); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDemoProgramsAndLotteryVerify checks the programs demo (every state, a completed draw,
// awards with tranches) and that `seedbed lottery verify` reproduces its draw, and names the
// difference once the stored result or the published file is tampered with.
func TestDemoProgramsAndLotteryVerify(t *testing.T) {
	dir := demoProgramsStore(t)
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	programs, _, err := store.FindPrograms(ctx, seedbed.ProgramFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states, lottery := map[string]bool{}, int64(0)
	for _, p := range programs {
		states[p.State] = true
		if p.SelectionMode == seedbed.SelectionLottery && p.State == seedbed.ProgramClosed {
			lottery = p.ID
		}
	}
	for _, st := range seedbed.ProgramStates {
		if !states[st.Code] {
			t.Errorf("no demo program is %s", st.Code)
		}
	}
	awards, _, err := store.FindAwards(ctx, seedbed.AwardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	released, pending := 0, 0
	for _, aw := range awards {
		for _, tr := range aw.Tranches {
			switch tr.Status {
			case seedbed.TrancheReleased:
				released++
			case seedbed.TranchePending:
				pending++
			}
		}
	}
	if released == 0 || pending == 0 {
		t.Errorf("demo tranches: %d released, %d pending", released, pending)
	}
	l, err := store.GetLottery(ctx, lottery)
	if err != nil || l.Result == nil {
		t.Fatalf("demo lottery: %v", err)
	}
	published := filepath.Join(t.TempDir(), "lottery.json")
	b, _ := json.Marshal(l)
	if err := os.WriteFile(published, b, 0o600); err != nil {
		t.Fatal(err)
	}
	program := itoa64(lottery)

	code, out, errOut := cli(t, "lottery", "verify", "--data", dir, "--program", program)
	if code != 0 || !strings.Contains(out, "OK") || !strings.Contains(out, l.CommitmentHash) {
		t.Fatalf("verify: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := cli(t, "lottery", "verify", "--published", published); code != 0 || !strings.Contains(out, "OK") {
		t.Fatalf("verify --published: %d %q %q", code, out, errOut)
	}
	cases := []struct {
		name, sql, want string
	}{
		{"a funded entrant made unfunded", `UPDATE program_lotteries SET result = replace(result, '"funded":true', '"funded":false') WHERE program_id = $1`, "funded"},
		{"another seed", `UPDATE program_lotteries SET seed = '1 2 3', result = replace(result, seed, '1 2 3') WHERE program_id = $1`, "position"},
		{"the inputs changed", `UPDATE program_lotteries SET commitment = replace(commitment, 'budget: ', 'budget: 9') WHERE program_id = $1`, "hashes to"},
	}
	for _, c := range cases {
		if err := store.ExecForTest(ctx, `UPDATE program_lotteries SET seed = $1, result = $2, commitment = $3 WHERE program_id = $4`,
			l.Seed, string(mustJSON(t, l.Result)), l.Commitment, lottery); err != nil {
			t.Fatal(err)
		}
		if err := store.ExecForTest(ctx, c.sql, lottery); err != nil {
			t.Fatal(err)
		}
		code, _, errOut := cli(t, "lottery", "verify", "--data", dir, "--program", program)
		if code != 5 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %q, want 5 naming %q", c.name, code, errOut, c.want)
		}
	}
	store.Close()
	// A citizen's copy with a changed seed does not verify either.
	tampered := strings.Replace(string(b), `"seed":"`+l.Seed+`"`, `"seed":"00 00 00"`, 1)
	os.WriteFile(published, []byte(tampered), 0o600)
	if code, _, errOut := cli(t, "lottery", "verify", "--published", published); code != 5 || !strings.Contains(errOut, "seed") {
		t.Fatalf("tampered published file: %d %q", code, errOut)
	}
	for _, args := range [][]string{{"lottery"}, {"lottery", "verify"}, {"lottery", "verify", "--program", "1", "--published", published}} {
		if code, _, _ := cli(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errOut := cli(t, "lottery", "verify", "--data", dir, "--program", "999"); code != 4 || !strings.Contains(errOut, "999") {
		t.Errorf("unknown program: %d %q", code, errOut)
	}
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
