package exemption

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"seedbed"
)

// stepCheck is the outcome of checking one step: a status, why, and the entries relied on.
type stepCheck struct {
	status string
	why    seedbed.Label
	used   []seedbed.Evidence
}

func met(why seedbed.Label, used ...seedbed.Evidence) stepCheck {
	return stepCheck{seedbed.ConditionMet, why, used}
}

func notMet(why seedbed.Label, used ...seedbed.Evidence) stepCheck {
	return stepCheck{seedbed.ConditionNotMet, why, used}
}

// step checks one step of the procedure against the records before the decision.
func (c *checker) step(st Step) seedbed.StepResult {
	var sc stepCheck
	switch st.Evidence {
	case "program_published":
		sc = c.published()
	case "eligibility":
		sc = c.eligibility()
	case "score":
		sc = c.reviews(st.Min)
	case "conflict_declaration":
		sc = c.declarations()
	case "collective_decision":
		sc = c.collective(st.Quorum, st.Majority)
	case "public_notice":
		sc = c.notice(st.MinDays)
	case "interest_declaration":
		sc = c.deciderDeclared()
	case "funding_decision":
		sc = c.recorded(st.Evidence)
	case "lottery_commitment", "draw":
		if sel, ok := c.noDraw(); ok {
			sc = met(lbl("遴选结果没有需要抽签的申请，无须抽签", "the selection sent no application to a draw, so none was needed"),
				evidence(sel, lbl("遴选：无抽签组", "selection: no draw group")))
		} else {
			sc = c.recorded(st.Evidence)
		}
	default:
		sc = stepCheck{seedbed.ConditionReview, lbl("未知的证据类型 %s", "unknown evidence kind %s", st.Evidence), nil}
	}
	if st.Evidence == "draw" && sc.status == seedbed.ConditionMet {
		sc = c.drawCommitted(sc)
	}
	if sc.used == nil {
		sc.used = []seedbed.Evidence{}
	}
	return seedbed.StepResult{ID: st.ID, Title: st.Title, Evidence: st.Evidence, Status: sc.status, Explanation: sc.why, Entries: sc.used}
}

// late explains records of a kind that exist only after the decision.
func (c *checker) late(kind string) (stepCheck, bool) {
	for _, r := range c.all(kind) {
		if !c.before(r) {
			return notMet(lbl("相关记录（账本第 %d 号条目）在资助决定（第 %d 号条目）之后才入账，不是同期记录", "the record (ledger entry %d) was entered after the award decision (entry %d), not at the time",
				r.Index, c.decision.Index), evidence(r, lbl("事后补录", "entered afterwards"))), true
		}
	}
	return stepCheck{}, false
}

func (c *checker) missing(kind string) stepCheck {
	if sc, ok := c.late(kind); ok {
		return sc
	}
	k := seedbed.EventKindLabel(kind)
	return notMet(seedbed.Label{Zh: "账本中没有资助决定之前的「" + k.Zh + "」记录", En: "the ledger holds no record of “" + k.En + "” before the award decision"})
}

func (c *checker) published() stepCheck {
	for _, r := range c.all(seedbed.EventProgramPublished) {
		if c.before(r) {
			var p struct {
				Terms struct {
					PolicyIDs []string `json:"policy_ids"`
					Reviewers int      `json:"reviewers_per_app"`
				} `json:"terms"`
			}
			payload(r, &p)
			return met(lbl("申报指南于 %s 发布，申报条件依据政策 %s", "the call was published on %s, its eligibility defined by policies %s",
				r.Time.In(cst).Format(seedbed.DateLayout), strings.Join(p.Terms.PolicyIDs, ", ")),
				evidence(r, lbl("发布申报指南", "call published")))
		}
	}
	return c.missing(seedbed.EventProgramPublished)
}

func (c *checker) eligibility() stepCheck {
	var last *Record
	for _, r := range c.all(seedbed.EventEligibility) {
		if c.before(r) {
			last = r
		}
	}
	if last == nil {
		return c.missing(seedbed.EventEligibility)
	}
	var p struct {
		Eligibility struct {
			Status string `json:"status"`
		} `json:"eligibility"`
	}
	payload(last, &p)
	if p.Eligibility.Status != seedbed.Eligible {
		return notMet(lbl("资格审查结果为「%s」，不是符合条件", "the eligibility check gave %q, not eligible", p.Eligibility.Status),
			evidence(last, lbl("资格审查", "eligibility check")))
	}
	return met(lbl("提交时按所列政策审查，结果为符合条件", "checked against the listed policies when submitted: eligible"),
		evidence(last, lbl("资格审查：符合", "eligibility check: eligible")))
}

