package ledger

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// The reference functions below transcribe the recursive definitions of RFC 6962 §2.1
// (MTH, PATH, PROOF/SUBPROOF) directly, to check the iterative, node-reading implementations.

func refSplit(n int) int {
	k := 1
	for k*2 < n {
		k *= 2
	}
	return k
}

func refRoot(alg HashAlg, d []Hash) Hash {
	switch len(d) {
	case 0:
		return alg.EmptyRoot()
	case 1:
		return d[0]
	}
	k := refSplit(len(d))
	return alg.NodeHash(refRoot(alg, d[:k]), refRoot(alg, d[k:]))
}

func refPath(alg HashAlg, m int, d []Hash) []Hash {
	if len(d) <= 1 {
		return nil
	}
	k := refSplit(len(d))
	if m < k {
		return append(refPath(alg, m, d[:k]), refRoot(alg, d[k:]))
	}
	return append(refPath(alg, m-k, d[k:]), refRoot(alg, d[:k]))
}

func refSubproof(alg HashAlg, m int, d []Hash, b bool) []Hash {
	n := len(d)
	if m == n {
		if b {
			return nil
		}
		return []Hash{refRoot(alg, d)}
	}
	k := refSplit(n)
	if m <= k {
		return append(refSubproof(alg, m, d[:k], b), refRoot(alg, d[k:]))
	}
	return append(refSubproof(alg, m-k, d[k:], false), refRoot(alg, d[:k]))
}

func refProof(alg HashAlg, m int, d []Hash) []Hash {
	if m == 0 || m == len(d) {
		return nil
	}
	return refSubproof(alg, m, d, true)
}

func testLeaves(alg HashAlg, n int) []Hash {
	out := make([]Hash, n)
	for i := range out {
		out[i] = alg.LeafHash([]byte(fmt.Sprintf("leaf %d", i)))
	}
	return out
}

func buildTree(alg HashAlg, leaves []Hash) *MemoryTree {
	t := NewMemoryTree(alg)
	for _, l := range leaves {
		t.Append(l)
	}
	return t
}

func TestProofsAgainstReferenceSmall(t *testing.T) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		leaves := testLeaves(alg, 64)
		tree := buildTree(alg, leaves)
		for n := 1; n <= len(leaves); n++ {
			root := refRoot(alg, leaves[:n])
			if got, _ := tree.RootAt(uint64(n)); got != root {
				t.Fatalf("%s RootAt(%d) = %s, want %s", alg, n, got, root)
			}
			for i := 0; i < n; i++ {
				checkInclusion(t, alg, tree, leaves, i, n, root)
			}
			for m := 0; m <= n; m++ {
				checkConsistency(t, alg, tree, leaves, m, n)
			}
		}
	}
}

func TestProofsAgainstReferenceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	leaves := testLeaves(SHA256, 5000)
	tree := buildTree(SHA256, leaves)
	for range 200 {
		n := 1 + rng.IntN(len(leaves))
		root := refRoot(SHA256, leaves[:n])
		checkInclusion(t, SHA256, tree, leaves, rng.IntN(n), n, root)
		checkConsistency(t, SHA256, tree, leaves, rng.IntN(n+1), n)
	}
}

func checkInclusion(t *testing.T, alg HashAlg, tree *MemoryTree, leaves []Hash, i, n int, root Hash) {
	t.Helper()
	proof, err := tree.InclusionProof(uint64(i), uint64(n))
	if err != nil {
		t.Fatalf("InclusionProof(%d,%d): %v", i, n, err)
	}
	if want := refPath(alg, i, leaves[:n]); !slices.Equal(proof, want) {
		t.Fatalf("%s InclusionProof(%d,%d) differs from RFC PATH", alg, i, n)
	}
	ids, _ := InclusionNodes(uint64(i), uint64(n))
	if got, _ := InclusionProof(alg, nodeMapOf(t, tree, ids), uint64(i), uint64(n)); !slices.Equal(got, proof) {
		t.Fatalf("proof from InclusionNodes differs for (%d,%d)", i, n)
	}
	if err := VerifyInclusion(alg, leaves[i], uint64(i), uint64(n), proof, root); err != nil {
		t.Fatalf("%s VerifyInclusion(%d,%d): %v", alg, i, n, err)
	}
}

