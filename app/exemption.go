package app

import (
	"context"
	"encoding/json"
	"slices"

	"seedbed"
	"seedbed/exemption"
	"seedbed/ledger"
	"seedbed/sqlstore"
)

// Exemptions keeps procedures, procedure records, honest failures and exemption cases
// (容错免责认定): it drafts each determination with the exemption engine from what the ledger
// holds, and records every decision in the ledger in the decision's own transaction.
type Exemptions struct {
	store     *sqlstore.Store
	approvals *Approvals
}

// OpenCase opens the exemption case of a failed award: the decision is checked against the
// procedure in force, the determination drafted, and the case and the draft's outcome recorded
// in the ledger. Only an award closed as failed has a case, and only one (ECONFLICT otherwise;
// ENOTFOUND for an unknown award).
func (x *Exemptions) OpenCase(ctx context.Context, a seedbed.Actor, awardID int64) (*seedbed.ExemptionCase, error) {
	if _, err := x.store.GetFailure(ctx, awardID); err != nil {
		if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			if _, aerr := x.store.GetAward(ctx, awardID); aerr != nil {
				return nil, aerr
			}
			return nil, refused(ctx, x.store, a, "exemption.open", "award", awardID, seedbed.Errorf(seedbed.ECONFLICT,
				seedbed.Label{Zh: "只能为按失败结题的项目提起容错免责认定", En: "an exemption case is opened only for a project closed as failed"}))
		}
		return nil, err
	}
	// The draft reads and verifies the whole ledger; it is computed outside the write
	// transaction so that appends are not held up, and names the ledger size it checked.
	d, err := x.draft(ctx, awardID)
	if err != nil {
		return nil, err
	}
	var id int64
	err = decide(ctx, x.store, a, "exemption.open", "award", awardID, func(tx *sqlstore.Tx) error {
		switch existing, err := tx.ExemptionCaseIDOfAward(ctx, awardID); {
		case err == nil:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助 %d 已有容错免责认定案件 %d", En: "award %d already has exemption case %d"}, awardID, existing)
		case seedbed.ErrorCode(err) != seedbed.ENOTFOUND:
			return err
		}
		if id, err = tx.InsertExemptionCase(ctx, a, awardID, d); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventExemptionOpened, seedbed.AwardSubject(awardID), draftEvent(id, d)); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "exemption.open", "exemption_case", id, d.Outcome)
	})
	if err != nil {
		return nil, err
	}
	return x.store.GetExemptionCase(ctx, id)
}

// draftEvent is what the ledger keeps of a draft: its outcome, each condition's status, the
// procedure checked and the ledger size and root it was checked against.
func draftEvent(caseID int64, d seedbed.Determination) map[string]any {
	conds := map[string]string{}
	for _, c := range d.Conditions {
		conds[c.ID] = c.Status
	}
	m := map[string]any{"case_id": caseID, "award_id": d.AwardID, "draft_outcome": d.Outcome, "conditions": conds,
		"checked_size": d.CheckedSize, "checked_root": d.CheckedRoot}
	if d.Procedure != nil {
		m["procedure"] = map[string]any{"id": d.Procedure.ID, "version": d.Procedure.Version, "sha256": d.Procedure.SHA256}
	}
	return m
}

// RedraftCase recomputes the draft of an undecided case from the ledger as it is now
// (ECONFLICT once decided).
func (x *Exemptions) RedraftCase(ctx context.Context, a seedbed.Actor, id int64) (*seedbed.ExemptionCase, error) {
	c, err := x.store.GetExemptionCase(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := x.draft(ctx, c.AwardID)
	if err != nil {
		return nil, err
	}
	err = decide(ctx, x.store, a, "exemption.redraft", "exemption_case", id, func(tx *sqlstore.Tx) error {
		ok, err := tx.UpdateExemptionDraft(ctx, id, d)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "案件已作出认定，不能重新生成草稿", En: "the case was decided; its draft can no longer change"})
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventExemptionRedrafted, seedbed.AwardSubject(c.AwardID), draftEvent(id, d)); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "exemption.redraft", "exemption_case", id, d.Outcome)
	})
	if err != nil {
		return nil, err
	}
	return x.store.GetExemptionCase(ctx, id)
}

