package ledger

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"seedbed"
)

func writeTestBundle(t testing.TB, l *testLog) []byte {
	t.Helper()
	var buf bytes.Buffer
	meta := BundleMeta{HashAlg: l.alg, Keys: []Verifier{l.signer.Verifier()}, Heads: l.heads}
	if err := WriteBundle(&buf, meta, Records(l.records)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBundleRoundTrip(t *testing.T) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		for _, sig := range sigAlgs {
			for _, n := range []int{0, 1, 9} {
				l := newTestLog(t, alg, sig, n, 4)
				data := writeTestBundle(t, l)
				b, err := ReadBundle(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("%s/%s n=%d: %v\n%s", alg, sig, n, err, data)
				}
				if b.HashAlg != alg || len(b.Records) != n || len(b.Heads) != len(l.heads) || len(b.Keys) != 1 {
					t.Fatalf("%s/%s n=%d: read back %v, %d records, %d heads", alg, sig, n, b.HashAlg, len(b.Records), len(b.Heads))
				}
				for i := range b.Records {
					if !bytes.Equal(b.Records[i].Entry, l.records[i].Entry) || b.Records[i].Root != l.records[i].Root {
						t.Fatalf("record %d changed by the round trip", i)
					}
				}
				var again bytes.Buffer
				if err := WriteBundle(&again, b.BundleMeta, b.Iter()); err != nil || !bytes.Equal(again.Bytes(), data) {
					t.Fatalf("%s/%s n=%d: rewriting the bundle changed it (%v)", alg, sig, n, err)
				}
				rep, err := VerifyBundle(bytes.NewReader(data), l.signer.Verifier())
				if err != nil || !rep.OK || rep.KeysFromBundle {
					t.Fatalf("%s/%s n=%d: VerifyBundle = %+v, %v", alg, sig, n, rep.Problem, err)
				}
				rep, err = VerifyBundle(bytes.NewReader(data))
				if err != nil || !rep.OK || !rep.KeysFromBundle || (n > 0 && rep.KeyIDs[0] != l.signer.Verifier().KeyID()) {
					t.Fatalf("%s/%s n=%d: VerifyBundle with the bundle's keys = %+v, %v", alg, sig, n, rep, err)
				}
			}
		}
	}
}

// TestBundleEveryByte changes each byte of a bundle in turn: every change must be refused or
// reported, and a change inside an entry must be reported as that entry's.
func TestBundleEveryByte(t *testing.T) {
	l := newTestLog(t, SHA256, SigEd25519, 6, 3)
	data := writeTestBundle(t, l)
	v := l.signer.Verifier()
	entryOf := entrySpans(data)
	for i := range data {
		for _, flip := range []byte{0x01, 0x20} {
			mod := bytes.Clone(data)
			mod[i] ^= flip
			rep, err := VerifyBundle(bytes.NewReader(mod), v)
			if err == nil && rep.OK {
				t.Fatalf("byte %d (%q^%#x) changed undetected", i, data[i], flip)
			}
			if e, ok := entryOf[i]; ok && err == nil {
				if rep.Problem.Kind != ProblemEntryChanged || rep.Problem.Index != e {
					t.Errorf("byte %d in entry %d: reported %s at %d", i, e, rep.Problem.Kind, rep.Problem.Index)
				}
			}
			if e, ok := entryOf[i]; ok && err != nil {
				t.Errorf("byte %d in entry %d: refused (%v) instead of reported", i, e, err)
			}
		}
	}
}

// entrySpans maps each byte offset inside an entry's canonical bytes to the entry's index.
func entrySpans(data []byte) map[int]uint64 {
	out := map[int]uint64{}
	off := 0
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if r, ok := parseRecordLine(bytes.TrimSuffix(line, []byte("\n"))); ok {
			start := off + bytes.Index(line, []byte(`"entry":`)) + len(`"entry":`)
			for j := range r.Entry {
				out[start+j] = r.Index
			}
		}
		off += len(line)
	}
	return out
}

func TestBundleTruncated(t *testing.T) {
	l := newTestLog(t, SM3, SigSM2, 5, 2)
	data := writeTestBundle(t, l)
	v := l.signer.Verifier()
	for n := 0; n < len(data); n++ {
		_, err := VerifyBundle(bytes.NewReader(data[:n]), v)
		var se *seedbed.Error
		if !errors.As(err, &se) || se.Code != seedbed.EINVALID || se.Line == 0 {
			t.Fatalf("prefix of %d/%d bytes: error %v, want EINVALID naming a line", n, len(data), err)
		}
	}
}

