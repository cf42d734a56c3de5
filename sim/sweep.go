package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Sweep is a base configuration and a grid of parameter values: one point per combination.
// Axes are kept sorted by key; points enumerate them like an odometer, the last axis fastest.
type Sweep struct {
	Base Config `json:"base"`
	Axes []Axis `json:"axes"`
}

// Axis is one swept parameter: a key path of a scalar in Config (for example
// "behaviour.complacency") and the values it takes, typed as the parameter is.
type Axis struct {
	Key    string `json:"key"`
	Values []any  `json:"values"`
}

// Point is one configuration of a sweep: its index in enumeration order, the swept values, and
// the full configuration.
type Point struct {
	Index  int     `json:"index"`
	Params []Param `json:"params"`
	Config Config  `json:"-"`
}

// Param is a swept key and its value at one point.
type Param struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// maxPoints bounds the size of a grid.
const maxPoints = 100000

// ParseSweep reads a sweep from YAML or JSON: a mapping with "base" (a Config, as ParseConfig
// reads it) and "grid" (a mapping from key paths to lists of values). Unknown keys, unknown or
// non-scalar key paths, values of the wrong type, empty lists and out-of-range points are refused
// with *FieldError values naming the key.
func ParseSweep(data []byte) (Sweep, error) {
	root, err := parseDocument(data)
	if err != nil {
		return Sweep{}, err
	}
	if root.Kind != yaml.MappingNode {
		return Sweep{}, &FieldError{Key: "(root)", Line: root.Line, Column: root.Column, Zh: "应为映射（base 与 grid）", En: "must be a mapping with base and grid"}
	}
	s := Sweep{Base: DefaultConfig()}
	pos := map[string]*yaml.Node{}
	var errs []error
	var grid *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "base":
			if _, dup := pos["base"]; dup {
				errs = append(errs, &FieldError{Key: "base", Line: k.Line, Column: k.Column, Zh: "键重复", En: "key repeated"})
				continue
			}
			errs = append(errs, prefixErrs("base", decodeNode(v, reflect.ValueOf(&s.Base).Elem(), "", pos))...)
			pos["base"] = v
		case "grid":
			if grid != nil {
				errs = append(errs, &FieldError{Key: "grid", Line: k.Line, Column: k.Column, Zh: "键重复", En: "key repeated"})
				continue
			}
			grid = v
		default:
			errs = append(errs, &FieldError{Key: k.Value, Line: k.Line, Column: k.Column, Zh: "未知的键（应为 base 或 grid）", En: "unknown key (expected base or grid)"})
		}
	}
	if len(errs) > 0 {
		return Sweep{}, errors.Join(errs...)
	}
	if err := s.Base.Validate(); err != nil {
		return Sweep{}, prefixErr("base", locate(err, pos))
	}
	if grid == nil {
		return Sweep{}, fieldErr("grid", "缺少参数网格", "missing parameter grid")
	}
	if grid.Kind != yaml.MappingNode {
		return Sweep{}, &FieldError{Key: "grid", Line: grid.Line, Column: grid.Column, Zh: "应为映射（键路径: 取值列表）", En: "must map key paths to lists of values"}
	}
	for i := 0; i+1 < len(grid.Content); i += 2 {
		ax, err := parseAxis(grid.Content[i], grid.Content[i+1])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, o := range s.Axes {
			if o.Key == ax.Key {
				errs = append(errs, fieldErr("grid."+ax.Key, "键重复", "key repeated"))
			}
		}
		s.Axes = append(s.Axes, ax)
	}
	if len(errs) > 0 {
		return Sweep{}, errors.Join(errs...)
	}
	sort.Slice(s.Axes, func(i, j int) bool { return s.Axes[i].Key < s.Axes[j].Key })
	if _, err := s.Points(); err != nil {
		return Sweep{}, err
	}
	return s, nil
}

