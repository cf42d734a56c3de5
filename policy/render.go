package policy

import (
	"strings"

	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"

	"seedbed"
)

// Operator precedences, loosest first, for parenthesising sentences.
const (
	precTernary = iota + 1
	precOr
	precAnd
	precCompare
	precAdd
	precMul
	precUnary
	precPrimary
)

// renderer turns a CEL expression into a sentence in one language. Without an input it writes
// the rule ("员工数 小于 200"); with one it writes the trace, each field followed by its value
// and comparisons as symbols ("员工数 150 < 200").
type renderer struct {
	lang   string
	info   *celast.SourceInfo
	input  *Input
	failed bool // met a form it cannot put into words
}

// RenderExpr renders a CEL expression as a Chinese and an English sentence. ok is false when
// the expression does not parse or uses a form the renderer does not know; the raw text is
// returned then.
func RenderExpr(text string) (sentence seedbed.Label, ok bool) {
	env, err := environment()
	if err != nil {
		return seedbed.Label{Zh: text, En: text}, false
	}
	parsed, iss := env.Parse(text)
	if iss.Err() != nil {
		return seedbed.Label{Zh: text, En: text}, false
	}
	return renderSentence(parsed.NativeRep(), seedbed.Label{}, text)
}

// renderSentence renders a rule in both languages, falling back to the written text and then
// to the raw expression.
func renderSentence(a *celast.AST, written seedbed.Label, raw string) (seedbed.Label, bool) {
	zh := &renderer{lang: "zh", info: a.SourceInfo()}
	en := &renderer{lang: "en", info: a.SourceInfo()}
	l := seedbed.Label{Zh: zh.top(a.Expr()), En: en.top(a.Expr())}
	if zh.failed || en.failed {
		if written.Zh != "" {
			return written, false
		}
		return seedbed.Label{Zh: raw, En: raw}, false
	}
	return l, true
}

// renderTrace renders an evaluated expression with the input's values.
func renderTrace(p *program, x *Input, lang string) (string, bool) {
	r := &renderer{lang: lang, info: p.ast.SourceInfo(), input: x}
	s := r.top(p.ast.Expr())
	return s, !r.failed
}

func (r *renderer) top(e celast.Expr) string {
	s, _ := r.expr(e)
	return s
}

func (r *renderer) t(zh, en string) string { return textOf(r.lang, zh, en) }

// wrap renders e and parenthesises it if it binds looser than prec.
func (r *renderer) wrap(e celast.Expr, prec int) string {
	s, p := r.expr(e)
	if p < prec {
		return r.t("（", "(") + s + r.t("）", ")")
	}
	return s
}

func (r *renderer) expr(e celast.Expr) (string, int) {
	switch e.Kind() {
	case celast.IdentKind:
		return r.ident(e.AsIdent()), precPrimary
	case celast.LiteralKind:
		return r.literal(e, nil), precPrimary
	case celast.ListKind:
		return "[" + r.items(e.AsList().Elements(), nil) + "]", precPrimary
	case celast.SelectKind:
		s := e.AsSelect()
		if isIdent(s.Operand(), "indicators") {
			if s.IsTestOnly() {
				return r.present(s.FieldName(), true), precCompare
			}
			return r.indicator(s.FieldName()), precPrimary
		}
	case celast.CallKind:
		return r.call(e.AsCall())
	case celast.ComprehensionKind, celast.UnspecifiedExprKind:
		if m, ok := r.info.GetMacroCall(e.ID()); ok {
			return r.macro(m)
		}
	}
	r.failed = true
	return "?", precPrimary
}

// ident renders a variable by its label, with its value in a trace; other names (the
// iteration variable of exists, say) as themselves.
func (r *renderer) ident(name string) string {
	i := variableIndex(name)
	if i < 0 {
		return name
	}
	v := Variables[i]
	if r.input == nil {
		if v.True.Zh != "" {
			return v.True.In(r.lang)
		}
		return v.Label.In(r.lang)
	}
	val := r.input.display(i, r.lang)
	if v.True.Zh != "" {
		return v.True.In(r.lang) + r.inParens(val)
	}
	if strings.HasPrefix(val, "（") {
		return v.Label.In(r.lang) + val
	}
	return v.Label.In(r.lang) + " " + val
}

// inParens puts a value in brackets after a sentence, unless it already has them ("（空）").
func (r *renderer) inParens(val string) string {
	if strings.HasPrefix(val, "（") {
		return val
	}
	if strings.HasPrefix(val, "(") {
		return " " + val
	}
	return r.t("（", " (") + val + r.t("）", ")")
}

// present says that an indicator is filled in, or not.
func (r *renderer) present(key string, yes bool) string {
	l := indicatorLabel(key)
	if yes {
		return r.t("已填写", "") + r.t(l.Zh, l.En) + r.t("", " is present")
	}
	return r.t("未填写", "") + r.t(l.Zh, l.En) + r.t("", " is absent")
}

