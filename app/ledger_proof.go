package app

import (
	"context"

	"seedbed"
	"seedbed/ledger"
	"seedbed/sqlstore"
)

// InclusionProof returns the RFC 9162 proof that entry index is in the tree of size size (0
// for the size of the latest signed head), with that tree's root. EINVALID for an index or
// size beyond the log, ENOTFOUND before the first signed head.
func (l *Ledger) InclusionProof(ctx context.Context, index, size uint64) (*ledger.Inclusion, error) {
	return inclusionProof(ctx, l.store, index, size)
}

func inclusionProof(ctx context.Context, store *sqlstore.Store, index, size uint64) (*ledger.Inclusion, error) {
	alg, size, err := proofSize(ctx, store, size)
	if err != nil {
		return nil, err
	}
	if index >= size {
		return nil, seedbed.FieldError("index", seedbed.Label{Zh: "条目 %d 不在规模为 %d 的树中", En: "entry %d is not in the tree of size %d"}, index, size)
	}
	ids, err := ledger.InclusionNodes(index, size)
	if err != nil {
		return nil, err
	}
	ids = append(ids, ledger.NodeID{Level: 0, Index: index})
	nodes, err := store.LedgerNodes(ctx, append(ids, rootNodes(size)...))
	if err != nil {
		return nil, err
	}
	p := &ledger.Inclusion{Index: index, Size: size, HashAlg: alg, LeafHash: nodes[ledger.NodeID{Level: 0, Index: index}]}
	if p.Proof, err = ledger.InclusionProof(alg, nodes, index, size); err != nil {
		return nil, err
	}
	if p.Root, err = ledger.RootAt(alg, nodes, size); err != nil {
		return nil, err
	}
	return p, nil
}

// ConsistencyProof returns the RFC 9162 proof that the tree of size old is a prefix of the
// tree of size new (0 for the size of the latest signed head), with both roots. EINVALID for
// sizes out of order or beyond the log, ENOTFOUND before the first signed head.
func (l *Ledger) ConsistencyProof(ctx context.Context, old, new uint64) (*ledger.Consistency, error) {
	alg, new, err := proofSize(ctx, l.store, new)
	if err != nil {
		return nil, err
	}
	if old > new {
		return nil, seedbed.FieldError("first", seedbed.Label{Zh: "旧规模 %d 大于新规模 %d", En: "the old size %d exceeds the new size %d"}, old, new)
	}
	ids, err := ledger.ConsistencyNodes(old, new)
	if err != nil {
		return nil, err
	}
	nodes, err := l.store.LedgerNodes(ctx, append(append(ids, rootNodes(old)...), rootNodes(new)...))
	if err != nil {
		return nil, err
	}
	p := &ledger.Consistency{Old: old, New: new, HashAlg: alg}
	if p.Proof, err = ledger.ConsistencyProof(alg, nodes, old, new); err != nil {
		return nil, err
	}
	if p.OldRoot, err = ledger.RootAt(alg, nodes, old); err != nil {
		return nil, err
	}
	if p.NewRoot, err = ledger.RootAt(alg, nodes, new); err != nil {
		return nil, err
	}
	return p, nil
}

// proofSize gives the log's hash algorithm and the tree size a proof is for: size, or the
// latest signed head's when size is 0; a size beyond the log is refused.
func proofSize(ctx context.Context, store *sqlstore.Store, size uint64) (ledger.HashAlg, uint64, error) {
	st, err := store.LedgerStatus(ctx)
	if err != nil {
		return 0, 0, err
	}
	if size == 0 {
		if st.Head == nil {
			return 0, 0, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "账本还没有签名树头", En: "the ledger has no signed head yet"})
		}
		size = st.Head.Size
	}
	if size > st.Size {
		return 0, 0, seedbed.FieldError("tree_size", seedbed.Label{Zh: "树的规模 %d 超过账本的 %d 个条目", En: "tree size %d exceeds the %d entries of the ledger"}, size, st.Size)
	}
	return st.HashAlg, size, nil
}

// rootNodes lists the perfect subtrees whose hashes make up the root of a tree of size n.
func rootNodes(n uint64) []ledger.NodeID {
	var ids []ledger.NodeID
	var pos uint64
	for rem := n; rem > 0; {
		level := uint8(63)
		for uint64(1)<<level > rem {
			level--
		}
		ids = append(ids, ledger.NodeID{Level: level, Index: pos >> level})
		pos += 1 << level
		rem -= 1 << level
	}
	return ids
}
