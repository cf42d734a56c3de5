package policy

import (
	"math"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"seedbed"
)

// CostLimit bounds every expression: its static cost estimate (with input sizes bounded by the
// registry's limits) must not exceed it when the policy is checked, and an evaluation that
// exceeds it at run time stops with an undecided result.
const CostLimit = 10_000

// MaxIndicators bounds the number of indicators an evaluation is given, and maxIndicatorKey
// the length of their names, for the static cost estimate; larger inputs are evaluated with
// run-time cost tracking.
const (
	MaxIndicators   = 64
	maxIndicatorKey = 64
)

// Variable indexes; the order of variables below.
const (
	varName = iota
	varKind
	varCreditCode
	varIndustry
	varEmployees
	varRevenue
	varSizeClass
	varIsSME
	varInnovationType
	varDriver
	varField
	varPathTags
	varRegion
	varFoundedYear
	varAgeYears
	varDescription
	varIndicators
	numVars
)

// Variable describes one CEL variable a policy expression may read: the innovator's registry
// fields (by their JSON names), the derived size class, the age on the evaluation date, and the
// indicators map. Contact details are deliberately absent: no policy may depend on them.
type Variable struct {
	Name    string            `json:"name"`
	Type    string            `json:"type"` // CEL type: string, int, double, bool, list(string), map(string, double)
	Label   seedbed.Label     `json:"label"`
	Options seedbed.OptionSet `json:"-"` // allowed codes of a coded field, for labels in sentences
	// True and False are the sentences for a bool variable ("is an SME" / "is not an SME").
	True, False seedbed.Label `json:"-"`
	celType     *cel.Type
	maxSize     uint64 // for strings, lists and maps: the most characters or elements
}

// Variables lists the CEL variables in index order; the UI shows it as the rule vocabulary.
var Variables = [numVars]Variable{
	{Name: "name", Type: "string", Label: seedbed.Label{Zh: "名称", En: "name"}, maxSize: seedbed.MaxNameLen},
	{Name: "kind", Type: "string", Label: seedbed.Label{Zh: "主体类型", En: "kind"}, Options: seedbed.Kinds, maxSize: 32},
	{Name: "credit_code", Type: "string", Label: seedbed.Label{Zh: "统一社会信用代码", En: "credit code"}, maxSize: 18},
	{Name: "industry", Type: "string", Label: seedbed.Label{Zh: "行业", En: "industry"}, Options: seedbed.Industries, maxSize: 32},
	{Name: "employees", Type: "int", Label: seedbed.Label{Zh: "员工数", En: "employees"}},
	{Name: "revenue", Type: "double", Label: seedbed.Label{Zh: "营业收入（万元）", En: "revenue (10k CNY)"}},
	{Name: "size_class", Type: "string", Label: seedbed.Label{Zh: "企业规模", En: "size class"}, Options: seedbed.SizeClasses, maxSize: 32},
	{Name: "is_sme", Type: "bool", Label: seedbed.Label{Zh: "中小企业", En: "SME"},
		True: seedbed.Label{Zh: "属于中小企业", En: "is an SME"}, False: seedbed.Label{Zh: "不属于中小企业", En: "is not an SME"}},
	{Name: "innovation_type", Type: "string", Label: seedbed.Label{Zh: "创新类型", En: "innovation type"}, Options: seedbed.InnovationTypes, maxSize: 32},
	{Name: "driver", Type: "string", Label: seedbed.Label{Zh: "驱动类型", En: "driver"}, Options: seedbed.Drivers, maxSize: 32},
	{Name: "field", Type: "string", Label: seedbed.Label{Zh: "技术领域", En: "technical field"}, Options: seedbed.Fields, maxSize: 32},
	{Name: "path_tags", Type: "list(string)", Label: seedbed.Label{Zh: "技术路径标签", En: "path tags"}, maxSize: seedbed.MaxPathTags},
	{Name: "region", Type: "string", Label: seedbed.Label{Zh: "地区", En: "region"}, maxSize: 100},
	{Name: "founded_year", Type: "int", Label: seedbed.Label{Zh: "成立年份", En: "founded year"}},
	{Name: "age_years", Type: "int", Label: seedbed.Label{Zh: "成立年限（年）", En: "age (years)"}},
	{Name: "description", Type: "string", Label: seedbed.Label{Zh: "简介", En: "description"}, maxSize: seedbed.MaxDescriptionLen},
	{Name: "indicators", Type: "map(string, double)", Label: seedbed.Label{Zh: "指标", En: "indicator"}, maxSize: MaxIndicators},
}