func TestBundleLines(t *testing.T) {
	l := newTestLog(t, SHA256, SigEd25519, 8, 4)
	v := l.signer.Verifier()
	lines := strings.SplitAfter(string(writeTestBundle(t, l)), "\n")
	lines = lines[:len(lines)-1] // the empty string after the last newline
	// lines: 0 header, 1–2 heads (sizes 4 and 8), 3–10 entries 0–7, 11 end
	const firstEntry = 3
	join := func(ls []string) []byte { return []byte(strings.Join(ls, "")) }
	stranger := newTestLog(t, SHA256, SigEd25519, 8, 4)
	tests := []struct {
		name    string
		lines   []string
		refused bool
		kind    ProblemKind
		index   uint64
	}{
		{"entry line deleted", slices.Delete(slices.Clone(lines), firstEntry+3, firstEntry+4), false, ProblemMissingEntry, 3},
		{"entry lines swapped", swap(lines, firstEntry+2, firstEntry+5), false, ProblemMissingEntry, 2},
		{"entry line duplicated", slices.Insert(slices.Clone(lines), firstEntry+6, lines[firstEntry+5]), false, ProblemDuplicateEntry, 6},
		{"last entry line deleted, end line fixed", append(slices.Clone(lines[:firstEntry+7]), `{"end":{"entries":7,"heads":2}}`+"\n"), false, ProblemHeadBeyondLog, 7},
		{"head line deleted", slices.Delete(slices.Clone(lines), 1, 2), true, "", 0},
		{"end line deleted", lines[:len(lines)-1], true, "", 0},
		{"line added after the end", append(slices.Clone(lines), lines[firstEntry]), true, "", 0},
		{"heads out of order", swap(lines, 1, 2), true, "", 0},
		{"header missing", lines[1:], true, "", 0},
		{"blank line", slices.Insert(slices.Clone(lines), firstEntry, "\n"), true, "", 0},
		{"bundle of a stranger's key", strings.SplitAfter(string(writeTestBundle(t, stranger)), "\n"), false, ProblemHeadUnknownKey, 4},
	}
	for _, tt := range tests {
		rep, err := VerifyBundle(bytes.NewReader(join(tt.lines)), v)
		if tt.refused {
			if err == nil {
				t.Errorf("%s: not refused (report %+v)", tt.name, rep.Problem)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: refused (%v), want a report", tt.name, err)
			continue
		}
		if rep.OK || rep.Problem.Kind != tt.kind || rep.Problem.Index != tt.index {
			t.Errorf("%s: got %+v, want %s at %d", tt.name, rep.Problem, tt.kind, tt.index)
		}
	}
}

func swap(lines []string, i, j int) []string {
	out := slices.Clone(lines)
	out[i], out[j] = out[j], out[i]
	return out
}

func FuzzReadBundle(f *testing.F) {
	l := newTestLog(f, SHA256, SigEd25519, 3, 2)
	var buf bytes.Buffer
	WriteBundle(&buf, BundleMeta{HashAlg: l.alg, Keys: []Verifier{l.signer.Verifier()}, Heads: l.heads}, Records(l.records))
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format":"seedbed-ledger-bundle","version":1,"hash_alg":"sm3","keys":[]}` + "\n" + `{"end":{"entries":0,"heads":0}}` + "\n"))
	f.Add([]byte("{\"index\":0,\"leaf\":\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBundle(bytes.NewReader(data))
		if err == nil {
			// Whatever is accepted is in the one canonical spelling.
			var again bytes.Buffer
			if err := WriteBundle(&again, b.BundleMeta, b.Iter()); err != nil || !bytes.Equal(again.Bytes(), data) {
				t.Fatalf("accepted bundle does not rewrite to itself (%v)", err)
			}
		}
		// Whatever verifies against the genuine key holds only genuine entries.
		rep, err := VerifyBundle(bytes.NewReader(data), l.signer.Verifier())
		if err == nil && rep.OK {
			if b == nil {
				t.Fatalf("verified a bundle ReadBundle refuses")
			}
			for i, r := range b.Records {
				if i >= len(l.records) || !bytes.Equal(r.Entry, l.records[i].Entry) {
					t.Fatalf("a forged entry %d verified", i)
				}
			}
		}
	})
}

func BenchmarkVerifyBundle(b *testing.B) {
	l := newTestLog(b, SHA256, SigEd25519, 100_000, 1024)
	var buf bytes.Buffer
	WriteBundle(&buf, BundleMeta{HashAlg: l.alg, Keys: []Verifier{l.signer.Verifier()}, Heads: l.heads}, Records(l.records))
	v := l.signer.Verifier()
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		rep, err := VerifyBundle(bytes.NewReader(buf.Bytes()), v)
		if err != nil || !rep.OK {
			b.Fatal(err, rep.Problem)
		}
	}
}
