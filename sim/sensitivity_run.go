package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// SensitivityRecord is one model run of a sensitivity analysis: which design and model version,
// which run, the parameter values and the value of each output. A sharded analysis writes one
// record per line; AnalyseSensitivity combines them.
type SensitivityRecord struct {
	DesignHash   string    `json:"design_hash"`
	ModelVersion string    `json:"model_version"`
	Runs         int       `json:"runs"`
	Index        int       `json:"index"`
	Params       []Param   `json:"params"`
	Outputs      []float64 `json:"outputs"`
}

// SensitivityResult is an analysis: for each output its mean and variance over the sample and
// each parameter's indices (Morris or Sobol, by the design's method).
type SensitivityResult struct {
	ModelVersion string              `json:"model_version"`
	DesignHash   string              `json:"design_hash"`
	Design       SensitivityDesign   `json:"design"`
	Runs         int                 `json:"runs"`
	Outputs      []OutputSensitivity `json:"outputs"`
}

// OutputSensitivity is one output's analysis.
type OutputSensitivity struct {
	Output string  `json:"output"`
	Mean   float64 `json:"mean"`
	SD     float64 `json:"sd"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	// Positive is the share of runs in which the output is above zero: for a difference between
	// strategies, how much of the parameter region favours the first.
	Positive   float64                `json:"positive"`
	Parameters []ParameterSensitivity `json:"parameters"`
}

// ParameterSensitivity is one parameter's indices for one output.
type ParameterSensitivity struct {
	Key    string       `json:"key"`
	Lo     float64      `json:"lo"`
	Hi     float64      `json:"hi"`
	Morris *MorrisIndex `json:"morris,omitempty"`
	Sobol  *SobolIndex  `json:"sobol,omitempty"`
	// Fifths are the mean output over the sample points whose value of this parameter lies in
	// each fifth of its range, lowest first (fifths without a point are left out): an estimate of
	// E[output | parameter] that shows where along the range the output changes sign.
	Fifths []Fifth `json:"fifths"`
}

// Fifth is the mean output over the sample points whose parameter lies in [Lo, Hi).
type Fifth struct {
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	Mean float64 `json:"mean"`
	N    int     `json:"n"`
}

// RunSensitivity runs every model run of d, in parallel over runtime.GOMAXPROCS workers, and
// analyses them. The result depends only on d and ModelVersion.
func RunSensitivity(ctx context.Context, d SensitivityDesign) (*SensitivityResult, error) {
	var recs []SensitivityRecord
	err := EvaluateSensitivity(ctx, d, Shard{0, 1}, nil, func(r SensitivityRecord) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return AnalyseSensitivity(d, recs)
}

// EvaluateSensitivity runs the design's runs that belong to shard and are not in done, and
// passes each record to emit in index order. Runs are spread over runtime.GOMAXPROCS workers,
// each run on one core; every run uses the base seed, so a record does not depend on which job
// or worker made it.
func EvaluateSensitivity(ctx context.Context, d SensitivityDesign, shard Shard, done map[int]bool, emit func(SensitivityRecord) error) error {
	return evaluateSensitivity(ctx, d, shard, done, emit, runtime.GOMAXPROCS(0))
}

func evaluateSensitivity(ctx context.Context, d SensitivityDesign, shard Shard, done map[int]bool, emit func(SensitivityRecord) error, workers int) error {
	if err := d.Validate(); err != nil {
		return err
	}
	p := d.plan()
	outs := make([]output, len(d.Outputs))
	for i, s := range d.Outputs {
		outs[i], _ = parseOutput(s)
	}
	var todo []int
	for i := range p.units {
		if shard.Has(i) && !done[i] {
			todo = append(todo, i)
		}
	}
	// Check every configuration before the first run: ranges valid on their own may still clash
	// (landscape.landmark_z must stay above viable_z).
	for _, i := range todo {
		if err := d.pointConfig(p.units[i]).Validate(); err != nil {
			return fmt.Errorf("run %d %s: %w", i, formatParams(d.params(p.units[i])), err)
		}
	}
	hash := d.Hash()
	workers = max(1, workers)
	batch := 4 * workers
	recs := make([]SensitivityRecord, batch)
	errs := make([]error, batch)
	for start := 0; start < len(todo); start += batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(start+batch, len(todo))
		next := make(chan int, end-start)
		for s := start; s < end; s++ {
			next <- s - start
		}
		close(next)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for s := range next {
					idx := todo[start+s]
					u := p.units[idx]
					res, err := runWorkers(ctx, d.pointConfig(u), 1)
					if err != nil {
						errs[s] = err
						continue
					}
					y := make([]float64, len(outs))
					for o := range outs {
						y[o] = outs[o].value(res)
					}
					recs[s] = SensitivityRecord{DesignHash: hash, ModelVersion: ModelVersion, Runs: len(p.units),
						Index: idx, Params: d.params(u), Outputs: y}
				}
			}()
		}
		wg.Wait()
		for s := 0; s < end-start; s++ {
			if errs[s] != nil {
				return errs[s]
			}
			if err := emit(recs[s]); err != nil {
				return err
			}
		}
	}
	return nil
}

// params returns the parameter values at a point of the unit hypercube.
func (d SensitivityDesign) params(u []float64) []Param {
	cfg := d.pointConfig(u)
	out := make([]Param, len(d.Parameters))
	for i, r := range d.Parameters {
		f, _ := fieldByPath(reflect.ValueOf(&cfg).Elem(), r.Key)
		out[i] = Param{Key: r.Key, Value: f.Interface()}
	}
	return out
}

// AnalyseSensitivity computes the design's indices from its records (from one job or from the
// shards of several, in any order). It refuses records of another design or model version, two
// different records for one run, and missing runs.
func AnalyseSensitivity(d SensitivityDesign, recs []SensitivityRecord) (*SensitivityResult, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	p := d.plan()
	hash := d.Hash()
	y := make([][]float64, len(d.Outputs))
	for o := range y {
		y[o] = make([]float64, len(p.units))
	}
	have := make([]bool, len(p.units))
	for _, r := range recs {
		switch {
		case r.ModelVersion != ModelVersion:
			return nil, fieldErr("model_version", fmt.Sprintf("记录来自另一模型版本 %s", r.ModelVersion), fmt.Sprintf("a record comes from another model version, %s", r.ModelVersion))
		case r.DesignHash != hash || r.Runs != len(p.units) || len(r.Outputs) != len(d.Outputs):
			return nil, fieldErr("design_hash", "记录来自另一个敏感性分析设计", "a record comes from another sensitivity design")
		case r.Index < 0 || r.Index >= len(p.units):
			return nil, fieldErr("index", fmt.Sprintf("运行编号 %d 超出范围", r.Index), fmt.Sprintf("run %d out of range", r.Index))
		}
		for o, v := range r.Outputs {
			if have[r.Index] && y[o][r.Index] != v {
				return nil, fieldErr("index", fmt.Sprintf("运行 %d 有两条不同的记录", r.Index), fmt.Sprintf("run %d has two different records", r.Index))
			}
			y[o][r.Index] = v
		}
		have[r.Index] = true
	}
	var missing []string
	count := 0
	for i, h := range have {
		if !h {
			count++
			if len(missing) < 10 {
				missing = append(missing, strconv.Itoa(i))
			}
		}
	}
	if count > 0 {
		return nil, fieldErr("records", fmt.Sprintf("缺少 %d 次运行（例如 %s）", count, strings.Join(missing, ", ")),
			fmt.Sprintf("%d runs missing (for example %s)", count, strings.Join(missing, ", ")))
	}
	res := &SensitivityResult{ModelVersion: ModelVersion, DesignHash: hash, Design: d, Runs: len(p.units)}
	for o, name := range d.Outputs {
		out := OutputSensitivity{Output: name, Min: math.Inf(1), Max: math.Inf(-1)}
		var m moments
		for _, v := range y[o] {
			m.add(v)
			out.Min, out.Max = math.Min(out.Min, v), math.Max(out.Max, v)
			if v > 0 {
				out.Positive++
			}
		}
		out.Mean = m.mean
		out.Positive /= float64(len(y[o]))
		if m.n > 1 {
			out.SD = math.Sqrt(m.m2 / (m.n - 1))
		}
		var mi []MorrisIndex
		var si []SobolIndex
		if d.Method == MethodMorris {
			mi = morrisIndices(p, y[o])
		} else {
			si = sobolIndices(p, y[o], d.Bootstrap, d.Seed+uint64(o))
		}
		fifths := conditionalFifths(p, y[o])
		for i, r := range d.Parameters {
			ps := ParameterSensitivity{Key: r.Key, Lo: r.Lo, Hi: r.Hi}
			for b, f := range fifths[i] {
				if f.N > 0 {
					f.Lo, f.Hi = r.Lo+float64(b)*(r.Hi-r.Lo)/5, r.Lo+float64(b+1)*(r.Hi-r.Lo)/5
					ps.Fifths = append(ps.Fifths, f)
				}
			}
			if mi != nil {
				ps.Morris = &mi[i]
			} else {
				ps.Sobol = &si[i]
			}
			out.Parameters = append(out.Parameters, ps)
		}
		res.Outputs = append(res.Outputs, out)
	}
	return res, nil
}

// MarshalLine encodes a record as one JSON line, newline included.
func (r SensitivityRecord) MarshalLine() ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ParseSensitivityRecords reads JSON-lines records. As for ParseRecords, a last line without its
// newline that does not parse is a write cut short and is dropped; good is the length of the
// valid prefix.
func ParseSensitivityRecords(data []byte) (recs []SensitivityRecord, good int, err error) {
	line := 0
	for off := 0; off < len(data); {
		line++
		end := bytes.IndexByte(data[off:], '\n')
		complete := end >= 0
		if !complete {
			end = len(data) - off
		}
		text := bytes.TrimSpace(data[off : off+end])
		next := off + end
		if complete {
			next++
		}
		if len(text) == 0 {
			off, good = next, next
			continue
		}
		var r SensitivityRecord
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		dec.UseNumber()
		if derr := dec.Decode(&r); derr != nil || r.DesignHash == "" || r.Runs < 1 {
			if !complete {
				return recs, good, nil
			}
			return nil, 0, fmt.Errorf("line %d: %w", line, fieldErr("record", "无法解析的记录", "unreadable record"))
		}
		recs = append(recs, r)
		off, good = next, next
	}
	return recs, good, nil
}

// conditionalFifths returns, for each parameter, the mean output and the number of sample
// points in each fifth of its unit range. Sobol uses the independent uniform points of A and B;
// Morris all the trajectories' points.
func conditionalFifths(p plan, y []float64) [][5]Fifth {
	var pts []int
	for i := range p.units {
		if p.method != MethodSobol || i%(p.k+2) < 2 {
			pts = append(pts, i)
		}
	}
	out := make([][5]Fifth, p.k)
	for i := range out {
		for _, j := range pts {
			b := min(int(p.units[j][i]*5), 4)
			out[i][b].Mean += y[j]
			out[i][b].N++
		}
		for b := range out[i] {
			if out[i][b].N > 0 {
				out[i][b].Mean /= float64(out[i][b].N)
			}
		}
	}
	return out
}
