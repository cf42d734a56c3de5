package exemption

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/procedures"
)

// fixture is a failed award whose decision followed grant-standard v2 to the letter; the cases
// change one thing each.
type fixture struct {
	recs    []Record
	decided time.Time
	in      Input
}

func (f *fixture) add(kind, actor, subject string, payload any) {
	b, _ := json.Marshal(payload)
	at := f.decided.Add(time.Duration(len(f.recs)-13) * time.Hour)
	f.recs = append(f.recs, Record{Index: uint64(len(f.recs) + 1), Time: at, Kind: kind, Actor: actor, Subject: subject, Payload: b})
}

func newFixture(t *testing.T, decided time.Time) *fixture {
	f := &fixture{decided: decided}
	f.add("program_published", "officer1", "program:1", map[string]any{"terms": map[string]any{"policy_ids": []string{"grassroots-seed"}}})
	f.add("eligibility", "applicant1", "application:2", map[string]any{"eligibility": map[string]any{"status": "eligible"}})
	for _, r := range []string{"rev0", "rev1", "rev2"} {
		f.add("conflict_declaration", r, "application:2", map[string]any{"reviewer": r, "conflict": false})
	}
	for _, r := range []string{"rev0", "rev1", "rev2"} {
		f.add("score", r, "application:2", map[string]any{"reviewer": r, "total": 80})
	}
	f.add("funding_decision", "officer1", "application:2", map[string]any{"outcome": "funded"})
	f.add("collective_decision", "officer1", "program:1", seedbed.CollectiveDecision{ProgramID: 1, Body: "局务会", HeldOn: "2026-03-01",
		Members: 9, Present: 7, For: 6, Against: 1})
	f.add("public_notice", "officer1", "program:1", seedbed.PublicNotice{ProgramID: 1, Channel: "局门户网站",
		StartOn: decided.AddDate(0, 0, -9).Format(seedbed.DateLayout), EndOn: decided.AddDate(0, 0, -3).Format(seedbed.DateLayout), Objections: 1, Resolved: 1})
	f.add("interest_declaration", "officer1", "program:1", seedbed.InterestDeclaration{ProgramID: 1})
	f.add("award", "officer1", "award:3", map[string]any{"amount": 1000000})
	f.add("milestone_review", "officer1", "award:3", map[string]any{"seq": 1, "decision": "accept"})
	f.add("stage_gate", "officer1", "award:3", map[string]any{"seq": 2, "decision": "stop", "go": false})
	f.add("award_status", "officer1", "award:3", map[string]any{"status": "stopped"})
	f.add("award_failed", "officer1", "award:3", map[string]any{"category": "technical"})
	f.in = Input{AwardID: 3, ProgramID: 1, ApplicationID: 2, Amount: 1000000, SelectionMode: seedbed.SelectionRanked,
		Failure:  &seedbed.Failure{AwardID: 3, Category: seedbed.FailureTechnical, Lesson: "路线走不通", Amount: 1000000, Released: 400000, Returned: 600000},
		LedgerOK: true, ProofsOK: true, CheckedSize: 20}
	files, _ := fs.Glob(procedures.FS, "*.yaml")
	for _, name := range files {
		src, _ := fs.ReadFile(procedures.FS, name)
		p, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		f.in.Procedures = append(f.in.Procedures, Published{Procedure: p, Index: 0})
	}
	return f
}

func (f *fixture) drop(kind, actor string) {
	var out []Record
	for _, r := range f.recs {
		if r.Kind != kind || r.Actor != actor {
			out = append(out, r)
		}
	}
	f.recs = out
}

func (f *fixture) edit(kind string, fn func(r *Record)) {
	for i := range f.recs {
		if f.recs[i].Kind == kind {
			fn(&f.recs[i])
		}
	}
}

func setPayload(r *Record, v any) { r.Payload, _ = json.Marshal(v) }

