package policy

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"seedbed"
)

// unknownBase offsets the ids of the CEL unknown values that stand for empty fields, so that
// they cannot be mistaken for expression ids.
const unknownBase = 1 << 40

// unknowns holds, per variable, the value an empty field resolves to. CEL propagates unknowns
// through comparisons and functions but lets `false && x` and `true || x` decide without them,
// which is exactly "cannot decide unless the other clauses already do".
var unknowns = func() (u [numVars]ref.Val) {
	for i := range u {
		u[i] = types.NewUnknown(unknownBase+int64(i), nil)
	}
	return u
}()

// Input is one innovator on one date with its indicators, as the CEL variables see it. Build
// it once per innovator and evaluate every policy against it: field values are converted on
// first use and kept. An Input is not safe for concurrent use; use one per goroutine.
type Input struct {
	in         *seedbed.Innovator
	asOf       Date
	indicators map[string]float64
	vals       [numVars]ref.Val
	bound      int8 // 0 not yet known, 1 within the sizes of the static cost estimate, -1 beyond
}

var _ interpreter.Activation = (*Input)(nil)

// NewInput prepares an innovator for evaluation on the day of asOf. indicators may be nil; a nil
// innovator is one with every field empty.
func NewInput(in *seedbed.Innovator, asOf time.Time, indicators map[string]float64) *Input {
	x := &Input{}
	x.Reset(in, asOf, indicators)
	return x
}

// Reset reuses x for another innovator, date or indicators without allocating a new Input.
func (x *Input) Reset(in *seedbed.Innovator, asOf time.Time, indicators map[string]float64) {
	if in == nil {
		in = &seedbed.Innovator{}
	}
	x.in, x.asOf, x.indicators = in, DateOf(asOf), indicators
	x.vals = [numVars]ref.Val{}
	x.bound = 0
}

// bounded reports whether every string, list and map of the input is within the sizes the
// static cost estimate assumed (the registry's own limits), so that the estimate bounds the
// cost of any evaluation and run-time cost tracking can be skipped.
func (x *Input) bounded() bool {
	if x.bound == 0 {
		x.bound = -1
		if x.withinSizes() {
			x.bound = 1
		}
	}
	return x.bound == 1
}

func (x *Input) withinSizes() bool {
	in := x.in
	for i, s := range [...]string{varName: in.Name, varKind: in.Kind, varCreditCode: in.CreditCode, varIndustry: in.Industry,
		varSizeClass: in.SizeClass, varInnovationType: in.InnovationType, varDriver: in.Driver, varField: in.Field,
		varRegion: in.Region, varDescription: in.Description} {
		if !fits(s, Variables[i].maxSize) {
			return false
		}
	}
	if len(in.PathTags) > seedbed.MaxPathTags || len(x.indicators) > MaxIndicators {
		return false
	}
	for _, t := range in.PathTags {
		if !fits(t, seedbed.MaxTagLen) {
			return false
		}
	}
	for k := range x.indicators {
		if !fits(k, maxIndicatorKey) {
			return false
		}
	}
	return true
}

// fits reports whether s has at most n characters, counting them only when the bytes exceed n.
func fits(s string, n uint64) bool {
	return uint64(len(s)) <= n || uint64(utf8.RuneCountInString(s)) <= n
}

// AsOf returns the evaluation day.
func (x *Input) AsOf() Date { return x.asOf }

// Innovator returns the innovator being evaluated.
func (x *Input) Innovator() *seedbed.Innovator { return x.in }

// ResolveName implements interpreter.Activation: it returns a declared variable's value, or
// an unknown value when the field is empty.
func (x *Input) ResolveName(name string) (any, bool) {
	i := variableIndex(name)
	if i < 0 {
		return nil, false
	}
	return x.value(i), true
}

// Parent implements interpreter.Activation; an Input has no parent.
func (x *Input) Parent() interpreter.Activation { return nil }

// value returns variable i, converting it on first use.
func (x *Input) value(i int) ref.Val {
	if v := x.vals[i]; v != nil {
		return v
	}
	v := x.convert(i)
	x.vals[i] = v
	return v
}

func str(s string, i int) ref.Val {
	if s == "" {
		return unknowns[i]
	}
	return types.String(s)
}