func checkConsistency(t *testing.T, alg HashAlg, tree *MemoryTree, leaves []Hash, m, n int) {
	t.Helper()
	proof, err := tree.ConsistencyProof(uint64(m), uint64(n))
	if err != nil {
		t.Fatalf("ConsistencyProof(%d,%d): %v", m, n, err)
	}
	if want := refProof(alg, m, leaves[:n]); !slices.Equal(proof, want) {
		t.Fatalf("%s ConsistencyProof(%d,%d) differs from RFC PROOF", alg, m, n)
	}
	ids, _ := ConsistencyNodes(uint64(m), uint64(n))
	if got, _ := ConsistencyProof(alg, nodeMapOf(t, tree, ids), uint64(m), uint64(n)); !slices.Equal(got, proof) {
		t.Fatalf("proof from ConsistencyNodes differs for (%d,%d)", m, n)
	}
	rm, rn := refRoot(alg, leaves[:m]), refRoot(alg, leaves[:n])
	if err := VerifyConsistency(alg, uint64(m), uint64(n), rm, rn, proof); err != nil {
		t.Fatalf("%s VerifyConsistency(%d,%d): %v", alg, m, n, err)
	}
}

func nodeMapOf(t *testing.T, tree *MemoryTree, ids []NodeID) NodeMap {
	t.Helper()
	m := NodeMap{}
	for _, id := range ids {
		h, err := tree.Node(id.Level, id.Index)
		if err != nil {
			t.Fatalf("node %v: %v", id, err)
		}
		m[id] = h
	}
	return m
}

// TestInclusionProofRejected checks that every way of presenting a proof for the wrong thing
// fails: another tree, another leaf, another index or size, and a damaged proof. (A size whose
// path has the same shape, such as 38 for leaf 13 of 37, gives the same computation; the signed
// head binds the size to the root, so that is harmless.)
func TestInclusionProofRejected(t *testing.T) {
	leaves := testLeaves(SHA256, 37)
	other := testLeaves(SHA256, 38)[1:] // a different tree of the same size
	tree := buildTree(SHA256, leaves)
	const i, n = 13, 37
	proof, _ := tree.InclusionProof(i, n)
	root := tree.Root()
	otherRoot := RootOf(SHA256, other)
	damaged := slices.Clone(proof)
	damaged[2][0] ^= 1
	tests := []struct {
		name        string
		leaf        Hash
		index, size uint64
		proof       []Hash
		root        Hash
	}{
		{"root of another tree", leaves[i], i, n, proof, otherRoot},
		{"another leaf", leaves[i+1], i, n, proof, root},
		{"another index", leaves[i], i + 1, n, proof, root},
		{"a size with another shape", leaves[i], i, n + 30, proof, root},
		{"smaller size", leaves[i], i, n - 5, proof, root},
		{"index beyond size", leaves[i], n, n, proof, root},
		{"damaged hash", leaves[i], i, n, damaged, root},
		{"truncated proof", leaves[i], i, n, proof[:len(proof)-1], root},
		{"extended proof", leaves[i], i, n, append(slices.Clone(proof), root), root},
		{"SM3 instead of SHA-256", leaves[i], i, n, proof, root},
	}
	for _, tt := range tests {
		alg := SHA256
		if tt.name == "SM3 instead of SHA-256" {
			alg = SM3
		}
		if err := VerifyInclusion(alg, tt.leaf, tt.index, tt.size, tt.proof, tt.root); err == nil {
			t.Errorf("%s: VerifyInclusion accepted", tt.name)
		}
	}
	if err := VerifyInclusion(SHA256, leaves[i], i, n, proof, root); err != nil {
		t.Fatalf("the genuine proof fails: %v", err)
	}
}