// scorers returns each reviewer's first score before the decision, by reviewer.
func (c *checker) scorers() (map[string]*Record, []string) {
	first := map[string]*Record{}
	var names []string
	withdrawn := c.withdrawnReviewers()
	for _, r := range c.all(seedbed.EventScore) {
		var p struct {
			Reviewer string `json:"reviewer"`
		}
		payload(r, &p)
		if p.Reviewer == "" {
			p.Reviewer = r.Actor
		}
		if !c.before(r) || first[p.Reviewer] != nil || withdrawn[p.Reviewer] {
			continue
		}
		first[p.Reviewer] = r
		names = append(names, p.Reviewer)
	}
	sort.Strings(names)
	return first, names
}

func (c *checker) reviews(min int) stepCheck {
	first, names := c.scorers()
	var used []seedbed.Evidence
	for _, n := range names {
		used = append(used, evidence(first[n], lbl("%s 评分", "scored by %s", n)))
	}
	if len(names) < min {
		if len(names) == 0 {
			if sc, ok := c.late(seedbed.EventScore); ok {
				return sc
			}
		}
		return notMet(lbl("仅有 %d 名专家评分（%s），少于程序要求的 %d 名：评审步骤被跳过或未完成", "only %d experts scored (%s), fewer than the %d the procedure requires: a review step was skipped or not completed",
			len(names), strings.Join(names, ", "), min), used...)
	}
	return met(lbl("%d 名专家独立评分（%s），程序要求至少 %d 名", "%d experts scored independently (%s); the procedure requires at least %d",
		len(names), strings.Join(names, ", "), min), used...)
}

// declarations checks that every reviewer who scored had declared no conflict before scoring.
func (c *checker) declarations() stepCheck {
	first, names := c.scorers()
	if len(names) == 0 {
		return notMet(lbl("没有专家评分，也就没有可核对的利益冲突声明", "no expert scored, so there are no declarations to check"))
	}
	var used []seedbed.Evidence
	var missing, conflicted []string
	for _, n := range names {
		var decl *Record
		conflict := false
		for _, r := range c.all(seedbed.EventConflictDeclared) {
			var p struct {
				Reviewer string `json:"reviewer"`
				Conflict bool   `json:"conflict"`
			}
			payload(r, &p)
			if (p.Reviewer == n || p.Reviewer == "" && r.Actor == n) && r.Index < first[n].Index {
				decl, conflict = r, p.Conflict
			}
		}
		switch {
		case decl == nil:
			missing = append(missing, n)
		case conflict:
			conflicted = append(conflicted, n)
			used = append(used, evidence(decl, lbl("%s 声明存在利益冲突", "%s declared a conflict", n)))
		default:
			used = append(used, evidence(decl, lbl("%s 声明无利益冲突", "%s declared no conflict", n)))
		}
	}
	used = append(used, c.reviewerChanges(names)...)
	switch {
	case len(conflicted) > 0:
		return notMet(lbl("专家 %s 声明存在利益冲突后仍参与评分", "expert %s scored after declaring a conflict of interest", strings.Join(conflicted, ", ")), used...)
	case len(missing) > 0:
		return notMet(lbl("专家 %s 评分前没有利益冲突声明", "expert %s scored without declaring conflicts first", strings.Join(missing, ", ")), used...)
	}
	return met(lbl("全部 %d 名评分专家均在评分前声明无利益冲突", "all %d experts who scored declared no conflict before scoring", len(names)), used...)
}

