package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// checkDemoAwardLife checks, on a demo built in dir for day, that the past years' awards lived
// their life: most were closed out with a final assessment, money moved on two people's word
// only (no tranche released by the account that accepted its evidence), and the officer's to-do
// holds a handful of overdue items, not a flood.
func checkDemoAwardLife(t *testing.T, dir, day string) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "seedbed.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var past, closed, released, oneWord int
	for q, v := range map[string]*int{
		`SELECT count(*) FROM awards w JOIN programs p ON p.id = w.program_id WHERE p.title LIKE '%往年）'`: &past,
		`SELECT count(*) FROM awards w JOIN programs p ON p.id = w.program_id JOIN award_closeouts c ON c.award_id = w.id
			WHERE p.title LIKE '%往年）' AND w.status = 'closed'`: &closed,
		`SELECT count(*) FROM award_tranches WHERE status = 'released'`:                                                     &released,
		`SELECT count(*) FROM award_tranches WHERE status = 'released' AND (released_by = reviewed_by OR reviewed_by = '')`: &oneWord,
	} {
		if err := db.QueryRowContext(ctx, q).Scan(v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if past == 0 || closed < past/2 {
		t.Errorf("%d of %d past awards closed out: most should be", closed, past)
	}
	if released < 2*closed || oneWord != 0 {
		t.Errorf("%d tranches released (%d closed awards), %d by the account that accepted their evidence", released, closed, oneWord)
	}
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	today, _ := time.ParseInLocation(time.DateOnly, day, demoZone)
	store.Now = func() time.Time { return today.UTC() }
	todo, err := newApp(store).Programs.AwardTodo(ctx, seedbed.Actor{Username: "officer", Role: seedbed.RoleOfficer})
	if err != nil {
		t.Fatal(err)
	}
	if todo.MilestonesOverdue == 0 || todo.MilestonesOverdue > 8 || todo.ReportsOverdue == 0 || todo.ReportsOverdue > 6 {
		t.Errorf("the officer's to-do on %s: %d milestones and %d reports overdue, want a handful of each", day, todo.MilestonesOverdue, todo.ReportsOverdue)
	}
}
