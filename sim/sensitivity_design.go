package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SensitivityDesign is a global sensitivity analysis of the ecosystem model: the base
// configuration, the parameters varied and their ranges, the outputs analysed, the method and
// its sample size.
type SensitivityDesign struct {
	Base   Config `json:"base"`
	Method string `json:"method"`
	// Parameters are varied independently and uniformly over [Lo, Hi]; integer parameters take
	// the whole numbers of the range with equal probability.
	Parameters []Range `json:"parameters"`
	// Outputs are "strategy.metric", or "strategy.metric - other_strategy.metric" for a paired
	// difference on the same replications (see OutputMetrics).
	Outputs []string `json:"outputs"`
	// Samples is N, the base sample of Sobol (N(k+2) runs), or r, the number of Morris
	// trajectories (r(k+1) runs).
	Samples int `json:"samples"`
	// Levels is the Morris grid (an even number, 4 by default).
	Levels int `json:"levels"`
	// Bootstrap is the number of resamples for the Sobol intervals (0 for none).
	Bootstrap int `json:"bootstrap"`
	// Seed draws the sample points; each run uses Base.Seed, so that every point sees the same
	// landscapes and populations (common random numbers).
	Seed uint64 `json:"seed"`
	// MaxRuns refuses designs that need more model runs.
	MaxRuns int `json:"max_runs"`
}

// Range is one varied parameter: a key path of a numeric Config parameter and its bounds.
type Range struct {
	Key string  `json:"key"`
	Lo  float64 `json:"lo"`
	Hi  float64 `json:"hi"`
}

// MaxSensitivityRuns is the most model runs any design may ask for, whatever its max_runs says.
const MaxSensitivityRuns = 200000

// OutputMetrics are the metrics an output may name: each is a strategy's mean over replications.
var OutputMetrics = []string{"landmarks", "landmarks_vs_baseline", "total_value", "value_vs_baseline",
	"path_diversity", "spend", "grants", "survivors", "restarts", "share_with_landmark",
	"landmark_share_small", "landmark_share_grassroots", "landmark_share_non_mainstream"}

// outputMetric reads one metric of a strategy's result.
func outputMetric(r *StrategyResult, metric string) float64 {
	switch metric {
	case "landmarks":
		return r.Landmarks.Mean
	case "landmarks_vs_baseline":
		return r.LandmarksVsBaseline.Mean
	case "total_value":
		return r.TotalValue.Mean
	case "value_vs_baseline":
		return r.ValueVsBaseline.Mean
	case "path_diversity":
		return r.PathDiversity.Mean
	case "spend":
		return r.Spend.Mean
	case "grants":
		return r.Grants.Mean
	case "survivors":
		return r.Survivors.Mean
	case "restarts":
		return r.Restarts.Mean
	case "landmark_share_small":
		return r.LandmarkShares.Small
	case "landmark_share_grassroots":
		return r.LandmarkShares.Grassroots
	case "landmark_share_non_mainstream":
		return r.LandmarkShares.NonMainstream
	}
	return r.ShareWithLandmark
}

// output is a parsed output: a strategy's metric, minus another strategy's when minus is set.
type output struct {
	strategy, metric, minus, minusMetric string
}

func parseOutput(s string) (output, error) {
	term := func(t string) (string, string, error) {
		st, m, ok := strings.Cut(strings.TrimSpace(t), ".")
		if !ok {
			return "", "", fmt.Errorf("%q", t)
		}
		if _, ok := strategyByID(st); !ok {
			return "", "", fmt.Errorf("%q", st)
		}
		if indexOf(OutputMetrics, m) < 0 {
			return "", "", fmt.Errorf("%q", m)
		}
		return st, m, nil
	}
	left, right, diff := strings.Cut(s, " - ")
	var o output
	var err error
	if o.strategy, o.metric, err = term(left); err != nil {
		return o, err
	}
	if diff {
		if o.minus, o.minusMetric, err = term(right); err != nil {
			return o, err
		}
	}
	return o, nil
}

