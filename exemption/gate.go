package exemption

import (
	"time"

	"seedbed"
)

// Due checks, before a decision is taken, the steps that the procedure in force at `at` for
// the selection mode and amount of in requires: it is the determination's own step check, run
// as if decider took the award decision now, after every record of in. It returns the
// procedure (nil when none governs the decision, so nothing is required) and each step's
// result. A decision taken only when every step is met leaves an exemption case nothing to fault
// in the procedure but what the records cannot show (a false date, a damaged ledger).
func Due(in Input, decider string, at time.Time) (*Procedure, []seedbed.StepResult) {
	c := &checker{in: in, subjects: map[string]bool{
		"program:" + itoa(in.ProgramID): true, "application:" + itoa(in.ApplicationID): true, "award:" + itoa(in.AwardID): true}}
	var next uint64
	for _, r := range in.Records {
		next = max(next, r.Index+1)
	}
	for _, p := range in.Procedures {
		next = max(next, p.Index+1)
	}
	c.decision = &Record{Index: next, Time: at, Kind: seedbed.EventAward, Actor: decider, Subject: "award:" + itoa(in.AwardID)}
	c.proc, c.procIndex, c.procNote, c.procEv = c.procedure()
	if c.proc == nil {
		return nil, nil
	}
	steps := make([]seedbed.StepResult, 0, len(c.proc.Steps))
	for _, st := range c.proc.Steps {
		steps = append(steps, c.step(st))
	}
	return c.proc, steps
}
