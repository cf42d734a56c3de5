package main

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"seedbed/sqlstore/storetest"
)

// demoSecrets are the columns that hold secrets, random on every build by design: the password
// hashes (salted), and the migration tool's own time of applying the schema. The ledger's key
// is random too unless given, so the test gives every build after the first the first build's
// key, and then the ledger's entries, signatures and heads must agree as well.
var demoSecrets = map[string]map[string]bool{
	"users":            {"password_hash": true},
	"goose_db_version": {"tstamp": true},
	// the culture survey's invitation tokens and its answers' ids are random so that nothing
	// joins an answer to its link; the rows are compared in their order after masking
	"survey_invitations": {"token_hash": true},
	"survey_responses":   {"id": true},
}

// demoSlotted are the tables of versions held in slots: which slot a write bumps depends on its
// PostgreSQL connection, so two builds compare each column's sum over the slots.
var demoSlotted = map[string]bool{"funding_version": true, "registry_version": true, "monitoring_version": true}

// sumSlots is a slotted version table as one row: each column but the slot, summed.
func sumSlots(tab *demoTable) (*demoTable, error) {
	out := &demoTable{}
	var sums []int64
	for c, name := range tab.columns {
		if name == "slot" {
			continue
		}
		var sum int64
		for _, row := range tab.rows {
			v, err := strconv.ParseInt(row[c], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			sum += v
		}
		out.columns, sums = append(out.columns, name), append(sums, sum)
	}
	row := make([]string, len(sums))
	for i, v := range sums {
		row[i] = strconv.FormatInt(v, 10)
	}
	out.rows = [][]string{row}
	return out, nil
}

// TestDemoReproducible builds the demo twice through the demo command, with the same seed and
// date, into two data folders (and, when SEEDBED_TEST_POSTGRES is set, two PostgreSQL schemas),
// and compares every table row by row and column by column; the second build runs on one
// processor, so that nothing may depend on how goroutines are scheduled. A build from another
// seed must differ.
//
// 600 innovators keep the test quick and still run every step in full: the policies, all six
// programs with their lottery and awards, every one of the monitoring step's five past programs
// (each a quarter of the default 2400's, as the region is), the series, flags and outcomes, and the ledger step's four eligible teams.
func TestDemoReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo several times")
	}
	day := time.Now().In(demoZone).Format(time.DateOnly) // one day for every build, even across midnight
	build := func(t *testing.T, dir string, args ...string) {
		t.Helper()
		args = append([]string{"demo", "--no-serve", "--data", dir, "--innovators", "600", "--date", day}, args...)
		if code, out, errs := cli(t, args...); code != 0 || !strings.Contains(out, "demo: ledger") {
			t.Fatalf("demo %v: exit %d\n%s%s", args, code, out, errs)
		}
	}
	// twice builds the demo twice into two data folders, each with its own extra arguments,
	// the second on one processor and with the first one's ledger key.
	twice := func(t *testing.T, extra func(i int) []string) (dirs [2]string, key string) {
		t.Helper()
		dirs = [2]string{t.TempDir(), t.TempDir()}
		key = filepath.Join(dirs[0], ledgerKeyFile)
		build(t, dirs[0], extra(0)...)
		procs := runtime.GOMAXPROCS(1)
		defer runtime.GOMAXPROCS(procs)
		build(t, dirs[1], append(extra(1), "--ledger-key", key)...)
		return dirs, key
	}
	sqlite := func(dir string) string { return "file:" + filepath.Join(dir, "seedbed.db") + "?mode=ro" }
	t.Run("sqlite", func(t *testing.T) {
		dirs, key := twice(t, func(int) []string { return nil })
		da := dumpDemo(t, "sqlite", sqlite(dirs[0]))
		da.mustHoldDemo(t)
		if diff := firstDifference(da, dumpDemo(t, "sqlite", sqlite(dirs[1]))); diff != "" {
			t.Fatalf("two builds from seed %d differ: %s", demoSeed, diff)
		}
		// the demo's own state reconciles with its ledger: every step went through the use cases
		if code, out, errs := cli(t, "ledger", "verify", "--data", dirs[0]); code != 0 || !strings.Contains(out, "ledger intact") {
			t.Fatalf("ledger verify of the demo: exit %d\n%s%s", code, out, errs)
		}
		other := t.TempDir()
		build(t, other, "--ledger-key", key, "--seed", "7")
		if firstDifference(da, dumpDemo(t, "sqlite", sqlite(other))) == "" {
			t.Fatal("a build from another seed gives the same data")
		}
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("SEEDBED_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("SEEDBED_TEST_POSTGRES not set")
		}
		dsns := [2]string{storetest.FreshSchema(t, dsn), storetest.FreshSchema(t, dsn)}
		twice(t, func(i int) []string { return []string{"--db", dsns[i]} })
		da := dumpDemo(t, "pgx", dsns[0])
		da.mustHoldDemo(t)
		if diff := firstDifference(da, dumpDemo(t, "pgx", dsns[1])); diff != "" {
			t.Fatalf("two builds from seed %d differ: %s", demoSeed, diff)
		}
	})
}

