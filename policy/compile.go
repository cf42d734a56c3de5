package policy

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"seedbed"
)

// Compiled is a policy version ready to evaluate: every expression parsed, type-checked,
// cost-bounded and planned once. It is immutable and safe for concurrent use.
type Compiled struct {
	doc         *Document
	clauses     []*program
	instruments []compiledInstrument
	all         plan // the conjunction of the clauses, for Decide
}

// program is one compiled expression with what the explanation needs to know about it.
type program struct {
	expr       Expr
	ast        *celast.AST
	plan       plan
	vars       []int    // variables read, in order of first appearance
	indicators []string // indicator keys read with a constant key
	sentence   seedbed.Label
	rendered   bool // sentence came from the expression, not a fallback
}

type compiledInstrument struct {
	*Instrument
	when, amount, own *program
}

// Compile type-checks every expression of doc against the innovator variables, checks the
// static cost of each against CostLimit, and plans the programs. All problems are returned
// together as an ErrorList with file positions. It does not run the embedded tests; Load does.
func Compile(doc *Document) (*Compiled, error) {
	return compile(doc, false)
}

// compile compiles doc; parsed says the parser has already reported missing expressions.
func compile(doc *Document, parsed bool) (*Compiled, error) {
	env, err := environment()
	if err != nil {
		return nil, fmt.Errorf("policy: building the CEL environment: %w", err)
	}
	cc := &compiler{env: env, doc: doc, errorSink: errorSink{file: doc.File}}
	c := &Compiled{doc: doc}
	for i := range doc.Conditions {
		cl := &doc.Conditions[i]
		if cl.Expr.IsZero() && !parsed {
			cc.add(cl.Pos, "条件 %q 没有表达式", "condition %q has no expression", cl.ID)
		}
		c.clauses = append(c.clauses, cc.compile(cl.Expr, cel.BoolType, "条件", "condition", cl.Text))
	}
	for i := range doc.Instruments {
		in := &doc.Instruments[i]
		ci := compiledInstrument{Instrument: in}
		if !in.When.IsZero() {
			ci.when = cc.compile(in.When, cel.BoolType, "适用条件", "when", seedbed.Label{})
		}
		if in.Amount.IsZero() && !parsed {
			cc.add(in.Pos, "支持工具 %q 没有金额公式", "instrument %q has no amount formula", in.ID)
		}
		ci.amount = cc.compile(in.Amount, cel.DoubleType, "金额公式", "amount", seedbed.Label{})
		if in.Cofunding != nil && in.Cofunding.Own.IsZero() {
			if !parsed {
				cc.add(in.Pos, "支持工具 %q 的配套规则没有自有投入表达式", "instrument %q has cofunding without an own expression", in.ID)
			}
		} else if in.Cofunding != nil {
			ci.own = cc.compile(in.Cofunding.Own, cel.DoubleType, "自有投入", "own contribution", seedbed.Label{})
		} else if doc.Segment == "large_enterprise" {
			cc.add(in.Pos, "面向大企业的政策只能联合资助：支持工具 %q 须设置 cofunding（配套比例 ≤ 1）",
				"a large-enterprise policy co-funds only: instrument %q needs cofunding (ratio ≤ 1)", in.ID)
		}
		c.instruments = append(c.instruments, ci)
	}
	if len(cc.errs) > 0 {
		cc.errs.Sort()
		return nil, cc.errs
	}
	c.all = cc.conjunction(doc.Conditions)
	if len(cc.errs) > 0 {
		return nil, cc.errs
	}
	return c, nil
}

// Document returns the source document. Callers must not modify it.
func (c *Compiled) Document() *Document { return c.doc }

// ID returns the policy id.
func (c *Compiled) ID() string { return c.doc.ID }

// Version returns the policy version.
func (c *Compiled) Version() int { return c.doc.Version }

type compiler struct {
	errorSink
	env *cel.Env
	doc *Document
}

// compile parses, checks and plans one expression that must produce want (double accepts int).
func (cc *compiler) compile(e Expr, want *cel.Type, zhWhat, enWhat string, text seedbed.Label) *program {
	if e.IsZero() {
		return nil
	}
	parsed, iss := cc.env.Parse(e.Text)
	if iss.Err() != nil {
		cc.celErrors(e, iss, "语法错误", "syntax error")
		return nil
	}
	checked, iss := cc.env.Check(parsed)
	if iss.Err() != nil {
		cc.celErrors(e, iss, "类型错误", "type error")
		return nil
	}
	out := checked.OutputType()
	ok := out.IsExactType(want) || (want == cel.DoubleType && out.IsExactType(cel.IntType))
	if !ok {
		wantName := map[bool]string{true: "bool", false: "number"}[want == cel.BoolType]
		cc.add(e.Pos, "%[1]s表达式应返回 %[2]s，实际返回 %[3]s", "%[4]s expression must return %[2]s, not %[3]s", zhWhat, wantName, out, enWhat)
		return nil
	}
	est, err := cc.env.EstimateCost(checked, sizeEstimator{})
	if err != nil {
		cc.add(e.Pos, "无法估计%[1]s表达式的计算成本：%[2]v", "cannot estimate the cost of the %[3]s expression: %[2]v", zhWhat, err, enWhat)
		return nil
	}
	if est.Max > CostLimit {
		cc.add(e.Pos, "%[1]s表达式的计算成本上限估计为 %[2]d，超过限额 %[3]d", "%[4]s expression may cost up to %[2]d, over the limit of %[3]d", zhWhat, est.Max, CostLimit, enWhat)
		return nil
	}
	pl, err := newPlan(cc.env, checked, CostLimit)
	if err != nil {
		cc.add(e.Pos, "无法生成%[1]s程序：%[2]v", "cannot plan the %[3]s program: %[2]v", zhWhat, err, enWhat)
		return nil
	}
	p := &program{expr: e, ast: checked.NativeRep(), plan: pl}
	p.vars, p.indicators = references(p.ast)
	p.sentence, p.rendered = renderSentence(p.ast, text, e.Text)
	return p
}

