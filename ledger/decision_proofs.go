package ledger

import (
	"bytes"
	"encoding/json"

	"seedbed"
)

// DecisionProofsFormat names the format of a DecisionProofs bundle.
const DecisionProofsFormat = "seedbed-decision-proofs/1"

// DecisionProof is one decision's entry, its canonical bytes exactly as hashed, with the proof
// that it is in the tree of its bundle's signed head.
type DecisionProof struct {
	Index    uint64          `json:"index"`
	Kind     string          `json:"kind"`
	Entry    json.RawMessage `json:"entry"` // leaf hash = H(0x00 ‖ entry)
	LeafHash Hash            `json:"leaf_hash"`
	Proof    []Hash          `json:"proof"` // RFC 9162 inclusion proof at the head's size
}

// DecisionProofs is an offline bundle for some of the log's entries — the decisions about one
// subject that are published — rather than the whole log: a signed head, the keys that may
// have signed it, and each entry with its inclusion proof. Anyone can check it without the
// server (VerifyDecisionProofs) and without seeing the log's other entries.
type DecisionProofs struct {
	Format  string          `json:"format"`
	Subject string          `json:"subject"`
	HashAlg HashAlg         `json:"hash_alg"`
	Head    *SignedHead     `json:"head"`
	Keys    []BundleKey     `json:"keys"`
	Entries []DecisionProof `json:"entries"`
}

// VerifyDecisionProofs checks a bundle: the head is signed by one of the trusted keys (or, with
// none given, by one of the bundle's own keys, which proves only that the bundle is consistent:
// compare the key id with the one the bureau publishes); every entry is a
// canonical entry at its index about the bundle's subject, hashes to its leaf hash, and its
// proof leads from that leaf to the head's root. It returns nil, or an ECONFLICT error naming
// the first entry that fails (EINVALID for a malformed bundle).
func VerifyDecisionProofs(b DecisionProofs, trusted ...Verifier) error {
	if b.Format != DecisionProofsFormat || b.Head == nil || !b.HashAlg.Valid() || b.Head.HashAlg != b.HashAlg {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "不是 %s 格式的证明包", En: "not a %s bundle"}, DecisionProofsFormat)
	}
	keys := trusted
	if len(keys) == 0 {
		for _, k := range b.Keys {
			v, err := ParsePublicKeyPEM([]byte(k.PublicKey))
			if err != nil {
				return err
			}
			keys = append(keys, v)
		}
	}
	signed := false
	for _, v := range keys {
		if v.KeyID() == b.Head.KeyID && VerifyHead(v, *b.Head) == nil {
			signed = true
		}
	}
	if !signed {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "树头的签名不能用任何可信公钥验证", En: "no trusted key verifies the head's signature"})
	}
	for _, p := range b.Entries {
		e, err := ParseEntry(p.Entry)
		if err != nil || e.Index != p.Index || e.Kind != p.Kind || e.Subject != b.Subject {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "条目 %d 不是关于 %s 的规范条目", En: "entry %d is not a canonical entry about %s"}, p.Index, b.Subject)
		}
		if leaf := b.HashAlg.LeafHash(p.Entry); !bytes.Equal(leaf[:], p.LeafHash[:]) {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "条目 %d 的叶哈希为 %s，证明包写的是 %s", En: "entry %d hashes to leaf %s, the bundle says %s"}, p.Index, leaf, p.LeafHash)
		}
		if err := VerifyInclusion(b.HashAlg, p.LeafHash, p.Index, b.Head.Size, p.Proof, b.Head.Root); err != nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "条目 %d 的包含证明不能通向签名树头的根", En: "entry %d's inclusion proof does not lead to the signed head's root"}, p.Index)
		}
	}
	return nil
}
