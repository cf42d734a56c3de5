package seedbed

import (
	"bytes"
	"encoding/json"
	"strings"
)

// auditDetailSets are the coded values an audit entry's detail holds, by the action's prefix:
// a program's states in "draft → in_review", a decision in "accept", a category in "technical".
var auditDetailSets = map[string][]OptionSet{
	"program.":     {ProgramStates},
	"application.": {EligibilityStatuses, AppStates},
	"tranche.":     {MilestoneDecisions, TrancheStates},
	"report.":      {MilestoneDecisions, ReportStates},
	"award.":       {ChangeDecisions, FailureCategories, AwardStatuses},
	"exemption.":   {ExemptionDecisions, ExemptionOutcomes},
	"review.":      {AssignmentStates},
}

// Eligibility verdicts, decisions on milestones, changes and exemption drafts, as people read them.
var (
	EligibilityStatuses = OptionSet{
		{Eligible, Label{"符合条件", "Eligible"}},
		{Ineligible, Label{"不符合条件", "Ineligible"}},
		{Undecided, Label{"待人工判断", "Undecided"}},
	}
	MilestoneDecisions = OptionSet{
		{MilestoneAccept, Label{"通过", "Accepted"}},
		{MilestoneReturn, Label{"退回补充", "Returned for more"}},
		{MilestoneStop, Label{"终止", "Stopped"}},
	}
	ChangeDecisions = OptionSet{
		{ChangeApprove, Label{"同意", "Approved"}},
		{ChangeRefuse, Label{"不同意", "Refused"}},
	}
	ExemptionDecisions = OptionSet{
		{ExemptionConfirm, Label{"确认", "Confirmed"}},
		{ExemptionOverride, Label{"改判", "Overridden"}},
	}
)

// AuditDetail reads an audit entry's detail for people: a detail made of coded values alone (a
// state, a decision, or a change "from → to") becomes their labels, "草稿 → 评审中"; any other
// detail written in one of the forms of detailForms reads in the person's language; any other
// (a title, a reason someone wrote) is returned as it is, with false.
func AuditDetail(action, detail string) (Label, bool) {
	var sets []OptionSet
	for prefix, s := range auditDetailSets {
		if strings.HasPrefix(action, prefix) {
			sets = s
		}
	}
	if strings.TrimSpace(detail) == "" {
		return Label{Zh: detail, En: detail}, false
	}
	if l, ok := labelDetail(detail); ok {
		return l, true
	}
	if len(sets) == 0 {
		return readDetail(action, detail)
	}
	parts := strings.Split(detail, " → ")
	var zh, en []string
	for _, p := range parts {
		found := false
		for _, s := range sets {
			if s.Has(p) {
				l := s.Label(p)
				zh, en = append(zh, l.Zh), append(en, l.En)
				found = true
				break
			}
		}
		if !found {
			return readDetail(action, detail)
		}
	}
	return Label{Zh: strings.Join(zh, " → "), En: strings.Join(en, " → ")}, true
}

// LabelDetail writes a sentence in both working languages as an audit detail, which AuditDetail
// reads in the reader's language: the reason an action was refused, as the person was told it.
// Each language is cut to 500 characters.
func LabelDetail(l Label) string {
	cut := func(s string) string {
		if r := []rune(s); len(r) > 500 {
			return string(r[:500]) + "…"
		}
		return s
	}
	b, _ := json.Marshal(Label{Zh: cut(l.Zh), En: cut(l.En)})
	return string(b)
}

// labelDetail reads a detail LabelDetail wrote: a JSON object with the two languages and
// nothing else.
func labelDetail(detail string) (Label, bool) {
	if !strings.HasPrefix(detail, `{"zh":`) {
		return Label{}, false
	}
	var l Label
	dec := json.NewDecoder(bytes.NewReader([]byte(detail)))
	dec.DisallowUnknownFields()
	if dec.Decode(&l) != nil || l.Zh == "" || l.En == "" || dec.More() {
		return Label{}, false
	}
	return l, true
}
