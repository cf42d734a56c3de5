package sim

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ParseConfig reads a Config from YAML or JSON (JSON is read as YAML). Keys left out keep their
// DefaultConfig values. Unknown keys, repeated keys, values of the wrong type and out-of-range
// values are refused; the error joins one *FieldError per problem, each naming the key path and,
// when known, its line and column.
func ParseConfig(data []byte) (Config, error) {
	root, err := parseDocument(data)
	if err != nil {
		return Config{}, err
	}
	cfg := DefaultConfig()
	pos := map[string]*yaml.Node{}
	if errs := decodeNode(root, reflect.ValueOf(&cfg).Elem(), "", pos); len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, locate(err, pos)
	}
	return cfg, nil
}

// parseDocument parses exactly one YAML document and returns its root node.
func parseDocument(data []byte) (*yaml.Node, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fieldErr("", "配置为空", "the configuration is empty")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, syntaxErr(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, fieldErr("", "只能包含一个 YAML 文档", "must hold exactly one YAML document")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fieldErr("", "不是有效的配置文档", "not a configuration document")
	}
	return doc.Content[0], nil
}

func syntaxErr(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := fieldErr("", "YAML/JSON 语法错误："+msg, "YAML/JSON syntax error: "+msg)
	var line int
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		e.Line = line
	}
	return e
}

// decodeNode sets v from node, walking structs by their yaml tags. It records each key path's
// node in pos so that later range errors can say where the key is.
func decodeNode(node *yaml.Node, v reflect.Value, path string, pos map[string]*yaml.Node) []error {
	pos[path] = node
	at := func(zh, en string) []error {
		return []error{&FieldError{Key: keyName(path), Line: node.Line, Column: node.Column, Zh: zh, En: en}}
	}
	if node.Kind == yaml.AliasNode || node.Anchor != "" {
		return at("不支持锚点和别名", "anchors and aliases are not supported")
	}
	switch v.Kind() {
	case reflect.Struct:
		if node.Kind != yaml.MappingNode {
			return at("应为映射（键: 值）", "must be a mapping of keys to values")
		}
		var errs []error
		seen := map[string]bool{}
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, val := node.Content[i], node.Content[i+1]
			key := joinKey(path, k.Value)
			if k.Kind != yaml.ScalarNode {
				errs = append(errs, &FieldError{Key: keyName(path), Line: k.Line, Column: k.Column, Zh: "键必须是字符串", En: "keys must be strings"})
				continue
			}
			if seen[k.Value] {
				errs = append(errs, &FieldError{Key: key, Line: k.Line, Column: k.Column, Zh: "键重复", En: "key repeated"})
				continue
			}
			seen[k.Value] = true
			f, ok := fieldByTag(v, k.Value)
			if !ok {
				errs = append(errs, &FieldError{Key: key, Line: k.Line, Column: k.Column, Zh: "未知的键", En: "unknown key"})
				continue
			}
			errs = append(errs, decodeNode(val, f, key, pos)...)
		}
		return errs
	case reflect.Slice:
		if node.Kind != yaml.SequenceNode {
			return at("应为列表", "must be a list")
		}
		s := reflect.MakeSlice(v.Type(), len(node.Content), len(node.Content))
		var errs []error
		for i, item := range node.Content {
			errs = append(errs, decodeNode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i), pos)...)
		}
		v.Set(s)
		return errs
	}
	if node.Kind != yaml.ScalarNode {
		return at("应为单个值", "must be a single value")
	}
	if err := setScalar(v, node.ShortTag(), node.Value); err != nil {
		return at(err.Zh, err.En)
	}
	return nil
}

// setScalar parses a scalar of the given YAML tag into v, refusing anything but an exact fit.
func setScalar(v reflect.Value, tag, text string) *FieldError {
	if tag == "!!null" {
		return fieldErr("", "缺少值", "missing value")
	}
	switch v.Kind() {
	case reflect.String:
		if tag != "!!str" {
			return fieldErr("", "应为字符串", "must be a string")
		}
		v.SetString(text)
	case reflect.Int:
		if tag != "!!int" {
			return fieldErr("", "应为整数", "must be an integer")
		}
		n, err := strconv.ParseInt(text, 0, 64)
		if err != nil || n != int64(int(n)) {
			return fieldErr("", "整数超出范围", "integer out of range")
		}
		v.SetInt(n)
	case reflect.Uint64:
		if tag != "!!int" {
			return fieldErr("", "应为非负整数", "must be a non-negative integer")
		}
		n, err := strconv.ParseUint(text, 0, 64)
		if err != nil {
			return fieldErr("", "应为 0 到 2^64−1 之间的整数", "must be an integer in [0, 2^64−1]")
		}
		v.SetUint(n)
	case reflect.Bool:
		if tag != "!!bool" {
			return fieldErr("", "应为 true 或 false", "must be true or false")
		}
		v.SetBool(text == "true" || text == "True" || text == "TRUE")
	case reflect.Float64:
		if tag != "!!int" && tag != "!!float" {
			return fieldErr("", "应为数字", "must be a number")
		}
		x, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return fieldErr("", "应为有限数", "must be a finite number")
		}
		v.SetFloat(x)
	default:
		return fieldErr("", "不支持的类型", "unsupported type")
	}
	return nil
}

// fieldByTag finds the struct field whose yaml tag is name.
func fieldByTag(v reflect.Value, name string) (reflect.Value, bool) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag == name {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func keyName(path string) string {
	if path == "" {
		return "(root)"
	}
	return path
}

// locate adds line and column to range errors whose key appears in the source and orders them
// as the source does.
func locate(err error, pos map[string]*yaml.Node) error {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	line := func(e error) int {
		var fe *FieldError
		if errors.As(e, &fe) && fe.Line > 0 {
			return fe.Line
		}
		return math.MaxInt
	}
	for _, e := range list {
		var fe *FieldError
		if errors.As(e, &fe) {
			if n, ok := pos[fe.Key]; ok {
				fe.Line, fe.Column = n.Line, n.Column
			}
		}
	}
	// Report in the order of the source; errors without a position last.
	sort.SliceStable(list, func(i, j int) bool { return line(list[i]) < line(list[j]) })
	return errors.Join(list...)
}
