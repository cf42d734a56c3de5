package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// CheckEditable refuses changes to a published program: applicants rely on its terms.
func (p *Program) CheckEditable() error {
	if p.State != ProgramDraft {
		return Errorf(ECONFLICT, Label{Zh: "计划已发布（%s），条款不能再修改", En: "the program is %s; its terms can no longer change"}, p.StateLabel())
	}
	return nil
}

// CheckTransition applies the rules of moving the program to state to at now, with a note:
// only to the next state of its lifecycle; opening needs a complete program with eligibility
// policies and a deadline still ahead; review starts only after the deadline. Deciding also
// needs a finished selection, which the caller checks.
func (p *Program) CheckTransition(to, note string, now time.Time) error {
	if utf8.RuneCountInString(note) > 1000 {
		return FieldError("note", Label{Zh: "说明过长（最多 1000 字）", En: "note too long (at most 1000 characters)"})
	}
	if !ProgramStates.Has(to) {
		return FieldError("to", Label{Zh: "未知的状态 %q，应为 %s", En: "unknown state %[1]q"}, to, strings.Join(ProgramStates.Codes(), ", "))
	}
	if next := NextProgramState(p.State); to != next {
		return Errorf(ECONFLICT, Label{Zh: "计划处于「%s」，不能转为「%s」", En: "a program that is %s cannot become %s"}, p.StateLabel(), ProgramStates.Label(to))
	}
	switch to {
	case ProgramOpen:
		if err := p.Validate(); err != nil {
			return err
		}
		if len(p.PolicyIDs) == 0 {
			return FieldError("policy_ids", Label{Zh: "发布前须指定界定申报条件的政策", En: "name the policies that define eligibility before publishing"})
		}
		if !p.Deadline.After(now) {
			return FieldError("deadline", Label{Zh: "截止时间 %s 已过，请先修改", En: "the deadline %s has passed; change it first"}, FormatCST(p.Deadline))
		}
	case ProgramInReview:
		if now.Before(p.Deadline) {
			return Errorf(ECONFLICT, Label{Zh: "申报截止时间 %s 未到，不能提前结束申报", En: "the call is open until %s and cannot close early"}, FormatCST(p.Deadline))
		}
	}
	return nil
}
