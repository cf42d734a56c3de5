package exemption

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"seedbed"
)

// Limits on a procedure document.
const (
	MaxDocumentBytes = 256 << 10
	MaxSteps         = 30
)

var (
	idPattern       = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
	stepIDPattern   = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	yamlLinePattern = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// Parse reads one procedure document. It refuses unknown and duplicate keys, missing required
// ones and bad values, returning every problem together as seedbed.Errors, each with the
// field's path, line and column.
func Parse(src []byte) (*Procedure, error) {
	p := &parser{}
	doc := p.parse(src)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	doc.Source = bytes.Clone(src)
	return doc, nil
}

type parser struct {
	errs seedbed.Errors
}

func (p *parser) add(n *yaml.Node, field, zh, en string, args ...any) {
	e := &seedbed.Error{Code: seedbed.EINVALID, Field: field, Text: seedbed.Label{Zh: zh, En: en}, Args: args}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

func (p *parser) parse(src []byte) *Procedure {
	if len(src) > MaxDocumentBytes {
		p.add(nil, "", "文件过大（%d 字节，最多 %d）", "file too large (%d bytes, at most %d)", len(src), MaxDocumentBytes)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			p.add(nil, "", "文件为空", "the file is empty")
		} else {
			p.yamlError(err)
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.add(&extra, "", "一个文件只能包含一项程序", "a file holds one procedure")
		return nil
	} else if !errors.Is(err, io.EOF) {
		p.yamlError(err)
		return nil
	}
	if bad := findAlias(&root); bad != nil {
		p.add(bad, "", "不支持 YAML 锚点和别名", "YAML anchors and aliases are not supported")
		return nil
	}
	if len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		p.add(&root, "", "程序文件的顶层应为键值映射", "the top level of a procedure file must be a mapping")
		return nil
	}
	m := p.mapping(root.Content[0], "", []string{"id", "version", "title", "issuer", "summary", "effective_from", "effective_to",
		"applies_to", "refund_required", "steps"}, "id", "version", "title", "effective_from", "steps")
	doc := &Procedure{}
	if n := m["id"]; n != nil {
		if doc.ID = p.str(n, "id"); doc.ID != "" && !idPattern.MatchString(doc.ID) {
			p.add(n, "id", "编号 %q 应为小写字母开头的字母、数字和 -", "id %q must be a-z, 0-9 and -, starting with a letter", doc.ID)
		}
	}
	if n := m["version"]; n != nil {
		doc.Version = p.integer(n, "version", 1, 1000)
	}
	doc.Title = p.label(m["title"], "title", true)
	doc.Issuer = p.label(m["issuer"], "issuer", false)
	doc.Summary = p.label(m["summary"], "summary", false)
	if n := m["effective_from"]; n != nil {
		doc.EffectiveFrom = p.date(n, "effective_from")
	}
	if n := m["effective_to"]; n != nil {
		doc.EffectiveTo = p.date(n, "effective_to")
		if !doc.EffectiveTo.IsZero() && doc.EffectiveTo.Before(doc.EffectiveFrom) {
			p.add(n, "effective_to", "失效日期早于生效日期", "effective_to is before effective_from")
		}
	}
	if n := m["applies_to"]; n != nil {
		doc.AppliesTo = p.scope(n)
	}
	if n := m["refund_required"]; n != nil {
		doc.RefundRequired = p.boolean(n, "refund_required")
	}
	if n := m["steps"]; n != nil {
		doc.Steps = p.steps(n)
	}
	return doc
}

func (p *parser) scope(n *yaml.Node) Scope {
	m := p.mapping(n, "applies_to", []string{"selection_modes", "min_amount", "max_amount"})
	var s Scope
	if v := m["selection_modes"]; v != nil {
		if v.Kind != yaml.SequenceNode {
			p.add(v, "applies_to.selection_modes", "应为列表", "must be a list")
		} else {
			for _, x := range v.Content {
				mode := p.str(x, "applies_to.selection_modes")
				if !seedbed.SelectionModes.Has(mode) {
					p.add(x, "applies_to.selection_modes", "未知的遴选方式 %q（可选 %s）", "unknown selection mode %q (use %s)", mode, strings.Join(seedbed.SelectionModes.Codes(), ", "))
				}
				s.SelectionModes = append(s.SelectionModes, mode)
			}
		}
	}
	if v := m["min_amount"]; v != nil {
		s.MinAmount = int64(p.integer(v, "applies_to.min_amount", 0, 1<<40))
	}
	if v := m["max_amount"]; v != nil {
		s.MaxAmount = int64(p.integer(v, "applies_to.max_amount", 0, 1<<40))
		if s.MaxAmount != 0 && s.MaxAmount < s.MinAmount {
			p.add(v, "applies_to.max_amount", "上限小于下限", "max_amount is below min_amount")
		}
	}
	return s
}

func (p *parser) steps(n *yaml.Node) []Step {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.add(n, "steps", "应为非空的步骤列表", "must be a non-empty list of steps")
		return nil
	}
	if len(n.Content) > MaxSteps {
		p.add(n, "steps", "步骤最多 %d 个", "at most %d steps", MaxSteps)
		return nil
	}
	var out []Step
	seen := map[string]bool{}
	for i, sn := range n.Content {
		field := fmt.Sprintf("steps[%d]", i)
		m := p.mapping(sn, field, []string{"id", "title", "evidence", "min", "min_days", "quorum", "majority"}, "id", "title", "evidence")
		var st Step
		if v := m["id"]; v != nil {
			st.ID = p.str(v, field+".id")
			if st.ID != "" && !stepIDPattern.MatchString(st.ID) {
				p.add(v, field+".id", "步骤编号 %q 应为小写字母开头的字母、数字和 _", "step id %q must be a-z, 0-9 and _, starting with a letter", st.ID)
			} else if seen[st.ID] {
				p.add(v, field+".id", "步骤编号 %q 重复", "step id %q is used twice", st.ID)
			}
			seen[st.ID] = true
		}
		st.Title = p.label(m["title"], field+".title", true)
		if v := m["evidence"]; v != nil {
			st.Evidence = p.str(v, field+".evidence")
			params, ok := evidenceParams[st.Evidence]
			if !ok {
				p.add(v, field+".evidence", "未知的证据类型 %q（可选 %s）", "unknown evidence kind %q (use %s)", st.Evidence, strings.Join(EvidenceKinds, ", "))
			}
			for _, key := range []string{"min", "min_days", "quorum", "majority"} {
				if kv := m[key]; kv != nil && ok && !contains(params, key) {
					p.add(kv, field+"."+key, "证据类型 %s 不接受参数 %s", "evidence kind %s takes no parameter %s", st.Evidence, key)
				}
			}
			st.Min, st.MinDays, st.Quorum, st.Majority = p.stepParams(m, field, st.Evidence)
		}
		out = append(out, st)
	}
	return out
}

