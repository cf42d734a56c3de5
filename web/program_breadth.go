package web

import (
	"fmt"

	"seedbed"
	"seedbed/ecosystem"
	"seedbed/evaluation"
	"seedbed/i18n"
)

// programWithBreadth is a program as the API gives it, with the shares of its awards that went
// to SMEs and to grassroots teams and individuals.
type programWithBreadth struct {
	*seedbed.Program
	ecosystem.Breadth
}

// breadthView is a program's breadth on its page: the two shares and a sentence that reads them.
type breadthView struct {
	SME, Grassroots string // "40%", or "" without awards
	Reading         string
}

// newBreadthView formats a program's breadth in lang.
func newBreadthView(b ecosystem.Breadth, lang string) breadthView {
	if b.SMEShare == nil || b.GrassrootsShare == nil || b.SMEShareMoney == nil || b.GrassrootsShareMoney == nil {
		rd := evaluation.ReadShares(0, 0, 0, 0, 0)
		return breadthView{Reading: i18n.T(lang, rd.Key, rd.Args...)}
	}
	pct := func(v *float64) string { return fmt.Sprintf("%.0f%%", 100**v) }
	rd := evaluation.ReadShares(b.Awards, *b.SMEShare, *b.SMEShareMoney, *b.GrassrootsShare, *b.GrassrootsShareMoney)
	return breadthView{SME: pct(b.SMEShare), Grassroots: pct(b.GrassrootsShare), Reading: i18n.T(lang, rd.Key, rd.Args...)}
}
