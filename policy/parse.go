package policy

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits on policy documents, so that a hostile upload cannot exhaust the server.
const (
	MaxDocumentBytes = 1 << 20
	MaxExprLen       = 4000
	MaxClauses       = 64
	MaxInstruments   = 16
	MaxTests         = 200
)

var (
	policyIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	localIDPattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	yamlLinePattern = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// Parse reads one policy document from src; file names it in error positions. Every problem
// found is returned together as an ErrorList, each with its line and column. Parse checks the
// structure only; Compile checks the expressions.
func Parse(file string, src []byte) (*Document, error) {
	doc, errs := parse(file, src)
	if len(errs) > 0 {
		return nil, errs
	}
	return doc, nil
}

// parse returns the document even when it has errors, as long as the YAML itself was readable,
// so that Check can report the expressions' errors too.
func parse(file string, src []byte) (*Document, ErrorList) {
	p := &parser{errorSink: errorSink{file: file}}
	doc := p.parse(src)
	if doc != nil {
		doc.File = file
		doc.Source = src
	}
	p.errs.Sort()
	return doc, p.errs
}

// Check parses and compiles a policy file, reporting the problems of both steps together
// (as far as the YAML is readable). It does not run the embedded tests; Load does.
func Check(file string, src []byte) (*Compiled, error) {
	doc, errs := parse(file, src)
	if doc == nil {
		return nil, errs
	}
	c, err := compile(doc, true)
	if err != nil {
		errs = appendErr(errs, err)
	}
	if len(errs) > 0 {
		errs = dedupe(errs)
		errs.Sort()
		return nil, errs
	}
	return c, nil
}

// dedupe drops repeated errors (a missing expression is reported by both steps).
func dedupe(errs ErrorList) ErrorList {
	seen := map[string]bool{}
	out := errs[:0]
	for _, e := range errs {
		if k := e.Code + "\x00" + e.Error(); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// parser walks a YAML node tree into a Document, collecting errors as it goes.
type parser struct {
	errorSink
}

func (p *parser) parse(src []byte) *Document {
	if len(src) > MaxDocumentBytes {
		p.add(Pos{1, 1}, "文件过大（%d 字节，最多 %d）", "file too large (%d bytes, at most %d)", len(src), MaxDocumentBytes)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			p.add(Pos{1, 1}, "文件为空", "the file is empty")
		} else {
			p.yamlError(err, src)
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.add(Pos{extra.Line, extra.Column}, "一个文件只能包含一项政策（发现第二个 YAML 文档）", "a file holds one policy (found a second YAML document)")
	} else if !errors.Is(err, io.EOF) {
		p.yamlError(err, src)
	}
	if bad := findAlias(&root); bad != nil {
		p.add(posOf(bad), "不支持 YAML 锚点和别名", "YAML anchors and aliases are not supported")
		return nil
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		p.add(posOf(&root), "政策文件的顶层应为键值映射", "the top level of a policy file must be a mapping")
		return nil
	}
	return p.document(root.Content[0])
}

// yamlError turns a YAML syntax error into positioned errors. The YAML library reports lines
// only, so the column is the first non-blank character of that line.
func (p *parser) yamlError(err error, src []byte) {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, m := range msgs {
		line, msg := 1, m
		if sm := yamlLinePattern.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			msg = sm[2]
			// The YAML library counts its parser's lines from 0 and its scanner's from 1.
			if yamlParserProblems[msg] {
				line++
			}
		}
		p.add(Pos{line, firstColumn(src, line)}, "YAML 语法错误：%s", "YAML syntax error: %s", msg)
	}
}

// yamlParserProblems are the messages of the YAML library's parser (rather than its scanner),
// whose line numbers count from 0; they point at where the unfinished collection began.
var yamlParserProblems = map[string]bool{
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected node content":     true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
}

// firstColumn returns the 1-based column of the first non-blank character of a line.
func firstColumn(src []byte, line int) int {
	lines := bytes.Split(src, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 1
	}
	text := string(lines[line-1])
	trimmed := strings.TrimLeft(text, " \t")
	return len([]rune(text)) - len([]rune(trimmed)) + 1
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

func posOf(n *yaml.Node) Pos { return Pos{Line: n.Line, Column: n.Column} }

var documentKeys = []string{"id", "version", "title", "summary", "issuer", "effective_from", "effective_to",
	"segment", "selection", "application", "horizon_months", "notes", "conditions", "instruments", "tests"}

func (p *parser) document(n *yaml.Node) *Document {
	m := p.mapping(n, "政策", "policy", documentKeys,
		"id", "version", "title", "summary", "issuer", "effective_from", "segment", "instruments", "tests")
	doc := &Document{pos: map[string]Pos{}, Selection: "formula", Application: "standard"}
	for k, kv := range m {
		doc.pos[k] = posOf(kv.key)
	}
	if v := m.val("id"); v != nil {
		doc.ID = p.str(v, "id")
		if doc.ID != "" && !policyIDPattern.MatchString(doc.ID) {
			p.add(posOf(v), "政策编号 %q 只能由小写字母、数字、- 和 _ 组成（最多 64 个字符）", "policy id %q must be lower-case letters, digits, - and _ (at most 64)", doc.ID)
		}
	}
	if v := m.val("version"); v != nil {
		doc.Version = p.integer(v, "version")
		if doc.Version < 1 {
			p.add(posOf(v), "版本号应为正整数", "version must be a positive integer")
		}
	}
	doc.Title = p.label(m.val("title"), "title")
	doc.Summary = p.label(m.val("summary"), "summary")
	doc.Issuer = p.label(m.val("issuer"), "issuer")
	if v := m.val("notes"); v != nil {
		doc.Notes = p.label(v, "notes")
	}
	doc.EffectiveFrom = p.date(m.val("effective_from"), "effective_from")
	if v := m.val("effective_to"); v != nil && !isNull(v) {
		doc.EffectiveTo = p.date(v, "effective_to")
		if !doc.EffectiveTo.IsZero() && doc.EffectiveTo.Before(doc.EffectiveFrom) {
			p.add(posOf(v), "失效日期 %s 早于生效日期 %s", "effective_to %s is before effective_from %s", doc.EffectiveTo, doc.EffectiveFrom)
		}
	}
	doc.Segment = p.code(m.val("segment"), "segment", Segments)
	if v := m.val("selection"); v != nil {
		doc.Selection = p.code(v, "selection", Selections)
	}
	if v := m.val("application"); v != nil {
		doc.Application = p.code(v, "application", Applications)
	}
	if v := m.val("horizon_months"); v != nil {
		doc.HorizonMonths = p.integer(v, "horizon_months")
		if doc.HorizonMonths < 0 || doc.HorizonMonths > 240 {
			p.add(posOf(v), "资助期限应在 0 到 240 个月之间", "horizon_months must be between 0 and 240")
		}
	}
	if v := m.val("conditions"); v != nil {
		doc.Conditions = p.clauses(v)
	}
	if v := m.val("instruments"); v != nil {
		doc.Instruments = p.instruments(v)
	}
	if v := m.val("tests"); v != nil {
		doc.Tests = p.tests(v, doc)
	}
	return doc
}

func (p *parser) clauses(n *yaml.Node) []Clause {
	items := p.sequence(n, "conditions", MaxClauses)
	out := make([]Clause, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		m := p.mapping(it, "条件", "condition", []string{"id", "text", "expr"}, "id", "expr")
		c := Clause{Pos: posOf(it)}
		c.ID = p.localID(m.val("id"), "condition id", seen)
		if v := m.val("text"); v != nil {
			c.Text = p.label(v, "text")
		}
		c.Expr = p.expr(m.val("expr"), "expr")
		out = append(out, c)
	}
	return out
}

func (p *parser) instruments(n *yaml.Node) []Instrument {
	items := p.sequence(n, "instruments", MaxInstruments)
	if len(items) == 0 && n.Kind == yaml.SequenceNode {
		p.add(posOf(n), "至少需要一项支持工具", "at least one instrument is required")
	}
	out := make([]Instrument, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		m := p.mapping(it, "支持工具", "instrument", []string{"id", "kind", "name", "when", "amount", "cap", "unit", "cofunding"},
			"id", "kind", "name", "amount", "cap", "unit")
		in := Instrument{Pos: posOf(it)}
		in.ID = p.localID(m.val("id"), "instrument id", seen)
		in.Kind = p.code(m.val("kind"), "kind", InstrumentKinds)
		in.Name = p.label(m.val("name"), "name")
		if v := m.val("when"); v != nil {
			in.When = p.expr(v, "when")
		}
		in.Amount = p.expr(m.val("amount"), "amount")
		if v := m.val("cap"); v != nil {
			in.Cap = p.number(v, "cap")
			if in.Cap <= 0 {
				p.add(posOf(v), "上限应为正数", "cap must be positive")
			}
		}
		in.Unit = p.code(m.val("unit"), "unit", Units)
		if v := m.val("cofunding"); v != nil {
			cm := p.mapping(v, "配套资助", "cofunding", []string{"ratio", "own"}, "ratio", "own")
			cf := &Cofunding{}
			if r := cm.val("ratio"); r != nil {
				cf.Ratio = p.number(r, "ratio")
				if cf.Ratio <= 0 || cf.Ratio > 1 {
					p.add(posOf(r), "配套比例应在 (0, 1] 之间：政府出资不得超过企业自有投入", "cofunding ratio must be in (0, 1]: the government share never exceeds the firm's own")
				}
			}
			cf.Own = p.expr(cm.val("own"), "own")
			in.Cofunding = cf
		}
		out = append(out, in)
	}
	return out
}
