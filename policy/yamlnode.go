package policy

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"seedbed"
)

// keyValue is one entry of a YAML mapping.
type keyValue struct{ key, value *yaml.Node }

// fieldMap is a YAML mapping read by key.
type fieldMap map[string]keyValue

// val returns the value under key, or nil when the key is absent.
func (m fieldMap) val(key string) *yaml.Node {
	if kv, ok := m[key]; ok {
		return kv.value
	}
	return nil
}

// mapping reads a mapping node, reporting unknown keys, duplicate keys and missing required ones.
func (p *parser) mapping(n *yaml.Node, zhWhat, enWhat string, allowed []string, required ...string) fieldMap {
	m := fieldMap{}
	if n == nil {
		return m
	}
	if n.Kind != yaml.MappingNode {
		p.add(posOf(n), "%[1]s 应为键值映射", "%[2]s must be a mapping", zhWhat, enWhat)
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.add(posOf(k), "键应为字符串", "keys must be strings")
			continue
		}
		if !contains(allowed, k.Value) {
			p.add(posOf(k), "%[1]s 中有未知的键 %[2]q（允许：%[3]s）", "unknown key %[2]q in %[4]s (allowed: %[3]s)",
				zhWhat, k.Value, strings.Join(allowed, ", "), enWhat)
			continue
		}
		if _, dup := m[k.Value]; dup {
			p.add(posOf(k), "键 %q 重复", "duplicate key %q", k.Value)
			continue
		}
		m[k.Value] = keyValue{k, v}
	}
	for _, r := range required {
		if _, ok := m[r]; !ok {
			p.add(posOf(n), "%[1]s 缺少必填的键 %[2]q", "%[3]s is missing the required key %[2]q", zhWhat, r, enWhat)
		}
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// scalar checks that n is a non-null scalar and returns its text.
func (p *parser) scalar(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		p.add(posOf(n), "%s 应为单个值", "%s must be a single value", what)
		return "", false
	}
	return n.Value, true
}

func (p *parser) str(n *yaml.Node, what string) string {
	s, _ := p.scalar(n, what)
	return s
}

func (p *parser) integer(n *yaml.Node, what string) int {
	s, ok := p.scalar(n, what)
	if !ok {
		return 0
	}
	v, err := strconv.Atoi(s)
	if n.Tag != "!!int" || err != nil {
		p.add(posOf(n), "%s 应为整数，实际为 %q", "%s must be an integer, got %q", what, s)
		return 0
	}
	return v
}

func (p *parser) number(n *yaml.Node, what string) float64 {
	s, ok := p.scalar(n, what)
	if !ok {
		return 0
	}
	if n.Tag != "!!int" && n.Tag != "!!float" {
		p.add(posOf(n), "%s 应为数字，实际为 %q", "%s must be a number, got %q", what, s)
		return 0
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.add(posOf(n), "%s 应为有限的数字，实际为 %q", "%s must be a finite number, got %q", what, s)
		return 0
	}
	return v
}

func (p *parser) date(n *yaml.Node, what string) Date {
	s, ok := p.scalar(n, what)
	if !ok {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		p.add(posOf(n), "%s 应为日期 YYYY-MM-DD，实际为 %q", "%s must be a date YYYY-MM-DD, got %q", what, s)
	}
	return d
}

// code reads a value that must be one of set's codes.
func (p *parser) code(n *yaml.Node, what string, set seedbed.OptionSet) string {
	s, ok := p.scalar(n, what)
	if !ok {
		return ""
	}
	if !set.Has(s) {
		codes := strings.Join(set.Codes(), ", ")
		p.add(posOf(n), "%s 的值 %q 无效，应为 %s", "%s %q is not one of %s", what, s, codes)
		return ""
	}
	return s
}

// label reads {zh: …, en: …}; both languages are required.
func (p *parser) label(n *yaml.Node, what string) seedbed.Label {
	var l seedbed.Label
	if n == nil {
		return l
	}
	m := p.mapping(n, what, what, []string{"zh", "en"}, "zh", "en")
	if v := m.val("zh"); v != nil {
		l.Zh = strings.TrimSpace(p.str(v, what+".zh"))
	}
	if v := m.val("en"); v != nil {
		l.En = strings.TrimSpace(p.str(v, what+".en"))
	}
	return l
}

