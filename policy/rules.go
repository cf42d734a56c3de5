package policy

import "seedbed"

// Rule is one expression of a policy put into words, for the UI's rule listing.
type Rule struct {
	Kind       string        `json:"kind"` // condition, when, amount or own
	ID         string        `json:"id"`   // the clause id, or the instrument id
	Text       seedbed.Label `json:"text"` // as written in the file, if any
	Sentence   seedbed.Label `json:"sentence"`
	Rendered   bool          `json:"rendered"` // Sentence comes from the expression itself
	Expr       string        `json:"expr"`
	Instrument string        `json:"instrument,omitempty"`
}

// Rules lists the policy's expressions as readable sentences: the conditions in order, then
// each instrument's condition, amount formula and co-funding base.
func (c *Compiled) Rules() []Rule {
	var out []Rule
	for i, p := range c.clauses {
		cl := c.doc.Conditions[i]
		out = append(out, Rule{Kind: "condition", ID: cl.ID, Text: cl.Text, Sentence: p.sentence, Rendered: p.rendered, Expr: cl.Expr.Text})
	}
	for _, ci := range c.instruments {
		for _, r := range []struct {
			kind string
			p    *program
		}{{"when", ci.when}, {"amount", ci.amount}, {"own", ci.own}} {
			if r.p != nil {
				out = append(out, Rule{Kind: r.kind, ID: ci.ID, Instrument: ci.ID, Sentence: r.p.sentence, Rendered: r.p.rendered, Expr: r.p.expr.Text})
			}
		}
	}
	return out
}