func TestDetermine(t *testing.T) {
	in2026 := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
	in2025 := time.Date(2025, 6, 10, 2, 0, 0, 0, time.UTC)
	cases := []struct {
		name      string
		decided   time.Time
		change    func(f *fixture)
		outcome   string
		procedure string // "id@version" checked
		condition string // the condition that decides, with its status
		status    string
		explains  string // text the explanation must hold (English)
	}{
		{"procedure followed", in2026, nil, seedbed.ExemptionExempt, "grant-standard@2", "procedure", seedbed.ConditionMet, "every one of the 7 steps"},
		{"a review step skipped", in2026, func(f *fixture) { f.drop("score", "rev2"); f.drop("conflict_declaration", "rev2") },
			seedbed.ExemptionNotExempt, "grant-standard@2", "procedure", seedbed.ConditionNotMet, "only 2 experts scored (rev0, rev1), fewer than the 3"},
		{"two reviews were enough in 2025", in2025, func(f *fixture) { f.drop("score", "rev2"); f.drop("conflict_declaration", "rev2") },
			seedbed.ExemptionExempt, "grant-standard@1", "procedure", seedbed.ConditionMet, "version 1"},
		{"declaration missing", in2026, func(f *fixture) { f.drop("conflict_declaration", "rev1") },
			seedbed.ExemptionNotExempt, "grant-standard@2", "no_private_gain", seedbed.ConditionNotMet, "rev1 scored without declaring"},
		{"scored despite a conflict", in2026, func(f *fixture) {
			f.edit("conflict_declaration", func(r *Record) {
				if r.Actor == "rev0" {
					setPayload(r, map[string]any{"reviewer": "rev0", "conflict": true})
				}
			})
		}, seedbed.ExemptionNotExempt, "grant-standard@2", "no_exclusion", seedbed.ConditionNotMet, "rev0 scored after declaring"},
		{"no quorum", in2026, func(f *fixture) {
			f.edit("collective_decision", func(r *Record) {
				setPayload(r, seedbed.CollectiveDecision{ProgramID: 1, Body: "局务会", HeldOn: "2026-03-01", Members: 9, Present: 5, For: 5})
			})
		}, seedbed.ExemptionNotExempt, "grant-standard@2", "procedure", seedbed.ConditionNotMet, "5 of 9 present"},
		{"notice too short", in2026, func(f *fixture) {
			f.edit("public_notice", func(r *Record) {
				setPayload(r, seedbed.PublicNotice{ProgramID: 1, Channel: "网站", StartOn: "2026-03-01", EndOn: "2026-03-04"})
			})
		}, seedbed.ExemptionNotExempt, "grant-standard@2", "procedure", seedbed.ConditionNotMet, "ran 4 days, fewer than the 7"},
		{"notice entered after the decision", in2026, func(f *fixture) {
			f.edit("public_notice", func(r *Record) { r.Index = 99 })
		}, seedbed.ExemptionNotExempt, "grant-standard@2", "procedure", seedbed.ConditionNotMet, "entered after the award decision"},
		{"decider had an interest", in2026, func(f *fixture) {
			f.edit("interest_declaration", func(r *Record) {
				setPayload(r, seedbed.InterestDeclaration{ProgramID: 1, Interest: true, Note: "亲属任职"})
			})
		}, seedbed.ExemptionNotExempt, "grant-standard@2", "no_private_gain", seedbed.ConditionNotMet, "declared an interest"},
		{"team failure needs a human", in2026, func(f *fixture) { f.in.Failure.Category = seedbed.FailureTeam },
			seedbed.ExemptionNeedsReview, "grant-standard@2", "objective_cause", seedbed.ConditionReview, "a human must judge"},
		{"paid in full", in2026, func(f *fixture) {
			f.in.Failure.Returned, f.in.Failure.Released = 0, 1000000
			f.drop("stage_gate", "officer1")
		}, seedbed.ExemptionNeedsReview, "grant-standard@2", "losses_limited", seedbed.ConditionReview, "paid in full"},
		{"money released after the stop", in2026, func(f *fixture) { f.add("tranche_release", "officer1", "award:3", map[string]any{"seq": 2}) },
			seedbed.ExemptionNotExempt, "grant-standard@2", "no_exclusion", seedbed.ConditionNotMet, "yet entry 18 released money"},
		{"tampered ledger", in2026, func(f *fixture) {
			f.in.LedgerOK, f.in.LedgerProblem = false, seedbed.Label{Zh: "第 5 号条目被修改", En: "entry 5 was changed"}
		}, seedbed.ExemptionNotExempt, "grant-standard@2", "no_falsification", seedbed.ConditionNotMet, "entry 5 was changed"},
		{"procedure published after the decision", in2026, func(f *fixture) {
			for i := range f.in.Procedures {
				f.in.Procedures[i].Index = 50
			}
		}, seedbed.ExemptionNeedsReview, "", "procedure", seedbed.ConditionReview, "no published procedure"},
		{"no award in the ledger", in2026, func(f *fixture) { f.drop("award", "officer1") },
			seedbed.ExemptionNotExempt, "", "lawful", seedbed.ConditionNotMet, "no award decision"},
		{"lottery program", in2026, func(f *fixture) { f.in.SelectionMode = seedbed.SelectionLottery },
			seedbed.ExemptionNotExempt, "lottery-grant@1", "procedure", seedbed.ConditionNotMet, "no record of “Lottery commitment”"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, c.decided)
			if c.change != nil {
				c.change(f)
			}
			f.in.Records = f.recs
			d := Determine(f.in)
			if d.Outcome != c.outcome {
				t.Errorf("outcome %s, want %s: %s", d.Outcome, c.outcome, d.Summary.En)
			}
			got := ""
			if d.Procedure != nil {
				got = d.Procedure.ID + "@" + itoa(int64(d.Procedure.Version))
			}
			if got != c.procedure {
				t.Errorf("procedure %q, want %q", got, c.procedure)
			}
			if len(d.Conditions) != 9 {
				t.Fatalf("%d conditions", len(d.Conditions))
			}
			for _, cd := range d.Conditions {
				if cd.ID != c.condition {
					continue
				}
				if cd.Status != c.status || !strings.Contains(cd.Explanation.En, c.explains) || cd.Explanation.Zh == "" {
					t.Errorf("%s: %s %q; want %s containing %q", cd.ID, cd.Status, cd.Explanation.En, c.status, c.explains)
				}
			}
			if strings.Contains(d.Summary.Zh+d.Summary.En, "%!") {
				t.Errorf("bad formatting: %s / %s", d.Summary.Zh, d.Summary.En)
			}
			for _, cd := range d.Conditions {
				if strings.Contains(cd.Explanation.Zh+cd.Explanation.En, "%!") {
					t.Errorf("bad formatting in %s: %s / %s", cd.ID, cd.Explanation.Zh, cd.Explanation.En)
				}
				if cd.Status == seedbed.ConditionMet && cd.ID != "refund" && cd.ID != "no_exclusion" && cd.ID != "no_falsification" && len(cd.Entries) == 0 {
					t.Errorf("%s is met without evidence", cd.ID)
				}
			}
		})
	}
}
