package ledger

import "seedbed"

// MemoryTree is a whole log held in memory: the frontier plus every completed perfect subtree.
// It is the reference for what a store persists, and serves proofs for tests, tools and small
// bundles. It is not safe for concurrent use.
type MemoryTree struct {
	f      *Frontier
	levels [][]Hash // levels[l][i] is Node(l, i)
}

// NewMemoryTree returns an empty in-memory log.
func NewMemoryTree(alg HashAlg) *MemoryTree {
	return &MemoryTree{f: NewFrontier(alg), levels: [][]Hash{nil}}
}

// Append adds the next leaf hash and returns its index.
func (t *MemoryTree) Append(leaf Hash) uint64 {
	index := t.f.Size()
	t.levels[0] = append(t.levels[0], leaf)
	for _, n := range t.f.Append(leaf) {
		if int(n.Level) == len(t.levels) {
			t.levels = append(t.levels, nil)
		}
		t.levels[n.Level] = append(t.levels[n.Level], n.Hash)
	}
	return index
}

// Size returns the number of leaves.
func (t *MemoryTree) Size() uint64 { return t.f.Size() }

// Root returns the current root.
func (t *MemoryTree) Root() Hash { return t.f.Root() }

// Node returns a perfect subtree hash, or ENOTFOUND if it is not complete.
func (t *MemoryTree) Node(level uint8, index uint64) (Hash, error) {
	if int(level) < len(t.levels) && index < uint64(len(t.levels[level])) {
		return t.levels[level][index], nil
	}
	return Hash{}, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "缺少树节点 (%d,%d)", En: "tree node (%d,%d) not found"}, level, index)
}

// RootAt returns the root of the first size leaves.
func (t *MemoryTree) RootAt(size uint64) (Hash, error) {
	if size > t.Size() {
		return Hash{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "规模 %d 超过日志长度 %d", En: "size %d exceeds the log length %d"}, size, t.Size())
	}
	return RootAt(t.f.alg, t, size)
}

// InclusionProof returns the audit path of leaf index in the tree of the first size leaves.
func (t *MemoryTree) InclusionProof(index, size uint64) ([]Hash, error) {
	if size > t.Size() {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "规模 %d 超过日志长度 %d", En: "size %d exceeds the log length %d"}, size, t.Size())
	}
	return InclusionProof(t.f.alg, t, index, size)
}

// ConsistencyProof returns the proof that the first m leaves are a prefix of the first n.
func (t *MemoryTree) ConsistencyProof(m, n uint64) ([]Hash, error) {
	if n > t.Size() {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "规模 %d 超过日志长度 %d", En: "size %d exceeds the log length %d"}, n, t.Size())
	}
	return ConsistencyProof(t.f.alg, t, m, n)
}
