package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"seedbed"
	"seedbed/app"
)

// seedBlindExemptionDemo ends one project of the blind pilot (blindDecided) as an honest failure
// and opens its exemption case, so that the officer and the auditor see a case whose decision
// went through blind review, a conflict found after a score and the replacement of the reviewer.
// The project is the one whose reviewer was replaced when it was funded; otherwise the first
// funded one (the case then cites no replacement, and the demo says so). The officer ends it
// through the award's early ending with a technical failure as the reason; the auditor opens the
// case and leaves it undecided, for someone to decide in the demo. It runs on its own clock, a
// week before the demo's today.
func seedBlindExemptionDemo(ctx context.Context, a *app.App, spec demoSpec, out io.Writer) error {
	store := a.Store()
	now := spec.clock().AddDate(0, 0, -7)
	saved := store.Now
	store.Now = func() time.Time { return now }
	defer func() { store.Now = saved }()
	officer, err := demoActor(ctx, a, "officer")
	if err != nil {
		return err
	}
	auditor, err := demoActor(ctx, a, "auditor")
	if err != nil {
		return err
	}
	p, err := blindPilot(ctx, a)
	if err != nil || p == nil {
		return err
	}
	replaced, err := store.FindAssignments(ctx, seedbed.AssignmentFilter{ProgramID: p.ID, State: seedbed.AssignmentReplaced})
	if err != nil {
		return err
	}
	awards, _, err := a.Programs.FindAwards(ctx, seedbed.AwardFilter{ProgramID: p.ID, Limit: 100})
	if err != nil {
		return err
	}
	var chosen *seedbed.Award
	for i := range awards {
		aw := &awards[i]
		if aw.Status == seedbed.AwardActive && (chosen == nil || replacedIn(replaced, aw.ApplicationID)) {
			chosen = aw
		}
		if chosen != nil && replacedIn(replaced, chosen.ApplicationID) {
			break
		}
	}
	if chosen == nil {
		fmt.Fprintf(out, "demo: the blind pilot has no running award to end; no exemption case for it\n")
		return nil
	}
	if _, err := a.Programs.Terminate(ctx, officer, chosen.ID, seedbed.TerminationInput{Reason: seedbed.FailureTechnical,
		Account: "端侧低比特推理在目标芯片上的精度损失无法控制在承诺范围内，三轮量化方案均未达到第一阶段指标；团队如实报告并申请停止，首笔资金尚未拨付，实验数据已公开"}); err != nil {
		return fmt.Errorf("ending award %d of the blind pilot: %w", chosen.ID, err)
	}
	now = now.Add(26 * time.Hour)
	c, err := a.Exemptions.OpenCase(ctx, auditor, chosen.ID)
	if err != nil {
		return fmt.Errorf("exemption case of award %d: %w", chosen.ID, err)
	}
	fmt.Fprintf(out, "demo: the blind pilot's award %d ended as an honest failure; exemption case %d drafted %s (reviewer replaced: %v)\n",
		chosen.ID, c.ID, c.DraftOutcome, replacedIn(replaced, chosen.ApplicationID))
	return nil
}

// blindPilot finds the decided blind program of the demo, nil when there is none.
func blindPilot(ctx context.Context, a *app.App) (*seedbed.Program, error) {
	progs, _, err := a.Programs.FindPrograms(ctx, seedbed.ProgramFilter{State: seedbed.ProgramDecided, Limit: 1000})
	if err != nil {
		return nil, err
	}
	for i := range progs {
		if progs[i].BlindReview {
			return &progs[i], nil
		}
	}
	return nil, nil
}

func replacedIn(list []seedbed.Assignment, appID int64) bool {
	for _, as := range list {
		if as.ApplicationID == appID {
			return true
		}
	}
	return false
}
