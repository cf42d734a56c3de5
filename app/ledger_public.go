package app

import (
	"context"
	"encoding/json"
	"slices"

	"seedbed"
	"seedbed/ledger"
)

// PublicDecisionKinds are the kinds of decision about a program that the portal publishes with
// their ledger entries and proofs: the call, its moves from state to state, the selection, the
// lottery's commitment and its draw. Entries of other kinds stay behind the login: they hold
// reviewers' declared relations and conflicts, eligibility checks of named organisations and
// the like, which is why the whole ledger's bundle is not public.
var PublicDecisionKinds = []string{seedbed.EventProgramPublished, seedbed.EventProgramState, seedbed.EventSelection,
	seedbed.EventLotteryCommitment, seedbed.EventDraw}

// PublishedProofs returns the offline bundle (ledger.DecisionProofs) of a published program's
// public decisions (PublicDecisionKinds) against the latest signed head. A draft or unknown
// program is ENOTFOUND, so that nothing about it is revealed; a ledger without a signed head
// yet is ENOTFOUND too.
func (l *Ledger) PublishedProofs(ctx context.Context, programID int64) (*ledger.DecisionProofs, error) {
	p, err := l.store.GetProgram(ctx, programID)
	if err != nil || p.State == seedbed.ProgramDraft {
		if err == nil || seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "计划不存在", En: "program not found"})
		}
		return nil, err
	}
	st, err := l.store.LedgerStatus(ctx)
	if err != nil {
		return nil, err
	}
	if st.Head == nil {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "决策账本尚无签名树头", En: "the decision ledger has no signed head yet"})
	}
	keys, err := l.store.LedgerKeys(ctx)
	if err != nil {
		return nil, err
	}
	out := &ledger.DecisionProofs{Format: ledger.DecisionProofsFormat, Subject: seedbed.ProgramSubject(programID), HashAlg: st.HashAlg,
		Head: st.Head, Keys: []ledger.BundleKey{}, Entries: []ledger.DecisionProof{}}
	for _, k := range keys {
		out.Keys = append(out.Keys, ledger.BundleKey{KeyID: k.KeyID(), SigAlg: k.Algorithm(), PublicKey: string(k.PublicKeyPEM())})
	}
	recs, err := l.store.LedgerRecordsOf(ctx, seedbed.ProgramSubject(programID), "")
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		var e struct {
			Kind string `json:"kind"`
		}
		if json.Unmarshal(rec.Entry, &e) != nil || !slices.Contains(PublicDecisionKinds, e.Kind) || rec.Index >= st.Head.Size {
			continue
		}
		proof, err := inclusionProof(ctx, l.store, rec.Index, st.Head.Size)
		if err != nil {
			return nil, err
		}
		out.Entries = append(out.Entries, ledger.DecisionProof{Index: rec.Index, Kind: e.Kind, Entry: rec.Entry, LeafHash: rec.LeafHash, Proof: proof.Proof})
	}
	return out, nil
}
