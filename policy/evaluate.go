package policy

import (
	"errors"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"seedbed"
)

// Status is the decision of a policy for one innovator.
type Status string

// The three decisions: a missing field never silently becomes "ineligible".
const (
	Eligible   Status = "eligible"
	Ineligible Status = "ineligible"
	Undecided  Status = "undecided"
)

// Label returns the status in words.
func (s Status) Label() seedbed.Label {
	switch s {
	case Eligible:
		return seedbed.Label{Zh: "符合条件", En: "eligible"}
	case Ineligible:
		return seedbed.Label{Zh: "不符合条件", En: "not eligible"}
	}
	return seedbed.Label{Zh: "无法判定", En: "cannot decide"}
}

// Outcome is the result of one clause or one amount.
type Outcome string

// Clause and amount outcomes.
const (
	Pass          Outcome = "pass"
	Fail          Outcome = "fail"
	Unknown       Outcome = "undecided"
	NotApplicable Outcome = "not_applicable" // an instrument whose `when` does not hold
)

// mark is the trace symbol of an outcome.
func (o Outcome) mark() string {
	switch o {
	case Pass:
		return "✓"
	case Fail:
		return "✗"
	}
	return "?"
}

// Result is the decision of one policy version for one innovator on one day, with the
// explanation: every clause with its values and outcome, and the amounts when eligible.
type Result struct {
	PolicyID      string         `json:"policy_id"`
	Version       int            `json:"version"`
	Title         seedbed.Label  `json:"title"`
	AsOf          Date           `json:"as_of"`
	InForce       bool           `json:"in_force"` // the version is in force on AsOf
	Status        Status         `json:"status"`
	StatusLabel   seedbed.Label  `json:"status_label"`
	FailingClause string         `json:"failing_clause,omitempty"` // the first clause that failed
	Missing       []string       `json:"missing,omitempty"`        // empty fields that left it undecided
	Reason        seedbed.Label  `json:"reason"`                   // one sentence: why
	Clauses       []ClauseResult `json:"clauses"`
	Amounts       []Amount       `json:"amounts,omitempty"`
}

// ClauseResult explains one clause: its sentence, the trace with actual values
// ("员工数 150 < 200 ✓"), and the outcome.
type ClauseResult struct {
	ID       string        `json:"id"`
	Outcome  Outcome       `json:"outcome"`
	Text     seedbed.Label `json:"text"`     // the written sentence, or the rendered one
	Sentence seedbed.Label `json:"sentence"` // the expression in words
	Trace    seedbed.Label `json:"trace"`
	Values   []FieldValue  `json:"values"`
	Missing  []string      `json:"missing,omitempty"`
	Note     seedbed.Label `json:"note"` // why it is undecided
	Expr     string        `json:"expr"`
}

// FieldValue is the value of one field a clause read.
type FieldValue struct {
	Field string        `json:"field"`
	Label seedbed.Label `json:"label"`
	Value seedbed.Label `json:"value"`
	Empty bool          `json:"empty"`
}

// Evaluate decides the policy for one innovator on the day of asOf, with a full explanation.
func (c *Compiled) Evaluate(in *seedbed.Innovator, asOf time.Time, indicators map[string]float64) Result {
	return c.EvaluateInput(NewInput(in, asOf, indicators))
}

// EvaluateInput is Evaluate for a prepared Input, to share one Input among many policies.
func (c *Compiled) EvaluateInput(x *Input) Result {
	d := c.doc
	res := Result{PolicyID: d.ID, Version: d.Version, Title: d.Title, AsOf: x.asOf, InForce: d.InForce(x.asOf)}
	var missing []string
	for i, p := range c.clauses {
		cr := c.clause(i, p, x)
		res.Clauses = append(res.Clauses, cr)
		switch cr.Outcome {
		case Fail:
			if res.FailingClause == "" {
				res.FailingClause = cr.ID
			}
		case Unknown:
			missing = appendUnique(missing, cr.Missing...)
		}
	}
	switch {
	case res.FailingClause != "":
		res.Status = Ineligible
		fc := res.Clauses[indexOfClause(res.Clauses, res.FailingClause)]
		res.Reason = seedbed.Label{Zh: "不满足条件「" + fc.Text.Zh + "」：" + fc.Trace.Zh, En: "condition \"" + fc.Text.En + "\" not met: " + fc.Trace.En}
	case hasUnknown(res.Clauses):
		res.Status = Undecided
		res.Missing = missing
		res.Reason = undecidedReason(missing, res.Clauses)
	default:
		res.Status = Eligible
		res.Reason = seedbed.Label{Zh: "满足全部 " + itoa(len(c.clauses)) + " 项条件", En: "all " + itoa(len(c.clauses)) + " conditions met"}
		for _, ci := range c.instruments {
			res.Amounts = append(res.Amounts, ci.evaluate(x))
		}
	}
	res.StatusLabel = res.Status.Label()
	return res
}

// Decide is the fast path: the status alone, one program run, no explanation. It allocates
// nothing for a prepared Input whose fields have been converted.
func (c *Compiled) Decide(x *Input) Status {
	v, err := c.all.eval(x)
	if err != nil {
		return Undecided
	}
	switch v {
	case types.True:
		return Eligible
	case types.False:
		return Ineligible
	}
	return Undecided
}

func (c *Compiled) clause(i int, p *program, x *Input) ClauseResult {
	cl := c.doc.Conditions[i]
	cr := ClauseResult{ID: cl.ID, Sentence: p.sentence, Text: cl.Text, Expr: cl.Expr.Text}
	if cr.Text.Zh == "" {
		cr.Text = p.sentence
	}
	out, missing, note := run(p, x)
	cr.Outcome, cr.Missing, cr.Note = out, missing, note
	cr.Values = values(p, x)
	cr.Trace = trace(p, x, cr.Values, out)
	return cr
}

