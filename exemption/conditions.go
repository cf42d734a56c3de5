package exemption

import (
	"fmt"
	"strings"

	"seedbed"
)

// The conditions common to published exemption rules (see
// ../shared/references/exemption-conditions.md), each checked from the ledger.
var conditionTitles = []struct {
	id    string
	title seedbed.Label
}{
	{"lawful", seedbed.Label{Zh: "决策符合法律、政策和当时的战略方向", En: "The decision complied with law, policy and the strategy in force"}},
	{"procedure", seedbed.Label{Zh: "履行了规定的决策程序（含集体决策）", En: "The prescribed procedure was followed, including a collective decision"}},
	{"no_private_gain", seedbed.Label{Zh: "无谋取私利，利害关系均已申报", En: "No personal or illegal gain; interests were declared"}},
	{"diligence", seedbed.Label{Zh: "勤勉尽责有同期记录", En: "Diligence is shown in contemporaneous records"}},
	{"no_falsification", seedbed.Label{Zh: "记录未被篡改、无弄虚作假", En: "Nothing was falsified: the records are intact"}},
	{"losses_limited", seedbed.Label{Zh: "及时纠错、控制损失", En: "Problems were corrected promptly and losses limited"}},
	{"objective_cause", seedbed.Label{Zh: "失败有客观原因（技术、市场、外部）", En: "The failure has objective causes (technical, market, external)"}},
	{"refund", seedbed.Label{Zh: "按规定退回结余资金", En: "Remaining funds were refunded where required"}},
	{"no_exclusion", seedbed.Label{Zh: "无排除情形（欺诈、懈怠、私利、违禁继续）", En: "No excluded conduct (fraud, slackness, private gain, continuing after a prohibition)"}},
}

// conditions checks every condition, using the step results where they apply.
func (c *checker) conditions(steps []seedbed.StepResult) []seedbed.Condition {
	out := make([]seedbed.Condition, 0, len(conditionTitles))
	for _, ct := range conditionTitles {
		var sc stepCheck
		switch {
		case c.decision == nil && ct.id != "no_falsification":
			sc = notMet(lbl("账本中没有资助 %d 的资助决定条目", "the ledger holds no award decision for award %d", c.in.AwardID))
		case ct.id == "lawful":
			sc = both(c.published(), c.eligibility())
		case ct.id == "procedure":
			sc = c.procedureFollowed(steps)
		case ct.id == "no_private_gain":
			sc = c.noPrivateGain()
		case ct.id == "diligence":
			sc = c.diligence()
		case ct.id == "no_falsification":
			sc = c.intact()
		case ct.id == "losses_limited":
			sc = c.lossesLimited()
		case ct.id == "objective_cause":
			sc = c.objectiveCause()
		case ct.id == "refund":
			sc = c.refund()
		case ct.id == "no_exclusion":
			sc = c.noExclusion()
		}
		if sc.used == nil {
			sc.used = []seedbed.Evidence{}
		}
		out = append(out, seedbed.Condition{ID: ct.id, Title: ct.title, Status: sc.status, Explanation: sc.why, Entries: sc.used})
	}
	return out
}

// both combines two checks: not met if either is, else needs review if either does.
func both(a, b stepCheck) stepCheck {
	out := stepCheck{status: seedbed.ConditionMet, used: append(append([]seedbed.Evidence{}, a.used...), b.used...)}
	for _, x := range []stepCheck{a, b} {
		if x.status == seedbed.ConditionNotMet || x.status == seedbed.ConditionReview && out.status == seedbed.ConditionMet {
			out.status = x.status
		}
	}
	var zh, en []string
	for _, x := range []stepCheck{a, b} {
		if out.status == seedbed.ConditionMet || x.status != seedbed.ConditionMet {
			zh, en = append(zh, x.why.Zh), append(en, x.why.En)
		}
	}
	out.why = seedbed.Label{Zh: strings.Join(zh, "；"), En: strings.Join(en, "; ")}
	return out
}

