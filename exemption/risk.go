package exemption

import (
	"strings"

	"seedbed"
)

// riskFiling is a risk filing (容错备案) found in the ledger with its review, if any.
type riskFiling struct {
	filed, review *Record
	id            int64
	risk, worth   string
	failure       string
	decision      string // approved, declined, withdrawn; "" while unreviewed
	note          string
}

// riskFilings returns the filings about the program, the application or the award, in ledger
// order, each with its review.
func (c *checker) riskFilings() []riskFiling {
	var out []riskFiling
	for _, r := range c.all(seedbed.EventRiskFiled) {
		var p struct {
			ID      int64  `json:"risk_filing_id"`
			Risk    string `json:"risk"`
			Worth   string `json:"worth"`
			Failure string `json:"failure"`
		}
		payload(r, &p)
		out = append(out, riskFiling{filed: r, id: p.ID, risk: p.Risk, worth: p.Worth, failure: p.Failure})
	}
	for _, r := range c.all(seedbed.EventRiskReviewed) {
		var p struct {
			ID       int64  `json:"risk_filing_id"`
			Decision string `json:"decision"`
			Note     string `json:"note"`
		}
		payload(r, &p)
		for i := range out {
			if out[i].id == p.ID && out[i].review == nil {
				out[i].review, out[i].decision, out[i].note = r, p.Decision, p.Note
			}
		}
	}
	return out
}

// riskEvidence reads the risk filings for the diligence condition: a filing approved by a
// second person before the award decision documents a deliberate, reviewed risk (deliberate
// is true); a filing declined before the decision, with none approved, means the award went
// ahead against a second person's advice (declined is true). The entries cite each filing and
// its review; the words say what they show.
func (c *checker) riskEvidence() (used []seedbed.Evidence, why seedbed.Label, deliberate, declined bool) {
	var zh, en []string
	for _, f := range c.riskFilings() {
		before := c.before(f.filed)
		used = append(used, evidence(f.filed, lbl("容错备案 %d：风险“%s”；值得承担的理由“%s”；失败的样子“%s”", "risk filing %d: risk \u201c%s\u201d; worth taking because \u201c%s\u201d; failure would look like \u201c%s\u201d",
			f.id, f.risk, f.worth, f.failure)))
		switch {
		case f.review == nil:
			zh = append(zh, "容错备案 "+itoa(f.id)+" 尚未复核")
			en = append(en, "risk filing "+itoa(f.id)+" was never reviewed")
		case f.decision == seedbed.RiskFilingApproved:
			used = append(used, evidence(f.review, lbl("%s 复核同意容错备案 %d：%s", "%s approved risk filing %d: %s", f.review.Actor, f.id, f.note)))
			if before && c.before(f.review) {
				deliberate = true
				zh = append(zh, "资助决定前已作容错备案 "+itoa(f.id)+"（"+f.filed.Actor+" 备案，"+f.review.Actor+" 复核同意），风险是经审慎考虑并经第二人复核后承担的")
				en = append(en, "risk filing "+itoa(f.id)+" was filed by "+f.filed.Actor+" and approved by "+f.review.Actor+" before the award decision: the risk was taken deliberately and reviewed by a second person")
			} else {
				zh = append(zh, "容错备案 "+itoa(f.id)+" 在资助决定后才复核同意")
				en = append(en, "risk filing "+itoa(f.id)+" was approved only after the award decision")
			}
		case f.decision == seedbed.RiskFilingDeclined:
			used = append(used, evidence(f.review, lbl("%s 复核不同意容错备案 %d：%s", "%s declined risk filing %d: %s", f.review.Actor, f.id, f.note)))
			if before && c.before(f.review) {
				declined = true
			}
			zh = append(zh, "容错备案 "+itoa(f.id)+" 被 "+f.review.Actor+" 复核不同意（"+f.note+"）")
			en = append(en, "risk filing "+itoa(f.id)+" was declined by "+f.review.Actor+" ("+f.note+")")
		default:
			zh = append(zh, "容错备案 "+itoa(f.id)+" 已撤回")
			en = append(en, "risk filing "+itoa(f.id)+" was withdrawn")
		}
	}
	if deliberate {
		declined = false
	}
	return used, seedbed.Label{Zh: strings.Join(zh, "；"), En: strings.Join(en, "; ")}, deliberate, declined
}
