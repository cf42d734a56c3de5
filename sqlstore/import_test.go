package sqlstore

import (
	"context"
	"slices"
	"testing"

	"seedbed"
	"seedbed/demo"
)

// TestImportTakesIDsAhead imports rows over several blocks (the last one short) between two
// single registrations: the rows get ids after the first registration's, ascending in the file's
// order, with their search texts and history; the next registration's id comes after them; the
// rows stored are reported block by block. An import cancelled after its first block writes
// nothing.
func TestImportTakesIDsAhead(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		first := &seedbed.Innovator{Name: "导入之前登记的团队", Kind: seedbed.KindTeam}
		if err := insertInnovatorForTest(ctx, s, testActor, first); err != nil {
			t.Fatal(err)
		}
		const n = 2*importBlock + 452
		ins := demo.Innovators(5, n)
		if err := seedbed.CheckImport(ins, nil); err != nil {
			t.Fatal(err)
		}
		var reported []int
		if err := s.InBulkTx(ctx, func(tx *Tx) error {
			return tx.InsertInnovatorsReporting(ctx, testActor, ins, nil, func(k int) { reported = append(reported, k) })
		}); err != nil {
			t.Fatal(err)
		}
		if want := []int{importBlock, 2 * importBlock, n}; !slices.Equal(reported, want) {
			t.Fatalf("reported %v, want %v", reported, want)
		}
		for i := range ins {
			if ins[i].ID <= first.ID || i > 0 && ins[i].ID <= ins[i-1].ID {
				t.Fatalf("row %d has id %d (the one before: %d, the registration before: %d)", i, ins[i].ID, ins[max(i-1, 0)].ID, first.ID)
			}
		}
		if s.dialect == SQLite && ins[n-1].ID != first.ID+n {
			t.Fatalf("the last row has id %d, want %d", ins[n-1].ID, first.ID+n)
		}
		for _, i := range []int{0, 1, importBlock - 1, importBlock, n - 1} {
			got, err := s.GetInnovator(ctx, ins[i].ID)
			if err != nil || got.Name != ins[i].Name || got.CreditCode != ins[i].CreditCode || got.Version != 1 {
				t.Fatalf("row %d read back as %+v, %v; want %q", i, got, err, ins[i].Name)
			}
			h, err := s.InnovatorHistory(ctx, ins[i].ID)
			if err != nil || len(h) != 1 || h[0].NewValue != ins[i].Name {
				t.Fatalf("row %d's history: %+v, %v", i, h, err)
			}
			found, _, err := s.FindInnovators(ctx, seedbed.InnovatorFilter{Query: ins[i].Name, IDs: []int64{ins[i].ID}})
			if err != nil || len(found) != 1 {
				t.Fatalf("row %d is not found by its name: %v", i, err)
			}
		}
		next := &seedbed.Innovator{Name: "导入之后登记的团队", Kind: seedbed.KindTeam}
		if err := insertInnovatorForTest(ctx, s, testActor, next); err != nil {
			t.Fatal(err)
		}
		if next.ID <= ins[n-1].ID {
			t.Fatalf("the registration after the import has id %d, not after %d", next.ID, ins[n-1].ID)
		}

		// Cancelled after its first block: nothing of it is stored.
		more := demo.Innovators(6, 3*importBlock)
		if err := seedbed.CheckImport(more, nil); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		err := s.InBulkTx(cctx, func(tx *Tx) error {
			return tx.InsertInnovatorsReporting(cctx, testActor, more, nil, func(int) { cancel() })
		})
		// The driver answers a statement cut short by the cancellation with context.Canceled or,
		// when database/sql has closed the statement first, "statement is closed": either way the
		// import fails and the transaction is rolled back.
		if err == nil {
			t.Fatal("the cancelled import succeeded")
		}
		if c, err := s.CountInnovators(ctx); err != nil || c != n+2 {
			t.Fatalf("%d innovators after the cancelled import, want %d (%v)", c, n+2, err)
		}
		found, _, err := s.FindInnovators(ctx, seedbed.InnovatorFilter{IDs: []int64{next.ID + 1, next.ID + 2}})
		if err != nil || len(found) != 0 {
			t.Fatalf("a row of the cancelled import is found: %v %v", found, err)
		}
	})
}
