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
	// The event MAC keys derived from them (ledger.EventMAC), by key id, and the one of the key
	// given last, which MACs the events this store queues (PostgreSQL).
	macs map[string]*ledger.EventMAC
	last *ledger.EventMAC
}

// add makes signer available to the store's transactions.
func (k *signingKeys) add(signer ledger.Signer) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.byID == nil {
		k.byID, k.macs = map[string]ledger.Signer{}, map[string]*ledger.EventMAC{}
	}
	id := signer.Verifier().KeyID()
	k.byID[id] = signer
	if m, err := ledger.NewEventMAC(signer); err == nil {
		k.macs[id], k.last = m, m
	}
}

// queueMAC returns the MAC key that authenticates the events this store queues: the one of
// the signing key given last, nil when it holds none.
func (k *signingKeys) queueMAC() *ledger.EventMAC {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.last
}

// mac returns the MAC key derived from the signing key with the id, nil when not held.
func (k *signingKeys) mac(keyID string) *ledger.EventMAC {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.macs[keyID]
}

// macIDs returns the ids of the keys whose MAC keys are held.
func (k *signingKeys) macIDs() []string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	out := make([]string, 0, len(k.macs))
	for id := range k.macs {
		out = append(out, id)
	}
	return out
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

// HoldLedgerKey gives the store a signing key: from now on its transactions sign the log's
// heads with it whenever the ledger state names it. The use-case layer calls it at start-up.
func (s *Store) HoldLedgerKey(signer ledger.Signer) { s.keys.add(signer) }

// StartLedger locks the ledger state for the rest of tx and, when the log has not been
// started, starts it with the hash algorithm alg (entering every event recorded before). It
// returns the id of the key that signs the log ("" for none yet) and the log's hash
// algorithm, which a started log keeps.
func (tx *Tx) StartLedger(ctx context.Context, alg ledger.HashAlg) (keyID string, logAlg ledger.HashAlg, err error) {
	lt, err := tx.ledgerState(ctx)
	if err != nil {
		return "", 0, err
	}
	if lt.fresh {
		lt.f = ledger.NewFrontier(alg)
		if err := lt.backfill(ctx, tx); err != nil {
			return "", 0, err
		}
	}
	return lt.keyID, lt.f.HashAlg(), nil
}

// SetLedgerKey stores a public key (once) and names it as the key that signs the log from
// now on; the head written when tx commits is signed with it if the store holds the private key.
func (tx *Tx) SetLedgerKey(ctx context.Context, v ledger.Verifier) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_keys (key_id, sig_alg, public_key, added_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (key_id) DO NOTHING`, v.KeyID(), v.Algorithm(), string(v.PublicKeyPEM()), fmtTime(tx.now)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_state SET key_id = $1 WHERE id = 1`, v.KeyID()); err != nil {
		return err
	}
	if lt := tx.led.lt; lt != nil {
		lt.keyID, lt.signer, lt.dirty = v.KeyID(), tx.keys.signer(v.KeyID()), true
	}
	return nil
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