func (x *Input) convert(i int) ref.Val {
	in := x.in
	switch i {
	case varName:
		return str(in.Name, i)
	case varKind:
		return str(in.Kind, i)
	case varCreditCode:
		return str(in.CreditCode, i)
	case varIndustry:
		return str(in.Industry, i)
	case varEmployees:
		if in.Employees == nil {
			return unknowns[i]
		}
		return types.Int(*in.Employees)
	case varRevenue:
		if in.Revenue == nil {
			return unknowns[i]
		}
		return types.Double(*in.Revenue)
	case varSizeClass:
		return str(x.sizeClass(), i)
	case varIsSME:
		switch x.sizeClass() {
		case "":
			return unknowns[i]
		case seedbed.SizeMedium, seedbed.SizeSmall, seedbed.SizeMicro:
			return types.True
		default:
			return types.False
		}
	case varInnovationType:
		return str(in.InnovationType, i)
	case varDriver:
		return str(in.Driver, i)
	case varField:
		return str(in.Field, i)
	case varPathTags:
		if len(in.PathTags) == 0 {
			return unknowns[i]
		}
		return types.NewStringList(types.DefaultTypeAdapter, in.PathTags)
	case varRegion:
		return str(in.Region, i)
	case varFoundedYear:
		if in.FoundedYear == 0 {
			return unknowns[i]
		}
		return types.Int(in.FoundedYear)
	case varAgeYears:
		if in.FoundedYear == 0 {
			return unknowns[i]
		}
		return types.Int(x.asOf.Time().Year() - in.FoundedYear)
	case varDescription:
		return str(in.Description, i)
	case varIndicators:
		m := x.indicators
		if m == nil {
			m = map[string]float64{}
		}
		return types.NewMap(types.DefaultTypeAdapter, m)
	}
	return types.NewErr("unknown variable %d", i)
}

// sizeClass returns the innovator's SME size class, derived from the registry data when it is
// not recorded, or "" when it cannot be decided (an enterprise whose data are incomplete, or
// an innovator of unknown kind). Institutes, teams and the like are "unclassified", a decided
// value: they are not SMEs.
func (x *Input) sizeClass() string {
	in := x.in
	sc := in.SizeClass
	if sc == "" || (sc == seedbed.SizeUnclassified && in.Kind == seedbed.KindEnterprise) {
		if in.Kind == "" {
			return ""
		}
		sc = seedbed.ClassifySize(in.Kind, in.Industry, in.Employees, in.Revenue)
		if sc == seedbed.SizeUnclassified && in.Kind == seedbed.KindEnterprise {
			return ""
		}
	}
	return sc
}

// missingFields names the registry fields whose emptiness makes variable i unknown.
func (x *Input) missingFields(i int) []string {
	in := x.in
	switch i {
	case varSizeClass, varIsSME:
		if in.Kind == "" {
			return []string{"kind"}
		}
		var out []string
		_, known := seedbed.SMERules2011[in.Industry]
		if !known {
			out = append(out, "industry")
		}
		if in.Employees == nil {
			out = append(out, "employees")
		}
		// Revenue is needed unless the sector's rule counts employees only.
		if in.Revenue == nil && (!known || seedbed.ClassifySize(in.Kind, in.Industry, ptr(int64(1)), nil) == seedbed.SizeUnclassified) {
			out = append(out, "revenue")
		}
		if len(out) == 0 {
			out = append(out, "size_class")
		}
		return out
	case varAgeYears:
		return []string{"founded_year"}
	}
	return []string{Variables[i].Name}
}

func ptr[T any](v T) *T { return &v }

// display returns variable i's value as shown in a trace, in lang, with coded values labelled.
func (x *Input) display(i int, lang string) string {
	v := x.value(i)
	if _, ok := v.(*types.Unknown); ok {
		return textOf(lang, "（空）", "(empty)")
	}
	switch i {
	case varIsSME:
		if v == types.True {
			return textOf(lang, "是", "yes")
		}
		return textOf(lang, "否", "no")
	case varPathTags:
		return "[" + strings.Join(x.in.PathTags, ", ") + "]"
	case varIndicators:
		return "{…}"
	}
	if s, ok := v.(types.String); ok {
		if opts := Variables[i].Options; opts != nil {
			return opts.Label(string(s)).In(lang)
		}
		return "“" + string(s) + "”"
	}
	return formatVal(v)
}

// indicator returns an indicator's value and whether it is present.
func (x *Input) indicator(key string) (float64, bool) {
	v, ok := x.indicators[key]
	return v, ok
}

// formatVal writes a CEL number or bool the way a person reads it.
func formatVal(v ref.Val) string {
	switch t := v.(type) {
	case types.Int:
		return strconv.FormatInt(int64(t), 10)
	case types.Double:
		return formatNumber(float64(t))
	case types.Bool:
		return strconv.FormatBool(bool(t))
	case types.String:
		return string(t)
	}
	return "?"
}

// formatNumber writes a float without trailing zeros.
func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// textOf picks the Chinese or English text by lang.
func textOf(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}
