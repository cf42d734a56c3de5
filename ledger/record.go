package ledger

import "encoding/json"

// Record is one stored row of the log: the canonical entry bytes, the leaf hash computed when
// it was appended, and the tree root just after it. The hashes are not signed; they let
// verification name the first row whose content or hashes diverge, and let a store answer
// "root at size n" without recomputation.
type Record struct {
	Index    uint64          `json:"index"`
	Entry    json.RawMessage `json:"entry"`
	LeafHash Hash            `json:"leaf"`
	Root     Hash            `json:"root"`
}

// AppendEntry gives e the next index, encodes it, and appends it to f. It returns the row to
// store and the perfect subtrees the append completed (for the node table). f is unchanged
// if the entry is invalid. Append the record, its nodes and the new frontier in the same
// transaction as the decision the entry records.
func AppendEntry(f *Frontier, e Entry) (Record, []Node, error) {
	e.Index = f.Size()
	data, err := e.Canonical()
	if err != nil {
		return Record{}, nil, err
	}
	leaf := f.x.leaf(data)
	nodes := f.Append(leaf)
	return Record{Index: e.Index, Entry: data, LeafHash: leaf, Root: f.Root()}, nodes, nil
}
