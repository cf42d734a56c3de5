package ledger

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"

	"github.com/emmansun/gmsm/sm3"

	"seedbed"
)

// EventMAC authenticates a decision event between the commit that records it and the append
// that enters it in the log (on PostgreSQL a committed event waits in a queue for the
// sequencer): HMAC over the entry's canonical bytes (index 0), keyed with a key derived from
// the ledger's signing key, so that only a process holding that key can queue an event the
// sequencer will accept. The hash is SHA-256 for an Ed25519 key and SM3 for an SM2 key.
type EventMAC struct {
	keyID string
	newH  func() hash.Hash
	key   []byte
}

// eventMACLabel separates the derived key from every other use of the signing key.
const eventMACLabel = "seedbed ledger event MAC v1"

// NewEventMAC derives the event MAC key of a signing key made by GenerateKey or
// ParsePrivateKeyPEM.
func NewEventMAC(s Signer) (*EventMAC, error) {
	var secret []byte
	newH := sha256.New
	switch k := s.(type) {
	case *ed25519Signer:
		secret = k.priv.Seed()
	case *sm2Signer:
		secret = k.priv.D.FillBytes(make([]byte, 32))
		newH = sm3.New
	default:
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "此签名者不能派生事件认证密钥", En: "no event MAC key can be derived from this signer"})
	}
	m := hmac.New(newH, secret)
	m.Write([]byte(eventMACLabel))
	return &EventMAC{keyID: s.Verifier().KeyID(), newH: newH, key: m.Sum(nil)}, nil
}

// KeyID is the id of the signing key the MAC key was derived from.
func (m *EventMAC) KeyID() string { return m.keyID }

// Sum returns the MAC of an entry's canonical bytes.
func (m *EventMAC) Sum(entry []byte) []byte {
	h := hmac.New(m.newH, m.key)
	h.Write(entry)
	return h.Sum(nil)
}

// Valid reports whether mac is the MAC of entry, in constant time.
func (m *EventMAC) Valid(entry, mac []byte) bool { return hmac.Equal(m.Sum(entry), mac) }

// EventMACEntry returns the bytes an event's MAC covers: the canonical entry that records it,
// at index 0 (its index is given only when it is appended). It fails as the append would for
// an event the ledger cannot hold.
func EventMACEntry(ev *seedbed.Event) ([]byte, error) {
	e, err := EventEntry(ev)
	if err != nil {
		return nil, err
	}
	e.Index = 0
	return e.Canonical()
}