func (c *checker) procedureFollowed(steps []seedbed.StepResult) stepCheck {
	if c.proc == nil {
		return stepCheck{seedbed.ConditionReview, c.procNote, nil}
	}
	ref := seedbed.Label{
		Zh: fmt.Sprintf("《%s》第 %d 版（账本第 %d 号条目发布）", c.proc.Title.Zh, c.proc.Version, c.procIndex),
		En: fmt.Sprintf("%q, version %d (published in ledger entry %d)", c.proc.Title.En, c.proc.Version, c.procIndex),
	}
	var zh, en []string
	for i, s := range steps {
		if s.Status != seedbed.ConditionMet {
			zh = append(zh, fmt.Sprintf("第 %d 步「%s」：%s", i+1, s.Title.Zh, s.Explanation.Zh))
			en = append(en, fmt.Sprintf("step %d (%s): %s", i+1, s.Title.En, s.Explanation.En))
		}
	}
	if len(zh) > 0 {
		return notMet(seedbed.Label{Zh: "未完全履行" + ref.Zh + "：" + strings.Join(zh, "；"),
			En: "the procedure " + ref.En + " was not fully followed: " + strings.Join(en, "; ")})
	}
	decision := evidence(c.decision, lbl("资助决定：%s", "award decision by %s", c.decision.Actor))
	return met(seedbed.Label{Zh: "资助决定时有效的" + ref.Zh + "全部 " + itoa(int64(len(steps))) + " 个步骤均有账本证据",
		En: "every one of the " + itoa(int64(len(steps))) + " steps of " + ref.En + ", in force at the decision, has ledger evidence"}, c.procEv, decision)
}

func (c *checker) noPrivateGain() stepCheck {
	decl := c.declarations()
	dec := c.deciderDeclared()
	if dec.status == seedbed.ConditionNotMet && len(dec.used) == 0 {
		// no declaration at all is for a human to judge unless the procedure required one
		dec.status = seedbed.ConditionReview
	}
	return both(decl, dec)
}

func (c *checker) diligence() stepCheck {
	var used []seedbed.Evidence
	for _, kind := range []string{seedbed.EventMilestone, seedbed.EventStageGate} {
		for _, r := range c.all(kind) {
			if !c.before(r) {
				var p struct {
					Decision string `json:"decision"`
					Seq      int    `json:"seq"`
				}
				payload(r, &p)
				used = append(used, evidence(r, lbl("第 %d 期里程碑审核：%s", "milestone %d reviewed: %s", p.Seq, p.Decision)))
			}
		}
	}
	risk, riskWhy, deliberate, declined := c.riskEvidence()
	with := func(l seedbed.Label) seedbed.Label {
		if riskWhy.Zh == "" {
			return l
		}
		return seedbed.Label{Zh: l.Zh + "。" + riskWhy.Zh, En: l.En + ". " + riskWhy.En}
	}
	switch {
	case declined:
		return stepCheck{seedbed.ConditionReview, with(lbl("资助决定前第二人复核不同意容错备案，资助仍然作出，须人工判断", "a second person declined the risk filing before the award decision and the award was made all the same; a human must judge")),
			append(risk, used...)}
	case len(used) == 0 && deliberate:
		return met(with(lbl("资助决定后账本中没有里程碑审核记录，但决定前的容错备案是同期记录", "the ledger holds no milestone review after the award, but the risk filing before the decision is a contemporaneous record")), risk...)
	case len(used) == 0:
		return stepCheck{seedbed.ConditionReview, with(lbl("资助决定后账本中没有里程碑审核记录，履职情况须人工核实", "the ledger holds no milestone review after the award; a human must check the follow-up")), risk}
	}
	return met(with(lbl("资助决定及其依据均在决定前入账；决定后有 %d 次里程碑审核记录", "the decision and its basis were recorded before it; %d milestone reviews were recorded afterwards", len(used))), append(risk, used...)...)
}

func (c *checker) intact() stepCheck {
	switch {
	case !c.in.LedgerOK:
		return notMet(seedbed.Label{Zh: "账本校验未通过：" + c.in.LedgerProblem.Zh, En: "the ledger did not verify: " + c.in.LedgerProblem.En})
	case !c.in.ProofsOK:
		return notMet(lbl("卷宗中有条目的包含证明未通过签名树头的验证", "an entry of the dossier failed its inclusion proof against the signed tree head"))
	}
	return met(lbl("整个账本（%d 个条目）重新计算校验通过，卷宗中每个条目的包含证明均对签名树头验证通过", "the whole ledger (%d entries) was recomputed and verified, and every dossier entry's inclusion proof verified against the signed tree head", c.in.CheckedSize))
}

func (c *checker) failureRecord() *Record {
	return c.find(func(r *Record) bool {
		return r.Kind == seedbed.EventAwardFailed && r.Subject == "award:"+itoa(c.in.AwardID)
	})
}

