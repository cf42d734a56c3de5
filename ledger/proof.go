package ledger

import (
	"fmt"
	"math/bits"

	"seedbed"
)

// NodeReader gives the hashes of perfect subtrees of the log: Node(0, i) is the leaf hash of
// entry i and Node(l, i) for l ≥ 1 is a node returned by Frontier.Append. It returns an error
// (seedbed ENOTFOUND) when the node does not exist yet.
type NodeReader interface {
	Node(level uint8, index uint64) (Hash, error)
}

// NodeID names a perfect subtree: the 2^Level leaves starting at Index·2^Level.
type NodeID struct {
	Level uint8
	Index uint64
}

// span is a range [lo, hi) of leaves whose Merkle tree hash is one element of a proof.
type span struct{ lo, hi uint64 }

// maxProofLen bounds the proofs we accept: a tree of 2^64 leaves needs at most 64 hashes for
// inclusion and 65 for consistency.
const maxProofLen = 66

// InclusionProof returns the RFC 9162 §2.1.3.1 audit path for leaf index in the tree of the
// first size leaves, reading O(log size) nodes from r.
func InclusionProof(alg HashAlg, r NodeReader, index, size uint64) ([]Hash, error) {
	if index >= size {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "条目序号 %d 不在规模为 %d 的树中", En: "index %d is not in a tree of size %d"}, index, size)
	}
	return proofFromSpans(alg, r, inclusionSpans(index, size))
}

// ConsistencyProof returns the RFC 9162 §2.1.4.1 proof that the tree of the first m leaves is
// a prefix of the tree of the first n leaves, reading O(log n) nodes from r. It is empty when
// m is 0 or m equals n.
func ConsistencyProof(alg HashAlg, r NodeReader, m, n uint64) ([]Hash, error) {
	if m > n {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "旧树规模 %d 大于新树规模 %d", En: "the old size %d exceeds the new size %d"}, m, n)
	}
	return proofFromSpans(alg, r, consistencySpans(m, n))
}

// RootAt returns the Merkle tree hash of the first size leaves from the perfect subtrees in r.
func RootAt(alg HashAlg, r NodeReader, size uint64) (Hash, error) {
	if size == 0 {
		return alg.EmptyRoot(), nil
	}
	return spanHash(newHasher(alg), r, span{0, size})
}

// InclusionNodes lists the perfect subtrees InclusionProof reads, so a store can fetch them in
// one query and serve them through a NodeMap.
func InclusionNodes(index, size uint64) ([]NodeID, error) {
	if index >= size {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "条目序号 %d 不在规模为 %d 的树中", En: "index %d is not in a tree of size %d"}, index, size)
	}
	return spanNodes(inclusionSpans(index, size)), nil
}

// ConsistencyNodes lists the perfect subtrees ConsistencyProof reads, so a store can fetch
// them in one query and serve them through a NodeMap.
func ConsistencyNodes(m, n uint64) ([]NodeID, error) {
	if m > n {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "旧树规模 %d 大于新树规模 %d", En: "the old size %d exceeds the new size %d"}, m, n)
	}
	return spanNodes(consistencySpans(m, n)), nil
}

func spanNodes(spans []span) []NodeID {
	var ids []NodeID
	for _, s := range spans {
		ids = append(ids, decompose(s)...)
	}
	return ids
}

// inclusionSpans returns the sibling ranges on the path from the root to leaf index, ordered
// leaf-side first as RFC 9162 PATH orders them.
func inclusionSpans(index, size uint64) []span {
	var out []span
	lo, hi := uint64(0), size
	for hi-lo > 1 {
		k := splitPoint(hi - lo)
		if index < lo+k {
			out = append(out, span{lo + k, hi})
			hi = lo + k
		} else {
			out = append(out, span{lo, lo + k})
			lo += k
		}
	}
	reverse(out)
	return out
}

// consistencySpans returns the ranges of RFC 9162 SUBPROOF(m, D[0:n], true), ordered as the
// proof lists them.
func consistencySpans(m, n uint64) []span {
	if m == 0 || m == n {
		return nil
	}
	var out []span
	lo, hi, complete := uint64(0), n, true
	for {
		if m-lo == hi-lo {
			if !complete {
				out = append(out, span{lo, hi})
			}
			break
		}
		k := splitPoint(hi - lo)
		if m-lo <= k {
			out = append(out, span{lo + k, hi})
			hi = lo + k
		} else {
			out = append(out, span{lo, lo + k})
			lo += k
			complete = false
		}
	}
	reverse(out)
	return out
}

// splitPoint returns the largest power of two smaller than n (n ≥ 2).
func splitPoint(n uint64) uint64 { return 1 << (bits.Len64(n-1) - 1) }

func reverse(s []span) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// decompose splits a range that starts at a multiple of a power of two at least its length
// (every range a proof uses does) into perfect subtrees, largest first.
func decompose(s span) []NodeID {
	var ids []NodeID
	pos := s.lo
	for rem := s.hi - s.lo; rem > 0; {
		level := uint8(bits.Len64(rem) - 1)
		ids = append(ids, NodeID{Level: level, Index: pos >> level})
		pos += 1 << level
		rem -= 1 << level
	}
	return ids
}

func spanHash(x *hasher, r NodeReader, s span) (Hash, error) {
	ids := decompose(s)
	hs := make([]Hash, len(ids))
	for i, id := range ids {
		h, err := r.Node(id.Level, id.Index)
		if err != nil {
			return Hash{}, fmt.Errorf("read node (%d,%d): %w", id.Level, id.Index, err)
		}
		hs[i] = h
	}
	acc := hs[len(hs)-1]
	for i := len(hs) - 2; i >= 0; i-- {
		acc = x.node(hs[i], acc)
	}
	return acc, nil
}

func proofFromSpans(alg HashAlg, r NodeReader, spans []span) ([]Hash, error) {
	x := newHasher(alg)
	proof := make([]Hash, 0, len(spans))
	for _, s := range spans {
		h, err := spanHash(x, r, s)
		if err != nil {
			return nil, err
		}
		proof = append(proof, h)
	}
	return proof, nil
}

// NodeMap is a NodeReader over a fixed set of nodes, for serving proofs from nodes fetched
// in one query (see ProofNodes).
type NodeMap map[NodeID]Hash

// Node returns the stored hash or an ENOTFOUND error.
func (m NodeMap) Node(level uint8, index uint64) (Hash, error) {
	h, ok := m[NodeID{level, index}]
	if !ok {
		return Hash{}, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "缺少树节点 (%d,%d)", En: "tree node (%d,%d) not found"}, level, index)
	}
	return h, nil
}