// run evaluates one program, turning unknowns and errors into "cannot decide" with the reason.
func run(p *program, x *Input) (Outcome, []string, seedbed.Label) {
	v, err := p.plan.eval(x)
	return classify(v, err, x)
}

func classify(v ref.Val, err error, x *Input) (Outcome, []string, seedbed.Label) {
	if u, ok := v.(*types.Unknown); ok {
		var missing []string
		for _, id := range u.IDs() {
			if i := id - unknownBase; i >= 0 && i < numVars {
				missing = appendUnique(missing, x.missingFields(int(i))...)
			}
		}
		if len(missing) == 0 {
			return Unknown, nil, Undecided.Label()
		}
		return Unknown, missing, missingNote(missing)
	}
	if err == nil {
		switch v {
		case types.True:
			return Pass, nil, seedbed.Label{}
		case types.False:
			return Fail, nil, seedbed.Label{}
		}
		if _, ok := v.(types.Double); ok {
			return Pass, nil, seedbed.Label{}
		}
		if _, ok := v.(types.Int); ok {
			return Pass, nil, seedbed.Label{}
		}
	}
	var cancelled interpreter.EvalCancelledError
	if errors.As(err, &cancelled) && cancelled.Cause == interpreter.CostLimitExceeded {
		return Unknown, nil, seedbed.Label{Zh: "无法判定：计算超出成本上限", En: "cannot decide: the evaluation exceeded the cost limit"}
	}
	msg := "?"
	if err != nil {
		msg = err.Error()
	}
	if key, ok := strings.CutPrefix(msg, "no such key: "); ok {
		field := "indicators." + key
		return Unknown, []string{field}, missingNote([]string{field})
	}
	return Unknown, nil, seedbed.Label{Zh: "无法判定：计算出错（" + msg + "）", En: "cannot decide: evaluation error (" + msg + ")"}
}

// missingNote says which fields are empty, by their labels: "无法判定：员工数 为空".
func missingNote(fields []string) seedbed.Label {
	zh := make([]string, len(fields))
	en := make([]string, len(fields))
	for i, f := range fields {
		l := FieldLabel(f)
		if strings.HasPrefix(f, "indicators.") {
			zh[i], en[i] = l.Zh, l.En
		} else {
			zh[i], en[i] = l.Zh, l.En
		}
	}
	return seedbed.Label{
		Zh: "无法判定：" + strings.Join(zh, "、") + " 为空",
		En: "cannot decide: " + strings.Join(en, ", ") + map[bool]string{true: " is empty", false: " are empty"}[len(fields) == 1],
	}
}

// FieldLabel returns the labels of a variable or registry field name ("indicators.x" too).
func FieldLabel(name string) seedbed.Label {
	if key, ok := strings.CutPrefix(name, "indicators."); ok {
		return indicatorLabel(key)
	}
	if i := variableIndex(name); i >= 0 {
		return Variables[i].Label
	}
	return seedbed.Label{Zh: name, En: name}
}

func undecidedReason(missing []string, clauses []ClauseResult) seedbed.Label {
	if len(missing) > 0 {
		return missingNote(missing)
	}
	for _, c := range clauses {
		if c.Outcome == Unknown {
			return c.Note
		}
	}
	return Undecided.Label()
}

// values lists the fields a clause read with their values.
func values(p *program, x *Input) []FieldValue {
	out := make([]FieldValue, 0, len(p.vars)+len(p.indicators))
	for _, i := range p.vars {
		if i == varIndicators {
			continue
		}
		_, empty := x.value(i).(*types.Unknown)
		out = append(out, FieldValue{Field: Variables[i].Name, Label: Variables[i].Label, Empty: empty,
			Value: seedbed.Label{Zh: x.display(i, "zh"), En: x.display(i, "en")}})
	}
	for _, k := range p.indicators {
		v, ok := x.indicator(k)
		fv := FieldValue{Field: "indicators." + k, Label: FieldLabel("indicators." + k), Empty: !ok,
			Value: seedbed.Label{Zh: "（空）", En: "(empty)"}}
		if ok {
			fv.Value = seedbed.Label{Zh: formatNumber(v), En: formatNumber(v)}
		}
		out = append(out, fv)
	}
	return out
}

// trace renders the clause with its values and outcome mark, falling back to the sentence
// followed by the values when the expression has no rendering.
func trace(p *program, x *Input, vals []FieldValue, out Outcome) seedbed.Label {
	var l seedbed.Label
	for _, lang := range []string{"zh", "en"} {
		s, ok := renderTrace(p, x, lang)
		if !ok {
			parts := make([]string, len(vals))
			for i, v := range vals {
				parts[i] = v.Label.In(lang) + " " + v.Value.In(lang)
			}
			s = p.sentence.In(lang)
			if len(parts) > 0 {
				s += textOf(lang, "（", " (") + strings.Join(parts, textOf(lang, "，", ", ")) + textOf(lang, "）", ")")
			}
		}
		s += " " + out.mark()
		if lang == "zh" {
			l.Zh = s
		} else {
			l.En = s
		}
	}
	return l
}

func appendUnique(list []string, items ...string) []string {
	for _, it := range items {
		if !contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

func hasUnknown(cs []ClauseResult) bool {
	for _, c := range cs {
		if c.Outcome == Unknown {
			return true
		}
	}
	return false
}

func indexOfClause(cs []ClauseResult, id string) int {
	for i, c := range cs {
		if c.ID == id {
			return i
		}
	}
	return 0
}

func itoa(n int) string { return formatVal(types.Int(n)) }
