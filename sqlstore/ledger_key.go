package sqlstore

import (
	"context"
	"sync"

	"seedbed"
	"seedbed/ledger"
)

// signingKeys holds the ledger signing keys a store was given, by key id. The ledger state
// row names the key that signs the log; an append signs with it when the store holds it and
// leaves the head unsigned otherwise (verification then reports the unsigned tail).
//
// The keys are a field of the Store, and each write transaction carries a pointer to them,
// because the append happens inside whatever transaction records a decision event: every use
// case of every service runs its own transaction through the store, and the signer must be at
// hand there without each of them passing it in. Kept by the use-case layer instead, the key
// would have to reach every transaction that records an event, or the append would move out
// of the decision's commit. Two stores opened in one process (tests, a command beside a
// server) keep their own keys.
type signingKeys struct {
	mu   sync.RWMutex
	byID map[string]ledger.Signer
}

// add makes signer available to the store's transactions.
func (k *signingKeys) add(signer ledger.Signer) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.byID == nil {
		k.byID = map[string]ledger.Signer{}
	}
	k.byID[signer.Verifier().KeyID()] = signer
}

// signer returns the key with the id, or nil when the store does not hold it.
func (k *signingKeys) signer(keyID string) ledger.Signer {
	if k == nil || keyID == "" {
		return nil
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.byID[keyID]
}

// public returns the public keys of the signing keys held.
func (k *signingKeys) public() []ledger.Verifier {
	k.mu.RLock()
	defer k.mu.RUnlock()
	var out []ledger.Verifier
	for _, s := range k.byID {
		out = append(out, s.Verifier())
	}
	return out
}

// LedgerKeyHeld reports whether this store holds the key that signs the ledger.
func (s *Store) LedgerKeyHeld(ctx context.Context) (bool, error) {
	st, err := s.LedgerStatus(ctx)
	if err != nil {
		return false, err
	}
	return s.keys.signer(st.KeyID) != nil, nil
}

// OpenLedger makes signer the key that signs this database's ledger from now on. On an empty
// log it also chooses the tree's hash algorithm (SHA-256, or SM3 in the Chinese commercial
// cryptography profile); a started log keeps its own. The first time a key is used, its public
// key is stored for bundles and a ledger_key entry, signed by it, records the change, so the
// log itself shows which key signed which part. Call it once at start-up, before serving;
// every server sharing a PostgreSQL database must be given the same key.
func (s *Store) OpenLedger(ctx context.Context, signer ledger.Signer, alg ledger.HashAlg) error {
	if signer == nil {
		return seedbed.Errorf(seedbed.EINVALID, "缺少账本签名密钥 / no ledger signing key given")
	}
	if !alg.Valid() {
		return seedbed.Errorf(seedbed.EINVALID, "无效的账本哈希算法 / invalid ledger hash algorithm")
	}
	v := signer.Verifier()
	s.keys.add(signer)
	return s.inTx(ctx, func(tx *Tx) error {
		lt, err := lockLedger(ctx, tx)
		if err != nil {
			return err
		}
		if lt.fresh {
			lt.f = ledger.NewFrontier(alg)
			if err := lt.backfill(ctx, tx); err != nil {
				return err
			}
			if err := lt.save(ctx, tx); err != nil {
				return err
			}
		}
		if lt.keyID == v.KeyID() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_keys (key_id, sig_alg, public_key, added_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key_id) DO NOTHING`, v.KeyID(), v.Algorithm(), string(v.PublicKeyPEM()), fmtTime(tx.now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ledger_state SET key_id = $1 WHERE id = 1`, v.KeyID()); err != nil {
			return err
		}
		if _, err := recordEvent(ctx, tx, seedbed.System, ledger.EventKey, "ledger", map[string]any{
			"key_id": v.KeyID(), "sig_alg": v.Algorithm(), "public_key": string(v.PublicKeyPEM()), "previous_key_id": lt.keyID,
			"hash_alg": lt.f.HashAlg().String()}); err != nil {
			return err
		}
		return audit(ctx, tx, seedbed.System, "ledger.key", "ledger", 0, v.KeyID())
	})
}

// LedgerKeys returns the public keys that have signed this ledger, oldest first.
func (s *Store) LedgerKeys(ctx context.Context) ([]ledger.Verifier, error) {
	return ledgerKeys(ctx, s.read)
}

func ledgerKeys(ctx context.Context, q queryer) ([]ledger.Verifier, error) {
	rows, err := q.QueryContext(ctx, `SELECT key_id, public_key FROM ledger_keys ORDER BY added_at, key_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Verifier
	for rows.Next() {
		var id, pemText string
		if err := rows.Scan(&id, &pemText); err != nil {
			return nil, err
		}
		v, err := ledger.ParsePublicKeyPEM([]byte(pemText))
		if err != nil || v.KeyID() != id {
			return nil, seedbed.Errorf(seedbed.EINTERNAL, "stored ledger key %s is invalid", id)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// HeldLedgerKeys returns the public keys of the signing keys this store was given.
func (s *Store) HeldLedgerKeys() []ledger.Verifier { return s.keys.public() }