// DecideCase records an auditor's or committee's confirmation or override of the draft. A
// written reason is required (EINVALID without); the decision is made on the case version the
// decider saw (ECONFLICT if the draft changed meanwhile or the case was decided) and is ledgered.
func (x *Exemptions) DecideCase(ctx context.Context, a seedbed.Actor, id int64, dec seedbed.ExemptionDecision) (*seedbed.ExemptionCase, error) {
	dec.Normalize()
	err := decide(ctx, x.store, a, "exemption.decide", "exemption_case", id, func(tx *sqlstore.Tx) error {
		c, err := tx.ExemptionCase(ctx, id)
		if err != nil {
			return err
		}
		if c.State != seedbed.ExemptionDraft {
			at := seedbed.FormatCST(*c.DecidedAt)
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "案件已于 %s 作出认定", En: "the case was already decided on %s"}, at)
		}
		if err := dec.Validate(c.DraftOutcome); err != nil {
			return err
		}
		if dec.Version != 0 && dec.Version != c.Version {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "草稿在您查看后已重新生成，请重新核对", En: "the draft was recomputed after you read it; check it again"})
		}
		final := dec.Final(c.DraftOutcome)
		ok, err := tx.SaveExemptionDecision(ctx, a, id, c.Version, dec, final)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "案件已被他人改变，请刷新", En: "the case changed meanwhile; reload"})
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventExemptionDetermined, seedbed.AwardSubject(c.AwardID), map[string]any{
			"case_id": id, "award_id": c.AwardID, "draft_outcome": c.DraftOutcome, "decision": dec.Decision, "final_outcome": final,
			"reason": dec.Reason, "committee": dec.Committee, "checked_size": c.Draft.CheckedSize, "checked_root": c.Draft.CheckedRoot}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "exemption.decide", "exemption_case", id, dec.Decision+" → "+final)
	})
	if err != nil {
		return nil, err
	}
	return x.store.GetExemptionCase(ctx, id)
}

// Case returns one case, or ENOTFOUND.
func (x *Exemptions) Case(ctx context.Context, id int64) (*seedbed.ExemptionCase, error) {
	return x.store.GetExemptionCase(ctx, id)
}

// CaseOfAward returns the case of an award, or ENOTFOUND.
func (x *Exemptions) CaseOfAward(ctx context.Context, awardID int64) (*seedbed.ExemptionCase, error) {
	return x.store.ExemptionCaseOfAward(ctx, awardID)
}

// FindCases returns one page of cases, newest first, and how many match.
func (x *Exemptions) FindCases(ctx context.Context, f seedbed.ExemptionFilter) ([]seedbed.ExemptionCase, int, error) {
	return x.store.FindExemptionCases(ctx, f)
}

// Dossier returns the evidence of a case's determination with fresh inclusion proofs.
func (x *Exemptions) Dossier(ctx context.Context, c *seedbed.ExemptionCase) (*exemption.Dossier, error) {
	return x.dossier(ctx, evidenceIndices(c.Draft))
}

// evidenceIndices lists every entry a determination cites.
func evidenceIndices(d seedbed.Determination) []uint64 {
	var out []uint64
	if d.DecisionIndex != nil {
		out = append(out, *d.DecisionIndex)
	}
	if d.Procedure != nil {
		out = append(out, d.Procedure.LedgerIndex)
	}
	for _, s := range d.Steps {
		for _, e := range s.Entries {
			out = append(out, e.Index)
		}
	}
	for _, c := range d.Conditions {
		for _, e := range c.Entries {
			out = append(out, e.Index)
		}
	}
	return out
}

// dossier proves each entry against the latest signed head.
func (x *Exemptions) dossier(ctx context.Context, indices []uint64) (*exemption.Dossier, error) {
	st, err := x.store.LedgerStatus(ctx)
	if err != nil {
		return nil, err
	}
	d := &exemption.Dossier{HashAlg: st.HashAlg, Head: st.Head, Entries: []exemption.DossierEntry{}}
	if st.Head == nil {
		return d, nil
	}
	for _, k := range trustedKeys(ctx, x.store) {
		if k.KeyID() == st.Head.KeyID && ledger.VerifyHead(k, *st.Head) == nil {
			d.HeadVerified = true
		}
	}
	slices.Sort(indices)
	indices = slices.Compact(indices)
	for _, i := range indices {
		if i >= st.Head.Size {
			continue
		}
		recs, err := x.store.LedgerEntries(ctx, i, i+1)
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			d.Entries = append(d.Entries, exemption.DossierEntry{EventRecord: ledger.EventRecord{Record: ledger.Record{Index: i}}})
			continue
		}
		p, err := inclusionProof(ctx, x.store, i, st.Head.Size)
		if err != nil {
			return nil, err
		}
		leaf := st.HashAlg.LeafHash(recs[0].Entry)
		ok := leaf == recs[0].LeafHash && ledger.VerifyInclusion(st.HashAlg, leaf, i, st.Head.Size, p.Proof, st.Head.Root) == nil
		d.Entries = append(d.Entries, exemption.DossierEntry{EventRecord: recs[0], Proof: p.Proof, Verified: ok})
	}
	return d, nil
}

