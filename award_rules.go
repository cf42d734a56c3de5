package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// CheckAwardable refuses an award unless the program has decided its selection and is not yet
// closed, and a note longer than 1000 characters.
func (p *Program) CheckAwardable(note string) error {
	if p.State != ProgramDecided {
		return Errorf(ECONFLICT, Label{Zh: "计划当前%s；资助在遴选决定之后、计划结束之前作出", En: "the program is %s; awards are made after the decision and before the program closes"}, p.StateLabel())
	}
	if utf8.RuneCountInString(note) > 1000 {
		return FieldError("note", Label{Zh: "说明过长（最多 1000 字）", En: "note too long (at most 1000 characters)"})
	}
	return nil
}

// AwardAmount is the amount an award to app in program programID may give: the amount asked
// (0 for the amount granted in selection), from 1 to what the selection granted. It refuses an
// application of another program or one the selection did not fund.
func AwardAmount(app *Application, programID, asked int64) (int64, error) {
	if app.ProgramID != programID {
		return 0, FieldError("application_id", Label{Zh: "申请 %d 不属于本计划", En: "application %d is not in this program"}, app.ID)
	}
	if app.State != AppSubmitted || !OutcomeGranted(app.Outcome) {
		return 0, Errorf(ECONFLICT, Label{Zh: "申请 %d 未被遴选资助（结果：%s），不能资助", En: "application %d was not selected for funding (outcome: %s)"}, app.ID, Outcomes.Label(app.Outcome))
	}
	amount := asked
	if amount == 0 {
		amount = app.Granted
	}
	if amount < 1 || amount > app.Granted {
		return 0, FieldError("amount", Label{Zh: "资助金额应在 1 到遴选确定的 %d 元之间", En: "the amount must be from 1 to the %d yuan granted in selection"}, app.Granted)
	}
	return amount, nil
}

// BudgetExceeded is the refusal of an award of amount yuan that the program's budget cannot hold.
func BudgetExceeded(budget, committed, amount int64) error {
	return Errorf(ECONFLICT, Label{Zh: "超出计划预算：预算 %d 元，已承诺 %d 元，剩余 %d 元，本次 %d 元", En: "beyond the program's budget: budget %d, committed %d, remaining %d, this award %d yuan"}, budget, committed, budget-committed, amount)
}

// PlanTranches splits an award made at now into one pending tranche per stage. The first
// tranche starts the work (its milestone, the agreement, is due in a month); the milestone of
// each later tranche is the result of the stage before, due when that stage ends, and is a gate.
func PlanTranches(awardID, amount int64, stages []Stage, now time.Time) []Tranche {
	amounts := TrancheAmounts(amount, stages)
	out := make([]Tranche, len(stages))
	due := now
	for i, st := range stages {
		t := Tranche{AwardID: awardID, Seq: i + 1, Stage: st.Name, StageEn: st.NameEn, Amount: amounts[i],
			Milestone: st.Milestone, MilestoneEn: st.MilestoneEn,
			DueAt: now.AddDate(0, 1, 0), Gate: i > 0, MilestoneStatus: MilestoneAwaiting, Status: TranchePending}
		if i > 0 {
			due = due.AddDate(0, stages[i-1].Months, 0)
			t.DueAt = due
		}
		out[i] = t
	}
	return out
}

// PendingTranche returns the award's tranche id, refusing unless the award is active and the
// tranche still pending.
func (aw *Award) PendingTranche(id int64) (*Tranche, error) {
	if aw.Status != AwardActive {
		return nil, Errorf(ECONFLICT, Label{Zh: "资助已%[1]s", En: "the award is %[2]s"}, AwardStatuses.Label(aw.Status).Zh, strings.ToLower(AwardStatuses.Label(aw.Status).En))
	}
	for i := range aw.Tranches {
		if aw.Tranches[i].ID == id {
			t := aw.Tranches[i]
			if t.Status != TranchePending {
				return nil, Errorf(ECONFLICT, Label{Zh: "第 %[1]d 批资金%[2]s", En: "tranche %[1]d is %[3]s"}, t.Seq, TrancheStates.Label(t.Status).Zh, t.Status)
			}
			return &t, nil
		}
	}
	return nil, Errorf(ENOTFOUND, Label{Zh: "拨付批次 %d 不存在", En: "tranche %d not found"}, id)
}

// CheckInOrder refuses work on a tranche while an earlier one is unpaid.
func (aw *Award) CheckInOrder(t *Tranche) error {
	for _, x := range aw.Tranches {
		if x.Seq < t.Seq && x.Status != TrancheReleased {
			return Errorf(ECONFLICT, Label{Zh: "第 %d 批资金尚未拨付，须按顺序进行", En: "tranche %d has not been released yet; tranches go in order"}, x.Seq)
		}
	}
	return nil
}

// CleanEvidence checks milestone evidence submitted by a for tranche t of aw and returns it
// tidied: only the recipient organisation may submit it, 1 to 4000 characters, and not once the
// milestone was accepted.
func CleanEvidence(a Actor, aw *Award, t *Tranche, evidence string) (string, error) {
	if a.InnovatorID == nil || *a.InnovatorID != aw.InnovatorID {
		return "", Errorf(EFORBIDDEN, Label{Zh: "只有受资助单位可以提交里程碑证明", En: "only the recipient may submit milestone evidence"})
	}
	evidence = strings.TrimSpace(strings.ReplaceAll(evidence, "\r\n", "\n"))
	if evidence == "" || utf8.RuneCountInString(evidence) > 4000 {
		return "", FieldError("evidence", Label{Zh: "请写明里程碑的完成情况（1–4000 字，可列出可核查的链接或编号）", En: "describe how the milestone was reached (1–4000 characters; list verifiable links or numbers)"})
	}
	if t.MilestoneStatus == MilestoneAccepted {
		return "", Errorf(ECONFLICT, Label{Zh: "里程碑已验收", En: "the milestone was already accepted"})
	}
	return evidence, nil
}

// CheckReviewable refuses accepting or returning a milestone that has no evidence to review;
// stopping needs none.
func (t *Tranche) CheckReviewable(decision string) error {
	if decision != MilestoneStop && t.MilestoneStatus != MilestoneSubmitted {
		return Errorf(ECONFLICT, Label{Zh: "里程碑证明%[1]s，无可审核的内容", En: "the milestone is %[2]s; there is no evidence to review"}, MilestoneStates.Label(t.MilestoneStatus).Zh, strings.ToLower(MilestoneStates.Label(t.MilestoneStatus).En))
	}
	return nil
}

// CheckReleasable refuses paying a tranche whose milestone evidence was not accepted.
func (t *Tranche) CheckReleasable() error {
	if t.MilestoneStatus != MilestoneAccepted {
		return Errorf(ECONFLICT, Label{Zh: "里程碑证明尚未验收（%[1]s），不能拨付", En: "the milestone evidence has not been accepted (%[2]s); the tranche cannot be released"}, MilestoneStates.Label(t.MilestoneStatus).Zh, strings.ToLower(MilestoneStates.Label(t.MilestoneStatus).En))
	}
	return nil
}