func TestConsistencyProofRejected(t *testing.T) {
	leaves := testLeaves(SHA256, 50)
	tree := buildTree(SHA256, leaves)
	forked := slices.Clone(leaves)
	forked[20] = SHA256.LeafHash([]byte("rewritten"))
	const m, n = 27, 50
	proof, _ := tree.ConsistencyProof(m, n)
	rm, rn := refRoot(SHA256, leaves[:m]), refRoot(SHA256, leaves[:n])
	forkM, forkN := refRoot(SHA256, forked[:m]), refRoot(SHA256, forked[:n])
	damaged := slices.Clone(proof)
	damaged[0][5] ^= 0x80
	tests := []struct {
		name   string
		m, n   uint64
		rm, rn Hash
		proof  []Hash
	}{
		{"old root of a rewritten history", m, n, forkM, rn, proof},
		{"new root of a rewritten history", m, n, rm, forkN, proof},
		{"another old size", m - 1, n, rm, rn, proof},
		{"a new size with another shape", m, n + 20, rm, rn, proof},
		{"sizes swapped", n, m, rn, rm, proof},
		{"damaged hash", m, n, rm, rn, damaged},
		{"truncated proof", m, n, rm, rn, proof[:len(proof)-1]},
		{"empty proof", m, n, rm, rn, nil},
		{"extended proof", m, n, rm, rn, append(slices.Clone(proof), rn)},
		{"equal sizes, different roots", n, n, forkN, rn, nil},
		{"from empty, wrong old root", 0, n, rm, rn, nil},
	}
	for _, tt := range tests {
		if err := VerifyConsistency(SHA256, tt.m, tt.n, tt.rm, tt.rn, tt.proof); err == nil {
			t.Errorf("%s: VerifyConsistency accepted", tt.name)
		}
	}
	if err := VerifyConsistency(SHA256, m, n, rm, rn, proof); err != nil {
		t.Fatalf("the genuine proof fails: %v", err)
	}
}

// TestProofSizeLogarithmic checks that proofs grow with log n, not n.
func TestProofSizeLogarithmic(t *testing.T) {
	tests := []struct {
		n       uint64
		maxIncl int
	}{{1, 0}, {2, 1}, {1000, 10}, {1 << 20, 20}, {1<<20 + 1, 21}, {1<<40 + 12345, 41}}
	for _, tt := range tests {
		for _, i := range []uint64{0, tt.n / 2, tt.n - 1} {
			ids, err := InclusionNodes(i, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			// Up to one sibling is an imperfect range, decomposed into ≤ log n perfect nodes.
			if spans := len(inclusionSpans(i, tt.n)); spans > tt.maxIncl {
				t.Errorf("n=%d i=%d: %d proof hashes, want ≤ %d", tt.n, i, spans, tt.maxIncl)
			}
			if len(ids) > 2*tt.maxIncl+1 {
				t.Errorf("n=%d i=%d: %d nodes read, want ≤ %d", tt.n, i, len(ids), 2*tt.maxIncl+1)
			}
		}
		if ids, _ := ConsistencyNodes(tt.n/3, tt.n); len(ids) > 2*tt.maxIncl+2 {
			t.Errorf("n=%d: consistency reads %d nodes", tt.n, len(ids))
		}
	}
}

func TestProofArgumentErrors(t *testing.T) {
	tree := buildTree(SHA256, testLeaves(SHA256, 10))
	if _, err := tree.InclusionProof(10, 10); err == nil {
		t.Error("inclusion of index == size accepted")
	}
	if _, err := tree.InclusionProof(0, 11); err == nil {
		t.Error("inclusion in a tree larger than the log accepted")
	}
	if _, err := tree.ConsistencyProof(5, 4); err == nil {
		t.Error("consistency with m > n accepted")
	}
	if _, err := InclusionProof(SHA256, NodeMap{}, 3, 10); err == nil {
		t.Error("missing nodes not reported")
	}
}

func BenchmarkInclusionProof(b *testing.B) {
	tree := buildTree(SHA256, testLeaves(SHA256, 1<<16))
	n := tree.Size()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := tree.InclusionProof(uint64(i)%n, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyInclusion(b *testing.B) {
	leaves := testLeaves(SHA256, 1<<16)
	tree := buildTree(SHA256, leaves)
	n := tree.Size()
	root := tree.Root()
	proof, _ := tree.InclusionProof(12345, n)
	for b.Loop() {
		if err := VerifyInclusion(SHA256, leaves[12345], 12345, n, proof, root); err != nil {
			b.Fatal(err)
		}
	}
}
