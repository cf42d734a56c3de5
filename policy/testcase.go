package policy

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"seedbed"
)

// amountTolerance is how far a computed amount may be from the expected one.
const amountTolerance = 1e-4

// TestResult is the outcome of one embedded test case.
type TestResult struct {
	Name     string          `json:"name"`
	Pos      Pos             `json:"pos"`
	Passed   bool            `json:"passed"`
	Problems []seedbed.Label `json:"problems,omitempty"`
	Result   Result          `json:"result"`
}

// RunTests evaluates every embedded test case and compares the result with its expectation.
func (c *Compiled) RunTests() []TestResult {
	out := make([]TestResult, 0, len(c.doc.Tests))
	for i := range c.doc.Tests {
		out = append(out, c.runTest(&c.doc.Tests[i]))
	}
	return out
}

func (c *Compiled) runTest(tc *TestCase) TestResult {
	in := tc.Innovator
	res := c.EvaluateInput(NewInput(&in, tc.AsOf.Time(), tc.Indicators))
	tr := TestResult{Name: tc.Name, Pos: tc.Pos, Result: res}
	fail := func(zh, en string, args ...any) {
		tr.Problems = append(tr.Problems, seedbed.Label{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)})
	}
	if !res.InForce {
		fail("测试日期 %s 不在政策有效期 %s 至 %s 内", "as_of %s is outside the effective dates %s to %s",
			tc.AsOf, c.doc.EffectiveFrom, openEnd(c.doc.EffectiveTo))
	}
	e := tc.Expect
	if e.Status != "" && res.Status != e.Status {
		fail("状态应为 %[1]s，实际为 %[2]s（%[3]s）", "status: want %[1]s, got %[2]s (%[4]s)", e.Status, res.Status, res.Reason.Zh, res.Reason.En)
	}
	if e.FailingClause != "" && res.FailingClause != e.FailingClause {
		got := res.FailingClause
		if got == "" {
			got = "-"
		}
		fail("未通过的条件应为 %s，实际为 %s", "failing clause: want %s, got %s", e.FailingClause, got)
	}
	for _, f := range e.Missing {
		if !contains(res.Missing, f) {
			fail("应报告字段 %s 为空，实际报告 [%s]", "want field %s reported empty, got [%s]", f, strings.Join(res.Missing, ", "))
		}
	}
	for _, id := range sortedKeys(e.Amounts) {
		want := e.Amounts[id]
		a, ok := findAmount(res.Amounts, id)
		switch {
		case !ok:
			fail("支持工具 %s 的金额应为 %s，实际未给出（状态 %s）", "amount %s: want %s, got none (status %s)", id, formatNumber(want), res.Status)
		case a.Outcome != Pass:
			fail("支持工具 %s 的金额应为 %s，实际为 %s", "amount %s: want %s, got %s", id, formatNumber(want), a.Outcome)
		case math.Abs(a.Value-want) > amountTolerance:
			fail("支持工具 %s 的金额应为 %s，实际为 %s", "amount %s: want %s, got %s", id, formatNumber(want), formatNumber(a.Value))
		}
	}
	tr.Passed = len(tr.Problems) == 0
	return tr
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func openEnd(d Date) string {
	if d.IsZero() {
		return "∞"
	}
	return d.String()
}

func findAmount(as []Amount, id string) (Amount, bool) {
	for _, a := range as {
		if a.Instrument == id {
			return a, true
		}
	}
	return Amount{}, false
}

