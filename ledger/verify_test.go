package ledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// testLog is a log as a store would hold it: rows, signed heads and the signing key.
type testLog struct {
	alg     HashAlg
	signer  Signer
	records []Record
	heads   []SignedHead
}

func testEntry(i int) Entry {
	return Entry{
		Time:    testTime.Add(time.Duration(i) * time.Second),
		Kind:    "award.decide",
		Actor:   fmt.Sprintf("officer:%d", i%7),
		Subject: fmt.Sprintf("application:%d", 1000+i),
		Payload: json.RawMessage(fmt.Sprintf(`{"program":"seed-2026","amount":%d,"basis":"lottery among fundable","rank":%d}`, 50000+i*10, i%13)),
	}
}

// newTestLog appends n entries, signing a checkpoint head every `every` entries and the
// latest head at the end, as the store is meant to.
func newTestLog(t testing.TB, alg HashAlg, sigAlg string, n, every int) *testLog {
	t.Helper()
	l := &testLog{alg: alg, signer: mustKey(t, sigAlg)}
	f := NewFrontier(alg)
	for i := range n {
		r, _, err := AppendEntry(f, testEntry(i))
		if err != nil {
			t.Fatal(err)
		}
		l.records = append(l.records, r)
		if every > 0 && (i+1)%every == 0 || i == n-1 {
			l.sign(t, f)
		}
	}
	return l
}

