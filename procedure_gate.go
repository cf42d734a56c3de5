package seedbed

import (
	"strconv"
	"strings"
	"time"
)

// ProcedureStep is one step of the procedure in force for a program, as its checklist shows
// it: done or due, why, and the page where it is recorded.
type ProcedureStep struct {
	ID          string `json:"id"`
	Title       Label  `json:"title"`
	Evidence    string `json:"evidence_kind"`
	Done        bool   `json:"done"`
	Explanation Label  `json:"explanation"`
	Link        string `json:"link"`
}

// ProcedureChecklist is the procedure in force for a program and the state of each step.
// Procedure is empty when no published procedure governs the program: nothing is required.
type ProcedureChecklist struct {
	ProgramID int64           `json:"program_id"`
	Procedure *ProcedureRef   `json:"procedure,omitempty"`
	Steps     []ProcedureStep `json:"steps"`
}

// Due returns the steps not yet done.
func (c *ProcedureChecklist) Due() []ProcedureStep {
	var out []ProcedureStep
	for _, s := range c.Steps {
		if !s.Done {
			out = append(out, s)
		}
	}
	return out
}

// StepLink is the page where a program's step of an evidence kind is recorded.
func StepLink(programID int64, evidence string) string {
	p := "/programs/" + strconv.FormatInt(programID, 10)
	switch evidence {
	case EventCollectiveDecision:
		return p + "/procedure#f-body"
	case EventPublicNotice:
		// the funded list is put on notice, and the notice closed, on the program's notice page
		return p + "/notices"
	case EventInterestDeclaration:
		return p + "/procedure#f-interest"
	case "score", "conflict_declaration":
		return p + "/review"
	case "lottery_commitment", "draw":
		return p + "/lottery"
	}
	return p
}

// StepsMissing is the refusal (ECONFLICT) of a decision while steps of the procedure in force
// are missing: it names each step and where to record it.
func StepsMissing(procedure Label, due []ProcedureStep) *Error {
	var zh, en []string
	for _, s := range due {
		zh = append(zh, "「"+s.Title.Zh+"」（"+s.Link+"）")
		en = append(en, s.Title.En+" ("+s.Link+")")
	}
	e := Errorf(ECONFLICT, Label{Zh: "《%s》要求的步骤尚未完成：%s", En: "steps that %q requires are missing: %s"},
		procedure, Label{Zh: strings.Join(zh, "；"), En: strings.Join(en, "; ")})
	e.Field = "procedure"
	return e
}

// DateCST is the calendar day of t in China, written as procedure records write dates.
func DateCST(t time.Time) string { return t.In(cst).Format(DateLayout) }
