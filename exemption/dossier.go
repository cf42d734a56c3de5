package exemption

import "seedbed/ledger"

// DossierEntry is one ledger entry of a dossier with its inclusion proof.
type DossierEntry struct {
	ledger.EventRecord
	Proof    []ledger.Hash `json:"proof"`
	Verified bool          `json:"verified"` // the proof verifies against the head's root
}

// Dossier is the evidence of an exemption case: the signed head the proofs are against and
// the entries with their proofs.
type Dossier struct {
	HashAlg      ledger.HashAlg     `json:"hash_alg"`
	Head         *ledger.SignedHead `json:"head"`
	HeadVerified bool               `json:"head_verified"` // signed by a trusted key
	Entries      []DossierEntry     `json:"entries"`
}

// OK reports whether the head and every proof verified.
func (d *Dossier) OK() bool {
	if d.Head == nil || !d.HeadVerified {
		return false
	}
	for _, e := range d.Entries {
		if !e.Verified {
			return false
		}
	}
	return true
}