// demoDump is a canonical dump of a database: each table's column names and rows, in the order
// they were inserted (rowid), each value as text (blobs in hex, floats in their shortest form).
type demoDump map[string]*demoTable

// mustHoldDemo fails the test unless the dump holds the demo's innovators and ledger, so that
// two empty dumps cannot pass for two equal builds.
func (d demoDump) mustHoldDemo(t *testing.T) {
	t.Helper()
	for _, name := range []string{"innovators", "awards", "observations", "ledger_entries"} {
		if d[name] == nil || len(d[name].rows) == 0 {
			t.Fatalf("the dump has no %s", name)
		}
	}
	if n := len(d["innovators"].rows); n != 600 {
		t.Fatalf("the dump has %d innovators, want 600", n)
	}
}

type demoTable struct {
	columns []string
	rows    [][]string
}

// dumpDemo reads every table of the database (driver "sqlite" or "pgx"), leaving out
// demoSecrets. SQLite's rows come in the order they were inserted (rowid); PostgreSQL's, which
// has no such order, sorted by every column, the id first.
func dumpDemo(t *testing.T, driver, dsn string) demoDump {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if driver == "pgx" {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	var tables []string
	rows, err := db.QueryContext(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	out := demoDump{}
	for _, name := range tables {
		tab, err := dumpTable(ctx, db, driver, name)
		if err == nil && demoSlotted[name] {
			tab, err = sumSlots(tab)
		}
		if err != nil {
			t.Fatalf("dump %s: %v", name, err)
		}
		out[name] = tab
	}
	return out
}

func dumpTable(ctx context.Context, db *sql.DB, driver, name string) (*demoTable, error) {
	order := "rowid"
	if driver == "pgx" {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, name).Scan(&n); err != nil {
			return nil, err
		}
		cols := make([]string, n)
		for i := range cols {
			cols[i] = strconv.Itoa(i + 1)
		}
		order = strings.Join(cols, ", ")
	}
	rows, err := db.QueryContext(ctx, `SELECT * FROM "`+name+`" ORDER BY `+order)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	tab := &demoTable{columns: cols}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				row[i] = "NULL"
			case []byte:
				row[i] = "x'" + hex.EncodeToString(v) + "'"
			case float64:
				row[i] = strconv.FormatFloat(v, 'g', -1, 64)
			case time.Time:
				row[i] = v.UTC().Format(time.RFC3339Nano)
			default:
				row[i] = fmt.Sprint(v)
			}
			if demoSecrets[name][cols[i]] {
				row[i] = "(secret)"
			}
		}
		tab.rows = append(tab.rows, row)
	}
	if demoSecrets[name] != nil {
		sort.Slice(tab.rows, func(i, j int) bool { return strings.Join(tab.rows[i], "\x00") < strings.Join(tab.rows[j], "\x00") })
	}
	return tab, rows.Err()
}

// firstDifference names the first table, row and column where two dumps differ ("" if none).
func firstDifference(a, b demoDump) string {
	names := map[string]bool{}
	for name := range a {
		names[name] = true
	}
	for name := range b {
		names[name] = true
	}
	sorted := make([]string, 0, len(names))
	for name := range names {
		sorted = append(sorted, name)
	}
	sort.Strings(sorted)
	for _, name := range sorted {
		ta, tb := a[name], b[name]
		switch {
		case ta == nil || tb == nil:
			return fmt.Sprintf("table %s is in only one of them", name)
		case strings.Join(ta.columns, ",") != strings.Join(tb.columns, ","):
			return fmt.Sprintf("table %s: columns %v and %v", name, ta.columns, tb.columns)
		}
		for i := range min(len(ta.rows), len(tb.rows)) {
			for j, col := range ta.columns {
				if ta.rows[i][j] != tb.rows[i][j] {
					return fmt.Sprintf("table %s, row %d (first column %s), column %s: %q and %q",
						name, i+1, ta.rows[i][0], col, ta.rows[i][j], tb.rows[i][j])
				}
			}
		}
		if len(ta.rows) != len(tb.rows) {
			return fmt.Sprintf("table %s: %d and %d rows", name, len(ta.rows), len(tb.rows))
		}
	}
	return ""
}
