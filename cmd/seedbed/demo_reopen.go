package main

import (
	"math"
	"time"

	"seedbed"
)

// demoReopenReason is why the institutes' selection was made again.
const demoReopenReason = "遴选结果确认后，一位评审专家申报：其所评申请的项目负责人是本人近三年的合作者，此前未申报。其评分须剔除、另派专家重评后重新遴选；原遴选结果作废但保留在账本中。"

// reopenAfterLateConflict is a selection made again: after the result was confirmed, a reviewer
// tells the officer of a conflict with an application scored; the officer asks, with the reason, for the
// selection to be reopened, and the second officer approves; the reviewer records the conflict and is replaced, the
// replacement declares and scores, and the selection is made (and confirmed) again. The first
// result stays in the ledger and on the review console as superseded.
func (d *demoPrograms) reopenAfterLateConflict(p *seedbed.Program) error {
	list, err := d.s.FindAssignments(d.ctx, seedbed.AssignmentFilter{ProgramID: p.ID, State: seedbed.AssignmentScored})
	if err != nil || len(list) == 0 {
		return err
	}
	byID := actorsByID(d.reviewers)
	late := list[len(list)/2]
	// The reviewer wrote to the officer; the declaration is recorded once the review is open again.
	d.tick(20 * time.Hour)
	err = d.r.ReopenSelection(d.ctx, d.officer, p.ID, demoReopenReason)
	d.tick(3 * time.Hour)
	if err := demoApprove(d.ctx, d.approvals, err, d.payer, "利益冲突属实，同意重新遴选"); err != nil {
		return err
	}
	d.tick(time.Hour)
	err = d.replaceAfterLateConflict(p, byID, late, lateConflict{
		note:    "申请项目负责人是本人近三年的合作者（合著论文两篇），评分时未意识到须申报",
		reason:  "评审专家评分后申报利益冲突（近三年合作者），评分不计，另派专家",
		comment: "样机方案清楚，第三方测试计划可行。",
		gap:     26 * time.Hour,
		score: func(c seedbed.Criterion, as seedbed.Assignment) float64 {
			return math.Max(c.Min, math.Min(c.Max, math.Round(3+0.9*d.quality[as.ApplicationID]+d.harsh[as.ReviewerID])))
		},
	})
	if err != nil {
		return err
	}
	d.tick(5 * time.Hour)
	if _, err := d.r.NormaliseScores(d.ctx, d.officer, p.ID); err != nil {
		return err
	}
	d.tick(2 * time.Hour)
	_, err = d.r.RunSelection(d.ctx, d.officer, p.ID)
	d.tick(time.Hour)
	return demoApprove(d.ctx, d.approvals, err, d.payer, "已与重评后的评分表核对")
}
