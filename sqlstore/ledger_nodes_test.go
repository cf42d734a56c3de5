package sqlstore

import (
	"context"
	"errors"
	"testing"

	"seedbed"
	"seedbed/ledger"
)

// TestLedgerNodes checks every perfect subtree the store returns — read from the node table
// or computed from the entries' leaf hashes — against the tree built in memory from the
// stored leaves, on a log long enough to have subtrees of every kind, and that the node table
// keeps only those of storedNodeLevel and above.
func TestLedgerNodes(t *testing.T) {
	for _, alg := range []ledger.HashAlg{ledger.SHA256, ledger.SM3} {
		t.Run(alg.String(), func(t *testing.T) {
			forEachStore(t, func(t *testing.T, s *Store) {
				ctx := context.Background()
				sig := ledger.SigEd25519
				if alg == ledger.SM3 {
					sig = ledger.SigSM2
				}
				openLedger(t, s, testSigner(t, sig), alg)
				recordTestEvents(t, s, 299) // 300 entries with the key's
				recs, err := s.LedgerEntries(ctx, 0, 300)
				if err != nil || len(recs) != 300 {
					t.Fatalf("entries: %d, %v", len(recs), err)
				}
				mem := ledger.NewMemoryTree(alg)
				for _, r := range recs {
					mem.Append(r.LeafHash)
				}
				var ids []ledger.NodeID
				for level := uint8(0); 300>>level > 0; level++ {
					for i := uint64(0); i < 300>>level; i++ {
						ids = append(ids, ledger.NodeID{Level: level, Index: i})
					}
				}
				nodes, err := s.LedgerNodes(ctx, ids)
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range ids {
					want, err := mem.Node(id.Level, id.Index)
					if err != nil {
						t.Fatal(err)
					}
					if nodes[id] != want {
						t.Fatalf("node (%d,%d) = %s, want %s", id.Level, id.Index, nodes[id], want)
					}
				}
				// One node of each kind alone, as a proof asks for them.
				for _, id := range []ledger.NodeID{{Level: 0, Index: 299}, {Level: 3, Index: 36}, {Level: 7, Index: 1}} {
					one, err := s.LedgerNodes(ctx, []ledger.NodeID{id})
					if want, _ := mem.Node(id.Level, id.Index); err != nil || one[id] != want {
						t.Fatalf("node (%d,%d) alone = %s, %v; want %s", id.Level, id.Index, one[id], err, want)
					}
				}
				var below, kept int
				if err := s.read.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE id < $1), count(*) FROM ledger_nodes`,
					nodeKey(storedNodeLevel, 0)).Scan(&below, &kept); err != nil {
					t.Fatal(err)
				}
				// Level 6: 4 subtrees of 64 leaves; level 7: 2; level 8: 1.
				if below != 0 || kept != 7 {
					t.Fatalf("node table holds %d rows below level %d and %d in all, want 0 and 7", below, storedNodeLevel, kept)
				}
				// A subtree not yet complete is missing, whichever way it would be found.
				for _, id := range []ledger.NodeID{{Level: 2, Index: 75}, {Level: 6, Index: 4}, {Level: 0, Index: 300}} {
					_, err := s.LedgerNodes(ctx, []ledger.NodeID{id})
					var se *seedbed.Error
					if !errors.As(err, &se) || se.Code != seedbed.EINTERNAL {
						t.Fatalf("node (%d,%d) of a log of 300: %v, want an internal error", id.Level, id.Index, err)
					}
				}
			})
		})
	}
}

// TestMigrationNodesFromLevel6 checks that migration 00028 removes the subtrees below
// storedNodeLevel that earlier versions kept, keeps the others, and that proofs' nodes are the
// same afterwards.
func TestMigrationNodesFromLevel6(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		openLedger(t, s, testSigner(t, ledger.SigEd25519), ledger.SHA256)
		recordTestEvents(t, s, 69) // 70 entries: one subtree of 64
		p := downTo(t, s, 27)
		recs, err := s.LedgerEntries(ctx, 0, 70)
		if err != nil || len(recs) != 70 {
			t.Fatalf("entries: %d, %v", len(recs), err)
		}
		mem := ledger.NewMemoryTree(ledger.SHA256)
		for _, r := range recs {
			mem.Append(r.LeafHash)
		}
		// The rows an earlier version wrote: every level from 1.
		var ids []ledger.NodeID
		for level := uint8(1); level < storedNodeLevel; level++ {
			for i := uint64(0); i < 70>>level; i++ {
				h, err := mem.Node(level, i)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.ExecForTest(ctx, `INSERT INTO ledger_nodes (id, hash) VALUES ($1, $2)`, nodeKey(level, i), h[:]); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, ledger.NodeID{Level: level, Index: i})
			}
		}
		if _, err := p.UpTo(ctx, 28); err != nil {
			t.Fatal(err)
		}
		var below, kept int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE id < $1), count(*) FROM ledger_nodes`,
			nodeKey(storedNodeLevel, 0)).Scan(&below, &kept); err != nil {
			t.Fatal(err)
		}
		if below != 0 || kept != 1 {
			t.Fatalf("after the migration: %d rows below level %d, %d in all; want 0 and 1", below, storedNodeLevel, kept)
		}
		nodes, err := s.LedgerNodes(ctx, append(ids, ledger.NodeID{Level: 6, Index: 0}))
		if err != nil {
			t.Fatal(err)
		}
		for id, h := range nodes {
			if want, _ := mem.Node(id.Level, id.Index); h != want {
				t.Fatalf("node (%d,%d) = %s, want %s", id.Level, id.Index, h, want)
			}
		}
		if err := s.migrate(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
