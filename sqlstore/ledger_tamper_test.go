package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"seedbed/ledger"
)

// storedRow is a ledger_entries row as read for tampering.
type storedRow struct {
	idx        int64
	entry      []byte
	leaf, root []byte
	eventID    int64
}

func readRows(t *testing.T, s *Store) []storedRow {
	t.Helper()
	rows, err := s.write.QueryContext(context.Background(), `SELECT idx, entry, leaf_hash, root, event_id FROM ledger_entries ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []storedRow
	for rows.Next() {
		var r storedRow
		if err := rows.Scan(&r.idx, &r.entry, &r.leaf, &r.root, &r.eventID); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// writeRows replaces the whole table with rows: how a tamperer with database access would.
func writeRows(t *testing.T, s *Store, rows []storedRow) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(tx.ExecContext(ctx, `DELETE FROM ledger_entries`))
	for _, r := range rows {
		must(tx.ExecContext(ctx, `INSERT INTO ledger_entries (idx, entry, leaf_hash, root, event_id) VALUES ($1, $2, $3, $4, $5)`,
			r.idx, r.entry, r.leaf, r.root, r.eventID))
	}
	must(tx.ExecContext(ctx, `DELETE FROM decision_events WHERE actor = 'forger' AND id NOT IN (SELECT event_id FROM ledger_entries)`))
	must(nil, tx.Commit())
}

// changeEntry changes one digit of the entry's time: the bytes stay a well-formed entry.
func changeEntry(t *testing.T, entry []byte) []byte {
	i := bytes.Index(entry, []byte(`"time":"`))
	if i < 0 {
		t.Fatalf("no time in %s", entry)
	}
	c := bytes.Clone(entry)
	d := i + len(`"time":"`) + 25 // the last digit of the microseconds
	c[d] = '0' + (c[d]-'0'+1)%10
	return c
}

// rehash recomputes the leaf hash and root of rows[from:] as a tamperer who knows the
// algorithm (but not the signing key) would.
func rehash(rows []storedRow, from int) {
	tree := ledger.NewMemoryTree(ledger.SHA256)
	for i := range rows {
		leaf := ledger.SHA256.LeafHash(rows[i].entry)
		if i >= from {
			rows[i].leaf = leaf[:]
		}
		var l ledger.Hash
		copy(l[:], rows[i].leaf)
		tree.Append(l)
		if i >= from {
			root := tree.Root()
			rows[i].root = root[:]
		}
	}
}

// forgedEntry is a plausible entry a tamperer adds at position p.
func forgedEntry(t *testing.T, p int) []byte {
	e := ledger.Entry{Index: uint64(p), Time: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Kind: "award",
		Actor: "forger", Subject: "award:999", Payload: []byte(`{"amount":5000000}`)}
	b, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeEvent adds a decision event row for a forged entry to point at.
func fakeEvent(t *testing.T, s *Store) int64 {
	var id int64
	err := s.write.QueryRowContext(context.Background(), `INSERT INTO decision_events (at, kind, actor, actor_role, subject, payload)
		VALUES ('2026-03-01T09:00:00.000000Z', 'award', 'forger', 'officer', 'award:999', '{}') RETURNING id`).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// tamper is one kind of change a tamperer makes at position p of n rows; it returns the rows
// to write and the problem verification must report: its kind and the entry it names.
type tamper struct {
	name string
	do   func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64)
}

var tampers = []tamper{
	{"change entry byte", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		rows[p].entry = changeEntry(t, rows[p].entry)
		return rows, ledger.ProblemEntryChanged, uint64(p)
	}},
	{"change leaf hash", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		rows[p].leaf = flip(rows[p].leaf)
		return rows, ledger.ProblemLeafHashChanged, uint64(p)
	}},
	{"change root", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		rows[p].root = flip(rows[p].root)
		return rows, ledger.ProblemRootChanged, uint64(p)
	}},
	{"change entry and its leaf hash", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		rows[p].entry = changeEntry(t, rows[p].entry)
		leaf := ledger.SHA256.LeafHash(rows[p].entry)
		rows[p].leaf = leaf[:]
		return rows, ledger.ProblemRootChanged, uint64(p)
	}},
	{"rewrite entry and recompute every later hash", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		rows[p].entry = changeEntry(t, rows[p].entry)
		rehash(rows, p)
		return rows, ledger.ProblemHeadRoot, uint64(p)
	}},
	{"delete", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		if p == len(rows)-1 {
			return rows[:p], ledger.ProblemHeadBeyondLog, uint64(p)
		}
		return append(rows[:p:p], rows[p+1:]...), ledger.ProblemMissingEntry, uint64(p)
	}},
	{"delete and renumber", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		out := append(rows[:p:p], rows[p+1:]...)
		for i := p; i < len(out); i++ {
			out[i].idx--
		}
		if p == len(rows)-1 {
			return out, ledger.ProblemHeadBeyondLog, uint64(p)
		}
		return out, ledger.ProblemMovedEntry, uint64(p)
	}},
	{"reorder (swap with next)", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		q := p + 1
		if q == len(rows) {
			p, q = p-1, p
		}
		rows[p].idx, rows[q].idx = rows[q].idx, rows[p].idx
		return rows, ledger.ProblemMovedEntry, uint64(p)
	}},
	{"reorder (swap with first)", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		q := 0
		if p == 0 {
			q = len(rows) - 1
		}
		rows[p].idx, rows[q].idx = rows[q].idx, rows[p].idx
		return rows, ledger.ProblemMovedEntry, uint64(min(p, q))
	}},
	{"insert", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		out := append(rows[:p:p], storedRow{idx: int64(p), entry: forgedEntry(t, p), eventID: fakeEvent(t, s)})
		for _, r := range rows[p:] {
			r.idx++
			out = append(out, r)
		}
		rehash(out[:p+1], p) // the forged row itself is consistent with the rows before it
		return out, ledger.ProblemInsertedEntry, uint64(p)
	}},
	{"insert after the last", func(t *testing.T, s *Store, rows []storedRow, p int) ([]storedRow, ledger.ProblemKind, uint64) {
		n := len(rows)
		out := append(rows, storedRow{idx: int64(n), entry: forgedEntry(t, n), eventID: fakeEvent(t, s)})
		rehash(out, n)
		return out, ledger.ProblemUnsignedTail, uint64(n)
	}},
}

