package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"seedbed"
	"seedbed/exemption"
	"seedbed/ledger"
)

// The dossier of an exemption case: the ledger entries a determination relies on, each with
// its inclusion proof against the latest signed tree head, gathered from the read pool.

// dossier proves each entry against the latest signed head.
func (s *Store) dossier(ctx context.Context, indices []uint64) (*exemption.Dossier, error) {
	st, err := s.LedgerStatus(ctx)
	if err != nil {
		return nil, err
	}
	d := &exemption.Dossier{HashAlg: st.HashAlg, Head: st.Head, Entries: []exemption.DossierEntry{}}
	if st.Head == nil {
		return d, nil
	}
	for _, k := range s.TrustedLedgerKeys(ctx) {
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
		recs, err := s.LedgerEntries(ctx, i, i+1)
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			d.Entries = append(d.Entries, exemption.DossierEntry{EventRecord: ledger.EventRecord{Record: ledger.Record{Index: i}}})
			continue
		}
		p, err := s.LedgerInclusionProof(ctx, i, st.Head.Size)
		if err != nil {
			return nil, err
		}
		leaf := st.HashAlg.LeafHash(recs[0].Entry)
		ok := leaf == recs[0].LeafHash && ledger.VerifyInclusion(st.HashAlg, leaf, i, st.Head.Size, p.Proof, st.Head.Root) == nil
		d.Entries = append(d.Entries, exemption.DossierEntry{EventRecord: recs[0], Proof: p.Proof, Verified: ok})
	}
	return d, nil
}

// TrustedLedgerKeys are the public keys of the signing keys this store was given and, when
// it holds none (a store opened without a key), those stored in the database.
func (s *Store) TrustedLedgerKeys(ctx context.Context) []ledger.Verifier {
	if keys := s.keys.public(); len(keys) > 0 {
		return keys
	}
	keys, _ := s.LedgerKeys(ctx)
	return keys
}

// ExemptionDossier returns the evidence of a case's determination with fresh inclusion proofs.
func (s *Store) ExemptionDossier(ctx context.Context, c *seedbed.ExemptionCase) (*exemption.Dossier, error) {
	return s.dossier(ctx, evidenceIndices(c.Draft))
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

// draftDetermination gathers what the ledger holds about an award, verifies the whole ledger
// and the inclusion proofs, and drafts the determination.
func (s *Store) draftDetermination(ctx context.Context, awardID int64) (seedbed.Determination, error) {
	aw, err := getAward(ctx, s.read, awardID)
	if err != nil {
		return seedbed.Determination{}, err
	}
	p, err := getProgram(ctx, s.read, aw.ProgramID)
	if err != nil {
		return seedbed.Determination{}, err
	}
	in := exemption.Input{AwardID: aw.ID, ProgramID: aw.ProgramID, ApplicationID: aw.ApplicationID, Amount: aw.Amount, SelectionMode: p.SelectionMode}
	f, err := getFailure(ctx, s.read, awardID)
	switch {
	case err == nil:
		in.Failure = f
	case seedbed.ErrorCode(err) != seedbed.ENOTFOUND:
		return seedbed.Determination{}, err
	}
	if in.Records, in.Procedures, err = s.ledgerRecordsAbout(ctx, []string{programSubject(aw.ProgramID), applicationSubject(aw.ApplicationID), awardSubject(aw.ID)}); err != nil {
		return seedbed.Determination{}, err
	}
	rep, err := s.VerifyLedger(ctx, ledger.StoreVerifyOptions{Keys: s.keys.public(), LogKeys: true, Events: true})
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
	d, err := s.dossier(ctx, indices)
	if err != nil {
		return seedbed.Determination{}, err
	}
	in.ProofsOK = d.OK() && len(d.Entries) == len(slices.Compact(slices.Sorted(slices.Values(indices))))
	if d.Head != nil {
		in.CheckedSize, in.CheckedRoot = d.Head.Size, d.Head.Root.String()
	}
	return exemption.Determine(in), nil
}

// ledgerRecordsAbout reads, from the hashed entries themselves, every decision about the
// subjects and every published procedure, in ledger order.
func (s *Store) ledgerRecordsAbout(ctx context.Context, subjects []string) ([]exemption.Record, []exemption.Published, error) {
	args := []any{seedbed.EventProcedurePublished}
	ph := make([]string, len(subjects))
	for i, sub := range subjects {
		args = append(args, sub)
		ph[i] = "$" + itoa(int64(i+2))
	}
	rows, err := s.read.QueryContext(ctx, `SELECT l.entry FROM ledger_entries l JOIN decision_events d ON d.id = l.event_id
		WHERE d.kind = $1 OR d.subject IN (`+strings.Join(ph, ", ")+`) ORDER BY l.idx`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var recs []exemption.Record
	var procs []exemption.Published
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, nil, err
		}
		e, err := ledger.ParseEntry(b)
		if err != nil {
			continue // a damaged entry: verification reports it and the determination fails on it
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
			recs = append(recs, exemption.Record{Index: e.Index, Time: e.Time, Kind: e.Kind, Actor: e.Actor, Subject: e.Subject, Payload: ev.Payload})
		}
	}
	return recs, procs, rows.Err()
}