// stepParams reads a step's parameters, with defaults for those its evidence kind takes.
func (p *parser) stepParams(m map[string]*yaml.Node, field, kind string) (min, days int, quorum, majority float64) {
	switch kind {
	case "score":
		min = 1
		if v := m["min"]; v != nil {
			min = p.integer(v, field+".min", 1, 20)
		}
	case "public_notice":
		days = 1
		if v := m["min_days"]; v != nil {
			days = p.integer(v, field+".min_days", 1, 90)
		}
	case "collective_decision":
		quorum, majority = 0.5, 0.5
		if v := m["quorum"]; v != nil {
			quorum = p.fraction(v, field+".quorum", false)
		}
		if v := m["majority"]; v != nil {
			majority = p.fraction(v, field+".majority", true)
		}
	}
	return
}

// mapping reads a mapping, reporting unknown, duplicate and missing keys.
func (p *parser) mapping(n *yaml.Node, field string, allowed []string, required ...string) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.add(n, field, "应为键值映射", "must be a mapping")
		return m
	}
	prefix := field
	if prefix != "" {
		prefix += "."
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			p.add(k, field, "键应为字符串", "keys must be strings")
		case !contains(allowed, k.Value):
			p.add(k, prefix+k.Value, "未知的键 %q（允许：%s）", "unknown key %q (allowed: %s)", k.Value, strings.Join(allowed, ", "))
		case m[k.Value] != nil:
			p.add(k, prefix+k.Value, "键 %q 重复", "duplicate key %q", k.Value)
		default:
			m[k.Value] = v
		}
	}
	for _, r := range required {
		if m[r] == nil {
			p.add(n, prefix+r, "缺少必填的键 %q", "missing the required key %q", r)
		}
	}
	return m
}