// celErrors reports CEL's issues at their positions in the file.
func (cc *compiler) celErrors(e Expr, iss *cel.Issues, zhKind, enKind string) {
	for _, ce := range iss.Errors() {
		pos := e.Pos
		if ce.Location != nil && ce.Location.Line() > 0 {
			pos = exprPosition(cc.doc.Source, e, ce.Location.Line(), ce.Location.Column())
		}
		msg := ce.Message
		if name, ok := strings.CutPrefix(msg, "undeclared reference to '"); ok {
			name, _, _ = strings.Cut(name, "'")
			names := make([]string, len(Variables))
			for i, v := range Variables {
				names[i] = v.Name
			}
			cc.addRaw(pos, seedbed.EINVALID, seedbed.Label{Zh: "未知的字段或函数 %q（可用字段：%s）", En: "unknown field or function %q (fields: %s)"},
				name, strings.Join(names, ", "))
			continue
		}
		cc.addRaw(pos, seedbed.EINVALID, seedbed.Label{Zh: "表达式%[1]s：%[3]s", En: "%[2]s: %[3]s"}, zhKind, enKind, msg)
	}
}

// conjunction plans all clauses as one program: CEL's && is commutative over unknowns and
// errors, so the one program decides exactly as the clauses one by one do.
func (cc *compiler) conjunction(clauses []Clause) plan {
	parts := make([]string, 0, len(clauses))
	for _, c := range clauses {
		parts = append(parts, "(\n"+c.Expr.Text+"\n)")
	}
	src := "true"
	if len(parts) > 0 {
		src = strings.Join(parts, " && ")
	}
	checked, iss := cc.env.Compile(src)
	var pl plan
	err := iss.Err()
	if err == nil {
		pl, err = newPlan(cc.env, checked, CostLimit*uint64(max(1, len(parts))))
	}
	if err != nil {
		cc.add(cc.doc.position("conditions"), "无法合并条件：%v", "cannot combine the conditions: %v", err)
	}
	return pl
}

// plan is an expression planned twice: guarded enforces the cost limit at run time; fast does
// not track cost, which is safe only for inputs within the sizes the static estimate assumed
// (see Input.bounded), where the check at compile time already proves the bound.
type plan struct {
	guarded, fast cel.Program
}

func newPlan(env *cel.Env, checked *cel.Ast, limit uint64) (plan, error) {
	guarded, err := env.Program(checked, cel.EvalOptions(cel.OptOptimize), cel.CostLimit(limit))
	if err != nil {
		return plan{}, err
	}
	fast, err := env.Program(checked, cel.EvalOptions(cel.OptOptimize))
	return plan{guarded: guarded, fast: fast}, err
}

// eval runs the fast program when x is within the estimated sizes, the guarded one otherwise.
func (p plan) eval(x *Input) (ref.Val, error) {
	prog := p.guarded
	if x.bounded() {
		prog = p.fast
	}
	v, _, err := prog.Eval(x)
	return v, err
}

// references lists the variables an expression reads and the indicator keys it reads by a
// constant, such as indicators["momentum"] or indicators.momentum.
func references(a *celast.AST) (vars []int, keys []string) {
	seen := map[int]bool{}
	seenKey := map[string]bool{}
	celast.PreOrderVisit(a.Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		switch e.Kind() {
		case celast.IdentKind:
			if i := variableIndex(e.AsIdent()); i >= 0 && !seen[i] {
				seen[i] = true
				vars = append(vars, i)
			}
		case celast.SelectKind:
			s := e.AsSelect()
			if s.Operand().Kind() == celast.IdentKind && s.Operand().AsIdent() == "indicators" && !seenKey[s.FieldName()] {
				seenKey[s.FieldName()] = true
				keys = append(keys, s.FieldName())
			}
		case celast.CallKind:
			c := e.AsCall()
			if c.FunctionName() == "_[_]" && len(c.Args()) == 2 && isIdent(c.Args()[0], "indicators") {
				if k, ok := stringLiteral(c.Args()[1]); ok && !seenKey[k] {
					seenKey[k] = true
					keys = append(keys, k)
				}
			}
		}
	}))
	return vars, keys
}

func isIdent(e celast.Expr, name string) bool {
	return e.Kind() == celast.IdentKind && e.AsIdent() == name
}

func stringLiteral(e celast.Expr) (string, bool) {
	if e.Kind() != celast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}
