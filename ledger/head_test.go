package ledger

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestTreeHeadMessage(t *testing.T) {
	h := TreeHead{Size: 42, Root: SHA256.Sum([]byte("x")), Time: testTime, HashAlg: SM3}
	want := "seedbed-ledger-tree-head-v1\nhash sm3\nsize 42\nroot " + h.Root.String() + "\ntime 2026-03-14T01:26:53.589793Z\n"
	if got := string(h.Message()); got != want {
		t.Fatalf("Message() =\n%s\nwant\n%s", got, want)
	}
	back, err := ParseTreeHead([]byte(want))
	if err != nil {
		t.Fatal(err)
	}
	if string(back.Message()) != want {
		t.Errorf("ParseTreeHead does not round-trip")
	}
	bad := []string{
		strings.Replace(want, "size 42", "size 042", 1),
		strings.Replace(want, "hash sm3", "hash md5", 1),
		strings.Replace(want, "-v1", "-v2", 1),
		strings.Replace(want, "size 42\n", "", 1),
		strings.TrimSuffix(want, "\n"),
		want + "\n",
		strings.Replace(want, "root ", "root  ", 1),
		strings.Replace(want, "Z\n", "+00:00\n", 1),
		"",
	}
	for _, b := range bad {
		if _, err := ParseTreeHead([]byte(b)); err == nil {
			t.Errorf("malformed head accepted:\n%s", b)
		}
	}
}

func TestSignedHead(t *testing.T) {
	for _, alg := range sigAlgs {
		s := mustKey(t, alg)
		f := NewFrontier(SHA256)
		for _, l := range testLeaves(SHA256, 9) {
			f.Append(l)
		}
		sh, err := SignHead(s, NewTreeHead(f, testTime))
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyHead(s.Verifier(), sh); err != nil {
			t.Fatalf("%s: genuine head rejected: %v", alg, err)
		}
		otherKey := mustKey(t, alg)
		tests := []struct {
			name string
			edit func(*SignedHead)
			v    Verifier
		}{
			{"size changed", func(h *SignedHead) { h.Size++ }, nil},
			{"root changed", func(h *SignedHead) { h.Root[0] ^= 1 }, nil},
			{"time changed", func(h *SignedHead) { h.Time = h.Time.Add(1000) }, nil},
			{"hash algorithm changed", func(h *SignedHead) { h.HashAlg = SM3 }, nil},
			{"signature changed", func(h *SignedHead) { h.Signature = bytes.Clone(h.Signature); h.Signature[3] ^= 4 }, nil},
			{"key id changed", func(h *SignedHead) { h.KeyID = otherKey.Verifier().KeyID() }, nil},
			{"checked with another key", func(h *SignedHead) {}, otherKey.Verifier()},
			{"algorithm label changed", func(h *SignedHead) { h.SigAlg = "ed448" }, nil},
		}
		for _, tt := range tests {
			h := sh
			tt.edit(&h)
			v := tt.v
			if v == nil {
				v = s.Verifier()
			}
			if err := VerifyHead(v, h); err == nil {
				t.Errorf("%s %s: accepted", alg, tt.name)
			}
		}

		data, err := json.Marshal(sh)
		if err != nil {
			t.Fatal(err)
		}
		var back SignedHead
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("%s: %v\n%s", alg, err, data)
		}
		if err := VerifyHead(s.Verifier(), back); err != nil {
			t.Errorf("%s: head rejected after JSON round trip: %v", alg, err)
		}
		forged := bytes.Replace(data, []byte(`"size":9`), []byte(`"size":8`), 1)
		if err := json.Unmarshal(forged, &back); err == nil {
			t.Errorf("%s: JSON whose size disagrees with its message accepted", alg)
		}
	}
}

func FuzzParseTreeHead(f *testing.F) {
	f.Add(TreeHead{Size: 3, Root: SHA256.Sum(nil), Time: testTime, HashAlg: SHA256}.Message())
	f.Add([]byte("seedbed-ledger-tree-head-v1\nhash sm3\nsize 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ParseTreeHead(data)
		if err != nil {
			return
		}
		if !bytes.Equal(h.Message(), data) {
			t.Fatalf("accepted head is not canonical")
		}
	})
}

func FuzzSignedHeadJSON(f *testing.F) {
	s, _ := GenerateKey(SigEd25519)
	sh, _ := SignHead(s, TreeHead{Size: 3, Root: SHA256.Sum(nil), Time: testTime, HashAlg: SHA256})
	data, _ := json.Marshal(sh)
	f.Add(data)
	f.Add([]byte(`{"size":1}`))
	v := s.Verifier()
	f.Fuzz(func(t *testing.T, data []byte) {
		var h SignedHead
		if err := json.Unmarshal(data, &h); err != nil {
			return
		}
		again, err := json.Marshal(h)
		if err != nil {
			t.Fatalf("decoded head does not encode: %v", err)
		}
		var h2 SignedHead
		if err := json.Unmarshal(again, &h2); err != nil || !bytes.Equal(h.Message(), h2.Message()) {
			t.Fatalf("head does not round-trip: %v", err)
		}
		// Only the genuine head may verify.
		if VerifyHead(v, h) == nil && !bytes.Equal(h.Message(), sh.Message()) {
			t.Fatalf("a different head verified")
		}
	})
}