func (c *checker) collective(quorum, majority float64) stepCheck {
	var tried []seedbed.Evidence
	var why seedbed.Label
	for _, r := range c.all(seedbed.EventCollectiveDecision) {
		var d seedbed.CollectiveDecision
		payload(r, &d)
		if !c.before(r) || !covers(d.ApplicationIDs, c.in.ApplicationID) || d.Members == 0 {
			continue
		}
		e := evidence(r, lbl("%s（%s）：应到 %d、实到 %d、赞成 %d", "%s (%s): %d members, %d present, %d for", d.Body, d.HeldOn, d.Members, d.Present, d.For))
		if float64(d.Present) >= quorum*float64(d.Members)-1e-9 && float64(d.For) > majority*float64(d.Present) {
			return met(lbl("%s于 %s 集体决策：应到 %d 人、实到 %d 人，赞成 %d 票（要求出席不少于 %.0f%%、赞成超过 %.0f%%）",
				"%s decided collectively on %s: %d members, %d present, %d in favour (at least %.0f%% present and more than %.0f%% in favour required)",
				d.Body, d.HeldOn, d.Members, d.Present, d.For, quorum*100, majority*100), e)
		}
		tried = append(tried, e)
		why = lbl("%s（%s）出席 %d/%d、赞成 %d，未达到出席不少于 %.0f%%、赞成超过 %.0f%% 的要求",
			"%s (%s) had %d of %d present and %d in favour, short of at least %.0f%% present and more than %.0f%% in favour",
			d.Body, d.HeldOn, d.Present, d.Members, d.For, quorum*100, majority*100)
	}
	if len(tried) > 0 {
		return notMet(why, tried...)
	}
	return c.missing(seedbed.EventCollectiveDecision)
}

func (c *checker) notice(minDays int) stepCheck {
	var tried []seedbed.Evidence
	var why seedbed.Label
	decided := dayOf(c.decision.Time)
	for _, r := range c.all(seedbed.EventPublicNotice) {
		var n seedbed.PublicNotice
		payload(r, &n)
		if !c.before(r) || !covers(n.ApplicationIDs, c.in.ApplicationID) {
			continue
		}
		e := evidence(r, lbl("%s 公示 %s 至 %s，异议 %d 件、已处理 %d 件", "on notice at %s from %s to %s; %d objections, %d resolved",
			n.Channel, n.StartOn, n.EndOn, n.Objections, n.Resolved))
		end, _ := parseDay(n.EndOn)
		switch {
		case n.Days() < minDays:
			why = lbl("公示期仅 %d 天，少于程序要求的 %d 天", "the notice ran %d days, fewer than the %d required", n.Days(), minDays)
		case n.Resolved < n.Objections:
			why = lbl("公示期间异议 %d 件，仅处理 %d 件", "%d objections were raised but only %d resolved", n.Objections, n.Resolved)
		case end.After(decided):
			why = lbl("公示于 %s 结束，晚于资助决定日 %s", "the notice ended on %s, after the award decision on %s", n.EndOn, decided.Format(seedbed.DateLayout))
		default:
			return met(lbl("在%s公示 %d 天（%s 至 %s，要求不少于 %d 天），异议 %d 件均已处理", "on notice at %s for %d days (%s to %s; at least %d required), all %d objections resolved",
				n.Channel, n.Days(), n.StartOn, n.EndOn, minDays, n.Objections), e)
		}
		tried = append(tried, e)
	}
	if len(tried) > 0 {
		return notMet(why, tried...)
	}
	return c.missing(seedbed.EventPublicNotice)
}

// deciderDeclared checks the deciding official's declaration of no personal interest.
func (c *checker) deciderDeclared() stepCheck {
	for _, r := range c.all(seedbed.EventInterestDeclaration) {
		if !c.before(r) || r.Actor != c.decision.Actor {
			continue
		}
		var d seedbed.InterestDeclaration
		payload(r, &d)
		if d.Interest {
			return notMet(lbl("作出资助决定的 %s 声明存在利害关系（%s）却仍作出决定", "the deciding official %s declared an interest (%s) and still decided", r.Actor, d.Note),
				evidence(r, lbl("%s 声明存在利害关系", "%s declared an interest", r.Actor)))
		}
		return met(lbl("作出资助决定的 %s 事先声明无利害关系", "the deciding official %s declared no personal interest beforehand", r.Actor),
			evidence(r, lbl("%s 声明无利害关系", "%s declared no interest", r.Actor)))
	}
	if sc, ok := c.late(seedbed.EventInterestDeclaration); ok {
		return sc
	}
	return notMet(lbl("作出资助决定的 %s 没有事先声明利害关系", "the deciding official %s made no declaration of interests beforehand", c.decision.Actor))
}