// parseAxis reads one grid entry, typing its values by the parameter they set.
func parseAxis(k, v *yaml.Node) (Axis, error) {
	key := "grid." + k.Value
	at := func(n *yaml.Node, zh, en string) error {
		return &FieldError{Key: key, Line: n.Line, Column: n.Column, Zh: zh, En: en}
	}
	probe := DefaultConfig()
	field, ok := fieldByPath(reflect.ValueOf(&probe).Elem(), k.Value)
	if !ok {
		return Axis{}, at(k, "不是可扫描的参数键路径", "not the key path of a scalar parameter")
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		return Axis{}, at(v, "应为非空的取值列表", "must be a non-empty list of values")
	}
	ax := Axis{Key: k.Value}
	for _, item := range v.Content {
		if item.Kind != yaml.ScalarNode {
			return Axis{}, at(item, "取值应为单个值", "values must be scalars")
		}
		if err := setScalar(field, item.ShortTag(), item.Value); err != nil {
			return Axis{}, at(item, err.Zh, err.En)
		}
		ax.Values = append(ax.Values, field.Interface())
	}
	return ax, nil
}

// fieldByPath finds the scalar field of a Config at a dotted key path.
func fieldByPath(v reflect.Value, path string) (reflect.Value, bool) {
	for _, name := range strings.Split(path, ".") {
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		f, ok := fieldByTag(v, name)
		if !ok {
			return reflect.Value{}, false
		}
		v = f
	}
	switch v.Kind() {
	case reflect.Int, reflect.Uint64, reflect.Float64, reflect.String:
		return v, true
	}
	return reflect.Value{}, false
}

// Size returns the number of points in the sweep.
func (s Sweep) Size() int {
	n := 1
	for _, a := range s.Axes {
		n *= len(a.Values)
		if n > maxPoints {
			return maxPoints + 1
		}
	}
	return n
}

// Points enumerates the sweep's points in index order and validates each point's Config. The
// error names the point and the offending key.
func (s Sweep) Points() ([]Point, error) {
	n := s.Size()
	if n > maxPoints {
		return nil, fieldErr("grid", fmt.Sprintf("网格点数超过上限 %d", maxPoints), fmt.Sprintf("more than %d grid points", maxPoints))
	}
	pts := make([]Point, 0, n)
	for p := 0; p < n; p++ {
		pt, err := s.Point(p)
		if err != nil {
			return nil, err
		}
		pts = append(pts, pt)
	}
	return pts, nil
}

// Point returns the sweep's point with index p.
func (s Sweep) Point(p int) (Point, error) {
	if p < 0 || p >= s.Size() {
		return Point{}, fmt.Errorf("sim: point %d out of range", p)
	}
	cfg := s.Base
	cfg.Strategies = append([]string(nil), s.Base.Strategies...)
	pt := Point{Index: p}
	rest := p
	params := make([]Param, len(s.Axes))
	for i := len(s.Axes) - 1; i >= 0; i-- {
		a := s.Axes[i]
		val := a.Values[rest%len(a.Values)]
		rest /= len(a.Values)
		f, ok := fieldByPath(reflect.ValueOf(&cfg).Elem(), a.Key)
		if !ok || !reflect.ValueOf(val).Type().AssignableTo(f.Type()) {
			return Point{}, fieldErr("grid."+a.Key, "取值类型不符", "value of the wrong type")
		}
		f.Set(reflect.ValueOf(val))
		params[i] = Param{Key: a.Key, Value: val}
	}
	if err := cfg.Validate(); err != nil {
		return Point{}, fmt.Errorf("grid point %d %s: %w", p, formatParams(params), err)
	}
	pt.Params, pt.Config = params, cfg
	return pt, nil
}

func formatParams(ps []Param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("%s=%v", p.Key, p.Value)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// Hash returns the SHA-256, in hex, of the sweep's canonical JSON: records from sweeps with
// different hashes are never merged.
func (s Sweep) Hash() string {
	b, err := json.Marshal(s)
	if err != nil {
		panic("sim: marshal sweep: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func prefixErrs(prefix string, errs []error) []error {
	for _, e := range errs {
		var fe *FieldError
		if errors.As(e, &fe) {
			if fe.Key == "(root)" || fe.Key == "" {
				fe.Key = prefix
			} else {
				fe.Key = prefix + "." + fe.Key
			}
		}
	}
	return errs
}

func prefixErr(prefix string, err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return errors.Join(prefixErrs(prefix, j.Unwrap())...)
	}
	return errors.Join(prefixErrs(prefix, []error{err})...)
}
