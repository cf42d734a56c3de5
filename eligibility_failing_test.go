package seedbed

import "testing"

func TestFailingWords(t *testing.T) {
	p := PolicyEligibility{FailingClause: "market_driven", FailingText: Label{Zh: "以市场需求驱动", En: "market-demand-driven"}}
	if got := p.FailingWords("zh"); got != "以市场需求驱动" {
		t.Errorf("zh: %q", got)
	}
	if got := p.FailingWords("en"); got != "market-demand-driven" {
		t.Errorf("en: %q", got)
	}
	// A verdict stored before verdicts carried the sentence names the clause.
	if got := (PolicyEligibility{FailingClause: "market_driven"}).FailingWords("zh"); got != "market_driven" {
		t.Errorf("old verdict: %q", got)
	}
}