func (r *renderer) indicator(key string) string {
	l := indicatorLabel(key)
	s := r.t(l.Zh, l.En)
	if r.input != nil {
		if v, ok := r.input.indicator(key); ok {
			s += " " + formatNumber(v)
		} else {
			s += r.t("（空）", " (empty)")
		}
	}
	return s
}

// literal renders a constant; strings compared with a coded field show that code's label.
func (r *renderer) literal(e celast.Expr, codes seedbed.OptionSet) string {
	switch v := e.AsLiteral().(type) {
	case types.String:
		if codes != nil && codes.Has(string(v)) {
			return codes.Label(string(v)).In(r.lang)
		}
		return r.t("“", "\"") + string(v) + r.t("”", "\"")
	case types.Bool:
		return r.t(map[bool]string{true: "是", false: "否"}[bool(v)], map[bool]string{true: "true", false: "false"}[bool(v)])
	case types.Null:
		return r.t("空", "null")
	default:
		return formatVal(v)
	}
}

// items renders list elements joined as a series.
func (r *renderer) items(elems []celast.Expr, codes seedbed.OptionSet) string {
	parts := make([]string, len(elems))
	for i, el := range elems {
		if el.Kind() == celast.LiteralKind {
			parts[i] = r.literal(el, codes)
		} else {
			parts[i] = r.wrap(el, precPrimary)
		}
	}
	return strings.Join(parts, r.t("、", ", "))
}

// codesOf returns the option set of a coded variable, or nil.
func codesOf(e celast.Expr) seedbed.OptionSet {
	if e.Kind() == celast.IdentKind {
		if i := variableIndex(e.AsIdent()); i >= 0 {
			return Variables[i].Options
		}
	}
	return nil
}

// operand renders one side of a comparison, labelling string constants by the other side's codes.
func (r *renderer) operand(e celast.Expr, codes seedbed.OptionSet, prec int) string {
	switch e.Kind() {
	case celast.LiteralKind:
		return r.literal(e, codes)
	case celast.ListKind:
		return r.items(e.AsList().Elements(), codes)
	}
	return r.wrap(e, prec)
}

var (
	compareWords = map[string][3]string{ // zh, en, symbol
		"_==_": {"为", "is", "="},
		"_!=_": {"不为", "is not", "≠"},
		"_<_":  {"小于", "is less than", "<"},
		"_<=_": {"不超过", "is at most", "≤"},
		"_>_":  {"大于", "is greater than", ">"},
		"_>=_": {"不少于", "is at least", "≥"},
	}
	arithmeticSymbols = map[string]struct {
		sym  string
		prec int
	}{
		"_+_": {"+", precAdd}, "_-_": {"−", precAdd}, "_*_": {"×", precMul}, "_/_": {"÷", precMul}, "_%_": {"mod", precMul},
	}
)

func (r *renderer) call(c celast.CallExpr) (string, int) {
	fn, args := c.FunctionName(), c.Args()
	if w, ok := compareWords[fn]; ok && len(args) == 2 {
		word := r.t(w[0], w[1])
		if r.input != nil {
			word = w[2]
		}
		lc, rc := codesOf(args[0]), codesOf(args[1])
		return r.operand(args[0], rc, precAdd) + " " + word + " " + r.operand(args[1], lc, precAdd), precCompare
	}
	if a, ok := arithmeticSymbols[fn]; ok && len(args) == 2 {
		return r.wrap(args[0], a.prec) + " " + a.sym + " " + r.wrap(args[1], a.prec+1), a.prec
	}
	switch fn {
	case "_&&_":
		return r.wrap(args[0], precAnd) + r.t("，且 ", " and ") + r.wrap(args[1], precAnd), precAnd
	case "_||_":
		return r.orOperand(args[0]) + r.t("，或 ", " or ") + r.orOperand(args[1]), precOr
	case "!_":
		return r.not(args[0]), precUnary
	case "-_":
		return "−" + r.wrap(args[0], precUnary), precUnary
	case "_?_:_":
		return r.t("若 ", "if ") + r.wrap(args[0], precOr) + r.t(" 则 ", " then ") + r.wrap(args[1], precOr) +
			r.t("，否则 ", ", otherwise ") + r.wrap(args[2], precOr), precTernary
	case "@in":
		return r.in(args[0], args[1], false), precCompare
	case "_[_]":
		if isIdent(args[0], "indicators") {
			if k, ok := stringLiteral(args[1]); ok {
				return r.indicator(k), precPrimary
			}
		}
	case "size":
		target := c.Target()
		if !c.IsMemberFunction() && len(args) == 1 {
			target = args[0]
		}
		if target != nil {
			return r.size(target), precPrimary
		}
	case "min", "max":
		if len(args) == 2 {
			if fn == "min" {
				return r.t("", "the smaller of ") + r.wrap(args[0], precAdd) + r.t(" 与 ", " and ") + r.wrap(args[1], precAdd) + r.t(" 中较小者", ""), precPrimary
			}
			return r.t("", "the larger of ") + r.wrap(args[0], precAdd) + r.t(" 与 ", " and ") + r.wrap(args[1], precAdd) + r.t(" 中较大者", ""), precPrimary
		}
	case "double", "int", "string":
		if len(args) == 1 && !c.IsMemberFunction() {
			return r.expr(args[0])
		}
	case "startsWith", "endsWith", "contains", "matches":
		if c.IsMemberFunction() && len(args) == 1 {
			words := map[string][2]string{
				"startsWith": {"以 %s 开头", "starts with %s"}, "endsWith": {"以 %s 结尾", "ends with %s"},
				"contains": {"包含 %s", "contains %s"}, "matches": {"符合模式 %s", "matches the pattern %s"},
			}[fn]
			return r.wrap(c.Target(), precPrimary) + " " + strings.Replace(r.t(words[0], words[1]), "%s", r.operand(args[0], nil, precPrimary), 1), precCompare
		}
	}
	r.failed = true
	return "?", precPrimary
}