func flip(b []byte) []byte {
	c := bytes.Clone(b)
	c[len(c)/2] ^= 0x40
	return c
}

// TestLedgerTamper changes, deletes, reorders and inserts rows by direct SQL at the first,
// second, middle, last and random positions; verification must report each, naming the entry.
func TestLedgerTamper(t *testing.T) {
	const n = 40
	forEachStore(t, func(t *testing.T, s *Store) {
		signer := testSigner(t, ledger.SigEd25519)
		openLedger(t, s, signer, ledger.SHA256)
		recordTestEvents(t, s, n-1)
		orig := readRows(t, s)
		if len(orig) != n {
			t.Fatalf("%d rows", len(orig))
		}
		rng := rand.New(rand.NewPCG(7, 11))
		positions := []int{0, 1, n / 2, n - 2, n - 1, 1 + rng.IntN(n-2), 1 + rng.IntN(n-2), 1 + rng.IntN(n-2)}
		for _, tm := range tampers {
			for _, p := range positions {
				if tm.name == "insert after the last" && p != n-1 {
					continue
				}
				t.Run(fmt.Sprintf("%s at %d", tm.name, p), func(t *testing.T) {
					rows := make([]storedRow, len(orig))
					copy(rows, orig)
					bad, kind, index := tm.do(t, s, rows, p)
					writeRows(t, s, bad)
					defer writeRows(t, s, orig)
					rep := verifyLedger(t, s, signer.Verifier())
					if rep.OK() || rep.Problem == nil {
						t.Fatalf("not detected: %+v", rep)
					}
					pr := rep.Problem
					if pr.Kind != kind || index < pr.Index || index > pr.End {
						t.Fatalf("got %s at %d–%d (%s); want %s naming entry %d", pr.Kind, pr.Index, pr.End, pr.Message.En, kind, index)
					}
					if pr.Kind != ledger.ProblemHeadRoot && pr.Index != index {
						t.Fatalf("names entry %d, want %d: %s", pr.Index, index, pr.Message.En)
					}
				})
			}
		}
		if rep := verifyLedger(t, s, signer.Verifier()); !rep.OK() {
			t.Fatalf("after restoring: %+v %v", rep.Problem, rep.Store)
		}
	})
}

// TestLedgerTamperEvents changes and forges decision event rows, which the entries record.
func TestLedgerTamperEvents(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		signer := testSigner(t, ledger.SigEd25519)
		openLedger(t, s, signer, ledger.SHA256)
		recordTestEvents(t, s, 5)
		if err := s.ExecForTest(ctx, `UPDATE decision_events SET payload = '{"n":99}' WHERE subject = 'test:3'`); err != nil {
			t.Fatal(err)
		}
		rep := verifyLedger(t, s, signer.Verifier())
		if rep.OK() || len(rep.Store) != 1 || !bytes.Contains([]byte(rep.Store[0].En), []byte("entry 4")) {
			t.Fatalf("changed event: %+v", rep.Store)
		}
		fakeEvent(t, s)
		rep = verifyLedger(t, s, signer.Verifier())
		if len(rep.Store) != 2 || !bytes.Contains([]byte(rep.Store[1].En), []byte("has no ledger entry")) {
			t.Fatalf("forged event: %+v", rep.Store)
		}
	})
}