// draft gathers what the ledger holds about an award, verifies the whole ledger and the
// inclusion proofs, and has the exemption engine draft the determination.
func (x *Exemptions) draft(ctx context.Context, awardID int64) (seedbed.Determination, error) {
	aw, err := x.store.GetAward(ctx, awardID)
	if err != nil {
		return seedbed.Determination{}, err
	}
	p, err := x.store.GetProgram(ctx, aw.ProgramID)
	if err != nil {
		return seedbed.Determination{}, err
	}
	in := exemption.Input{AwardID: aw.ID, ProgramID: aw.ProgramID, ApplicationID: aw.ApplicationID, Amount: aw.Amount, SelectionMode: p.SelectionMode}
	f, err := x.store.GetFailure(ctx, awardID)
	switch {
	case err == nil:
		in.Failure = f
	case seedbed.ErrorCode(err) != seedbed.ENOTFOUND:
		return seedbed.Determination{}, err
	}
	subjects := []string{seedbed.ProgramSubject(aw.ProgramID), seedbed.ApplicationSubject(aw.ApplicationID), seedbed.AwardSubject(aw.ID)}
	// The changes to the declared relations of the application's reviewers (old and new) are
	// part of the record the case reads.
	reviewers, err := x.store.FindAssignments(ctx, seedbed.AssignmentFilter{ApplicationID: aw.ApplicationID})
	if err != nil {
		return seedbed.Determination{}, err
	}
	for _, as := range reviewers {
		subjects = append(subjects, seedbed.UserSubject(as.ReviewerID))
	}
	recs, err := x.store.LedgerRecordsAbout(ctx, seedbed.EventProcedurePublished, subjects)
	if err != nil {
		return seedbed.Determination{}, err
	}
	in.Records, in.Procedures = recordsAbout(recs, subjects)
	rep, err := verifyStored(ctx, x.store, ledger.StoreVerifyOptions{Keys: x.store.HeldLedgerKeys(), LogKeys: true, Events: true})
	if err != nil {
		return seedbed.Determination{}, err
	}
	in.LedgerOK = rep.OK()
	switch {
	case rep.Problem != nil:
		in.LedgerProblem = rep.Problem.Message
	case len(rep.Store) > 0:
		in.LedgerProblem = rep.Store[0]
	}
	indices := []uint64{}
	for _, r := range in.Records {
		indices = append(indices, r.Index)
	}
	for _, pp := range in.Procedures {
		indices = append(indices, pp.Index)
	}
	d, err := x.dossier(ctx, indices)
	if err != nil {
		return seedbed.Determination{}, err
	}
	in.ProofsOK = d.OK() && len(d.Entries) == len(slices.Compact(slices.Sorted(slices.Values(indices))))
	if d.Head != nil {
		in.CheckedSize, in.CheckedRoot = d.Head.Size, d.Head.Root.String()
	}
	return exemption.Determine(in), nil
}

// recordsAbout reads, from the hashed entries themselves, the decisions about the subjects
// and the published procedures, in ledger order. A damaged entry is left out: verification
// reports it and the determination fails on it.
func recordsAbout(recs []ledger.EventRecord, subjects []string) ([]exemption.Record, []exemption.Published) {
	var out []exemption.Record
	var procs []exemption.Published
	for _, r := range recs {
		e, err := ledger.ParseEntry(r.Entry)
		if err != nil {
			continue
		}
		ev, err := ledger.EntryEvent(e)
		if err != nil {
			continue
		}
		if e.Kind == seedbed.EventProcedurePublished {
			var pp struct {
				Source string `json:"source"`
			}
			json.Unmarshal(ev.Payload, &pp)
			if proc, err := exemption.Parse([]byte(pp.Source)); err == nil {
				procs = append(procs, exemption.Published{Procedure: proc, Index: e.Index, Time: e.Time, Actor: e.Actor})
			}
			continue
		}
		if slices.Contains(subjects, e.Subject) {
			out = append(out, exemption.Record{Index: e.Index, Time: e.Time, Kind: e.Kind, Actor: e.Actor, Subject: e.Subject, Payload: ev.Payload})
		}
	}
	return out, procs
}