// Load parses, compiles and tests a policy file. A nil error means the version is fit to
// publish: its syntax, types and costs are sound and every embedded test passes. Failing tests
// are reported at the test's position.
func Load(file string, src []byte) (*Compiled, error) {
	c, err := Check(file, src)
	if err != nil {
		return nil, err
	}
	var errs ErrorList
	for _, tr := range c.RunTests() {
		if !tr.Passed {
			errs = append(errs, Error{File: file, Line: tr.Pos.Line, Column: tr.Pos.Column, Code: seedbed.EINVALID,
				Text: seedbed.Label{Zh: "测试用例 %q 未通过：%s", En: "test %q failed: %s"}, Args: []any{tr.Name, joinProblems(tr.Problems)}})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

func (p *parser) tests(n *yaml.Node, doc *Document) []TestCase {
	items := p.sequence(n, "tests", MaxTests)
	if len(items) == 0 && n.Kind == yaml.SequenceNode {
		p.add(posOf(n), "至少需要一个测试用例", "at least one test case is required")
	}
	out := make([]TestCase, 0, len(items))
	names := map[string]bool{}
	for _, it := range items {
		m := p.mapping(it, "测试用例", "test", []string{"name", "as_of", "innovator", "indicators", "expect"},
			"name", "as_of", "innovator", "expect")
		tc := TestCase{Pos: posOf(it)}
		if v := m.val("name"); v != nil {
			tc.Name = p.str(v, "name")
			if names[tc.Name] {
				p.add(posOf(v), "测试用例名称 %q 重复", "duplicate test name %q", tc.Name)
			}
			names[tc.Name] = true
		}
		tc.AsOf = p.date(m.val("as_of"), "as_of")
		if v := m.val("innovator"); v != nil {
			tc.Innovator = p.innovator(v)
		}
		if v := m.val("indicators"); v != nil {
			tc.Indicators, _ = p.numberMap(v, "indicators")
		}
		if v := m.val("expect"); v != nil {
			tc.Expect = p.expectation(v, doc)
		}
		out = append(out, tc)
	}
	return out
}

func (p *parser) expectation(n *yaml.Node, doc *Document) Expectation {
	m := p.mapping(n, "预期结果", "expect", []string{"status", "amounts", "failing_clause", "missing"}, "status")
	var e Expectation
	if v := m.val("status"); v != nil {
		s := p.str(v, "status")
		switch Status(s) {
		case Eligible, Ineligible, Undecided:
			e.Status = Status(s)
		default:
			if s != "" {
				p.add(posOf(v), "预期状态 %q 无效，应为 eligible、ineligible 或 undecided", "expected status %q is not eligible, ineligible or undecided", s)
			}
		}
	}
	if v := m.val("amounts"); v != nil {
		e.Amounts, e.amountPos = p.numberMap(v, "amounts")
		for id, pos := range e.amountPos {
			if !hasInstrument(doc, id) {
				p.add(pos, "预期金额引用了不存在的支持工具 %q", "expected amount names unknown instrument %q", id)
			}
		}
	}
	if v := m.val("failing_clause"); v != nil {
		e.FailingClause = p.str(v, "failing_clause")
		if !hasClause(doc, e.FailingClause) {
			p.add(posOf(v), "预期未通过的条件 %q 不存在", "expected failing clause %q does not exist", e.FailingClause)
		}
	}
	if v := m.val("missing"); v != nil {
		for _, it := range p.sequence(v, "missing", 32) {
			e.Missing = append(e.Missing, p.str(it, "missing"))
		}
	}
	return e
}

func hasClause(doc *Document, id string) bool {
	for _, c := range doc.Conditions {
		if c.ID == id {
			return true
		}
	}
	return false
}

func hasInstrument(doc *Document, id string) bool {
	for _, in := range doc.Instruments {
		if in.ID == id {
			return true
		}
	}
	return false
}

// innovator reads a partial innovator written with the JSON field names of seedbed.Innovator.
func (p *parser) innovator(n *yaml.Node) seedbed.Innovator {
	var in seedbed.Innovator
	if n.Kind != yaml.MappingNode {
		p.add(posOf(n), "innovator 应为键值映射", "innovator must be a mapping")
		return in
	}
	at := map[string]Pos{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := at[k.Value]; dup {
			p.add(posOf(k), "键 %q 重复", "duplicate key %q", k.Value)
			continue
		}
		at[k.Value] = posOf(v)
		switch known, badType := setInnovatorField(&in, k.Value, v); {
		case !known:
			p.add(posOf(k), "创新主体没有字段 %q（字段名与 seedbed.Innovator 的 JSON 名称相同）", "innovator has no field %q (use the JSON names of seedbed.Innovator)", k.Value)
		case badType != (seedbed.Label{}):
			p.add(posOf(v), "创新主体字段 %q 的值类型不符，应为%s", "innovator field %q has the wrong type, want %s", k.Value, badType)
		}
	}
	for _, c := range []struct {
		field, value string
		set          seedbed.OptionSet
	}{
		{"kind", in.Kind, seedbed.Kinds}, {"industry", in.Industry, seedbed.Industries},
		{"size_class", in.SizeClass, seedbed.SizeClasses}, {"innovation_type", in.InnovationType, seedbed.InnovationTypes},
		{"driver", in.Driver, seedbed.Drivers}, {"field", in.Field, seedbed.Fields},
	} {
		if c.value != "" && !c.set.Has(c.value) {
			p.add(at[c.field], "创新主体的 %s 值 %q 无效，应为 %s", "innovator %s %q is not one of %s", c.field, c.value, strings.Join(c.set.Codes(), ", "))
		}
	}
	return in
}

// joinProblems lists a test's problems in each language.
func joinProblems(ps []seedbed.Label) seedbed.Label {
	var zh, en []string
	for _, p := range ps {
		zh, en = append(zh, p.Zh), append(en, p.In("en"))
	}
	return seedbed.Label{Zh: strings.Join(zh, "；"), En: strings.Join(en, "; ")}
}