func (o output) value(res *Result) float64 {
	find := func(id string) *StrategyResult {
		for i := range res.Strategies {
			if res.Strategies[i].ID == id {
				return &res.Strategies[i]
			}
		}
		return nil
	}
	v := outputMetric(find(o.strategy), o.metric)
	if o.minus != "" {
		v -= outputMetric(find(o.minus), o.minusMetric)
	}
	return v
}

// DefaultSensitivity is a Sobol analysis of the gain of picking by forecast over broad small
// grants, over the parameters the model's conclusions rest on.
func DefaultSensitivity() SensitivityDesign {
	base := DefaultConfig()
	base.Replications, base.Population.Innovators = 10, 500
	return SensitivityDesign{
		Base:   base,
		Method: MethodSobol,
		Parameters: []Range{
			{"behaviour.complacency", 0, 0.6},
			{"behaviour.failure_tolerance", 0, 1},
			{"funding.grant_size", 4, 80},
			{"funding.review_noise", 0, 2},
			{"landscape.ruggedness", 0, 10},
		},
		Outputs:   []string{"pick_by_forecast.landmarks - broad_small_grants.landmarks"},
		Samples:   32,
		Levels:    4,
		Bootstrap: 200,
		Seed:      1,
		MaxRuns:   2000,
	}
}

// Runs returns the number of model runs the design needs.
func (d SensitivityDesign) Runs() int {
	k := len(d.Parameters)
	if d.Method == MethodMorris {
		return d.Samples * (k + 1)
	}
	return d.Samples * (k + 2)
}

// AgentSteps returns the work of the whole analysis, in agent-steps.
func (d SensitivityDesign) AgentSteps() int64 {
	return int64(d.Runs()) * d.runConfig().AgentSteps()
}

// runConfig is the base configuration with the strategies the outputs need, in canonical order.
func (d SensitivityDesign) runConfig() Config {
	need := map[string]bool{}
	for _, s := range d.Outputs {
		o, err := parseOutput(s)
		if err != nil {
			continue
		}
		need[o.strategy] = true
		if o.minus != "" {
			need[o.minus] = true
		}
		if strings.HasSuffix(o.metric, "_vs_baseline") || strings.HasSuffix(o.minusMetric, "_vs_baseline") {
			need[NoSupport] = true
		}
	}
	cfg := d.Base
	cfg.Strategies = nil
	for _, id := range StrategyIDs() {
		if need[id] {
			cfg.Strategies = append(cfg.Strategies, id)
		}
	}
	return cfg
}

// pointConfig is the configuration at a point of the unit hypercube.
func (d SensitivityDesign) pointConfig(u []float64) Config {
	cfg := d.runConfig()
	v := reflect.ValueOf(&cfg).Elem()
	for i, r := range d.Parameters {
		f, _ := fieldByPath(v, r.Key)
		setUnit(f, r, u[i])
	}
	return cfg
}

// setUnit sets a parameter to the value at u in [0, 1] of its range.
func setUnit(f reflect.Value, r Range, u float64) {
	if f.Kind() == reflect.Int {
		lo, hi := int64(math.Ceil(r.Lo)), int64(math.Floor(r.Hi))
		n := lo + int64(math.Floor(u*float64(hi-lo+1)))
		f.SetInt(min(n, hi))
		return
	}
	f.SetFloat(r.Lo + float64(u*(r.Hi-r.Lo)))
}

// plan lays out the design's runs.
func (d SensitivityDesign) plan() plan {
	if d.Method == MethodMorris {
		return morrisPlan(len(d.Parameters), d.Samples, d.Levels, d.Seed)
	}
	return sobolPlan(len(d.Parameters), d.Samples, d.Seed)
}