func (l *testLog) sign(t testing.TB, f *Frontier) {
	t.Helper()
	sh, err := SignHead(l.signer, NewTreeHead(f, testTime.Add(time.Duration(f.Size())*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	l.heads = append(l.heads, sh)
}

func (l *testLog) opts() VerifyOptions {
	return VerifyOptions{HashAlg: l.alg, Heads: l.heads, Keys: []Verifier{l.signer.Verifier()}}
}

// verify checks the log in the caller's goroutine, and also with workers and small batches
// to check that parallel verification reports exactly the same.
func (l *testLog) verify(t testing.TB) Report {
	t.Helper()
	return verifyAllModes(t, Records(l.records), l.opts())
}

func verifyAllModes(t testing.TB, records iter.Seq2[Record, error], o VerifyOptions) Report {
	t.Helper()
	o.Workers = -1
	want, err := Verify(records, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []struct{ workers, batch int }{{0, 0}, {1, 1}, {2, 3}, {3, 7}, {2, 16}} {
		o.Workers, o.batch = mode.workers, mode.batch
		got, err := Verify(records, o)
		if err != nil {
			t.Fatal(err)
		}
		if !sameReport(got, want) {
			t.Fatalf("workers=%d batch=%d: report differs from sequential\n got %+v %+v\nwant %+v %+v", mode.workers, mode.batch, got, got.Problem, want, want.Problem)
		}
	}
	return want
}

// sameReport compares reports, except for how far a failed check read.
func sameReport(a, b Report) bool {
	if a.OK != b.OK || a.HeadsVerified != b.HeadsVerified || !slices.Equal(a.KeyIDs, b.KeyIDs) || (a.LatestHead == nil) != (b.LatestHead == nil) {
		return false
	}
	if a.LatestHead != nil && a.LatestHead.Size != b.LatestHead.Size {
		return false
	}
	if a.OK {
		return a.Entries == b.Entries && a.Root == b.Root
	}
	pa, pb := *a.Problem, *b.Problem
	if (pa.Head == nil) != (pb.Head == nil) || pa.Head != nil && pa.Head.Size != pb.Head.Size {
		return false
	}
	pa.Head, pb.Head = nil, nil
	return pa == pb
}

// clone returns a deep copy whose rows can be tampered with.
func (l *testLog) clone() *testLog {
	c := *l
	c.records = make([]Record, len(l.records))
	for i, r := range l.records {
		r.Entry = bytes.Clone(r.Entry)
		c.records[i] = r
	}
	c.heads = slices.Clone(l.heads)
	return &c
}

// recomputeFrom rewrites the stored leaf hashes and roots from position p on, as an attacker
// with database access and the (public) algorithm can.
func (l *testLog) recomputeFrom(p int) {
	f := NewFrontier(l.alg)
	for i := range l.records {
		r := &l.records[i]
		if i >= p {
			r.LeafHash = l.alg.LeafHash(r.Entry)
		}
		f.Append(r.LeafHash)
		if i >= p {
			r.Root = f.Root()
		}
	}
}

// forge returns canonical bytes for a fake entry claiming index i.
func forge(t testing.TB, i int) []byte {
	e := testEntry(i)
	e.Index = uint64(i)
	e.Actor = "intruder"
	b, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVerifyIntactLogs(t *testing.T) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		for _, sig := range sigAlgs {
			for _, n := range []int{0, 1, 2, 3, 17, 64, 100} {
				l := newTestLog(t, alg, sig, n, 16)
				rep := l.verify(t)
				if !rep.OK || rep.Problem != nil {
					t.Fatalf("%s/%s n=%d: intact log reported %+v", alg, sig, n, rep.Problem)
				}
				if rep.Entries != uint64(n) || rep.HeadsVerified != len(l.heads) {
					t.Errorf("%s/%s n=%d: report counts %d entries, %d heads", alg, sig, n, rep.Entries, rep.HeadsVerified)
				}
				if n > 0 && (rep.LatestHead == nil || rep.LatestHead.Size != uint64(n) || rep.Root != l.records[n-1].Root) {
					t.Errorf("%s/%s n=%d: latest head or root wrong", alg, sig, n)
				}
			}
		}
	}
}

// TestVerifyTamper alters the rows the way direct SQL could, at many positions, and checks
// that verification reports the right kind of problem at the right first bad entry.
func TestVerifyTamper(t *testing.T) {
	const n, every = 100, 16
	base := newTestLog(t, SHA256, SigEd25519, n, every)
	if rep := base.verify(t); !rep.OK {
		t.Fatalf("base log reported %v", rep.Problem)
	}
	rng := rand.New(rand.NewPCG(7, 9))
	positions := []int{0, 1, n / 2, n - 2, n - 1}
	for range 5 {
		positions = append(positions, rng.IntN(n))
	}
	// lastHeadBefore is the size of the last checkpoint head at or before position p.
	lastHeadBefore := func(p int) uint64 { return uint64(p / every * every) }
	type tamper struct {
		name      string
		apply     func(l *testLog, p int)
		kind      ProblemKind
		index     func(p int) uint64
		skipIfEnd bool // not meaningful for the last row
	}
	at := func(p int) uint64 { return uint64(p) }
	tampers := []tamper{
		{"change a byte of the entry", func(l *testLog, p int) {
			i := bytes.Index(l.records[p].Entry, []byte("officer:")) + 8
			l.records[p].Entry[i] ^= 1
		}, ProblemEntryChanged, at, false},
		{"change the entry's index field", func(l *testLog, p int) {
			l.records[p].Entry = bytes.Replace(l.records[p].Entry, fmt.Appendf(nil, `{"index":%d,`, p), fmt.Appendf(nil, `{"index":%d,`, p+1000), 1)
		}, ProblemEntryChanged, at, false},
		{"change the stored leaf hash", func(l *testLog, p int) { l.records[p].LeafHash[31] ^= 0x40 }, ProblemLeafHashChanged, at, false},
		{"change the stored root", func(l *testLog, p int) { l.records[p].Root[0] ^= 1 }, ProblemRootChanged, at, false},
		{"change entry and stored hash", func(l *testLog, p int) {
			l.records[p].Entry = forge(t, p)
			l.records[p].LeafHash[0] ^= 1
		}, ProblemEntryAndHashChanged, at, false},
		{"rewrite entry and recompute its leaf hash", func(l *testLog, p int) {
			l.records[p].Entry = forge(t, p)
			l.records[p].LeafHash = l.alg.LeafHash(l.records[p].Entry)
		}, ProblemRootChanged, at, false},
		{"delete a row", func(l *testLog, p int) { l.records = slices.Delete(l.records, p, p+1) }, ProblemMissingEntry, at, true},
		{"delete a row and renumber the rest", func(l *testLog, p int) {
			l.records = slices.Delete(l.records, p, p+1)
			for i := p; i < len(l.records); i++ {
				l.records[i].Index--
			}
		}, ProblemMovedEntry, at, true},
		{"delete rows from the end", func(l *testLog, p int) { l.records = l.records[:p] }, ProblemHeadBeyondLog, at, false},
		{"swap the contents of two rows", func(l *testLog, p int) {
			q := (p + 1 + p%5) % n
			if q == p {
				q = (p + 1) % n
			}
			a, b := l.records[p], l.records[q]
			a.Index, b.Index = b.Index, a.Index
			l.records[p], l.records[q] = b, a
		}, ProblemMovedEntry, func(p int) uint64 { return uint64(min(p, (p+1+p%5)%n)) }, false},
		{"reorder rows in the stream", func(l *testLog, p int) {
			q := (p + 3) % n
			l.records[p], l.records[q] = l.records[q], l.records[p]
		}, ProblemMissingEntry, func(p int) uint64 { return uint64(min(p, (p+3)%n)) }, false},
		{"insert a duplicate row", func(l *testLog, p int) {
			l.records = slices.Insert(l.records, p+1, l.records[p])
		}, ProblemDuplicateEntry, func(p int) uint64 { return uint64(p + 1) }, true},
		{"insert a crafted row and renumber the rest", func(l *testLog, p int) {
			l.records = slices.Insert(l.records, p, Record{Index: uint64(p), Entry: forge(t, p)})
			for i := p + 1; i < len(l.records); i++ {
				l.records[i].Index++
			}
			l.recomputeFrom(p) // the intruder even fixes every stored hash
		}, ProblemInsertedEntry, at, false},
		{"rewrite an entry and recompute every later hash", func(l *testLog, p int) {
			l.records[p].Entry = forge(t, p)
			l.recomputeFrom(p)
		}, ProblemHeadRoot, func(p int) uint64 { return lastHeadBefore(p) }, false},
		{"append a crafted row", func(l *testLog, p int) {
			l.records = append(l.records, Record{Index: n, Entry: forge(t, n)})
			l.recomputeFrom(n)
		}, ProblemUnsignedTail, func(int) uint64 { return n }, false},
	}
	for _, tt := range tampers {
		for _, p := range positions {
			if tt.skipIfEnd && p == n-1 {
				continue
			}
			l := base.clone()
			tt.apply(l, p)
			rep := l.verify(t)
			if rep.OK || rep.Problem == nil {
				t.Errorf("%s at %d: not detected", tt.name, p)
				continue
			}
			want := tt.index(p)
			if rep.Problem.Kind != tt.kind || rep.Problem.Index != want {
				t.Errorf("%s at %d: got %s at %d, want %s at %d (%s)", tt.name, p, rep.Problem.Kind, rep.Problem.Index, tt.kind, want, rep.Problem.Message.En)
			}
			if tt.kind == ProblemHeadRoot && (uint64(p) < rep.Problem.Index || uint64(p) > rep.Problem.End) {
				t.Errorf("%s at %d: range %d..%d does not contain it", tt.name, p, rep.Problem.Index, rep.Problem.End)
			}
			if rep.Problem.Message.Zh == "" || rep.Problem.Message.En == "" {
				t.Errorf("%s at %d: message missing a language", tt.name, p)
			}
		}
	}
}

// TestVerifyHeads checks forged, foreign and misplaced signed heads.
func TestVerifyHeads(t *testing.T) {
	const n = 40
	base := newTestLog(t, SHA256, SigSM2, n, 10)
	stranger := mustKey(t, SigSM2)
	tests := []struct {
		name  string
		edit  func(l *testLog)
		opts  func(o *VerifyOptions)
		kind  ProblemKind
		index uint64
	}{
		{"root of a head changed", func(l *testLog) { l.heads[1].Root[3] ^= 1 }, nil, ProblemHeadSignature, 20},
		{"size of a head changed", func(l *testLog) { l.heads[1].Size = 21 }, nil, ProblemHeadSignature, 21},
		{"signature bytes changed", func(l *testLog) {
			l.heads[2].Signature = bytes.Clone(l.heads[2].Signature)
			l.heads[2].Signature[10] ^= 1
		}, nil, ProblemHeadSignature, 30},
		{"forged head beyond the log", func(l *testLog) {
			h := l.heads[len(l.heads)-1]
			h.Size = n + 5
			l.heads = append(l.heads, h)
		}, nil, ProblemHeadSignature, n + 5},
		{"head signed by a stranger", func(l *testLog) {
			sh, _ := SignHead(stranger, l.heads[0].TreeHead)
			l.heads[0] = sh
		}, nil, ProblemHeadUnknownKey, 10},
		{"head for another hash algorithm", func(l *testLog) {
			h := l.heads[0].TreeHead
			h.HashAlg = SM3
			l.heads[0], _ = SignHead(l.signer, h)
		}, nil, ProblemHeadHashAlg, 10},
		{"genuine head for another tree", func(l *testLog) {
			h := l.heads[1].TreeHead
			h.Root = SHA256.Sum([]byte("another tree"))
			l.heads[1], _ = SignHead(l.signer, h)
		}, nil, ProblemHeadRoot, 10},
		{"no trusted key", nil, func(o *VerifyOptions) { o.Keys = nil }, ProblemHeadUnknownKey, 10},
		{"no heads at all", func(l *testLog) { l.heads = nil }, nil, ProblemUnsignedTail, 0},
		{"latest head missing", func(l *testLog) { l.heads = l.heads[:len(l.heads)-1] }, nil, ProblemUnsignedTail, 30},
	}
	for _, tt := range tests {
		l := base.clone()
		if tt.edit != nil {
			tt.edit(l)
		}
		o := l.opts()
		if tt.opts != nil {
			tt.opts(&o)
		}
		rep := verifyAllModes(t, Records(l.records), o)
		if rep.OK || rep.Problem == nil || rep.Problem.Kind != tt.kind || rep.Problem.Index != tt.index {
			t.Errorf("%s: got %+v, want %s at %d", tt.name, rep.Problem, tt.kind, tt.index)
		}
	}
	l := base.clone()
	l.heads = l.heads[:len(l.heads)-1]
	o := l.opts()
	o.AllowUnsignedTail = true
	if rep := verifyAllModes(t, Records(l.records), o); !rep.OK || rep.LatestHead.Size != 30 {
		t.Errorf("AllowUnsignedTail: got %+v", rep.Problem)
	}
}

func TestVerifyCheckEntries(t *testing.T) {
	l := newTestLog(t, SHA256, SigEd25519, 5, 0)
	// A row written in non-canonical form, with hashes and head computed over it, passes the
	// hash checks and is caught only by full parsing.
	l.records[4].Entry = bytes.Replace(l.records[4].Entry, []byte(`"kind":`), []byte(`"kind" :`), 1)
	l.recomputeFrom(4)
	f := NewFrontier(SHA256)
	for _, r := range l.records {
		f.Append(r.LeafHash)
	}
	l.heads = nil
	l.sign(t, f)
	if rep := l.verify(t); !rep.OK {
		t.Fatalf("without CheckEntries: %v", rep.Problem)
	}
	o := l.opts()
	o.CheckEntries = true
	rep := verifyAllModes(t, Records(l.records), o)
	if rep.Problem == nil || rep.Problem.Kind != ProblemMalformedEntry || rep.Problem.Index != 4 {
		t.Errorf("CheckEntries: got %+v", rep.Problem)
	}
}

func TestVerifyReadError(t *testing.T) {
	l := newTestLog(t, SHA256, SigEd25519, 5, 0)
	boom := fmt.Errorf("disk gone")
	seq := func(yield func(Record, error) bool) {
		for _, r := range l.records[:3] {
			if !yield(r, nil) {
				return
			}
		}
		yield(Record{}, boom)
	}
	rep, err := Verify(seq, l.opts())
	if err != boom || rep.Entries != 3 {
		t.Errorf("Verify = %d entries, %v; want 3, %v", rep.Entries, err, boom)
	}
	if _, err := Verify(Records(nil), VerifyOptions{}); err == nil {
		t.Error("invalid hash algorithm accepted")
	}
}

// BenchmarkVerify1M verifies a log of 1,000,000 entries with a checkpoint head every 1,024
// entries, in the caller's goroutine only and with workers. ns/op is the whole log.
func BenchmarkVerify1M(b *testing.B) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		l := newTestLog(b, alg, SigEd25519, 1_000_000, 1024)
		for _, mode := range []struct {
			name    string
			workers int
		}{{"sequential", -1}, {"parallel", 0}} {
			b.Run(alg.String()+"/"+mode.name, func(b *testing.B) {
				o := l.opts()
				o.Workers = mode.workers
				cpu0 := cpuTime()
				for b.Loop() {
					rep, err := Verify(Records(l.records), o)
					if err != nil || !rep.OK {
						b.Fatal(err, rep.Problem)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/entry")
				// CPU time shows the work done whatever else the machine is running.
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			})
		}
	}
}

// BenchmarkAppendEntry is the whole append path of the store: encode, hash, append, root.
func BenchmarkAppendEntry(b *testing.B) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		b.Run(alg.String(), func(b *testing.B) {
			f := NewFrontier(alg)
			e := testEntry(1)
			for b.Loop() {
				if _, _, err := AppendEntry(f, e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
