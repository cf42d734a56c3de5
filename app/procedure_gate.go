package app

import (
	"context"
	"slices"
	"time"

	"seedbed"
	"seedbed/exemption"
	"seedbed/ledger"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// The procedure gate: a program's decision (moving it to decided, making an award) is taken only
// when every step of the procedure in force for it is on record, checked by the exemption
// engine's own step checks as if the decision were taken now. An exemption case about a
// decision taken through this workflow can then fault the procedure only for what the records
// cannot show.

// ProcedureChecklist returns the procedure in force for a program and, for each step, whether
// it is done for every application the selection funds (for each application, before the
// selection), with a decision by a taken now.
func (ps *Programs) ProcedureChecklist(ctx context.Context, a seedbed.Actor, programID int64) (*seedbed.ProcedureChecklist, error) {
	p, err := ps.store.GetProgram(ctx, programID)
	if err != nil {
		return nil, err
	}
	sel, err := ps.store.ProgramSelectionOf(ctx, programID)
	if err != nil {
		return nil, err
	}
	grants := grantsOf(sel)
	if len(grants) == 0 {
		grants = map[int64]int64{0: 0}
	}
	return procedureChecklist(a, p, grants, ps.store.Now(), func(subjects []string) ([]ledger.EventRecord, error) {
		return ps.store.LedgerRecordsAbout(ctx, seedbed.EventProcedurePublished, subjects)
	})
}

// grantsOf lists the applications a selection funds, with the amounts granted.
func grantsOf(sel *selection.ProgramSelection) map[int64]int64 {
	out := map[int64]int64{}
	if sel == nil || sel.Selection == nil {
		return out
	}
	for _, d := range sel.Selection.Decisions {
		if id := seedbed.ParseAppCode(d.AppID); id > 0 && d.Granted > 0 {
			out[id] = d.Granted
		}
	}
	return out
}

// procedureGate refuses (ECONFLICT, naming each missing step and where to record it) a decision
// by a about the applications of p (id to amount) while a step of the procedure in force is
// missing for any of them.
func procedureGate(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, p *seedbed.Program, grants map[int64]int64) error {
	if len(grants) == 0 {
		return nil
	}
	c, err := procedureChecklist(a, p, grants, tx.Now(), func(subjects []string) ([]ledger.EventRecord, error) {
		return tx.LedgerRecordsAbout(ctx, seedbed.EventProcedurePublished, subjects)
	})
	if err != nil {
		return err
	}
	if due := c.Due(); len(due) > 0 {
		return seedbed.StepsMissing(c.Procedure.Title, due)
	}
	return nil
}

// procedureChecklist checks the steps for each application, for a decision by a at now, over
// the ledger records read returns about the subjects and the published procedures: a step is
// done when it is met for every application, and shows the first reason it is not.
func procedureChecklist(a seedbed.Actor, p *seedbed.Program, grants map[int64]int64, now time.Time,
	read func(subjects []string) ([]ledger.EventRecord, error)) (*seedbed.ProcedureChecklist, error) {
	ids := make([]int64, 0, len(grants))
	subjects := []string{seedbed.ProgramSubject(p.ID)}
	for id := range grants {
		ids = append(ids, id)
		subjects = append(subjects, seedbed.ApplicationSubject(id))
	}
	slices.Sort(ids)
	recs, err := read(subjects)
	if err != nil {
		return nil, err
	}
	records, procs := recordsAbout(recs, subjects)
	c := &seedbed.ProcedureChecklist{ProgramID: p.ID, Steps: []seedbed.ProcedureStep{}}
	for _, id := range ids {
		// The engine reads only the records about the program and this application.
		in := exemption.Input{ProgramID: p.ID, ApplicationID: id, Amount: grants[id], SelectionMode: p.SelectionMode,
			Records: records, Procedures: procs}
		proc, steps := exemption.Due(in, a.Username, now)
		if proc == nil {
			continue
		}
		if c.Procedure == nil {
			c.Procedure = proc.Ref(0)
		}
		for _, st := range steps {
			i := slices.IndexFunc(c.Steps, func(s seedbed.ProcedureStep) bool { return s.ID == st.ID })
			if i < 0 {
				c.Steps = append(c.Steps, seedbed.ProcedureStep{ID: st.ID, Title: st.Title, Evidence: st.Evidence, Done: true,
					Explanation: st.Explanation, Link: seedbed.StepLink(p.ID, st.Evidence)})
				i = len(c.Steps) - 1
			}
			if st.Status != seedbed.ConditionMet && c.Steps[i].Done {
				c.Steps[i].Done, c.Steps[i].Explanation = false, st.Explanation
			}
		}
	}
	return c, nil
}
