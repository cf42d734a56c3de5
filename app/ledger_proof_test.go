package app

import (
	"context"
	"fmt"
	"testing"

	"seedbed"
	"seedbed/ledger"
)

func TestLedgerAppendProveVerify(t *testing.T) {
	for _, alg := range []string{ledger.SigEd25519, ledger.SigSM2} {
		t.Run(alg, func(t *testing.T) {
			forEachApp(t, func(t *testing.T, a *App) {
				ctx := context.Background()
				signer := testKey(t, alg)
				hash := ledger.SHA256
				if alg == ledger.SigSM2 {
					hash = ledger.SM3
				}
				must(t, a.Ledger.Open(ctx, signer, hash))
				recordTestEvents(t, a, 40)
				st, err := a.Ledger.Status(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if st.Size != 41 || st.HashAlg != hash || st.Head == nil || st.Head.Size != 41 || st.Head.Root != st.Root {
					t.Fatalf("status = %+v", st)
				}
				if err := ledger.VerifyHead(signer.Verifier(), *st.Head); err != nil {
					t.Fatalf("latest head: %v", err)
				}
				rep := verify(t, a, signer.Verifier())
				if !rep.OK() || rep.Entries != 41 || rep.HeadsVerified != 1 {
					t.Fatalf("verify: %+v", rep)
				}
				// every entry is provably in the tree of the signed head and of a smaller tree
				for _, size := range []uint64{41, 17} {
					root, err := rootAt(ctx, a, size)
					if err != nil {
						t.Fatal(err)
					}
					for i := uint64(0); i < size; i++ {
						p, err := a.Ledger.InclusionProof(ctx, i, size)
						if err != nil {
							t.Fatal(err)
						}
						if p.Root != root {
							t.Fatalf("size %d: proof root %s, stored %s", size, p.Root, root)
						}
						if err := ledger.VerifyInclusion(hash, p.LeafHash, i, size, p.Proof, root); err != nil {
							t.Fatalf("inclusion %d/%d: %v", i, size, err)
						}
					}
				}
				for _, m := range []uint64{0, 1, 7, 16, 40, 41} {
					p, err := a.Ledger.ConsistencyProof(ctx, m, 0)
					if err != nil {
						t.Fatal(err)
					}
					if err := ledger.VerifyConsistency(hash, m, 41, p.OldRoot, st.Head.Root, p.Proof); err != nil {
						t.Fatalf("consistency %d→41: %v", m, err)
					}
				}
				// the entries decode back to their events
				recs, err := a.Ledger.Entries(ctx, 1, 3)
				if err != nil || len(recs) != 2 {
					t.Fatalf("entries: %v %d", err, len(recs))
				}
				e, err := ledger.ParseEntry(recs[0].Entry)
				if err != nil {
					t.Fatal(err)
				}
				ev, err := ledger.EntryEvent(e)
				if err != nil || ev.ID != recs[0].EventID || ev.Kind != "test_decision" || ev.Actor != officer.Username || ev.ActorRole != officer.Role {
					t.Fatalf("event of entry: %+v %v", ev, err)
				}
			})
		})
	}
}

// rootAt reads the stored root after entry size-1 (tests compare proofs with it).
func rootAt(ctx context.Context, a *App, size uint64) (ledger.Hash, error) {
	recs, err := a.Ledger.Entries(ctx, size-1, size)
	if err != nil || len(recs) != 1 {
		return ledger.Hash{}, fmt.Errorf("root at %d: %v", size, err)
	}
	return recs[0].Root, nil
}

func TestLedgerProofBadInput(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		if _, err := a.Ledger.InclusionProof(ctx, 0, 0); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("proof before any head: %v", err)
		}
		signer := testKey(t, ledger.SigEd25519)
		must(t, a.Ledger.Open(ctx, signer, ledger.SHA256))
		recordTestEvents(t, a, 9)
		for _, c := range []struct{ index, size uint64 }{{10, 10}, {3, 11}, {0, 1 << 40}} {
			if _, err := a.Ledger.InclusionProof(ctx, c.index, c.size); seedbed.ErrorCode(err) != seedbed.EINVALID {
				t.Errorf("inclusion %d/%d: %v", c.index, c.size, err)
			}
		}
		if _, err := a.Ledger.Entries(ctx, 5, 4); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Errorf("entries 5..4: %v", err)
		}
		if _, err := a.Ledger.ConsistencyProof(ctx, 5, 4); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Errorf("consistency 5→4: %v", err)
		}
		// a proof for another tree does not verify against this one
		p, err := a.Ledger.InclusionProof(ctx, 3, 8)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := a.Ledger.Status(ctx)
		if err := ledger.VerifyInclusion(st.HashAlg, p.LeafHash, 3, 10, p.Proof, st.Root); err == nil {
			t.Error("a proof for size 8 verified against the tree of size 10")
		}
		if err := ledger.VerifyInclusion(st.HashAlg, p.LeafHash, 4, 8, p.Proof, p.Root); err == nil {
			t.Error("a proof verified for another index")
		}
	})
}