func init() {
	for i := range Variables {
		v := &Variables[i]
		switch v.Type {
		case "string":
			v.celType = cel.StringType
		case "int":
			v.celType = cel.IntType
		case "double":
			v.celType = cel.DoubleType
		case "bool":
			v.celType = cel.BoolType
		case "list(string)":
			v.celType = cel.ListType(cel.StringType)
		case "map(string, double)":
			v.celType = cel.MapType(cel.StringType, cel.DoubleType)
		}
	}
}

// variableIndex returns the index of a variable name, or -1.
func variableIndex(name string) int {
	switch name {
	case "name":
		return varName
	case "kind":
		return varKind
	case "credit_code":
		return varCreditCode
	case "industry":
		return varIndustry
	case "employees":
		return varEmployees
	case "revenue":
		return varRevenue
	case "size_class":
		return varSizeClass
	case "is_sme":
		return varIsSME
	case "innovation_type":
		return varInnovationType
	case "driver":
		return varDriver
	case "field":
		return varField
	case "path_tags":
		return varPathTags
	case "region":
		return varRegion
	case "founded_year":
		return varFoundedYear
	case "age_years":
		return varAgeYears
	case "description":
		return varDescription
	case "indicators":
		return varIndicators
	}
	return -1
}

// environment is the CEL environment every policy compiles in, built once.
var environment = sync.OnceValues(func() (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.CrossTypeNumericComparisons(true),
		cel.EnableMacroCallTracking(),
		cel.ParserExpressionSizeLimit(MaxExprLen),
		cel.ParserRecursionLimit(64),
		minMaxFunction("min", math.Min),
		minMaxFunction("max", math.Max),
	}
	for _, v := range Variables {
		opts = append(opts, cel.Variable(v.Name, v.celType))
	}
	return cel.NewEnv(opts...)
})

// minMaxFunction declares min or max over two numbers; CEL's standard library has neither.
// A mixed int/double call returns a double.
func minMaxFunction(name string, pick func(a, b float64) float64) cel.EnvOption {
	ints := func(a, b ref.Val) ref.Val {
		x, y := a.(types.Int), b.(types.Int)
		if (name == "min") == (x < y) {
			return x
		}
		return y
	}
	doubles := func(a, b ref.Val) ref.Val {
		return types.Double(pick(toFloat(a), toFloat(b)))
	}
	return cel.Function(name,
		cel.Overload(name+"_int_int", []*cel.Type{cel.IntType, cel.IntType}, cel.IntType, cel.BinaryBinding(ints)),
		cel.Overload(name+"_double_double", []*cel.Type{cel.DoubleType, cel.DoubleType}, cel.DoubleType, cel.BinaryBinding(doubles)),
		cel.Overload(name+"_int_double", []*cel.Type{cel.IntType, cel.DoubleType}, cel.DoubleType, cel.BinaryBinding(doubles)),
		cel.Overload(name+"_double_int", []*cel.Type{cel.DoubleType, cel.IntType}, cel.DoubleType, cel.BinaryBinding(doubles)),
	)
}

// toFloat converts a CEL int or double to float64.
func toFloat(v ref.Val) float64 {
	switch x := v.(type) {
	case types.Int:
		return float64(x)
	case types.Double:
		return float64(x)
	case types.Uint:
		return float64(x)
	}
	return math.NaN()
}

// sizeEstimator bounds the sizes of the variables for CEL's static cost estimate, using the
// registry's own limits, so that the estimate is an upper bound for any valid innovator.
type sizeEstimator struct{}

// EstimateSize bounds a variable (or its elements) by the registry's limits.
func (sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	path := n.Path()
	if len(path) == 0 {
		return nil
	}
	i := variableIndex(path[0])
	if i < 0 || Variables[i].maxSize == 0 {
		return nil
	}
	var s cost.SizeEstimate
	switch {
	case len(path) == 1:
		s = cost.RangedSizeEstimate(0, Variables[i].maxSize)
	case i == varPathTags && path[1] == "@items":
		s = cost.RangedSizeEstimate(0, seedbed.MaxTagLen)
	case i == varIndicators && path[1] == "@keys":
		s = cost.RangedSizeEstimate(0, maxIndicatorKey)
	default:
		return nil
	}
	return &s
}

// EstimateCallCost leaves every function to CEL's own cost model.
func (sizeEstimator) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	return nil
}
