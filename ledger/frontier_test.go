package ledger

import (
	"bytes"
	"testing"
)

// TestFrontierCompletedNodes checks that every node Append reports is the hash of the perfect
// subtree it names, and that together with the leaves they are exactly all perfect subtrees.
func TestFrontierCompletedNodes(t *testing.T) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		leaves := testLeaves(alg, 100)
		f := NewFrontier(alg)
		seen := map[NodeID]bool{}
		for i, l := range leaves {
			for _, n := range f.Append(l) {
				lo := n.Index << n.Level
				hi := lo + 1<<n.Level
				if hi > uint64(i+1) {
					t.Fatalf("node %d/%d reported before its leaves exist", n.Level, n.Index)
				}
				if want := refRoot(alg, leaves[lo:hi]); n.Hash != want {
					t.Fatalf("%s node (%d,%d) hash wrong", alg, n.Level, n.Index)
				}
				id := NodeID{n.Level, n.Index}
				if seen[id] {
					t.Fatalf("node %v reported twice", id)
				}
				seen[id] = true
			}
			if got, want := f.Root(), refRoot(alg, leaves[:i+1]); got != want {
				t.Fatalf("%s root after %d = %s, want %s", alg, i+1, got, want)
			}
		}
		want := 0
		for level := 1; 1<<level <= len(leaves); level++ {
			want += len(leaves) >> level
		}
		if len(seen) != want {
			t.Errorf("%s: %d interior nodes reported, want %d", alg, len(seen), want)
		}
	}
}

func TestFrontierRootWith(t *testing.T) {
	leaves := testLeaves(SHA256, 40)
	f := NewFrontier(SHA256)
	for i, l := range leaves {
		if got, want := f.rootWith(l), refRoot(SHA256, leaves[:i+1]); got != want {
			t.Fatalf("rootWith at %d wrong", i)
		}
		f.Append(l)
	}
}

func TestFrontierMarshal(t *testing.T) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		f := NewFrontier(alg)
		leaves := testLeaves(alg, 77)
		for i, l := range leaves {
			data, err := f.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			g, err := UnmarshalFrontier(data)
			if err != nil {
				t.Fatalf("size %d: %v", i, err)
			}
			if g.Size() != f.Size() || g.Root() != f.Root() || g.HashAlg() != alg {
				t.Fatalf("size %d: round trip changed the frontier", i)
			}
			// The restored frontier must keep growing identically.
			g.Append(l)
			f.Append(l)
			if g.Root() != f.Root() {
				t.Fatalf("size %d: restored frontier diverges", i)
			}
		}
	}
}

func TestUnmarshalFrontierRejects(t *testing.T) {
	f := NewFrontier(SHA256)
	for _, l := range testLeaves(SHA256, 5) {
		f.Append(l)
	}
	good, _ := f.MarshalBinary()
	mod := func(fn func(b []byte) []byte) []byte { return fn(bytes.Clone(good)) }
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"bad magic", mod(func(b []byte) []byte { b[0] = 'X'; return b })},
		{"bad version", mod(func(b []byte) []byte { b[3] = 9; return b })},
		{"bad algorithm", mod(func(b []byte) []byte { b[4] = 0; return b })},
		{"truncated", good[:len(good)-1]},
		{"extra byte", append(bytes.Clone(good), 0)},
		{"size without hashes", mod(func(b []byte) []byte { b[12] = 7; return b })},
	}
	for _, tt := range tests {
		if _, err := UnmarshalFrontier(tt.data); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

func FuzzUnmarshalFrontier(f *testing.F) {
	fr := NewFrontier(SM3)
	for _, l := range testLeaves(SM3, 11) {
		fr.Append(l)
		b, _ := fr.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := UnmarshalFrontier(data)
		if err != nil {
			return
		}
		again, _ := g.MarshalBinary()
		if !bytes.Equal(again, data) {
			t.Fatalf("accepted frontier does not round-trip")
		}
		g.Append(Hash{})
		_ = g.Root()
	})
}

func BenchmarkAppend(b *testing.B) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		b.Run(alg.String(), func(b *testing.B) {
			f := NewFrontier(alg)
			leaf := alg.LeafHash([]byte("entry"))
			for b.Loop() {
				f.Append(leaf)
				_ = f.Root()
			}
		})
	}
}
