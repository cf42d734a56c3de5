package ledger

import (
	"bytes"
	"testing"

	"seedbed"
)

// FuzzParseKeyPEM feeds arbitrary files to the key readers (`ledger verify --trust FILE`, the
// --ledger-key file): they never panic, refuse with an invalid-input error, and a key they
// accept writes back to a public key that reads again with the same fingerprint.
func FuzzParseKeyPEM(f *testing.F) {
	for _, alg := range []string{SigEd25519, SigSM2} {
		s, err := GenerateKey(alg)
		if err != nil {
			f.Fatal(err)
		}
		priv, err := MarshalPrivateKeyPEM(s)
		if err != nil {
			f.Fatal(err)
		}
		pub := s.Verifier().PublicKeyPEM()
		f.Add(priv)
		f.Add(pub)
		f.Add(bytes.Replace(pub, []byte("PUBLIC KEY"), []byte("PRIVATE KEY"), 2))
		f.Add(pub[:len(pub)/2])
	}
	f.Add([]byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var vs []Verifier
		if s, err := ParsePrivateKeyPEM(data); err == nil {
			vs = append(vs, s.Verifier())
		} else if seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("private key: %v", err)
		}
		if v, err := ParsePublicKeyPEM(data); err == nil {
			vs = append(vs, v)
		} else if seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("public key: %v", err)
		}
		for _, v := range vs {
			again, err := ParsePublicKeyPEM(v.PublicKeyPEM())
			if err != nil || again.KeyID() != v.KeyID() || v.KeyID() == "" {
				t.Fatalf("an accepted key does not round-trip: %v", err)
			}
		}
	})
}