func (p *parser) scalar(n *yaml.Node, field string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.add(n, field, "应为单个值", "must be a single value")
		return false
	}
	return true
}

func (p *parser) str(n *yaml.Node, field string) string {
	if !p.scalar(n, field) {
		return ""
	}
	if n.Tag != "!!str" {
		p.add(n, field, "应为文本", "must be text")
		return ""
	}
	return n.Value
}

func (p *parser) integer(n *yaml.Node, field string, lo, hi int) int {
	if !p.scalar(n, field) {
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || n.Tag != "!!int" || v < lo || v > hi {
		p.add(n, field, "应为 %d 到 %d 之间的整数", "must be a whole number from %d to %d", lo, hi)
		return 0
	}
	return v
}

func (p *parser) fraction(n *yaml.Node, field string, zeroOK bool) float64 {
	if !p.scalar(n, field) {
		return 0
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if err != nil || (n.Tag != "!!float" && n.Tag != "!!int") || v > 1 || v < 0 || (!zeroOK && v == 0) || (zeroOK && v == 1) {
		p.add(n, field, "应为 0 到 1 之间的比例", "must be a fraction between 0 and 1")
		return 0
	}
	return v
}

func (p *parser) boolean(n *yaml.Node, field string) bool {
	if !p.scalar(n, field) {
		return false
	}
	if n.Tag != "!!bool" {
		p.add(n, field, "应为 true 或 false", "must be true or false")
		return false
	}
	return n.Value == "true"
}

func (p *parser) date(n *yaml.Node, field string) time.Time {
	if !p.scalar(n, field) {
		return time.Time{}
	}
	t, err := time.Parse(seedbed.DateLayout, n.Value)
	if err != nil {
		p.add(n, field, "日期应为 YYYY-MM-DD", "the date must be YYYY-MM-DD")
	}
	return t
}

// label reads {zh: …, en: …}; the Chinese text is required, English optional.
func (p *parser) label(n *yaml.Node, field string, required bool) seedbed.Label {
	if n == nil {
		return seedbed.Label{}
	}
	m := p.mapping(n, field, []string{"zh", "en"}, "zh")
	var l seedbed.Label
	if v := m["zh"]; v != nil {
		l.Zh = strings.TrimSpace(p.str(v, field+".zh"))
		if required && l.Zh == "" {
			p.add(v, field+".zh", "中文文本不能为空", "the Chinese text must not be empty")
		}
	}
	if v := m["en"]; v != nil {
		l.En = strings.TrimSpace(p.str(v, field+".en"))
	}
	if len(l.Zh) > 2000 || len(l.En) > 2000 {
		p.add(n, field, "文本过长", "text too long")
	}
	return l
}

var yamlSyntaxError = seedbed.Label{Zh: "YAML 语法错误：%s", En: "YAML syntax error: %s"}

// yamlError turns a YAML syntax error into positioned errors (the library reports lines only).
func (p *parser) yamlError(err error) {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, m := range msgs {
		e := &seedbed.Error{Code: seedbed.EINVALID, Line: 1, Text: yamlSyntaxError, Args: []any{m}}
		if sm := yamlLinePattern.FindStringSubmatch(m); sm != nil {
			e.Line, _ = strconv.Atoi(sm[1])
			e.Args = []any{sm[2]}
		}
		p.errs = append(p.errs, e)
	}
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if bad := findAlias(c); bad != nil {
			return bad
		}
	}
	return nil
}
