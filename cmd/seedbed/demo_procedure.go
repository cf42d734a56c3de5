package main

import (
	"context"
	"time"

	"seedbed"
	"seedbed/app"
)

// demoProcedureSteps records, as the deciding official, the steps of a program's standard
// procedure that are not part of review and selection: the declaration of no interest, the
// collective decision of the funding list and a seven-day public notice without objections. It
// returns when the notice ends: the decision may be taken the day after.
func demoProcedureSteps(ctx context.Context, x *app.Exemptions, officer seedbed.Actor, programID int64, now time.Time) (time.Time, error) {
	if _, err := x.DeclareInterest(ctx, officer, seedbed.InterestDeclaration{ProgramID: programID, Note: "与各申报主体无亲属、投资或雇佣关系"}); err != nil {
		return now, err
	}
	if _, err := x.RecordCollectiveDecision(ctx, officer, seedbed.CollectiveDecision{ProgramID: programID, Body: "局务会",
		HeldOn: seedbed.DateCST(now), Members: 9, Present: 8, For: 8, Resolution: "同意按遴选结果资助"}); err != nil {
		return now, err
	}
	start, end := now.AddDate(0, 0, 1), now.AddDate(0, 0, 7)
	if _, err := x.RecordPublicNotice(ctx, officer, seedbed.PublicNotice{ProgramID: programID, Channel: "市科技局门户网站",
		StartOn: seedbed.DateCST(start), EndOn: seedbed.DateCST(end), Note: "公示期内未收到异议"}); err != nil {
		return now, err
	}
	return end.AddDate(0, 0, 1), nil
}