// orOperand renders one side of an "or": an "and" inside it gets brackets, since readers of a
// sentence know no precedence rules; a chain of "or"s does not.
func (r *renderer) orOperand(e celast.Expr) string {
	s, p := r.expr(e)
	if p < precOr || p == precAnd {
		return r.t("（", "(") + s + r.t("）", ")")
	}
	return s
}

func (r *renderer) size(target celast.Expr) string {
	if target.Kind() == celast.IdentKind {
		if i := variableIndex(target.AsIdent()); i >= 0 && Variables[i].Type == "string" {
			return r.t("", "the length of ") + r.wrap(target, precPrimary) + r.t(" 的长度", "")
		}
	}
	return r.t("", "the number of ") + r.wrap(target, precPrimary) + r.t(" 的数量", "")
}

// in renders membership: a value in a list of constants, a tag in the tags, a key in the indicators.
func (r *renderer) in(elem, coll celast.Expr, negated bool) string {
	switch {
	case coll.Kind() == celast.ListKind:
		codes := codesOf(elem)
		if negated {
			return r.wrap(elem, precAdd) + r.t(" 不为 ", " is none of ") + r.items(coll.AsList().Elements(), codes) + r.t(" 中任何一项", "")
		}
		return r.wrap(elem, precAdd) + r.t(" 为 ", " is one of ") + r.items(coll.AsList().Elements(), codes) + r.t(" 之一", "")
	case isIdent(coll, "indicators"):
		if k, ok := stringLiteral(elem); ok {
			if negated {
				return r.present(k, false)
			}
			return r.present(k, true)
		}
	}
	verb := r.t(" 包含 ", " include ")
	if negated {
		verb = r.t(" 不包含 ", " do not include ")
	}
	return r.wrap(coll, precAdd) + verb + r.operand(elem, nil, precAdd)
}

// not renders a negation, turning the common forms into their negative sentence.
func (r *renderer) not(e celast.Expr) string {
	if e.Kind() == celast.CallKind && e.AsCall().FunctionName() == "@in" {
		args := e.AsCall().Args()
		return r.in(args[0], args[1], true)
	}
	if e.Kind() == celast.SelectKind && e.AsSelect().IsTestOnly() && isIdent(e.AsSelect().Operand(), "indicators") {
		return r.present(e.AsSelect().FieldName(), false)
	}
	if e.Kind() == celast.IdentKind {
		if i := variableIndex(e.AsIdent()); i >= 0 && Variables[i].False.Zh != "" {
			s := Variables[i].False.In(r.lang)
			if r.input != nil {
				s += r.inParens(r.input.display(i, r.lang))
			}
			return s
		}
	}
	return r.t("并非", "not ") + r.t("（", "(") + r.top(e) + r.t("）", ")")
}

// macro renders exists, all, exists_one and has from the call the parser recorded.
func (r *renderer) macro(m celast.Expr) (string, int) {
	if m.Kind() != celast.CallKind {
		r.failed = true
		return "?", precPrimary
	}
	c := m.AsCall()
	args := c.Args()
	switch c.FunctionName() {
	case "has":
		if len(args) == 1 && args[0].Kind() == celast.SelectKind {
			s := args[0].AsSelect()
			if isIdent(s.Operand(), "indicators") {
				return r.present(s.FieldName(), true), precCompare
			}
		}
	case "exists", "all", "exists_one":
		if len(args) == 2 && args[0].Kind() == celast.IdentKind && c.Target() != nil {
			quant := map[string][2]string{
				"exists":     {" 中至少有一项 %s 满足：", ": some %s satisfies "},
				"all":        {" 中每一项 %s 都满足：", ": every %s satisfies "},
				"exists_one": {" 中恰有一项 %s 满足：", ": exactly one %s satisfies "},
			}[c.FunctionName()]
			v := args[0].AsIdent()
			return r.wrap(c.Target(), precPrimary) + strings.Replace(r.t(quant[0], quant[1]), "%s", v, 1) + r.wrap(args[1], precOr), precCompare
		}
	}
	r.failed = true
	return "?", precPrimary
}