// expr reads a CEL expression, keeping its position and scalar style for error mapping.
func (p *parser) expr(n *yaml.Node, what string) Expr {
	s, ok := p.scalar(n, what)
	if !ok {
		return Expr{}
	}
	if strings.TrimSpace(s) == "" {
		p.add(posOf(n), "%s 表达式为空", "%s expression is empty", what)
		return Expr{}
	}
	if len(s) > MaxExprLen {
		p.add(posOf(n), "%s 表达式过长（最多 %d 字节）", "%s expression too long (at most %d bytes)", what, MaxExprLen)
		return Expr{}
	}
	return Expr{Text: s, Pos: posOf(n), style: n.Style}
}

// localID reads a clause or instrument id, unique within its list.
func (p *parser) localID(n *yaml.Node, what string, seen map[string]bool) string {
	s, ok := p.scalar(n, what)
	if !ok {
		return ""
	}
	if !localIDPattern.MatchString(s) {
		p.add(posOf(n), "%s %q 应以小写字母开头，只含小写字母、数字和 _", "%s %q must start with a lower-case letter and hold only a-z, 0-9 and _", what, s)
	}
	if seen[s] {
		p.add(posOf(n), "%s %q 重复", "duplicate %s %q", what, s)
	}
	seen[s] = true
	return s
}

func (p *parser) sequence(n *yaml.Node, what string, limit int) []*yaml.Node {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.add(posOf(n), "%s 应为列表", "%s must be a list", what)
		return nil
	}
	if len(n.Content) > limit {
		p.add(posOf(n), "%s 最多 %d 项", "%s holds at most %d items", what, limit)
		return n.Content[:limit]
	}
	return n.Content
}

// numberMap reads a mapping of names to numbers, returning the values and their positions.
func (p *parser) numberMap(n *yaml.Node, what string) (map[string]float64, map[string]Pos) {
	if n.Kind != yaml.MappingNode {
		p.add(posOf(n), "%s 应为键值映射", "%s must be a mapping", what)
		return nil, nil
	}
	vals := map[string]float64{}
	at := map[string]Pos{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := at[k.Value]; dup {
			p.add(posOf(k), "键 %q 重复", "duplicate key %q", k.Value)
			continue
		}
		vals[k.Value] = p.number(v, what+"."+k.Value)
		at[k.Value] = posOf(k)
	}
	return vals, at
}

// innovatorFields maps the JSON names of seedbed.Innovator's fields to their indexes.
var innovatorFields = sync.OnceValue(func() map[string]int {
	t := reflect.TypeFor[seedbed.Innovator]()
	out := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = i
		}
	}
	return out
})

// typeWords names the Go types of innovator fields for people.
var typeWords = map[string]seedbed.Label{
	"string": {Zh: "文本", En: "text"}, "int": {Zh: "整数", En: "integer"}, "int64": {Zh: "整数", En: "integer"},
	"*int64": {Zh: "整数", En: "integer"}, "*float64": {Zh: "数字", En: "number"}, "[]string": {Zh: "文本列表", En: "list of texts"},
	"time.Time": {Zh: "时间", En: "time"},
}

// setInnovatorField decodes one YAML value into the innovator field with that JSON name. It
// reports whether the field exists and, if it does, the Go type the value failed to decode as.
func setInnovatorField(in *seedbed.Innovator, name string, v *yaml.Node) (known bool, badType seedbed.Label) {
	i, ok := innovatorFields()[name]
	if !ok {
		return false, seedbed.Label{}
	}
	f := reflect.ValueOf(in).Elem().Field(i)
	ptr := reflect.New(f.Type())
	if err := v.Decode(ptr.Interface()); err != nil {
		return true, typeWords[f.Type().String()]
	}
	f.Set(ptr.Elem())
	return true, seedbed.Label{}
}
