package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDemoSize builds the demo at two sizes through the command line, one with --size and one
// with its older name --innovators, and checks that each holds the innovators asked for, that
// the monitoring series cover the same share of the region (560 of the default 2400) and that
// the past programs' awards grow with the region and live their life (checkDemoAwardLife); a
// size out of range is a usage error.
func TestDemoSize(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the demo twice")
	}
	type counts struct{ innovators, series, pastAwards int }
	build := func(flag string, n string) counts {
		t.Helper()
		dir := t.TempDir()
		code, out, errs := cli(t, "demo", "--no-serve", "--data", dir, flag, n, "--date", "2026-03-01")
		if code != 0 || !strings.Contains(out, "generating the demo region ("+n+" innovators") {
			t.Fatalf("demo %s %s: exit %d\n%s%s", flag, n, code, out, errs)
		}
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "seedbed.db")+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var c counts
		ctx := context.Background()
		for q, v := range map[string]*int{
			`SELECT count(*) FROM innovators`:                                                                &c.innovators,
			`SELECT count(DISTINCT innovator_id) FROM observations`:                                          &c.series,
			`SELECT count(*) FROM awards w JOIN programs p ON p.id = w.program_id WHERE p.title LIKE '%往年%'`: &c.pastAwards,
		} {
			if err := db.QueryRowContext(ctx, q).Scan(v); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		checkDemoAwardLife(t, dir, "2026-03-01")
		return c
	}
	small, large := build("--innovators", "600"), build("--size", "1200")
	if small.innovators != 600 || large.innovators != 1200 {
		t.Fatalf("innovators %d and %d, want 600 and 1200", small.innovators, large.innovators)
	}
	if small.series != 140 || large.series != 280 {
		t.Errorf("series for %d and %d innovators, want 140 and 280 (560 per 2400)", small.series, large.series)
	}
	if small.pastAwards == 0 || large.pastAwards < 3*small.pastAwards/2 || large.pastAwards > 5*small.pastAwards/2 {
		t.Errorf("past awards %d at 600 and %d at 1200: they should about double", small.pastAwards, large.pastAwards)
	}
	for _, n := range []string{"0", "1000001"} {
		if code, _, errs := cli(t, "demo", "--no-serve", "--data", t.TempDir(), "--size", n); code != 2 || !strings.Contains(errs, "--size") {
			t.Errorf("--size %s: exit %d, want 2 naming --size (%q)", n, code, errs)
		}
	}
}

// TestDemoAnySize builds the demo at the smallest sizes and at the least that tells the program
// stories (demoStoryMin): each exits 0 with exactly its number of innovators, and a region too
// small for the stories says which it skipped. (The stories once failed for want of applicants of
// a kind at 20 innovators and fewer, and the command exited 3.)
func TestDemoAnySize(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the demo four times")
	}
	for _, n := range []int{1, 7, demoStoryMin - 1, demoStoryMin} {
		dir := t.TempDir()
		code, out, errs := cli(t, "demo", "--no-serve", "--data", dir, "--size", strconv.Itoa(n), "--date", "2026-03-01")
		if code != 0 {
			t.Fatalf("demo --size %d: exit %d\n%s%s", n, code, out, errs)
		}
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "seedbed.db")+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		var got int
		err = db.QueryRow(`SELECT count(*) FROM innovators`).Scan(&got)
		db.Close()
		if err != nil || got != n {
			t.Fatalf("demo --size %d: %d innovators (%v)", n, got, err)
		}
		if skipped := strings.Contains(out, "programs skipped"); skipped != (n < demoStoryMin) {
			t.Errorf("demo --size %d: programs skipped %v, want %v\n%s", n, skipped, n < demoStoryMin, out)
		}
	}
}
