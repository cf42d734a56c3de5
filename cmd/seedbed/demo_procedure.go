package main

import (
	"context"
	"time"

	"seedbed"
	"seedbed/app"
)

// demoProcedureSteps records, as the deciding official, the steps of a program's standard
// procedure that are not part of review and selection: the declaration of no interest, the
// collective decision of the funding list, and the funded list on public notice on the portal
// from tomorrow for the default period, closed the day after it ends without objections. It
// moves the demo clock with at and returns when the notice is closed: the decision may be taken
// then.
func demoProcedureSteps(ctx context.Context, x *app.Exemptions, ns *app.Notices, officer seedbed.Actor, programID int64, now time.Time, at func(time.Time)) (time.Time, error) {
	if _, err := x.DeclareInterest(ctx, officer, seedbed.InterestDeclaration{ProgramID: programID, Note: "与各申报主体无亲属、投资或雇佣关系"}); err != nil {
		return now, err
	}
	if _, err := x.RecordCollectiveDecision(ctx, officer, seedbed.CollectiveDecision{ProgramID: programID, Body: "局务会",
		HeldOn: seedbed.DateCST(now), Members: 9, Present: 8, For: 8, Resolution: "同意按遴选结果资助"}); err != nil {
		return now, err
	}
	n, err := ns.PublishNotice(ctx, officer, programID, seedbed.NoticePeriod{StartOn: seedbed.DateCST(now.AddDate(0, 0, 1)),
		AllowAnonymous: true, Note: "公示期内，任何单位和个人均可通过本页对名单提出异议。"})
	if err != nil {
		return now, err
	}
	after := dayAfterCST(n.EndOn)
	at(after)
	if _, err := ns.CloseNotice(ctx, officer, n.ID); err != nil {
		return after, err
	}
	return after, nil
}

// dayAfterCST is 10:00 in China on the day after day (YYYY-MM-DD).
func dayAfterCST(day string) time.Time {
	t, _ := time.ParseInLocation(seedbed.DateLayout, day, time.FixedZone("CST", 8*3600))
	return t.AddDate(0, 0, 1).Add(10 * time.Hour).UTC()
}
