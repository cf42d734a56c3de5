package ledger

import (
	"bytes"
	"testing"
)

// TestEventMAC: a MAC verifies only for the same bytes and the same signing key; each key
// algorithm derives its own key, deterministically.
func TestEventMAC(t *testing.T) {
	entry := []byte(`{"index":0,"time":"2026-03-01T09:00:00.000000Z","kind":"funding_decision","actor":"officer1","subject":"application:1","payload":null}`)
	for _, alg := range []string{SigEd25519, SigSM2} {
		s1, err := GenerateKey(alg)
		if err != nil {
			t.Fatal(err)
		}
		s2, _ := GenerateKey(alg)
		m1, err := NewEventMAC(s1)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := NewEventMAC(s1)
		m2, _ := NewEventMAC(s2)
		mac := m1.Sum(entry)
		if !m1.Valid(entry, mac) || !bytes.Equal(again.Sum(entry), mac) {
			t.Fatalf("%s: a MAC does not verify under the key that made it", alg)
		}
		if m2.Valid(entry, mac) {
			t.Fatalf("%s: a MAC verifies under another key", alg)
		}
		changed := bytes.Replace(entry, []byte("application:1"), []byte("application:2"), 1)
		if m1.Valid(changed, mac) || m1.Valid(entry, mac[:len(mac)-1]) || m1.Valid(entry, nil) {
			t.Fatalf("%s: a MAC verifies for other bytes or a cut MAC", alg)
		}
		if m1.KeyID() != s1.Verifier().KeyID() {
			t.Fatalf("%s: key id %s", alg, m1.KeyID())
		}
	}
}
