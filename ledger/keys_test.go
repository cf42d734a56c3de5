package ledger

import (
	"bytes"
	"strings"
	"testing"
)

var sigAlgs = []string{SigEd25519, SigSM2}

func mustKey(t testing.TB, alg string) Signer {
	t.Helper()
	s, err := GenerateKey(alg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSignVerify(t *testing.T) {
	for _, alg := range sigAlgs {
		s := mustKey(t, alg)
		other := mustKey(t, alg)
		msg := []byte("seedbed ledger message")
		sig, err := s.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		if s.Algorithm() != alg || s.Verifier().Algorithm() != alg {
			t.Errorf("%s: algorithm reported as %s/%s", alg, s.Algorithm(), s.Verifier().Algorithm())
		}
		tampered := bytes.Clone(sig)
		tampered[len(tampered)-1] ^= 1
		tests := []struct {
			name   string
			v      Verifier
			msg    []byte
			sig    []byte
			wantOK bool
		}{
			{"genuine", s.Verifier(), msg, sig, true},
			{"changed message", s.Verifier(), []byte("seedbed ledger messagf"), sig, false},
			{"changed signature", s.Verifier(), msg, tampered, false},
			{"truncated signature", s.Verifier(), msg, sig[:len(sig)-2], false},
			{"empty signature", s.Verifier(), msg, nil, false},
			{"another key", other.Verifier(), msg, sig, false},
		}
		for _, tt := range tests {
			err := tt.v.Verify(tt.msg, tt.sig)
			if (err == nil) != tt.wantOK {
				t.Errorf("%s %s: Verify error = %v, want ok=%v", alg, tt.name, err, tt.wantOK)
			}
		}
	}
}

func TestKeyPEMRoundTrip(t *testing.T) {
	for _, alg := range sigAlgs {
		s := mustKey(t, alg)
		privPEM, err := MarshalPrivateKeyPEM(s)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(privPEM, []byte("-----BEGIN PRIVATE KEY-----")) {
			t.Errorf("%s: private key PEM header wrong: %.40s", alg, privPEM)
		}
		s2, err := ParsePrivateKeyPEM(privPEM)
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if s2.Verifier().KeyID() != s.Verifier().KeyID() {
			t.Errorf("%s: key id changed by PEM round trip", alg)
		}
		pub := s.Verifier().PublicKeyPEM()
		if !bytes.HasPrefix(pub, []byte("-----BEGIN PUBLIC KEY-----")) {
			t.Errorf("%s: public key PEM header wrong", alg)
		}
		v, err := ParsePublicKeyPEM(pub)
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if v.KeyID() != s.Verifier().KeyID() || v.Algorithm() != alg || len(v.KeyID()) != 64 {
			t.Errorf("%s: parsed public key differs: %s %s", alg, v.Algorithm(), v.KeyID())
		}
		sig, _ := s2.Sign([]byte("m"))
		if err := v.Verify([]byte("m"), sig); err != nil {
			t.Errorf("%s: signature by re-read key fails with re-read public key: %v", alg, err)
		}
	}
}

func TestKeyParseErrors(t *testing.T) {
	pub := mustKey(t, SigEd25519).Verifier().PublicKeyPEM()
	priv, _ := MarshalPrivateKeyPEM(mustKey(t, SigSM2))
	tests := []struct {
		name string
		data []byte
		priv bool
	}{
		{"public key as private", pub, true},
		{"private key as public", priv, false},
		{"garbage private", []byte("not pem"), true},
		{"garbage public", []byte("not pem"), false},
		{"damaged private", bytes.Replace(priv, []byte("M"), []byte("A"), 3), true},
		{"P-256 public key", []byte(p256PublicPEM), false},
	}
	for _, tt := range tests {
		var err error
		if tt.priv {
			_, err = ParsePrivateKeyPEM(tt.data)
		} else {
			_, err = ParsePublicKeyPEM(tt.data)
		}
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
	if _, err := GenerateKey("rsa"); err == nil || !strings.Contains(err.Error(), "rsa") {
		t.Errorf("GenerateKey(rsa) error = %v", err)
	}
}

// p256PublicPEM is a NIST P-256 public key, which is ECDSA but not SM2 and must be refused.
const p256PublicPEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpfEGxD7PT8PvpzDUIFLqVRw4RShb
f/5ho/6vD8vwQ03PuHI5x8VqPFHCWl/wKZ/9VnFTbgrdnNcVh6FZ7+AdYw==
-----END PUBLIC KEY-----
`

func BenchmarkSignHead(b *testing.B) {
	for _, alg := range sigAlgs {
		b.Run(alg, func(b *testing.B) {
			s := mustKey(b, alg)
			h := TreeHead{Size: 1000, Root: SHA256.Sum([]byte("r")), Time: testTime, HashAlg: SHA256}
			for b.Loop() {
				if _, err := SignHead(s, h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerifyHead(b *testing.B) {
	for _, alg := range sigAlgs {
		b.Run(alg, func(b *testing.B) {
			s := mustKey(b, alg)
			sh, _ := SignHead(s, TreeHead{Size: 1000, Root: SHA256.Sum([]byte("r")), Time: testTime, HashAlg: SHA256})
			v := s.Verifier()
			for b.Loop() {
				if err := VerifyHead(v, sh); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
