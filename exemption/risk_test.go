package exemption

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"seedbed"
)

// prepend puts records before every other (the award decision among them), renumbering.
func (f *fixture) prepend(recs ...Record) {
	for i := range f.recs {
		f.recs[i].Index += uint64(len(recs))
	}
	for i := range recs {
		recs[i].Index = uint64(i + 1)
		recs[i].Time = f.decided.Add(-30 * 24 * time.Hour)
	}
	f.recs = append(recs, f.recs...)
}

func riskRecord(kind, actor, subject string, payload any) Record {
	b, _ := json.Marshal(payload)
	return Record{Kind: kind, Actor: actor, Subject: subject, Payload: b}
}

// TestDetermineRiskFiling: a risk filing approved by a second person before the award decision
// is read as a contemporaneous record of a deliberate, reviewed risk; one declined before it
// leaves the diligence condition to a human; without one nothing changes.
func TestDetermineRiskFiling(t *testing.T) {
	decided := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
	filed := riskRecord(seedbed.EventRiskFiled, "officer1", "program:1", map[string]any{"risk_filing_id": 7, "risk": "技术路线未经验证",
		"worth": "若成功可替代进口", "failure": "样机一年内达不到指标"})
	cases := []struct {
		name     string
		recs     []Record
		status   string
		outcome  string
		explains string
	}{
		{"approved before the decision", []Record{filed, riskRecord(seedbed.EventRiskReviewed, "officer2", "program:1",
			map[string]any{"risk_filing_id": 7, "decision": "approved", "note": "风险可控"})},
			seedbed.ConditionMet, seedbed.ExemptionExempt, "risk filing 7 was filed by officer1 and approved by officer2 before the award decision"},
		{"declined before the decision", []Record{filed, riskRecord(seedbed.EventRiskReviewed, "officer2", "program:1",
			map[string]any{"risk_filing_id": 7, "decision": "declined", "note": "风险过高"})},
			seedbed.ConditionReview, seedbed.ExemptionNeedsReview, "declined the risk filing before the award decision"},
		{"never reviewed", []Record{filed}, seedbed.ConditionReview, seedbed.ExemptionNeedsReview, "risk filing 7 was never reviewed"},
		{"no filing", nil, seedbed.ConditionReview, seedbed.ExemptionNeedsReview, "no milestone review after the award"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, decided)
			// no follow-up on record: only the filing can show diligence
			f.drop(seedbed.EventMilestone, "officer1")
			f.drop(seedbed.EventStageGate, "officer1")
			f.in.Failure.Returned, f.in.Failure.Released = 600000, 400000
			f.prepend(c.recs...)
			f.in.Records = f.recs
			d := Determine(f.in)
			var dil *seedbed.Condition
			for i := range d.Conditions {
				if d.Conditions[i].ID == "diligence" {
					dil = &d.Conditions[i]
				}
			}
			if dil.Status != c.status || !strings.Contains(dil.Explanation.En, c.explains) {
				t.Fatalf("diligence %s %q; want %s containing %q", dil.Status, dil.Explanation.En, c.status, c.explains)
			}
			if d.Outcome != c.outcome {
				t.Errorf("outcome %s, want %s: %s", d.Outcome, c.outcome, d.Summary.En)
			}
			if len(c.recs) > 0 && (len(dil.Entries) < len(c.recs) || dil.Entries[0].Kind != seedbed.EventRiskFiled) {
				t.Errorf("the filing is not cited: %+v", dil.Entries)
			}
		})
	}
}
