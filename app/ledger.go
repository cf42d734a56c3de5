package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"seedbed"
	"seedbed/ledger"
	"seedbed/sqlstore"
)

// Ledger opens, reads, proves, verifies and exports the decision ledger. Decisions enter it
// inside their own transactions (sqlstore.Tx.RecordEvent), never through this service.
type Ledger struct {
	store *sqlstore.Store
}

// Open makes signer the key that signs the ledger from now on. On an empty log it also chooses
// the tree's hash algorithm (SHA-256, or SM3 in the Chinese commercial cryptography profile);
// a started log keeps its own. The first time a key is used, its public key is stored for
// bundles and a ledger_key entry, signed by it, records the change, so the log itself shows
// which key signed which part. Call it once at start-up, before serving; every server sharing
// a PostgreSQL database must be given the same key. EINVALID for a missing key or an unknown
// algorithm.
func (l *Ledger) Open(ctx context.Context, signer ledger.Signer, alg ledger.HashAlg) error {
	if signer == nil {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "缺少账本签名密钥", En: "no ledger signing key given"})
	}
	if !alg.Valid() {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无效的账本哈希算法", En: "invalid ledger hash algorithm"})
	}
	v := signer.Verifier()
	l.store.HoldLedgerKey(signer)
	if err := l.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		previous, logAlg, err := tx.StartLedger(ctx, alg)
		if err != nil || previous == v.KeyID() {
			return err
		}
		if err := tx.SetLedgerKey(ctx, v); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, seedbed.System, ledger.EventKey, "ledger", map[string]any{
			"key_id": v.KeyID(), "sig_alg": v.Algorithm(), "public_key": string(v.PublicKeyPEM()), "previous_key_id": previous,
			"hash_alg": logAlg.String()}); err != nil {
			return err
		}
		return tx.Audit(ctx, seedbed.System, "ledger.key", "ledger", 0, v.KeyID())
	}); err != nil {
		return err
	}
	// On PostgreSQL, decisions committed before a crash but not yet appended are appended now.
	return l.store.SequenceLedger(ctx)
}

// KeyHeld reports whether the key that signs the ledger was given to this process.
func (l *Ledger) KeyHeld(ctx context.Context) (bool, error) { return l.store.LedgerKeyHeld(ctx) }

// Status returns the size, hash algorithm, root and latest signed head of the log.
func (l *Ledger) Status(ctx context.Context) (*ledger.Status, error) {
	return l.store.LedgerStatus(ctx)
}

// Heads returns the signed heads kept: every checkpoint and the latest, by size.
func (l *Ledger) Heads(ctx context.Context) ([]ledger.SignedHead, error) {
	return l.store.LedgerHeads(ctx)
}

// Entries returns the entries with index in [start, end), at most ledger.MaxPage of them;
// EINVALID when end is before start.
func (l *Ledger) Entries(ctx context.Context, start, end uint64) ([]ledger.EventRecord, error) {
	if end < start {
		return nil, seedbed.FieldError("end", seedbed.Label{Zh: "end 应不小于 start", En: "end must not be less than start"})
	}
	return l.store.LedgerEntries(ctx, start, end)
}

// RecordsOf returns the entries about a subject ("award:5") or of a kind, in index order.
func (l *Ledger) RecordsOf(ctx context.Context, subject, kind string) ([]ledger.EventRecord, error) {
	return l.store.LedgerRecordsOf(ctx, subject, kind)
}

// Keys returns the public keys that have signed the ledger, oldest first.
func (l *Ledger) Keys(ctx context.Context) ([]ledger.Verifier, error) { return l.store.LedgerKeys(ctx) }

// TrustedKeys are the public keys of the signing keys this process was given and, when it holds
// none (a process started without a key), those stored in the database.
func (l *Ledger) TrustedKeys(ctx context.Context) []ledger.Verifier { return trustedKeys(ctx, l.store) }

func trustedKeys(ctx context.Context, store *sqlstore.Store) []ledger.Verifier {
	if keys := store.HeldLedgerKeys(); len(keys) > 0 {
		return keys
	}
	keys, _ := store.LedgerKeys(ctx)
	return keys
}

