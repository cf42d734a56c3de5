package ledger

import (
	"encoding/binary"
	"math/bits"

	"seedbed"
)

// Node is a perfect subtree of the log: the 2^Level leaves starting at leaf Index·2^Level.
// Level 0 nodes are the leaf hashes themselves.
type Node struct {
	Level uint8
	Index uint64
	Hash  Hash
}

// Frontier is the compact range [0, size) of a growing log: one perfect-subtree hash per set
// bit of the size, largest first. Appending costs amortised O(1) hashes and computing the root
// O(log n), so the store never recomputes the tree. A Frontier is not safe for concurrent use.
type Frontier struct {
	alg   HashAlg
	size  uint64
	nodes []Hash // nodes[i] covers the subtree for the i-th set bit of size, highest first
	x     *hasher
}

// NewFrontier returns the frontier of the empty log.
func NewFrontier(alg HashAlg) *Frontier {
	return &Frontier{alg: alg, nodes: make([]Hash, 0, 64), x: newHasher(alg)}
}

// HashAlg returns the hash algorithm of the log.
func (f *Frontier) HashAlg() HashAlg { return f.alg }

// Size returns the number of leaves appended so far.
func (f *Frontier) Size() uint64 { return f.size }

// Clone returns an independent copy of f.
func (f *Frontier) Clone() *Frontier {
	c := NewFrontier(f.alg)
	c.size = f.size
	c.nodes = append(c.nodes, f.nodes...)
	return c
}

// CopyFrom makes f a copy of src, reusing f's storage: a copy kept to undo appends costs no
// allocation once it has grown.
func (f *Frontier) CopyFrom(src *Frontier) {
	if f.alg != src.alg || f.x == nil {
		f.x = newHasher(src.alg)
	}
	f.alg, f.size = src.alg, src.size
	f.nodes = append(f.nodes[:0], src.nodes...)
}

// Append adds the next leaf hash and returns the perfect subtrees of level 1 and above that
// it completed, lowest first, so that the store can persist them for proofs. The leaf itself
// (level 0, index Size()-1) is not repeated in the result: it is the entry's stored leaf hash.
func (f *Frontier) Append(leaf Hash) []Node {
	index := f.size
	merges := bits.TrailingZeros64(^index) // number of completed subtrees that merge
	if merges == 0 {
		f.push(leaf)
		return nil
	}
	done := make([]Node, 0, merges)
	h := leaf
	for level := 1; level <= merges; level++ {
		h = f.x.node(f.nodes[len(f.nodes)-1], h)
		f.nodes = f.nodes[:len(f.nodes)-1]
		done = append(done, Node{Level: uint8(level), Index: index >> level, Hash: h})
	}
	f.nodes = append(f.nodes, h)
	f.size++
	return done
}

// push is Append without reporting the completed nodes; it never allocates once the node
// slice has grown to 64 entries.
func (f *Frontier) push(leaf Hash) {
	h := leaf
	for i := f.size; i&1 == 1; i >>= 1 {
		h = f.x.node(f.nodes[len(f.nodes)-1], h)
		f.nodes = f.nodes[:len(f.nodes)-1]
	}
	f.nodes = append(f.nodes, h)
	f.size++
}

// Root returns the Merkle tree hash of the leaves appended so far (RFC 6962 MTH).
func (f *Frontier) Root() Hash {
	if f.size == 0 {
		return f.alg.EmptyRoot()
	}
	acc := f.nodes[len(f.nodes)-1]
	for i := len(f.nodes) - 2; i >= 0; i-- {
		acc = f.x.node(f.nodes[i], acc)
	}
	return acc
}

// rootWith returns the root the log would have after appending leaf, without changing f.
func (f *Frontier) rootWith(leaf Hash) Hash {
	acc := leaf
	for i := len(f.nodes) - 1; i >= 0; i-- {
		acc = f.x.node(f.nodes[i], acc)
	}
	return acc
}

// Frontier binary form: magic "SBF", version 1, hash algorithm, size (8 bytes big-endian),
// then popcount(size) hashes, largest subtree first.
const (
	frontierMagic   = "SBF"
	frontierVersion = 1
	frontierHeader  = len(frontierMagic) + 2 + 8
)

// MarshalBinary encodes the frontier compactly (at most 12 + 64·32 bytes) for one table row.
func (f *Frontier) MarshalBinary() ([]byte, error) {
	out := make([]byte, 0, frontierHeader+len(f.nodes)*HashSize)
	out = append(out, frontierMagic...)
	out = append(out, frontierVersion, byte(f.alg))
	out = binary.BigEndian.AppendUint64(out, f.size)
	for _, h := range f.nodes {
		out = append(out, h[:]...)
	}
	return out, nil
}

// UnmarshalFrontier decodes a frontier written by MarshalBinary.
func UnmarshalFrontier(data []byte) (*Frontier, error) {
	if len(data) < frontierHeader || string(data[:3]) != frontierMagic || data[3] != frontierVersion {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "账本前沿数据格式无效", En: "the ledger frontier is not in the expected format"})
	}
	alg := HashAlg(data[4])
	if !alg.Valid() {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "账本前沿的哈希算法无效", En: "the ledger frontier names an unknown hash algorithm"})
	}
	size := binary.BigEndian.Uint64(data[5:13])
	n := bits.OnesCount64(size)
	if len(data) != frontierHeader+n*HashSize {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "账本前沿长度与规模 %d 不符", En: "the ledger frontier's length does not match its size %d"}, size)
	}
	f := NewFrontier(alg)
	f.size = size
	for i := 0; i < n; i++ {
		var h Hash
		copy(h[:], data[frontierHeader+i*HashSize:])
		f.nodes = append(f.nodes, h)
	}
	return f, nil
}