func (c *checker) lossesLimited() stepCheck {
	f := c.in.Failure
	if f == nil {
		return notMet(lbl("项目未按失败结题", "the project was not closed as failed"))
	}
	var used []seedbed.Evidence
	if r := c.failureRecord(); r != nil {
		used = append(used, evidence(r, lbl("失败结题", "closed as failed")))
	}
	for _, r := range c.all(seedbed.EventStageGate) {
		var p struct {
			Go *bool `json:"go"`
		}
		payload(r, &p)
		if p.Go != nil && !*p.Go {
			used = append(used, evidence(r, lbl("阶段评审不通过，终止拨款", "stage gate: no-go, payments stopped")))
			return met(lbl("阶段评审不通过即终止拨款；未拨付的 %d 元已退回计划预算，已拨付 %d 元", "payments stopped at a no-go stage gate; the unpaid %d yuan went back to the program's budget, %d yuan had been paid", f.Returned, f.Released), used...)
		}
	}
	if f.Returned > 0 {
		return met(lbl("失败结题时停止拨款，未拨付的 %d 元已退回计划预算（已拨付 %d 元）", "payments stopped when the project was closed as failed; the unpaid %d yuan went back to the program's budget (%d yuan had been paid)", f.Returned, f.Released), used...)
	}
	return stepCheck{seedbed.ConditionReview, lbl("失败前资助已全额拨付（%d 元），是否及时止损须人工判断", "the award was paid in full (%d yuan) before the failure; a human must judge whether losses were limited", f.Released), used}
}

func (c *checker) objectiveCause() stepCheck {
	f := c.in.Failure
	if f == nil {
		return notMet(lbl("项目未按失败结题", "the project was not closed as failed"))
	}
	var used []seedbed.Evidence
	if r := c.failureRecord(); r != nil {
		used = append(used, evidence(r, lbl("失败类别与教训", "failure category and lesson")))
	}
	cat := f.CategoryLabel()
	if f.Category == seedbed.FailureTeam {
		return stepCheck{seedbed.ConditionReview, seedbed.Label{Zh: "失败类别为「" + cat.Zh + "」，是否属于客观原因须人工判断。教训：" + f.Lesson,
			En: "the failure category is \"" + cat.En + "\"; a human must judge whether it is an objective cause. Lesson: " + f.Lesson}, used}
	}
	return met(seedbed.Label{Zh: "失败类别为「" + cat.Zh + "」，属客观原因。教训：" + f.Lesson,
		En: "the failure category is \"" + cat.En + "\", an objective cause. Lesson: " + f.Lesson}, used...)
}

func (c *checker) refund() stepCheck {
	switch {
	case c.proc == nil:
		return stepCheck{seedbed.ConditionReview, lbl("没有适用的标准程序，无法确定是否须退回结余资金", "no procedure applies, so whether a refund is required is unknown"), nil}
	case c.proc.RefundRequired:
		return stepCheck{seedbed.ConditionReview, lbl("该程序要求退回结余资金；退款不在平台记录中，须核对财务凭证", "the procedure requires remaining funds to be refunded; refunds are not recorded here, so check the finance records"), nil}
	}
	return met(lbl("适用的标准程序不要求退回结余资金；未拨付部分已停止拨付", "the procedure in force does not require a refund; unpaid funds were not paid out"))
}

func (c *checker) noExclusion() stepCheck {
	// continuing after a prohibition: a tranche released after the award was stopped
	var stop *Record
	for i := range c.in.Records {
		r := &c.in.Records[i]
		if r.Subject != "award:"+itoa(c.in.AwardID) {
			continue
		}
		var p struct {
			Go     *bool  `json:"go"`
			Status string `json:"status"`
		}
		payload(r, &p)
		switch {
		case r.Kind == seedbed.EventStageGate && p.Go != nil && !*p.Go, r.Kind == seedbed.EventAwardStatus && p.Status == seedbed.AwardStopped:
			if stop == nil {
				stop = r
			}
		case r.Kind == seedbed.EventTrancheRelease && stop != nil:
			return notMet(lbl("资助已于第 %d 号条目终止，第 %d 号条目仍拨付了资金", "the award was stopped at entry %d, yet entry %d released money", stop.Index, r.Index),
				evidence(stop, lbl("终止", "stopped")), evidence(r, lbl("终止后拨付", "released after the stop")))
		}
	}
	if d := c.declarations(); d.status == seedbed.ConditionNotMet && strings.Contains(d.why.En, "after declaring") {
		return notMet(d.why, d.used...)
	}
	return met(lbl("账本中没有终止后继续拨款或声明冲突后仍评审的记录；平台未记录任何失信行为", "the ledger shows no payment after a stop and no review after a declared conflict; no misconduct is on record"))
}