// Verify recomputes the whole stored log in constant memory, from one consistent snapshot,
// and checks every signed head: it reports the first bad entry, and the problems only the
// database shows (a state row that disagrees with the entries; with opts.Events, decision
// events changed after they were recorded or never recorded in the log; with opts.State, the
// rows that carry money or a decision and differ from what the ledgered events make them). A problem found is in
// the report; the error is for a database that could not be read.
func (l *Ledger) Verify(ctx context.Context, opts ledger.StoreVerifyOptions) (*ledger.StoreReport, error) {
	return verifyStored(ctx, l.store, opts)
}

func verifyStored(ctx context.Context, store *sqlstore.Store, opts ledger.StoreVerifyOptions) (*ledger.StoreReport, error) {
	var rep ledger.StoreReport
	err := store.ReadLedger(ctx, func(snap *sqlstore.LedgerSnapshot) error {
		st, err := snap.Status()
		if err != nil {
			return err
		}
		heads, err := snap.Heads()
		if err != nil {
			return err
		}
		keys := opts.Keys
		if len(keys) == 0 {
			if keys, err = snap.Keys(); err != nil {
				return err
			}
			rep.KeysFromDatabase = true
		} else if opts.LogKeys {
			announced, err := announcedKeys(snap)
			if err != nil {
				return err
			}
			keys = append(append([]ledger.Verifier{}, keys...), announced...)
		}
		// Entries are not parsed in full (CheckEntries): every one was canonical when appended,
		// and any change since is caught by its hashes and the signed heads.
		rep.Report, err = ledger.Verify(snap.Records(), ledger.VerifyOptions{HashAlg: st.HashAlg, Heads: heads, Keys: keys,
			Workers: opts.Workers})
		if err != nil {
			return err
		}
		if rep.Report.OK && (rep.Entries != st.Size || rep.Root != st.Root) {
			rep.Store = append(rep.Store, seedbed.Label{
				Zh: fmt.Sprintf("账本状态记录的规模 %d 与条目数 %d 不符（状态行或条目表被改动）", st.Size, rep.Entries),
				En: fmt.Sprintf("the ledger state says %d entries but %d were read (the state row or the entries were changed)", st.Size, rep.Entries)})
		}
		if opts.Events && rep.Report.OK {
			probs, err := snap.EventProblems()
			if err != nil {
				return err
			}
			rep.Store = append(rep.Store, probs...)
		}
		if opts.State {
			var audit auditCheck
			if rep.State, audit, rep.StateRows, err = reconcileState(snap); err != nil {
				return err
			}
			rep.Store = append(rep.Store, audit.problems...)
			rep.AuditWaiting = audit.waiting
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &rep, nil
}

// announcedKeys returns the public keys announced by the log's ledger_key entries. A damaged
// entry is skipped: the verification reports it.
func announcedKeys(snap *sqlstore.LedgerSnapshot) ([]ledger.Verifier, error) {
	entries, err := snap.EntriesOfKind(ledger.EventKey)
	if err != nil {
		return nil, err
	}
	var out []ledger.Verifier
	for _, b := range entries {
		e, err := ledger.ParseEntry(b)
		if err != nil || e.Kind != ledger.EventKey {
			continue
		}
		ev, err := ledger.EntryEvent(e)
		if err != nil {
			continue
		}
		var k struct {
			KeyID     string `json:"key_id"`
			PublicKey string `json:"public_key"`
		}
		if json.Unmarshal(ev.Payload, &k) != nil {
			continue
		}
		if v, err := ledger.ParsePublicKeyPEM([]byte(k.PublicKey)); err == nil && v.KeyID() == k.KeyID {
			out = append(out, v)
		}
	}
	return out, nil
}

// Export writes the whole log as a bundle (ledger.WriteBundle) from one consistent snapshot:
// keys, signed heads and every entry, for a third party to check offline.
func (l *Ledger) Export(ctx context.Context, w io.Writer) error {
	return l.store.ReadLedger(ctx, func(snap *sqlstore.LedgerSnapshot) error {
		st, err := snap.Status()
		if err != nil {
			return err
		}
		heads, err := snap.Heads()
		if err != nil {
			return err
		}
		keys, err := snap.Keys()
		if err != nil {
			return err
		}
		return ledger.WriteBundle(w, ledger.BundleMeta{HashAlg: st.HashAlg, Keys: keys, Heads: heads}, snap.Records())
	})
}
