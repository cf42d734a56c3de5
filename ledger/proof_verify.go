package ledger

import (
	"seedbed"
)

// Errors from proof verification are *seedbed.Error with code EINVALID; the message says
// which check failed in Chinese and English.

// proofError returns the error for a failed check, its message in two formats that take the
// same arguments.
func proofError(zh, en string, args ...any) error {
	return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: zh, En: en}, args...)
}

// VerifyInclusion checks that leaf is entry index of the tree of the given size and root,
// following RFC 9162 §2.1.3.2. It returns nil or an EINVALID error saying what failed.
func VerifyInclusion(alg HashAlg, leaf Hash, index, size uint64, proof []Hash, root Hash) error {
	if !alg.Valid() {
		return proofError("无效的哈希算法", "invalid hash algorithm")
	}
	if index >= size {
		return proofError("序号 %d 不在规模为 %d 的树中", "index %d is not in a tree of size %d", index, size)
	}
	if len(proof) > maxProofLen {
		return proofError("证明过长（%d 个哈希）", "proof too long (%d hashes)", len(proof))
	}
	x := newHasher(alg)
	fn, sn := index, size-1
	r := leaf
	for _, p := range proof {
		if sn == 0 {
			return proofError("证明比规模为 %d 的树所需的更长", "proof is longer than a tree of size %d needs", size)
		}
		if fn&1 == 1 || fn == sn {
			r = x.node(p, r)
			for fn&1 == 0 && fn != 0 {
				fn >>= 1
				sn >>= 1
			}
		} else {
			r = x.node(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 {
		return proofError("证明比规模为 %d 的树所需的更短", "proof is shorter than a tree of size %d needs", size)
	}
	if r != root {
		return proofError("包含证明不成立：算出的根与给定的根不同（证明属于另一棵树或另一个条目）", "inclusion proof fails: the computed root differs from the given root (the proof is for another tree or another entry)")
	}
	return nil
}

// VerifyConsistency checks that the tree of size m with rootM is a prefix of the tree of size
// n with rootN, following RFC 9162 §2.1.4.2. It returns nil or an EINVALID error.
func VerifyConsistency(alg HashAlg, m, n uint64, rootM, rootN Hash, proof []Hash) error {
	if !alg.Valid() {
		return proofError("无效的哈希算法", "invalid hash algorithm")
	}
	switch {
	case m > n:
		return proofError("旧树规模 %d 大于新树规模 %d", "the old size %d exceeds the new size %d", m, n)
	case len(proof) > maxProofLen:
		return proofError("证明过长（%d 个哈希）", "proof too long (%d hashes)", len(proof))
	case m == n:
		if len(proof) != 0 {
			return proofError("规模相同的两棵树的一致性证明应为空", "a consistency proof between equal sizes must be empty")
		}
		if rootM != rootN {
			return proofError("规模相同但根不同：两棵树不一致", "equal sizes but different roots: the trees are inconsistent")
		}
		return nil
	case m == 0:
		if len(proof) != 0 {
			return proofError("空树的一致性证明应为空", "a consistency proof from the empty tree must be empty")
		}
		if rootM != alg.EmptyRoot() {
			return proofError("规模为 0 的树的根应为空树的根", "the root of a tree of size 0 must be the empty-tree root")
		}
		return nil
	case len(proof) == 0:
		return proofError("一致性证明为空", "the consistency proof is empty")
	}
	if m&(m-1) == 0 { // m is a power of two: the old root is itself a node of the new tree
		proof = append([]Hash{rootM}, proof...)
	}
	x := newHasher(alg)
	fn, sn := m-1, n-1
	for fn&1 == 1 {
		fn >>= 1
		sn >>= 1
	}
	fr, sr := proof[0], proof[0]
	for _, c := range proof[1:] {
		if sn == 0 {
			return proofError("证明比所需的更长", "the proof is longer than needed")
		}
		if fn&1 == 1 || fn == sn {
			fr = x.node(c, fr)
			sr = x.node(c, sr)
			for fn&1 == 0 && fn != 0 {
				fn >>= 1
				sn >>= 1
			}
		} else {
			sr = x.node(sr, c)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 {
		return proofError("证明比所需的更短", "the proof is shorter than needed")
	}
	if fr != rootM {
		return proofError("一致性证明不成立：旧树的根与给定的不同", "consistency proof fails: the computed old root differs from the given one")
	}
	if sr != rootN {
		return proofError("一致性证明不成立：新树的根与给定的不同", "consistency proof fails: the computed new root differs from the given one")
	}
	return nil
}
