package exemption

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"seedbed"
)

// Record is a decision as the ledger holds it: the entry's index and fields, and the event's
// own payload (unwrapped from the entry's).
type Record struct {
	Index   uint64          `json:"index"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Actor   string          `json:"actor"`
	Subject string          `json:"subject"`
	Payload json.RawMessage `json:"payload"`
}

// Published is a procedure version with the ledger entry that published it.
type Published struct {
	Procedure *Procedure
	Index     uint64
	Time      time.Time
	Actor     string
}

// Input is what the store gathers for a determination.
type Input struct {
	AwardID       int64
	ProgramID     int64
	ApplicationID int64
	Amount        int64  // the amount awarded
	SelectionMode string // the program's
	// Records are the ledger entries about the program, the application and the award, in
	// index order.
	Records []Record
	// Procedures are the procedure versions published in the ledger.
	Procedures []Published
	// Failure is the award's failure record, nil if it was not closed as failed.
	Failure *seedbed.Failure
	// LedgerOK says whether the whole ledger verified; LedgerProblem says what failed.
	LedgerOK      bool
	LedgerProblem seedbed.Label
	// ProofsOK says whether every record's inclusion proof verified against the signed head.
	ProofsOK    bool
	CheckedSize uint64
	CheckedRoot string
}

// Determine drafts the determination: it finds the award decision in the ledger, picks the
// procedure in force at that time, checks each step and each condition, and gives the
// outcome: not exempt if a condition is not met, needs review if one needs a human, else
// exempt.
func Determine(in Input) seedbed.Determination {
	d := seedbed.Determination{AwardID: in.AwardID, CheckedSize: in.CheckedSize, CheckedRoot: in.CheckedRoot,
		Steps: []seedbed.StepResult{}, Conditions: []seedbed.Condition{}}
	c := &checker{in: in, subjects: map[string]bool{
		"program:" + itoa(in.ProgramID): true, "application:" + itoa(in.ApplicationID): true, "award:" + itoa(in.AwardID): true}}
	c.decision = c.find(func(r *Record) bool { return r.Kind == seedbed.EventAward && r.Subject == "award:"+itoa(in.AwardID) })
	if c.decision != nil {
		d.DecisionIndex, d.DecisionAt, d.Decider = &c.decision.Index, c.decision.Time, c.decision.Actor
		c.proc, c.procIndex, c.procNote, c.procEv = c.procedure()
		if c.proc != nil {
			d.Procedure = c.proc.Ref(c.procIndex)
			for _, st := range c.proc.Steps {
				d.Steps = append(d.Steps, c.step(st))
			}
		}
	}
	d.Conditions = c.conditions(d.Steps)
	d.Outcome = seedbed.ExemptionExempt
	for _, cd := range d.Conditions {
		switch {
		case cd.Status == seedbed.ConditionNotMet:
			d.Outcome = seedbed.ExemptionNotExempt
		case cd.Status == seedbed.ConditionReview && d.Outcome == seedbed.ExemptionExempt:
			d.Outcome = seedbed.ExemptionNeedsReview
		}
	}
	d.Summary = summary(d)
	return d
}

// checker holds what the checks share.
type checker struct {
	in        Input
	subjects  map[string]bool
	decision  *Record
	proc      *Procedure
	procIndex uint64
	procNote  seedbed.Label
	procEv    seedbed.Evidence
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func (c *checker) find(match func(*Record) bool) *Record {
	for i := range c.in.Records {
		if match(&c.in.Records[i]) {
			return &c.in.Records[i]
		}
	}
	return nil
}

// all returns the records of a kind about the program, the application or the award.
func (c *checker) all(kind string) []*Record {
	var out []*Record
	for i := range c.in.Records {
		r := &c.in.Records[i]
		if r.Kind == kind && c.subjects[r.Subject] {
			out = append(out, r)
		}
	}
	return out
}

// before reports whether r was recorded before the award decision.
func (c *checker) before(r *Record) bool { return c.decision != nil && r.Index < c.decision.Index }

// procedure picks the version in force on the day of the decision that governs the award and
// was published in the ledger before it; the latest such wins.
func (c *checker) procedure() (*Procedure, uint64, seedbed.Label, seedbed.Evidence) {
	var cands []Published
	for _, p := range c.in.Procedures {
		if p.Procedure.InForce(c.decision.Time) && p.Procedure.Governs(c.in.SelectionMode, c.in.Amount) && p.Index < c.decision.Index {
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 {
		return nil, 0, lbl("资助决定（%s，账本第 %d 号条目）时没有已发布且适用的标准程序", "no published procedure governed the award decision (%s, ledger entry %d)",
			c.decision.Time.In(cst).Format(seedbed.DateLayout), c.decision.Index), seedbed.Evidence{}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i].Procedure, cands[j].Procedure
		if !a.EffectiveFrom.Equal(b.EffectiveFrom) {
			return a.EffectiveFrom.After(b.EffectiveFrom)
		}
		return a.Version > b.Version
	})
	if len(cands) > 1 && cands[0].Procedure.ID != cands[1].Procedure.ID && cands[0].Procedure.EffectiveFrom.Equal(cands[1].Procedure.EffectiveFrom) {
		return nil, 0, lbl("资助决定同时适用程序 %s 和 %s，须人工判断", "both %s and %s governed the award decision; a human must judge",
			cands[0].Procedure.ID, cands[1].Procedure.ID), seedbed.Evidence{}
	}
	p := cands[0]
	ev := seedbed.Evidence{Index: p.Index, Kind: seedbed.EventProcedurePublished, Subject: "procedure:" + p.Procedure.ID, Actor: p.Actor, At: p.Time,
		Summary: lbl("发布程序 %s 第 %d 版", "procedure %s version %d published", p.Procedure.ID, p.Procedure.Version)}
	return p.Procedure, p.Index, seedbed.Label{}, ev
}

// evidence describes a record for a determination.
func evidence(r *Record, summary seedbed.Label) seedbed.Evidence {
	return seedbed.Evidence{Index: r.Index, Kind: r.Kind, Subject: r.Subject, Actor: r.Actor, At: r.Time, Summary: summary}
}

func lbl(zh, en string, args ...any) seedbed.Label {
	return seedbed.Label{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}

// payload decodes a record's payload into v, leaving v unchanged when it does not fit.
func payload(r *Record, v any) { _ = json.Unmarshal(r.Payload, v) }

// covers reports whether a collective decision or a notice about the program covers the
// application: its list is empty (the whole list) or names it.
func covers(ids []int64, app int64) bool {
	if len(ids) == 0 {
		return true
	}
	for _, id := range ids {
		if id == app {
			return true
		}
	}
	return false
}

// summary writes the determination's one-paragraph reason.
func summary(d seedbed.Determination) seedbed.Label {
	var zh, en []string
	for _, c := range d.Conditions {
		if c.Status != seedbed.ConditionMet {
			st := seedbed.ConditionStatuses.Label(c.Status)
			zh = append(zh, fmt.Sprintf("「%s」%s：%s", c.Title.Zh, st.Zh, c.Explanation.Zh))
			en = append(en, fmt.Sprintf("%s: %s — %s", c.Title.En, strings.ToLower(st.En), c.Explanation.En))
		}
	}
	o := seedbed.ExemptionOutcomes.Label(d.Outcome)
	if len(zh) == 0 {
		return seedbed.Label{
			Zh: fmt.Sprintf("草拟结论：%s。全部 %d 项条件均有账本证据证明满足。", o.Zh, len(d.Conditions)),
			En: fmt.Sprintf("Draft outcome: %s. All %d conditions are shown to be met by ledger evidence.", o.En, len(d.Conditions)),
		}
	}
	return seedbed.Label{
		Zh: fmt.Sprintf("草拟结论：%s。%s。", o.Zh, strings.Join(zh, "；")),
		En: fmt.Sprintf("Draft outcome: %s. %s.", o.En, strings.Join(en, "; ")),
	}
}