// Hash returns the SHA-256 of the design's canonical JSON: records of different designs are
// never combined.
func (d SensitivityDesign) Hash() string {
	b, err := json.Marshal(d)
	if err != nil {
		panic("sim: marshal sensitivity design: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Validate refuses unknown or non-numeric parameters, ranges with the lower bound above the
// upper or outside the parameter's own range, unknown outputs, and designs over the run limit,
// each error naming its key.
func (d SensitivityDesign) Validate() error {
	base := d.Base
	base.Strategies = []string{NoSupport}
	if err := base.Validate(); err != nil {
		return prefixKeys(err, "base.")
	}
	var l limits
	if d.Method != MethodMorris && d.Method != MethodSobol {
		l.add("method", "应为 morris 或 sobol", "must be morris or sobol")
	}
	if len(d.Parameters) == 0 {
		l.add("parameters", "至少需要一个参数", "needs at least one parameter")
	}
	l.intIn("max_runs", d.MaxRuns, 1, MaxSensitivityRuns)
	l.intIn("samples", d.Samples, 2, MaxSensitivityRuns)
	l.intIn("bootstrap", d.Bootstrap, 0, 10000)
	if d.Method == MethodMorris {
		l.intIn("levels", d.Levels, 2, 100)
		if d.Levels%2 != 0 {
			l.add("levels", "应为偶数", "must be an even number")
		}
	}
	seen := map[string]bool{}
	for _, r := range d.Parameters {
		key := "parameters." + r.Key
		if seen[r.Key] {
			l.add(key, "参数重复", "parameter listed twice")
			continue
		}
		seen[r.Key] = true
		probe := base
		f, ok := fieldByPath(reflect.ValueOf(&probe).Elem(), r.Key)
		if !ok || (f.Kind() != reflect.Int && f.Kind() != reflect.Float64) {
			l.add(key, "未知参数（应为配置中某个数值参数的键路径，如 behaviour.complacency）",
				"unknown parameter (must be the key path of a numeric configuration parameter, such as behaviour.complacency)")
			continue
		}
		if math.IsNaN(r.Lo) || math.IsNaN(r.Hi) || math.IsInf(r.Lo, 0) || math.IsInf(r.Hi, 0) {
			l.add(key, "上下限必须是有限数", "bounds must be finite numbers")
			continue
		}
		if r.Lo > r.Hi {
			l.add(key, fmt.Sprintf("下限 %g 大于上限 %g", r.Lo, r.Hi), fmt.Sprintf("lower bound %g is above upper bound %g", r.Lo, r.Hi))
			continue
		}
		if f.Kind() == reflect.Int && math.Ceil(r.Lo) > math.Floor(r.Hi) {
			l.add(key, "整数参数的范围内没有整数", "the range of an integer parameter holds no whole number")
			continue
		}
		for _, u := range []float64{0, 1} {
			setUnit(f, r, u)
			if err := probe.Validate(); err != nil {
				for _, fe := range FieldErrors(err) {
					if fe.Key == r.Key {
						l.add(key, "范围超出参数的允许值："+fe.Zh, "range outside the parameter's allowed values: "+fe.En)
					}
				}
			}
		}
	}
	if len(d.Outputs) == 0 {
		l.add("outputs", "至少需要一个输出", "needs at least one output")
	}
	for i, s := range d.Outputs {
		if _, err := parseOutput(s); err != nil {
			l.add("outputs["+strconv.Itoa(i)+"]",
				fmt.Sprintf("无法识别 %v；应为“策略.指标”或“策略.指标 - 策略.指标”，指标为 %s", err, strings.Join(OutputMetrics, "、")),
				fmt.Sprintf("cannot read %v; must be strategy.metric or strategy.metric - strategy.metric, with metric one of %s", err, strings.Join(OutputMetrics, ", ")))
		}
	}
	if len(l.errs) == 0 {
		if n := d.Runs(); n > d.MaxRuns {
			l.add("samples", fmt.Sprintf("需要 %d 次模型运行，超过上限 max_runs = %d", n, d.MaxRuns),
				fmt.Sprintf("needs %d model runs, over the limit max_runs = %d", n, d.MaxRuns))
		}
	}
	return errors.Join(l.errs...)
}

// IsSensitivity reports whether data is a sensitivity design (a document whose only key is
// sensitivity).
func IsSensitivity(data []byte) bool {
	root, err := parseDocument(data)
	if err != nil || root.Kind != yaml.MappingNode || len(root.Content) != 2 {
		return false
	}
	return root.Content[0].Value == "sensitivity"
}

// sensitivityFields are the keys of a sensitivity design other than parameters.
type sensitivityFields struct {
	Base      Config   `yaml:"base"`
	Method    string   `yaml:"method"`
	Outputs   []string `yaml:"outputs"`
	Samples   int      `yaml:"samples"`
	Levels    int      `yaml:"levels"`
	Bootstrap int      `yaml:"bootstrap"`
	Seed      uint64   `yaml:"seed"`
	MaxRuns   int      `yaml:"max_runs"`
}

// ParseSensitivity reads a design from YAML or JSON: {sensitivity: {base: {…}, method,
// parameters: {key.path: [lo, hi], …}, outputs: […], samples, levels, bootstrap, seed,
// max_runs}}. Keys left out keep their DefaultSensitivity values (parameters and outputs given
// replace the defaults). Errors name the key, with its line and column when known.
func ParseSensitivity(data []byte) (SensitivityDesign, error) {
	root, err := parseDocument(data)
	if err != nil {
		return SensitivityDesign{}, err
	}
	at := func(n *yaml.Node, key, zh, en string) error {
		return &FieldError{Key: key, Line: n.Line, Column: n.Column, Zh: zh, En: en}
	}
	if root.Kind != yaml.MappingNode || len(root.Content) != 2 || root.Content[0].Value != "sensitivity" {
		return SensitivityDesign{}, at(root, "(root)", "应为只有一个键 sensitivity 的映射", "must be a mapping with the one key sensitivity")
	}
	body := root.Content[1]
	if body.Kind != yaml.MappingNode {
		return SensitivityDesign{}, at(body, "sensitivity", "应为映射", "must be a mapping")
	}
	def := DefaultSensitivity()
	f := sensitivityFields{Base: def.Base, Method: def.Method, Outputs: def.Outputs, Samples: def.Samples,
		Levels: def.Levels, Bootstrap: def.Bootstrap, Seed: def.Seed, MaxRuns: def.MaxRuns}
	params := def.Parameters
	rest := &yaml.Node{Kind: yaml.MappingNode, Line: body.Line, Column: body.Column}
	pos := map[string]*yaml.Node{}
	var errs []error
	for i := 0; i+1 < len(body.Content); i += 2 {
		k, v := body.Content[i], body.Content[i+1]
		if k.Value != "parameters" {
			rest.Content = append(rest.Content, k, v)
			continue
		}
		params = nil
		if v.Kind != yaml.MappingNode {
			errs = append(errs, at(v, "sensitivity.parameters", "应为映射（键路径: [下限, 上限]）", "must map key paths to [lower, upper]"))
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			pk, pv := v.Content[j], v.Content[j+1]
			key := "sensitivity.parameters." + pk.Value
			pos["parameters."+pk.Value] = pk
			if pv.Kind != yaml.SequenceNode || len(pv.Content) != 2 {
				errs = append(errs, at(pv, key, "应为 [下限, 上限]", "must be [lower, upper]"))
				continue
			}
			var b [2]float64
			bad := false
			for n, item := range pv.Content {
				if e := setScalar(reflect.ValueOf(&b[n]).Elem(), item.ShortTag(), item.Value); e != nil {
					errs = append(errs, at(item, key, e.Zh, e.En))
					bad = true
				}
			}
			if !bad {
				params = append(params, Range{Key: pk.Value, Lo: b[0], Hi: b[1]})
			}
		}
	}
	errs = append(errs, decodeNode(rest, reflect.ValueOf(&f).Elem(), "", pos)...)
	if len(errs) > 0 {
		for _, e := range errs {
			var fe *FieldError
			if errors.As(e, &fe) && !strings.HasPrefix(fe.Key, "sensitivity") {
				fe.Key = "sensitivity." + strings.TrimPrefix(fe.Key, "(root)")
				fe.Key = strings.TrimSuffix(fe.Key, ".")
			}
		}
		return SensitivityDesign{}, errors.Join(errs...)
	}
	d := SensitivityDesign{Base: f.Base, Method: f.Method, Parameters: params, Outputs: f.Outputs, Samples: f.Samples,
		Levels: f.Levels, Bootstrap: f.Bootstrap, Seed: f.Seed, MaxRuns: f.MaxRuns}
	if err := d.Validate(); err != nil {
		return SensitivityDesign{}, prefixKeys(locate(err, pos), "sensitivity.")
	}
	return d, nil
}