// recorded checks that a record of the kind precedes the decision.
func (c *checker) recorded(kind string) stepCheck {
	for _, r := range c.all(kind) {
		if c.before(r) {
			k := seedbed.EventKindLabel(kind)
			return met(seedbed.Label{Zh: fmt.Sprintf("账本第 %d 号条目记录了「%s」", r.Index, k.Zh), En: fmt.Sprintf("ledger entry %d records “%s”", r.Index, k.En)}, evidence(r, k))
		}
	}
	return c.missing(kind)
}

// noDraw returns the last selection before the decision when it sent no application to a draw.
func (c *checker) noDraw() (*Record, bool) {
	var last *Record
	for _, r := range c.all(seedbed.EventSelection) {
		if c.before(r) {
			last = r
		}
	}
	if last == nil {
		return nil, false
	}
	var p struct {
		DrawGroup []string `json:"draw_group"`
	}
	payload(last, &p)
	return last, len(p.DrawGroup) == 0
}

// drawCommitted adds to a met draw step that its commitment came first.
func (c *checker) drawCommitted(sc stepCheck) stepCheck {
	var draw *Record
	for _, r := range c.all(seedbed.EventDraw) {
		if c.before(r) {
			draw = r
			break
		}
	}
	if draw == nil {
		return sc
	}
	for _, r := range c.all(seedbed.EventLotteryCommitment) {
		if r.Index < draw.Index {
			return sc
		}
	}
	return notMet(lbl("抽签（第 %d 号条目）之前没有入账的抽签承诺", "no lottery commitment was recorded before the draw (entry %d)", draw.Index), sc.used...)
}

func parseDay(s string) (time.Time, error) { return time.Parse(seedbed.DateLayout, s) }

// withdrawnReviewers are the reviewers of the application whose reviews stopped counting before
// the decision: replaced by an officer, or recused on a conflict found after scoring. Their
// scores are not the review the decision rested on.
func (c *checker) withdrawnReviewers() map[string]bool {
	out := map[string]bool{}
	for _, kind := range []string{seedbed.EventReviewerReplaced, seedbed.EventConflictDeclared} {
		for _, r := range c.all(kind) {
			var p struct {
				Reviewer      string `json:"reviewer"`
				ApplicationID int64  `json:"application_id"`
				Late          bool   `json:"late"`
			}
			payload(r, &p)
			if !c.before(r) || p.ApplicationID != c.in.ApplicationID || kind == seedbed.EventConflictDeclared && !p.Late {
				continue
			}
			out[p.Reviewer] = true
		}
	}
	return out
}

// reviewerChanges cites, for the declarations step, the changes to the review of the
// application before the decision: reviewers replaced or recused late (whose scores stopped
// counting), and changes to the declared relations of the reviewers who scored or were taken off.
func (c *checker) reviewerChanges(scorers []string) []seedbed.Evidence {
	var out []seedbed.Evidence
	involved := map[string]bool{}
	for _, n := range scorers {
		involved[n] = true
	}
	for _, r := range c.all(seedbed.EventReviewerReplaced) {
		var p struct {
			Reviewer      string `json:"reviewer"`
			ApplicationID int64  `json:"application_id"`
			Reason        string `json:"reason"`
		}
		payload(r, &p)
		if c.before(r) && p.ApplicationID == c.in.ApplicationID {
			involved[p.Reviewer] = true
			out = append(out, evidence(r, lbl("专家 %s 被替换，其评分不计入（原因：%s）", "expert %s was replaced and their score does not count (reason: %s)", p.Reviewer, p.Reason)))
		}
	}
	for _, r := range c.all(seedbed.EventConflictDeclared) {
		var p struct {
			Reviewer string `json:"reviewer"`
			Late     bool   `json:"late"`
		}
		payload(r, &p)
		if c.before(r) && p.Late {
			involved[p.Reviewer] = true
			out = append(out, evidence(r, lbl("专家 %s 事后声明利益冲突并回避，其评分不计入", "expert %s declared a conflict found later and recused; their score does not count", p.Reviewer)))
		}
	}
	for i := range c.in.Records {
		r := &c.in.Records[i]
		if r.Kind != seedbed.EventReviewerRelations || !c.before(r) {
			continue
		}
		var p struct {
			Reviewer string `json:"reviewer"`
		}
		payload(r, &p)
		if involved[p.Reviewer] {
			out = append(out, evidence(r, lbl("专家 %s 声明的关系有变更（账本记录新旧两值）", "expert %s's declared relations changed (the ledger holds the old and the new)", p.Reviewer)))
		}
	}
	return out
}
